DROP INDEX applications_report;
DROP TABLE report_snapshots;
