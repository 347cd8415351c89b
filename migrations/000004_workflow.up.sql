-- The workflow: history, notices, outbox, consultations, extensions,
-- remedies, and the case fields and agency policies they need.

-- Rows of these tables are never changed or removed once written.
CREATE FUNCTION foi_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

-- The history of every case: one row per event, each carrying the SHA-256
-- of the previous row and of its own content, so a tampered history is
-- detectable even by someone who can bypass the triggers.
CREATE TABLE application_events (
    application_id uuid NOT NULL REFERENCES applications (id),
    seq            integer NOT NULL CHECK (seq >= 1),
    version        bigint NOT NULL, -- the case version after the event
    event          text NOT NULL,
    from_state     text NOT NULL,
    to_state       text NOT NULL,
    actor_id       uuid,
    actor_role     text NOT NULL,
    actor_name     text NOT NULL,
    occurred_at    timestamptz NOT NULL,
    reason         text NOT NULL DEFAULT '',
    payload        text NOT NULL DEFAULT '{}' CHECK (payload::jsonb IS NOT NULL), -- the exact JSON hashed
    prev_hash      bytea NOT NULL,
    hash           bytea NOT NULL,
    PRIMARY KEY (application_id, seq)
);
CREATE TRIGGER application_events_append_only BEFORE UPDATE OR DELETE ON application_events
    FOR EACH ROW EXECUTE FUNCTION foi_append_only();
CREATE TRIGGER application_events_no_truncate BEFORE TRUNCATE ON application_events
    FOR EACH STATEMENT EXECUTE FUNCTION foi_append_only();
CREATE TRIGGER clock_events_append_only BEFORE UPDATE OR DELETE ON clock_events
    FOR EACH ROW EXECUTE FUNCTION foi_append_only();
CREATE TRIGGER clock_events_no_truncate BEFORE TRUNCATE ON clock_events
    FOR EACH STATEMENT EXECUTE FUNCTION foi_append_only();
CREATE TRIGGER calendar_loads_append_only BEFORE UPDATE OR DELETE ON calendar_loads
    FOR EACH ROW EXECUTE FUNCTION foi_append_only();
CREATE TRIGGER calendar_loads_no_truncate BEFORE TRUNCATE ON calendar_loads
    FOR EACH STATEMENT EXECUTE FUNCTION foi_append_only();

-- Documents issued to the applicant or a consultee, kept exactly as issued.
CREATE TABLE notices (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    application_id uuid NOT NULL REFERENCES applications (id),
    event_seq      integer NOT NULL,
    kind           text NOT NULL,
    number         text NOT NULL,
    title          text NOT NULL,
    recipient      text NOT NULL,
    html           text NOT NULL,
    sha256         bytea NOT NULL,
    issued_at      timestamptz NOT NULL,
    FOREIGN KEY (application_id, event_seq) REFERENCES application_events (application_id, seq)
);
CREATE INDEX notices_application ON notices (application_id, issued_at);
CREATE TRIGGER notices_append_only BEFORE UPDATE OR DELETE ON notices
    FOR EACH ROW EXECUTE FUNCTION foi_append_only();
CREATE TRIGGER notices_no_truncate BEFORE TRUNCATE ON notices
    FOR EACH STATEMENT EXECUTE FUNCTION foi_append_only();

-- Messages to applicants and staff, written in the transaction of the change
-- that causes them and delivered afterwards by the dispatcher.
CREATE TABLE outbox (
    id              bigserial PRIMARY KEY,
    application_id  uuid REFERENCES applications (id),
    topic           text NOT NULL,
    recipient       text NOT NULL,
    subject         text NOT NULL,
    body            text NOT NULL,
    dedupe_key      text UNIQUE,
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text NOT NULL DEFAULT '',
    sent_at         timestamptz
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL;

CREATE TABLE consultations (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    application_id uuid NOT NULL REFERENCES applications (id),
    round          integer NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('THIRD_PARTY', 'AGENCY')),
    name           text NOT NULL,
    contact        text NOT NULL DEFAULT '',
    question       text NOT NULL,
    sent_on        date NOT NULL,
    delivered_on   date NOT NULL,
    due_on         date NOT NULL,
    answered_on    date,
    opinion        text CHECK (opinion IN ('CONSENT', 'OBJECTION', 'NO_OPINION')),
    opinion_text   text NOT NULL DEFAULT '',
    lapsed_on      date,
    CHECK (answered_on IS NULL OR lapsed_on IS NULL)
);
CREATE INDEX consultations_application ON consultations (application_id);
CREATE INDEX consultations_pending ON consultations (due_on) WHERE answered_on IS NULL AND lapsed_on IS NULL;

CREATE TABLE extensions (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    application_id uuid NOT NULL REFERENCES applications (id),
    days           integer NOT NULL CHECK (days BETWEEN 1 AND 20),
    reason         text NOT NULL,
    requested_by   uuid NOT NULL REFERENCES accounts (id),
    requested_on   date NOT NULL,
    approved_by    uuid REFERENCES accounts (id),
    approved_on    date,
    superseded     boolean NOT NULL DEFAULT false,
    CHECK (approved_by IS NULL OR approved_by <> requested_by)
);
CREATE INDEX extensions_application ON extensions (application_id);

-- Administrative reconsideration and lawsuits against a reply.
CREATE TABLE remedies (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    application_id uuid NOT NULL REFERENCES applications (id),
    kind           text NOT NULL CHECK (kind IN ('RECONSIDERATION', 'LAWSUIT', 'LAWSUIT_AFTER_RECONSIDERATION')),
    filed_on       date NOT NULL,
    authority      text NOT NULL,
    case_number    text NOT NULL DEFAULT '',
    result         text CHECK (result IN ('UPHELD', 'CORRECTED', 'OTHER')),
    decided_on     date,
    CHECK ((result IS NULL) = (decided_on IS NULL))
);
CREATE INDEX remedies_application ON remedies (application_id);

ALTER TABLE applications
    ADD COLUMN assignee_id                uuid REFERENCES accounts (id),
    ADD COLUMN outcome                    text,
    ADD COLUMN replied_on                 date,
    ADD COLUMN closed_on                  date,
    ADD COLUMN clarification_on           date,
    ADD COLUMN supplement_due_on          date,
    ADD COLUMN late_clarification_reason  text NOT NULL DEFAULT '',
    ADD COLUMN history_seq                integer NOT NULL DEFAULT 0,
    ADD COLUMN history_hash               bytea NOT NULL DEFAULT '\x0000000000000000000000000000000000000000000000000000000000000000';
CREATE INDEX applications_supplement_due ON applications (supplement_due_on) WHERE state = 'CLARIFICATION';

-- Agency policies (rules.md and workflow.md POLICY items).
ALTER TABLE agencies
    ADD COLUMN on_the_spot_outcomes text[] NOT NULL DEFAULT '{DISCLOSED,ALREADY_PUBLIC,PUBLICATION}',
    ADD COLUMN supplement_days      integer NOT NULL DEFAULT 15 CHECK (supplement_days BETWEEN 1 AND 60);

-- An agency's own wording of a notice, replacing the shipped template.
CREATE TABLE notice_templates (
    agency_id  uuid NOT NULL REFERENCES agencies (id),
    kind       text NOT NULL,
    body       text NOT NULL,
    updated_by uuid REFERENCES accounts (id),
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (agency_id, kind)
);
