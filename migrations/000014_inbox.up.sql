-- Each member of staff's in-app inbox: the warnings and requests that reach
-- them (near-due and overdue cases, drafts to review, extensions to
-- approve, lapsed consultations, online submissions waiting to be
-- confirmed). An item is written with the outbox message that causes it,
-- in the same transaction, for every active account of the staff group.
CREATE TABLE inbox_items (
    id             bigserial PRIMARY KEY,
    account_id     uuid NOT NULL REFERENCES accounts (id),
    application_id uuid REFERENCES applications (id) DEFERRABLE INITIALLY DEFERRED,
    topic          text NOT NULL,
    subject        text NOT NULL,
    body           text NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL,
    read_at        timestamptz
);
CREATE INDEX inbox_items_account ON inbox_items (account_id, id DESC);
CREATE INDEX inbox_items_unread ON inbox_items (account_id, id DESC) WHERE read_at IS NULL;
CREATE INDEX applications_unconfirmed ON applications (submitted_at) WHERE state = 'SUBMITTED';
