DROP TABLE account_events;
DROP FUNCTION account_events_append_only();
