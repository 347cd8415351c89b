-- The annual report: published reports frozen as snapshots, and the index
-- its table 三 reads.

-- A published annual report: the figures as published (the exact JSON
-- hashed), who published it and when. One per agency and year; never
-- changed: later changes to the year's cases show as differences from it.
CREATE TABLE report_snapshots (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    agency_id         uuid NOT NULL REFERENCES agencies (id),
    year              integer NOT NULL CHECK (year BETWEEN 2008 AND 2100),
    body              text NOT NULL CHECK (body::jsonb IS NOT NULL),
    sha256            bytea NOT NULL,
    published_by      uuid NOT NULL REFERENCES accounts (id),
    published_by_name text NOT NULL,
    published_at      timestamptz NOT NULL,
    CONSTRAINT report_snapshots_agency_year_key UNIQUE (agency_id, year)
);
CREATE TRIGGER report_snapshots_append_only BEFORE UPDATE OR DELETE ON report_snapshots
    FOR EACH ROW EXECUTE FUNCTION foi_append_only();
CREATE TRIGGER report_snapshots_no_truncate BEFORE TRUNCATE ON report_snapshots
    FOR EACH STATEMENT EXECUTE FUNCTION foi_append_only();

-- Table 三 reads every received case of the agencies: this index holds
-- what it counts, so a vacuumed table is read from the index alone.
CREATE INDEX applications_report ON applications (agency_id, received_on)
    INCLUDE (replied_on, closed_on, applicant_type, outcome, state, approved_draft_id)
    WHERE received_on IS NOT NULL;
