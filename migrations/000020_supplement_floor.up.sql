-- The shortest period an agency gives to supplement, in working days
-- (rules.md section 3: default 15); a notice may give more, never less.
ALTER TABLE agencies
    ADD COLUMN min_supplement_days integer NOT NULL DEFAULT 15 CHECK (min_supplement_days BETWEEN 1 AND 60);
