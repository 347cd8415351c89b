DROP TRIGGER account_agencies_changed ON account_agencies;
DROP TRIGGER accounts_changed ON accounts;
DROP TRIGGER sessions_changed ON sessions;
DROP FUNCTION notify_sessions_changed();
