-- Accounts, sessions and sign-in throttling.

CREATE TABLE accounts (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    login                text NOT NULL,
    password_hash        text NOT NULL DEFAULT '', -- argon2id; '' = signs in through the identity platform only
    role                 text NOT NULL CHECK (role IN ('APPLICANT', 'CLERK', 'OFFICER', 'LEGAL_ADVISER', 'HEAD', 'ADMIN')),
    display_name         text NOT NULL,
    -- The applicant's identity, prefilled into their applications.
    applicant_type       text NOT NULL DEFAULT '',
    id_type              text NOT NULL DEFAULT '',
    id_number            text NOT NULL DEFAULT '',
    contact_person       text NOT NULL DEFAULT '',
    phone                text NOT NULL DEFAULT '',
    email                text NOT NULL DEFAULT '',
    address              text NOT NULL DEFAULT '',
    external_issuer      text,
    external_subject     text,
    must_change_password boolean NOT NULL DEFAULT false,
    disabled_at          timestamptz,
    demo                 boolean NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT accounts_login_key UNIQUE (login),
    CONSTRAINT accounts_external_key UNIQUE (external_issuer, external_subject)
);

CREATE TABLE account_agencies (
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    agency_id  uuid NOT NULL REFERENCES agencies (id),
    PRIMARY KEY (account_id, agency_id)
);
CREATE INDEX account_agencies_agency ON account_agencies (agency_id);

-- A session is one sign-in. Its refresh tokens rotate: each works once, and
-- presenting a used one revokes the session (the token was stolen).
CREATE TABLE sessions (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id  uuid NOT NULL REFERENCES accounts (id),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX sessions_account ON sessions (account_id) WHERE revoked_at IS NULL;

CREATE TABLE refresh_tokens (
    token_hash bytea PRIMARY KEY, -- SHA-256 of the token; the token itself is never stored
    session_id uuid NOT NULL REFERENCES sessions (id),
    issued_at  timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

-- Failed sign-ins per login and per client address, for growing lockouts.
CREATE TABLE signin_throttle (
    key          text PRIMARY KEY,
    failures     integer NOT NULL,
    last_failure timestamptz NOT NULL,
    locked_until timestamptz
);

ALTER TABLE applications
    ADD CONSTRAINT applications_created_by_fkey FOREIGN KEY (created_by) REFERENCES accounts (id),
    ADD CONSTRAINT applications_applicant_account_fkey FOREIGN KEY (applicant_account_id) REFERENCES accounts (id);
