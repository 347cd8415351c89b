ALTER TABLE agencies DROP COLUMN court, DROP COLUMN reconsideration_authority, DROP COLUMN skip_review_outcomes;
ALTER TABLE applications DROP COLUMN approved_draft_hash, DROP COLUMN approved_draft_id;
DROP TABLE draft_reviews;
DROP TABLE drafts;
