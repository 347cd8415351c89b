-- Finding a case: by tracking number, by the applicant (staff), and by
-- words of what was asked, in Chinese.
--
-- The embedded cluster's locale is C, under which pg_trgm and the text
-- search parser see no word characters in Chinese. So the text is indexed
-- as its own characters and overlapping character pairs (n-grams of 1 and
-- 2, whitespace removed, ASCII lower-cased), made into lexemes directly by
-- array_to_tsvector, which involves no parser or locale. A query for a
-- phrase asks for all of its pairs (or its one character) through the GIN
-- index, and the exact substring is rechecked on the candidates.
CREATE FUNCTION foi_grams(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT coalesce(array_agg(DISTINCT g), '{}')
    FROM (SELECT regexp_replace(lower(t), '\s+', '', 'g') AS s) x,
         LATERAL (SELECT substr(x.s, i, 1) AS g FROM generate_series(1, char_length(x.s)) i
                  UNION ALL
                  SELECT substr(x.s, i, 2) FROM generate_series(1, char_length(x.s) - 1) i) y
$$;

-- search_text is the same text normalised as foi_grams does, so that the
-- exact-substring recheck costs a strpos and no regular expression.
ALTER TABLE applications
    ADD COLUMN search_grams tsvector
        GENERATED ALWAYS AS (array_to_tsvector(foi_grams(info_title || ' ' || info_description))) STORED,
    ADD COLUMN search_text text
        GENERATED ALWAYS AS (regexp_replace(lower(info_title || ' ' || info_description), '\s+', '', 'g')) STORED;

CREATE INDEX applications_search ON applications USING gin (search_grams);
-- One agency's matches, found without visiting the others' (btree_gin,
-- shipped with PostgreSQL and trusted, lets a GIN index hold the agency).
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX applications_agency_search ON applications USING gin (agency_id, search_grams);
CREATE INDEX applications_applicant_name ON applications (applicant_name text_pattern_ops);
CREATE INDEX applications_applicant_phone ON applications (applicant_phone) WHERE applicant_phone <> '';
CREATE INDEX applications_assignee ON applications (assignee_id, due_on) WHERE assignee_id IS NOT NULL;

-- The lists' orders, as the list query writes them (undated cases last),
-- for one agency and across agencies: a search that many cases match
-- walks the order and stops at a page, instead of sorting every match.
CREATE INDEX applications_agency_by_due ON applications
    (agency_id, (coalesce(due_on, 'infinity'::date)), (coalesce(received_on, 'infinity'::date)), id);
CREATE INDEX applications_by_due ON applications
    ((coalesce(due_on, 'infinity'::date)), (coalesce(received_on, 'infinity'::date)), id);
CREATE INDEX applications_agency_by_received ON applications (agency_id, (coalesce(received_on, 'infinity'::date)), id);
CREATE INDEX applications_by_received ON applications ((coalesce(received_on, 'infinity'::date)), id);
