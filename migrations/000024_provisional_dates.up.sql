-- Whether each date counted in working days besides the due date touched
-- a year whose holiday calendar was not loaded (issue 10, item 2): the API
-- and the pages mark such a date provisional. Set where the date is
-- counted, and again by every recount after a calendar load.
ALTER TABLE applications ADD COLUMN supplement_due_provisional boolean NOT NULL DEFAULT false;
ALTER TABLE fee_notices ADD COLUMN pay_by_provisional boolean NOT NULL DEFAULT false;
ALTER TABLE consultations ADD COLUMN due_provisional boolean NOT NULL DEFAULT false;
