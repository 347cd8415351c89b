DROP TABLE legal_bases;
DROP FUNCTION legal_bases_no_delete();
