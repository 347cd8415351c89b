-- What was done to an account besides its own sign-ins: passwords reset by
-- an administrator or at the window, accounts re-enabled, roles and
-- agencies changed, an applicant's identity document changed on proof.
-- Append-only, like the history of cases.
CREATE TABLE account_events (
    id         bigserial PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id),
    kind       text NOT NULL CHECK (kind IN ('PASSWORD_RESET', 'ENABLED', 'UPDATED', 'CONTACT_CHANGED', 'IDENTITY_CHANGED')),
    actor_id   uuid REFERENCES accounts (id),
    at         timestamptz NOT NULL,
    reason     text NOT NULL DEFAULT '',
    data       jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX account_events_account ON account_events (account_id, id);

CREATE FUNCTION account_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'account_events is append-only';
END $$;
CREATE TRIGGER account_events_append_only BEFORE UPDATE OR DELETE ON account_events
    FOR EACH ROW EXECUTE FUNCTION account_events_append_only();
CREATE TRIGGER account_events_no_truncate BEFORE TRUNCATE ON account_events
    FOR EACH STATEMENT EXECUTE FUNCTION account_events_append_only();
