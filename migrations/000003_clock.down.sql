DROP INDEX applications_clock_stale;
DROP INDEX applications_worklist;
ALTER TABLE applications DROP COLUMN clock_version, DROP COLUMN due_provisional;
DROP TABLE clock_events;
DROP TABLE calendar_loads;
