-- Processing fees: piece slots, fee notices, payment, waiver and lapse.

-- Why an application was split under the "one matter, one application"
-- rule (一事一申请), when an officer split it.
ALTER TABLE applications ADD COLUMN split_reason text NOT NULL DEFAULT '';

-- The agency's policy: the fee window does not count toward the reply
-- period (rules.md section 3 POLICY, default on).
ALTER TABLE agencies ADD COLUMN fee_pauses_clock boolean NOT NULL DEFAULT true;

-- Per-piece fees count the k-th piece of an applicant's month at an agency
-- (rules.md section 4 POLICY: per agency, month of received-on, applicant
-- by document number). Every accepted application takes the next piece
-- when it is received; a split takes further pieces at the end. A piece is
-- never counted twice.
CREATE TABLE fee_piece_counters (
    agency_id     uuid NOT NULL REFERENCES agencies (id),
    applicant_key text NOT NULL, -- id type and normalised number
    month         date NOT NULL, -- first day of the month of receipt
    last          integer NOT NULL,
    PRIMARY KEY (agency_id, applicant_key, month)
);
CREATE TABLE fee_pieces (
    agency_id      uuid NOT NULL,
    applicant_key  text NOT NULL,
    month          date NOT NULL,
    k              integer NOT NULL CHECK (k >= 1),
    application_id uuid NOT NULL REFERENCES applications (id),
    PRIMARY KEY (agency_id, applicant_key, month, k)
);
CREATE INDEX fee_pieces_application ON fee_pieces (application_id);

-- Applications received before this migration take their pieces in the
-- order they were received.
INSERT INTO fee_pieces (agency_id, applicant_key, month, k, application_id)
SELECT agency_id, applicant_id_type || ':' || applicant_id_number, date_trunc('month', received_on)::date,
    row_number() OVER (PARTITION BY agency_id, applicant_id_type, applicant_id_number, date_trunc('month', received_on)
                       ORDER BY received_on, created_at, id), id
FROM applications WHERE received_on IS NOT NULL;
INSERT INTO fee_piece_counters (agency_id, applicant_key, month, last)
SELECT agency_id, applicant_key, month, max(k) FROM fee_pieces GROUP BY 1, 2, 3;

CREATE TABLE fee_notices (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    application_id   uuid NOT NULL REFERENCES applications (id),
    mode             text NOT NULL CHECK (mode IN ('PER_PIECE', 'PER_VOLUME')),
    pieces           integer[] NOT NULL DEFAULT '{}', -- PER_PIECE: the k of each piece charged
    pages            integer NOT NULL DEFAULT 0,
    max_fen          bigint NOT NULL CHECK (max_fen >= 0),
    amount_fen       bigint NOT NULL CHECK (amount_fen >= 0 AND amount_fen <= max_fen),
    reduction_reason text NOT NULL DEFAULT '',
    items            text NOT NULL, -- JSON, the itemised arithmetic as shown on the notice
    issued_by        uuid NOT NULL REFERENCES accounts (id),
    issued_on        date NOT NULL,
    served_on        date NOT NULL, -- the applicant received the notice
    pay_by           date NOT NULL,
    status           text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'PAID', 'WAIVED', 'LAPSED', 'CANCELLED')),
    paid_on          date,
    payment_ref      text NOT NULL DEFAULT '',
    waived_by        uuid REFERENCES accounts (id),
    waive_reason     text NOT NULL DEFAULT '',
    closed_on        date,
    paused_clock     boolean NOT NULL, -- the agency's policy when the notice went out
    CHECK (waived_by IS NULL OR waived_by <> issued_by)
);
CREATE INDEX fee_notices_application ON fee_notices (application_id);
-- One fee per application (one mode, nothing charged twice); a notice
-- cancelled by a withdrawal does not count.
CREATE UNIQUE INDEX fee_notices_one_per_application ON fee_notices (application_id) WHERE status <> 'CANCELLED';
CREATE INDEX fee_notices_due ON fee_notices (pay_by) WHERE status = 'PENDING';
