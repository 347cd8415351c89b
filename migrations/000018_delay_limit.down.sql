ALTER TABLE agencies DROP COLUMN max_delay_days;
