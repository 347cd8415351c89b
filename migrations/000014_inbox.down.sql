DROP INDEX applications_unconfirmed;
DROP TABLE inbox_items;
