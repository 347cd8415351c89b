ALTER TABLE agencies DROP COLUMN max_backdate_days;
