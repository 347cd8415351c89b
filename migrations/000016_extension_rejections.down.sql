ALTER TABLE extensions
    DROP CONSTRAINT extensions_rejection_reasoned,
    DROP CONSTRAINT extensions_settled_once,
    DROP COLUMN rejection_reason,
    DROP COLUMN rejected_on,
    DROP COLUMN rejected_by;
