-- The statutory clock: loaded holiday calendars, the per-case ledger of
-- clock facts, and the worklist index.

-- Every load of a calendar year, kept: the newest per region and year is in
-- force, over the national years shipped with foi. The highest id is the
-- calendar version.
CREATE TABLE calendar_loads (
    id        bigserial PRIMARY KEY,
    region    text NOT NULL,
    year      integer NOT NULL,
    body      text NOT NULL, -- canonical JSON year file
    loaded_by uuid REFERENCES accounts (id),
    loaded_at timestamptz NOT NULL
);
CREATE INDEX calendar_loads_current ON calendar_loads (region, year, id DESC);

-- The facts a case's due date is derived from, in order. The due date
-- itself is never a fact: applications.due_on is recomputed from these.
CREATE TABLE clock_events (
    application_id uuid NOT NULL REFERENCES applications (id),
    seq            integer NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('PAUSE', 'RESUME', 'RESTART', 'EXTEND', 'DELAY_TO')),
    on_date        date NOT NULL,
    reason         text NOT NULL DEFAULT '',
    days           integer,
    due_date       date,
    PRIMARY KEY (application_id, seq)
);

ALTER TABLE applications
    ADD COLUMN due_provisional boolean NOT NULL DEFAULT false,
    -- The calendar version due_on was computed under; a newer one means the
    -- case must be recomputed (a calendar was loaded since).
    ADD COLUMN clock_version bigint NOT NULL DEFAULT 0;

-- Worklists: an agency's open cases by due date.
CREATE INDEX applications_worklist ON applications (agency_id, due_on, received_on, id)
    WHERE state IN ('ACCEPTED', 'CLARIFICATION', 'PROCESSING', 'CONSULTATION', 'AWAITING_FEE', 'LEGAL_REVIEW', 'SIGN_OFF')
      AND due_on IS NOT NULL;
-- Open cases whose due date predates the newest calendar.
CREATE INDEX applications_clock_stale ON applications (clock_version)
    WHERE state IN ('ACCEPTED', 'CLARIFICATION', 'PROCESSING', 'CONSULTATION', 'AWAITING_FEE', 'LEGAL_REVIEW', 'SIGN_OFF');
