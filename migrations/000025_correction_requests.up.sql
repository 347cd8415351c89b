-- Correction requests (更正申请) under Art. 41 of the Regulation: a person
-- shows that government information about themselves is recorded wrongly
-- and asks the agency to correct it. A request kind of its own beside the
-- disclosure applications, with its own numbers, history and letters.

-- The working days an agency gives itself to decide a correction request,
-- counted from the day it is received.
ALTER TABLE agencies
    ADD COLUMN correction_days integer NOT NULL DEFAULT 20 CHECK (correction_days BETWEEN 1 AND 60);

CREATE TABLE correction_requests (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    agency_id            uuid NOT NULL REFERENCES agencies (id),
    -- CODE-GZ-YYYY-NNNNNN: never shared with an application's number, never
    -- given twice.
    tracking_number      text NOT NULL UNIQUE,
    state                text NOT NULL CHECK (state IN ('RECEIVED', 'PROCESSING', 'SIGN_OFF', 'CORRECTED', 'TRANSFERRED', 'REFUSED', 'WITHDRAWN')),
    version              bigint NOT NULL DEFAULT 1 CHECK (version >= 1),
    channel              text NOT NULL CHECK (channel IN ('ONLINE', 'IN_PERSON', 'POST')),

    applicant_type       text NOT NULL,
    applicant_name       text NOT NULL,
    applicant_id_type    text NOT NULL,
    applicant_id_number  text NOT NULL,
    applicant_contact_person text NOT NULL DEFAULT '',
    applicant_phone      text NOT NULL DEFAULT '',
    applicant_email      text NOT NULL DEFAULT '',
    applicant_address    text NOT NULL DEFAULT '',
    applicant_account_id uuid REFERENCES accounts (id),

    record               text NOT NULL, -- which record holds the information
    inaccuracy           text NOT NULL, -- what it says that is wrong
    requested            text NOT NULL, -- what it should say
    evidence             text NOT NULL, -- the evidence offered

    received_on          date NOT NULL,
    -- The agency's correction_days when it was received: a later change of
    -- policy leaves the request's period as it was.
    period_days          integer NOT NULL CHECK (period_days >= 1),
    due_on               date NOT NULL,
    -- The calendar load due_on was counted under; a newer load recounts it.
    calendar_version     bigint NOT NULL DEFAULT 0,
    assignee_id          uuid REFERENCES accounts (id),

    -- The officer's decision, signed by the head.
    outcome              text CHECK (outcome IN ('CORRECTED', 'TRANSFERRED', 'REFUSED')),
    transfer_mode        text NOT NULL DEFAULT '' CHECK (transfer_mode IN ('', 'FORWARDED', 'TOLD_TO_APPLY')),
    transfer_agency      text NOT NULL DEFAULT '',
    corrected_text       text NOT NULL DEFAULT '', -- CORRECTED: what the record says now
    decision_reason      text NOT NULL DEFAULT '',
    decided_by           uuid REFERENCES accounts (id),
    decided_at           timestamptz,
    signed_by            uuid REFERENCES accounts (id),
    signed_at            timestamptz,
    closed_on            date,

    created_by           uuid NOT NULL REFERENCES accounts (id),
    request_id           text,
    request_hash         bytea,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    history_seq          integer NOT NULL DEFAULT 0,
    history_hash         bytea NOT NULL,
    UNIQUE (created_by, request_id)
);
CREATE INDEX correction_requests_worklist ON correction_requests (agency_id, due_on, id);
CREATE INDEX correction_requests_applicant ON correction_requests (applicant_account_id, created_at);

-- One counter per agency and year; numbers are gapless and never reused.
CREATE TABLE correction_counters (
    agency_id uuid NOT NULL REFERENCES agencies (id),
    year      integer NOT NULL,
    last      integer NOT NULL,
    PRIMARY KEY (agency_id, year)
);

-- The history of every correction request, hash-chained like a case's.
CREATE TABLE correction_events (
    request_id  uuid NOT NULL REFERENCES correction_requests (id),
    seq         integer NOT NULL CHECK (seq >= 1),
    version     bigint NOT NULL,
    event       text NOT NULL,
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    actor_id    uuid,
    actor_role  text NOT NULL,
    actor_name  text NOT NULL,
    occurred_at timestamptz NOT NULL,
    reason      text NOT NULL DEFAULT '',
    payload     text NOT NULL DEFAULT '{}' CHECK (payload::jsonb IS NOT NULL),
    prev_hash   bytea NOT NULL,
    hash        bytea NOT NULL,
    PRIMARY KEY (request_id, seq)
);
CREATE TRIGGER correction_events_append_only BEFORE UPDATE OR DELETE ON correction_events
    FOR EACH ROW EXECUTE FUNCTION foi_append_only();
CREATE TRIGGER correction_events_no_truncate BEFORE TRUNCATE ON correction_events
    FOR EACH STATEMENT EXECUTE FUNCTION foi_append_only();

-- The letters sent to the applicant, exactly as sent.
CREATE TABLE correction_letters (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    request_id  uuid NOT NULL,
    event_seq   integer NOT NULL,
    kind        text NOT NULL,
    number      text NOT NULL UNIQUE,
    title       text NOT NULL,
    html        text NOT NULL,
    sha256      bytea NOT NULL,
    issued_at   timestamptz NOT NULL,
    FOREIGN KEY (request_id, event_seq) REFERENCES correction_events (request_id, seq)
);
CREATE INDEX correction_letters_request ON correction_letters (request_id, issued_at);
CREATE TRIGGER correction_letters_append_only BEFORE UPDATE OR DELETE ON correction_letters
    FOR EACH ROW EXECUTE FUNCTION foi_append_only();
CREATE TRIGGER correction_letters_no_truncate BEFORE TRUNCATE ON correction_letters
    FOR EACH STATEMENT EXECUTE FUNCTION foi_append_only();
