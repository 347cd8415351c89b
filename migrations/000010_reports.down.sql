DROP TABLE topic_decisions;
DROP TABLE report_snapshots;
