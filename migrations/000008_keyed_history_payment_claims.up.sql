-- The history chain is keyed: each event says how its hash was computed.
-- Events recorded before the key keep plain SHA-256 ('sha256'); every new
-- event names its method (HMAC-SHA256 under a key kept outside the
-- database), so there is no default.
ALTER TABLE application_events
    ADD COLUMN chain text NOT NULL DEFAULT 'sha256' CHECK (chain IN ('sha256', 'hmac-sha256'));
ALTER TABLE application_events ALTER COLUMN chain DROP DEFAULT;

-- An applicant may only claim a payment; staff record it against the
-- treasury receipt, and only that resumes the clock.
ALTER TABLE fee_notices
    ADD COLUMN claimed_on date,
    ADD COLUMN claim_ref  text NOT NULL DEFAULT '';
