DROP TABLE tracking_counters;
DROP TABLE applications;
DROP TABLE agencies;
