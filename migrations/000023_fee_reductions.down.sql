DROP TABLE fee_reductions;
