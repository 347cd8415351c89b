-- Legal review: versioned draft replies, their reviews, and the agency
-- policies around them.

-- Each version of a draft reply, immutable; sha256 is of content.
CREATE TABLE drafts (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    application_id uuid NOT NULL REFERENCES applications (id),
    version        integer NOT NULL CHECK (version >= 1),
    content        text NOT NULL CHECK (content::jsonb IS NOT NULL), -- the exact JSON hashed
    sha256         bytea NOT NULL,
    author_id      uuid NOT NULL REFERENCES accounts (id),
    created_at     timestamptz NOT NULL,
    CONSTRAINT drafts_version_key UNIQUE (application_id, version)
);
CREATE TRIGGER drafts_append_only BEFORE UPDATE OR DELETE ON drafts
    FOR EACH ROW EXECUTE FUNCTION foi_append_only();
CREATE TRIGGER drafts_no_truncate BEFORE TRUNCATE ON drafts
    FOR EACH STATEMENT EXECUTE FUNCTION foi_append_only();

-- What happened to each draft version: submitted (with the checks' results
-- and the officer's overrides), returned or approved by the legal adviser,
-- sent back or signed by the head.
CREATE TABLE draft_reviews (
    id         bigserial PRIMARY KEY,
    draft_id   uuid NOT NULL REFERENCES drafts (id),
    kind       text NOT NULL CHECK (kind IN ('SUBMITTED', 'RETURNED', 'APPROVED', 'SIGN_OFF_REJECTED', 'SIGNED')),
    actor_id   uuid REFERENCES accounts (id),
    actor_name text NOT NULL,
    at         timestamptz NOT NULL,
    comments   text NOT NULL DEFAULT '',
    checks     text NOT NULL DEFAULT '[]',
    overrides  text NOT NULL DEFAULT '[]'
);
CREATE INDEX draft_reviews_draft ON draft_reviews (draft_id, id);
CREATE TRIGGER draft_reviews_append_only BEFORE UPDATE OR DELETE ON draft_reviews
    FOR EACH ROW EXECUTE FUNCTION foi_append_only();

-- The draft the legal adviser approved (or that skipped review), and the
-- SHA-256 of its content then: the head signs off exactly that.
ALTER TABLE applications
    ADD COLUMN approved_draft_id   uuid REFERENCES drafts (id),
    ADD COLUMN approved_draft_hash bytea;

ALTER TABLE agencies
    -- Outcomes replied without legal review; adverse ones never are.
    ADD COLUMN skip_review_outcomes text[] NOT NULL DEFAULT '{DISCLOSED,ALREADY_PUBLIC}',
    -- Where the remedies paragraph sends a challenge.
    ADD COLUMN reconsideration_authority text NOT NULL DEFAULT '',
    ADD COLUMN court text NOT NULL DEFAULT '';
