-- An applicant without an account (window, post, fax) looks a case up with
-- its tracking number and the query code printed on the receipt. Only the
-- code's SHA-256 is kept. The row is written in the transaction that gives
-- the case its tracking number, which may insert the case after it.
CREATE TABLE query_codes (
    application_id uuid PRIMARY KEY REFERENCES applications (id) DEFERRABLE INITIALLY DEFERRED,
    code_sha256    bytea NOT NULL
);
