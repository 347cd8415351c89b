DROP INDEX applications_received;
DROP INDEX applications_assignee;
DROP INDEX applications_applicant_phone;
DROP INDEX applications_applicant_name;
DROP INDEX applications_search;
ALTER TABLE applications DROP COLUMN search_grams;
DROP FUNCTION foi_grams(text);
