-- Agencies and the applications they receive (online and window intake).

CREATE TABLE agencies (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code                text NOT NULL CONSTRAINT agencies_code_format CHECK (code ~ '^[A-Z][A-Z0-9]{1,15}$'),
    name                text NOT NULL CONSTRAINT agencies_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
    region              text NOT NULL DEFAULT 'CN',
    auto_confirm_online boolean NOT NULL DEFAULT false,
    demo                boolean NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agencies_code_key UNIQUE (code),
    CONSTRAINT agencies_name_key UNIQUE (name)
);

CREATE TABLE applications (
    id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    agency_id                uuid NOT NULL REFERENCES agencies (id),
    tracking_number          text,
    state                    text NOT NULL,
    version                  bigint NOT NULL DEFAULT 1 CHECK (version >= 1),
    regime                   text NOT NULL CHECK (regime IN ('2019', '2007')),

    applicant_type           text NOT NULL,
    applicant_name           text NOT NULL,
    applicant_id_type        text NOT NULL,
    applicant_id_number      text NOT NULL, -- normalised
    applicant_contact_person text NOT NULL DEFAULT '',
    applicant_phone          text NOT NULL DEFAULT '',
    applicant_email          text NOT NULL DEFAULT '',
    applicant_address        text NOT NULL DEFAULT '',
    applicant_account_id     uuid,

    info_title               text NOT NULL DEFAULT '',
    info_document_number     text NOT NULL DEFAULT '',
    info_description         text NOT NULL DEFAULT '',
    medium                   text NOT NULL,
    medium_other             text NOT NULL DEFAULT '',
    delivery                 text NOT NULL,
    needs_assistance         boolean NOT NULL DEFAULT false,
    note                     text NOT NULL DEFAULT '',

    channel                  text NOT NULL,
    submitted_at             timestamptz,
    handed_in_on             date,
    signed_on                date,
    arrived_on               date,
    confirmed_on             date,
    received_on              date,
    due_on                   date,

    created_by               uuid NOT NULL,
    request_id               text,
    request_hash             bytea,
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT applications_tracking_number_key UNIQUE (tracking_number),
    CONSTRAINT applications_request_key UNIQUE (created_by, request_id),
    CONSTRAINT applications_received CHECK (received_on IS NOT NULL OR state IN ('SUBMITTED', 'WITHDRAWN')),
    CONSTRAINT applications_tracked CHECK (tracking_number IS NOT NULL OR received_on IS NULL),
    CONSTRAINT applications_information CHECK (info_title <> '' OR info_description <> '')
);

-- Worklists: an agency's applications by due date, then received date.
CREATE INDEX applications_agency_due ON applications
    (agency_id, (coalesce(due_on, 'infinity'::date)), (coalesce(received_on, 'infinity'::date)), id);
CREATE INDEX applications_applicant_account ON applications (applicant_account_id)
    WHERE applicant_account_id IS NOT NULL;
CREATE INDEX applications_applicant_id_number ON applications (applicant_id_number);

-- Tracking numbers run per agency and year of receipt.
CREATE TABLE tracking_counters (
    agency_id uuid NOT NULL REFERENCES agencies (id),
    year      integer NOT NULL,
    last      integer NOT NULL,
    PRIMARY KEY (agency_id, year)
);
