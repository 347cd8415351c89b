ALTER TABLE agencies DROP COLUMN min_supplement_days;
