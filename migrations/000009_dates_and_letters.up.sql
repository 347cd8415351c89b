-- Replies on the spot supply or point to the information; an adverse
-- outcome states its reason and basis and is reviewed (workflow.md:
-- reply_on_the_spot), so no agency may allow one at the window.
UPDATE agencies SET on_the_spot_outcomes = ARRAY(
    SELECT o FROM unnest(on_the_spot_outcomes) o WHERE o IN ('DISCLOSED', 'ALREADY_PUBLIC'));
ALTER TABLE agencies ALTER COLUMN on_the_spot_outcomes SET DEFAULT '{DISCLOSED,ALREADY_PUBLIC}';

-- The supplement period of a clarification notice, counted from the day the
-- applicant receives the notice (not the day it was issued), so that a
-- calendar load can count it again.
CREATE TABLE clarifications (
    application_id uuid PRIMARY KEY REFERENCES applications (id),
    served_on      date NOT NULL,
    days           integer NOT NULL CHECK (days BETWEEN 1 AND 60)
);
INSERT INTO clarifications (application_id, served_on, days)
SELECT e.application_id, a.clarification_on, (e.payload::jsonb -> 'data' ->> 'days')::int
FROM application_events e JOIN applications a ON a.id = e.application_id
WHERE e.event = 'request_clarification' AND a.clarification_on IS NOT NULL
ON CONFLICT DO NOTHING;
