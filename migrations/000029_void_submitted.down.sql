-- Fails while a voided submission without a received-on date remains.
ALTER TABLE applications DROP CONSTRAINT applications_received;
ALTER TABLE applications ADD CONSTRAINT applications_received
    CHECK (received_on IS NOT NULL OR state IN ('SUBMITTED', 'WITHDRAWN'));
