-- A submission voided before it was confirmed was never received: it has
-- no received-on date, like one withdrawn before confirmation.
ALTER TABLE applications DROP CONSTRAINT applications_received;
ALTER TABLE applications ADD CONSTRAINT applications_received
    CHECK (received_on IS NOT NULL OR state IN ('SUBMITTED', 'WITHDRAWN', 'VOIDED'));
