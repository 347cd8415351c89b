-- Remedies are listed in the order filed, same-day ones in the order
-- recorded; a remedy recorded on an open case after its due date is
-- against the failure to reply (逾期未答复).
ALTER TABLE remedies
    ADD COLUMN seq bigserial,
    ADD COLUMN against_failure_to_reply boolean NOT NULL DEFAULT false;
