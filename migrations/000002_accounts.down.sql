ALTER TABLE applications
    DROP CONSTRAINT applications_applicant_account_fkey,
    DROP CONSTRAINT applications_created_by_fkey;
DROP TABLE signin_throttle;
DROP TABLE refresh_tokens;
DROP TABLE sessions;
DROP TABLE account_agencies;
DROP TABLE accounts;
