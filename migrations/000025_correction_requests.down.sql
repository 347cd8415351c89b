DROP TABLE correction_letters;
DROP TABLE correction_events;
DROP TABLE correction_counters;
DROP TABLE correction_requests;
ALTER TABLE agencies DROP COLUMN correction_days;
