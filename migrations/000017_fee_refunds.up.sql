-- A paid fee returned to the applicant (e.g. when the reply supplied
-- nothing): an officer records it, the head approves it (another person).
CREATE TABLE fee_refunds (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    application_id uuid NOT NULL REFERENCES applications (id),
    fee_notice_id  uuid NOT NULL UNIQUE REFERENCES fee_notices (id),
    amount_fen     bigint NOT NULL CHECK (amount_fen > 0),
    reason         text NOT NULL CHECK (reason <> ''),
    recorded_by    uuid NOT NULL REFERENCES accounts (id),
    recorded_on    date NOT NULL,
    approved_by    uuid REFERENCES accounts (id),
    approved_on    date,
    CHECK ((approved_by IS NULL) = (approved_on IS NULL)),
    CHECK (approved_by IS NULL OR approved_by <> recorded_by)
);
CREATE INDEX fee_refunds_application ON fee_refunds (application_id);
