-- The head may reject a pending extension request, with a reason the
-- officer sees; a request is then settled either way, and a new one may
-- follow.
ALTER TABLE extensions
    ADD COLUMN rejected_by      uuid REFERENCES accounts (id),
    ADD COLUMN rejected_on      date,
    ADD COLUMN rejection_reason text,
    ADD CONSTRAINT extensions_settled_once CHECK (approved_on IS NULL OR rejected_on IS NULL),
    ADD CONSTRAINT extensions_rejection_reasoned CHECK ((rejected_on IS NULL) = (rejection_reason IS NULL));
