DROP INDEX applications_resolved;
DROP INDEX applications_untitled;
DROP INDEX applications_analysis;
DROP TABLE topic_publication_marks;
DROP INDEX report_snapshots_district_year_key;
-- District snapshots have no place in the older schema.
ALTER TABLE report_snapshots DISABLE TRIGGER report_snapshots_append_only;
DELETE FROM report_snapshots WHERE agency_id IS NULL;
ALTER TABLE report_snapshots ENABLE TRIGGER report_snapshots_append_only;
ALTER TABLE report_snapshots ALTER COLUMN agency_id SET NOT NULL;
