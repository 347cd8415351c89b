ALTER TABLE fee_notices DROP COLUMN claimed_on, DROP COLUMN claim_ref;
ALTER TABLE application_events DROP COLUMN chain;
