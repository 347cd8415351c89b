DROP TABLE fee_refunds;
