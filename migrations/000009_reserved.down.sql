-- Placeholder for migration 000009, taken by work on another branch.
-- It keeps the versions contiguous on this branch only: delete this pair
-- when merging, the real one replaces it.
SELECT 1;
