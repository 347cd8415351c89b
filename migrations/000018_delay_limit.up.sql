-- How far past the statutory due date an Art. 35 reasonable later date may
-- lie, in calendar days: a limit that catches typos such as 2036-03-31.
ALTER TABLE agencies
    ADD COLUMN max_delay_days integer NOT NULL DEFAULT 90 CHECK (max_delay_days BETWEEN 1 AND 365);
