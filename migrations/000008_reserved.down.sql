-- Placeholder for migration 000008, taken by work on another branch
-- (000008_keyed_history). It keeps the versions contiguous on this branch
-- only: delete this pair when merging, the real one replaces it.
SELECT 1;
