-- The maintained list of legal bases a reply may cite, kept by
-- administrators (issue 10, item 6). Seeded from the shipped list
-- (services/review Bases). A basis is retired, never deleted: a letter that
-- cited it must still print it.
CREATE TABLE legal_bases (
    code       text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,31}$'),
    text       text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 200),
    position   integer NOT NULL,
    retired_at timestamptz,
    retired_by text,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL DEFAULT ''
);

CREATE FUNCTION legal_bases_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'legal bases are retired, never deleted';
END $$;

CREATE TRIGGER legal_bases_no_delete BEFORE DELETE ON legal_bases
    FOR EACH ROW EXECUTE FUNCTION legal_bases_no_delete();

INSERT INTO legal_bases (code, text, position) VALUES
    ('REG_14', '《中华人民共和国政府信息公开条例》第十四条', 1),
    ('REG_15', '《中华人民共和国政府信息公开条例》第十五条', 2),
    ('REG_16_1', '《中华人民共和国政府信息公开条例》第十六条第一款', 3),
    ('REG_16_2', '《中华人民共和国政府信息公开条例》第十六条第二款', 4),
    ('REG_10', '《中华人民共和国政府信息公开条例》第十条', 5),
    ('REG_29', '《中华人民共和国政府信息公开条例》第二十九条', 6),
    ('REG_30', '《中华人民共和国政府信息公开条例》第三十条', 7),
    ('REG_31', '《中华人民共和国政府信息公开条例》第三十一条', 8),
    ('REG_32', '《中华人民共和国政府信息公开条例》第三十二条', 9),
    ('REG_33', '《中华人民共和国政府信息公开条例》第三十三条', 10),
    ('REG_33_1', '《中华人民共和国政府信息公开条例》第三十三条第一款', 11),
    ('REG_33_2', '《中华人民共和国政府信息公开条例》第三十三条第二款', 12),
    ('REG_34', '《中华人民共和国政府信息公开条例》第三十四条', 13),
    ('REG_35', '《中华人民共和国政府信息公开条例》第三十五条', 14),
    ('REG_36_1', '《中华人民共和国政府信息公开条例》第三十六条第（一）项', 15),
    ('REG_36_2', '《中华人民共和国政府信息公开条例》第三十六条第（二）项', 16),
    ('REG_36_3', '《中华人民共和国政府信息公开条例》第三十六条第（三）项', 17),
    ('REG_36_4', '《中华人民共和国政府信息公开条例》第三十六条第（四）项', 18),
    ('REG_36_5', '《中华人民共和国政府信息公开条例》第三十六条第（五）项', 19),
    ('REG_36_6', '《中华人民共和国政府信息公开条例》第三十六条第（六）项', 20),
    ('REG_36_7', '《中华人民共和国政府信息公开条例》第三十六条第（七）项', 21),
    ('REG_37', '《中华人民共和国政府信息公开条例》第三十七条', 22),
    ('REG_38', '《中华人民共和国政府信息公开条例》第三十八条', 23),
    ('REG_39_1', '《中华人民共和国政府信息公开条例》第三十九条第一款', 24),
    ('REG_39_2', '《中华人民共和国政府信息公开条例》第三十九条第二款', 25),
    ('REG_40', '《中华人民共和国政府信息公开条例》第四十条', 26),
    ('REG_41', '《中华人民共和国政府信息公开条例》第四十一条', 27),
    ('REG_42', '《中华人民共和国政府信息公开条例》第四十二条', 28),
    ('REG_51', '《中华人民共和国政府信息公开条例》第五十一条', 29),
    ('SECRECY_LAW', '《中华人民共和国保守国家秘密法》', 30),
    ('ARL_23', '《中华人民共和国行政复议法》第二十三条', 31);
