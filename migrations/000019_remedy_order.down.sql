ALTER TABLE remedies DROP COLUMN against_failure_to_reply, DROP COLUMN seq;
