-- An officer's request to charge less than the calculator's maximum,
-- waiting for the head (rules.md section 4; issue 10, item 9). Nothing is
-- charged until the head approves: then the fee notice is issued at the
-- amount asked. A request ends unanswered when the case leaves processing.
CREATE TABLE fee_reductions (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    application_id  uuid NOT NULL REFERENCES applications (id),
    mode            text NOT NULL CHECK (mode IN ('PER_PIECE', 'PER_VOLUME')),
    pages           integer NOT NULL DEFAULT 0 CHECK (pages >= 0),
    max_fen         bigint NOT NULL CHECK (max_fen > 0),
    amount_fen      bigint NOT NULL CHECK (amount_fen > 0 AND amount_fen < max_fen),
    reason          text NOT NULL CHECK (reason <> ''),
    served_on       date,
    how_to_pay      text NOT NULL DEFAULT '',
    requested_by    uuid NOT NULL REFERENCES accounts (id),
    requested_on    date NOT NULL,
    status          text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'ENDED')),
    decided_by      uuid REFERENCES accounts (id),
    decided_on      date,
    decision_reason text NOT NULL DEFAULT '',
    CHECK ((status = 'PENDING') = (decided_on IS NULL)),
    CHECK (decided_by IS NULL OR decided_by <> requested_by)
);
CREATE UNIQUE INDEX fee_reductions_one_pending ON fee_reductions (application_id) WHERE status = 'PENDING';
