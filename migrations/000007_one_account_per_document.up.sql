-- One identity document opens one applicant account: a second registration
-- with the same document is refused (the applicant recovers the first
-- account's password instead). Accounts signed in through the identity
-- platform may carry no document number.
CREATE UNIQUE INDEX accounts_applicant_document_key ON accounts (id_type, id_number)
    WHERE role = 'APPLICANT' AND id_number <> '';
