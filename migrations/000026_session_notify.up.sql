-- Every foid keeps the sessions it has checked for a few seconds
-- (services/auth's session cache). Any change to a session, an account or
-- an account's agencies tells them all, through NOTIFY foi_sessions, to
-- forget what they hold: the notification goes out when the changing
-- transaction commits (and never if it rolls back), whoever made the change
-- (foid, foictl, psql).
CREATE FUNCTION notify_sessions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('foi_sessions', TG_TABLE_NAME);
    RETURN NULL;
END $$;
CREATE TRIGGER sessions_changed AFTER UPDATE OR DELETE OR TRUNCATE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION notify_sessions_changed();
CREATE TRIGGER accounts_changed AFTER UPDATE OR DELETE OR TRUNCATE ON accounts
    FOR EACH STATEMENT EXECUTE FUNCTION notify_sessions_changed();
CREATE TRIGGER account_agencies_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON account_agencies
    FOR EACH STATEMENT EXECUTE FUNCTION notify_sessions_changed();
