DROP TABLE notice_templates;
ALTER TABLE agencies DROP COLUMN supplement_days, DROP COLUMN on_the_spot_outcomes;
DROP INDEX applications_supplement_due;
ALTER TABLE applications
    DROP COLUMN history_hash, DROP COLUMN history_seq, DROP COLUMN late_clarification_reason,
    DROP COLUMN supplement_due_on, DROP COLUMN clarification_on, DROP COLUMN closed_on,
    DROP COLUMN replied_on, DROP COLUMN outcome, DROP COLUMN assignee_id;
DROP TABLE remedies;
DROP TABLE extensions;
DROP TABLE consultations;
DROP TABLE outbox;
DROP TABLE notices;
DROP TRIGGER calendar_loads_no_truncate ON calendar_loads;
DROP TRIGGER calendar_loads_append_only ON calendar_loads;
DROP TRIGGER clock_events_no_truncate ON clock_events;
DROP TRIGGER clock_events_append_only ON clock_events;
DROP TABLE application_events;
DROP FUNCTION foi_append_only();
