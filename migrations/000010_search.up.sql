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

ALTER TABLE applications
    ADD COLUMN search_grams tsvector
        GENERATED ALWAYS AS (array_to_tsvector(foi_grams(info_title || ' ' || info_description))) STORED;

CREATE INDEX applications_search ON applications USING gin (search_grams);
CREATE INDEX applications_applicant_name ON applications (applicant_name text_pattern_ops);
CREATE INDEX applications_applicant_phone ON applications (applicant_phone) WHERE applicant_phone <> '';
CREATE INDEX applications_assignee ON applications (assignee_id, due_on) WHERE assignee_id IS NOT NULL;
CREATE INDEX applications_received ON applications (agency_id, received_on DESC, id DESC);
