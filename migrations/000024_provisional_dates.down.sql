ALTER TABLE consultations DROP COLUMN due_provisional;
ALTER TABLE fee_notices DROP COLUMN pay_by_provisional;
ALTER TABLE applications DROP COLUMN supplement_due_provisional;
