-- The analysis (分析研判, issue 14 part 6) and the district's published
-- reports.

-- A district report is published like an agency's: a snapshot with no
-- agency, one per year.
ALTER TABLE report_snapshots ALTER COLUMN agency_id DROP NOT NULL;
CREATE UNIQUE INDEX report_snapshots_district_year_key ON report_snapshots (year) WHERE agency_id IS NULL;

-- An officer's or head's decision to publish a most-requested topic
-- proactively (依申请公开转主动公开): who, when, which agency, the cluster as
-- the analysis showed it, and an optional note. Never changed; a topic is
-- marked once per agency.
CREATE TABLE topic_publication_marks (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    agency_id      uuid NOT NULL REFERENCES agencies (id),
    cluster_key    text NOT NULL CHECK (cluster_key ~ '^[0-9a-f]{16}$'),
    label          text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 200),
    sample_titles  text[] NOT NULL,
    request_count  bigint NOT NULL CHECK (request_count >= 0),
    period_from    date NOT NULL,
    period_to      date NOT NULL CHECK (period_to >= period_from),
    note           text NOT NULL DEFAULT '' CHECK (char_length(note) <= 500),
    marked_by      uuid NOT NULL REFERENCES accounts (id),
    marked_by_name text NOT NULL,
    marked_at      timestamptz NOT NULL,
    CONSTRAINT topic_publication_marks_agency_key UNIQUE (agency_id, cluster_key)
);
CREATE TRIGGER topic_publication_marks_append_only BEFORE UPDATE OR DELETE ON topic_publication_marks
    FOR EACH ROW EXECUTE FUNCTION foi_append_only();
CREATE TRIGGER topic_publication_marks_no_truncate BEFORE TRUNCATE ON topic_publication_marks
    FOR EACH STATEMENT EXECUTE FUNCTION foi_append_only();

-- The analysis reads a period's received applications from this index
-- alone (months, channels, applicant types, overdue, repeat applicants,
-- titles); titles are at most 200 characters. Untitled applications are
-- found by the second index, their descriptions read from the table.
CREATE INDEX applications_analysis ON applications (agency_id, received_on)
    INCLUDE (channel, applicant_type, state, due_on, replied_on, applicant_id_type, applicant_id_number, info_title)
    WHERE received_on IS NOT NULL;
CREATE INDEX applications_untitled ON applications (agency_id, received_on)
    WHERE received_on IS NOT NULL AND info_title = '';
-- Cases resolved (replied, or closed without a reply) in a period, for the
-- outcome mix and the working days to reply.
CREATE INDEX applications_resolved ON applications (agency_id, (coalesce(replied_on, closed_on)))
    INCLUDE (received_on, replied_on, closed_on, outcome, state)
    WHERE received_on IS NOT NULL AND coalesce(replied_on, closed_on) IS NOT NULL;
