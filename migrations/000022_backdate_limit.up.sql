-- How far before the day of registration a clerk may date a receipt, in
-- working days (issue 10, item 3); beyond it the head approves.
ALTER TABLE agencies
    ADD COLUMN max_backdate_days integer NOT NULL DEFAULT 30 CHECK (max_backdate_days BETWEEN 1 AND 500);
