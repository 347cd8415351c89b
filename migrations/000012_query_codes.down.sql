DROP TABLE query_codes;
