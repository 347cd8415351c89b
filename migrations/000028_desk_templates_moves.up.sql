-- The window's queue lists online submissions oldest first
-- (ListApplications' LIST_ORDER_SUBMITTED_OLDEST); window registrations,
-- never submitted online, sort last.
CREATE INDEX applications_by_submitted ON applications ((coalesce(submitted_at, 'infinity'::timestamptz)), id);

-- The lists of an agency's cases in one state (the unassigned worklist,
-- the sign-off queue), in the due-date order: among a million cases, most
-- of them closed, walking the agency's order for a rare state reads all
-- of the agency's cases.
CREATE INDEX applications_agency_state_by_due ON applications
    (agency_id, state, (coalesce(due_on, 'infinity'::date)), (coalesce(received_on, 'infinity'::date)), id);

-- An officer's own worklist ("mine") in the due-date order, within their
-- agency: walked in order, it stops at a page, whatever plan a prepared
-- statement settles on.
CREATE INDEX applications_agency_assignee_by_due ON applications
    (agency_id, assignee_id, (coalesce(due_on, 'infinity'::date)), (coalesce(received_on, 'infinity'::date)), id)
    WHERE assignee_id IS NOT NULL;

-- Every version of an agency's notice templates, who set it and when, in
-- order; an empty body restored the shipped template. notice_templates
-- keeps the one in force. Letters already issued keep their own text
-- (notices.html), whatever a template later becomes.
CREATE TABLE notice_template_versions (
    agency_id  uuid NOT NULL REFERENCES agencies (id),
    kind       text NOT NULL,
    version    integer NOT NULL CHECK (version >= 1),
    body       text NOT NULL,
    changed_by uuid REFERENCES accounts (id),
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (agency_id, kind, version)
);
CREATE TRIGGER notice_template_versions_append_only BEFORE UPDATE OR DELETE ON notice_template_versions
    FOR EACH ROW EXECUTE FUNCTION foi_append_only();
INSERT INTO notice_template_versions (agency_id, kind, version, body, changed_by, changed_at)
    SELECT agency_id, kind, 1, body, updated_by, updated_at FROM notice_templates;

-- The cases whose dates a calendar load moved: the due_recomputed events
-- of the history, by the calendar version (the load) they counted with.
CREATE INDEX application_events_calendar_moves ON application_events
    ((((payload::jsonb) -> 'data' ->> 'calendarVersion')::bigint), occurred_at)
    WHERE event = 'due_recomputed';
