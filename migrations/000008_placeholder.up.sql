-- Placeholder holding number 000008 for the lead's migration (history
-- hash chain), which is not on this branch yet; migrations must run
-- without gaps. Delete this pair when that migration is merged.
SELECT 1;
