DROP TABLE fee_notices;
DROP TABLE fee_pieces;
DROP TABLE fee_piece_counters;
ALTER TABLE agencies DROP COLUMN fee_pauses_clock;
ALTER TABLE applications DROP COLUMN split_reason;
