-- Catalog search (domain/catalog/search.go).
--
-- products.search_text cannot serve Russian: pd_fold lowercases with the
-- database collation (C here, so Cyrillic keeps its case), and pg_trgm in a
-- C-ctype database treats every non-ASCII letter as a separator, so Cyrillic
-- words have no trigrams at all. Search therefore matches a normalized copy:
-- pd_fold, then Cyrillic lowercased and transliterated to Latin, then every
-- run of characters other than a-z and 0-9 turned into one space, and letters
-- and digits split apart ("16А" and "16 А" both become "16 a", "B16" "b 16").
-- That text is plain ASCII, which pg_trgm indexes in any locale.
--
CREATE OR REPLACE FUNCTION pd_search_key(t text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT
AS $$
DECLARE
    f text := pd_fold(t);
BEGIN
    -- Sort key of a name, and the first step of pd_search_norm: pd_fold, plus
    -- lower-case Cyrillic (pd_fold lowercases what the collation knows only).
    IF octet_length(f) = length(f) THEN
        RETURN f;
    END IF;
    RETURN translate(f, 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯІЇЄҐЎ', 'абвгдеежзийклмнопрстуфхцчшщъыьэюяіїєґў');
END $$;
--bun:split
CREATE OR REPLACE FUNCTION pd_search_words(k text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT
AS $$
BEGIN
    -- k is a pd_search_key: transliterate Cyrillic, then keep a-z, 0-9 and
    -- '|' only, one space between words, letters and digits split apart.
    IF octet_length(k) <> length(k) THEN
        k := translate(
            replace(replace(replace(replace(replace(replace(replace(replace(k,
                'щ', 'shch'), 'ш', 'sh'), 'ч', 'ch'), 'ц', 'ts'), 'х', 'kh'), 'ж', 'zh'), 'ю', 'yu'), 'я', 'ya'),
            'абвгдезийклмнопрстуфыэіїєґўъь', 'abvgdeziyklmnoprstufyeiiegu');
    END IF;
    k := regexp_replace(k, '[^a-z0-9|]+', ' ', 'g');
    IF k ~ '[a-z][0-9]|[0-9][a-z]' THEN
        k := regexp_replace(regexp_replace(k, '([a-z])([0-9])', '\1 \2', 'g'), '([0-9])([a-z])', '\1 \2', 'g');
    END IF;
    RETURN k;
END $$;
--bun:split
-- What a search query word is compared as: "Żarówka" -> "zarowka", "16А" -> "16 a".
CREATE OR REPLACE FUNCTION pd_search_norm(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT btrim(pd_search_words(pd_search_key(replace(t, '|', ' ')))) $$;
--bun:split
-- One row per product, kept by the triggers below, narrow so that scanning
-- thousands of matches stays cheap. doc is
--     ' <sku> <ean> | <name pl> | <name ru> | <name fi> '
-- normalized, with a space around every word (' 16 ' matches the number 16
-- only); the names are the ones shown in each language, with domain.Texts'
-- fallback. Results sort by the name segment of doc, except in Russian, which
-- sorts by key_ru (the name folded, in Cyrillic; the segment is transliterated).
CREATE TABLE product_search (
    product_id  bigint PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    category_id bigint,
    active      boolean NOT NULL,
    sku         text NOT NULL,
    ean         text,
    doc         text NOT NULL,
    key_ru      text NOT NULL
);
--bun:split
-- A search reads about a thousand rows at most: parallel workers would cost more than they save.
ALTER TABLE product_search SET (parallel_workers = 0);
--bun:split
-- New entries wait in a pending list that every search reads through (about
-- 4 ms per MB here) until it is merged: at 1 MB, or by (auto)vacuum. The
-- default 4 MB would cost a search up to some 15 ms after big writes.
CREATE INDEX product_search_doc_idx ON product_search USING gin (doc gin_trgm_ops)
    WITH (gin_pending_list_limit = 1024) WHERE active;
--bun:split
-- Listing by name, all products or a category's: the first page without sorting everything.
CREATE INDEX product_search_pl_idx ON product_search ((split_part(doc, '|', 2)), product_id);
--bun:split
CREATE INDEX product_search_ru_idx ON product_search (key_ru, product_id);
--bun:split
CREATE INDEX product_search_fi_idx ON product_search ((split_part(doc, '|', 4)), product_id);
--bun:split
CREATE INDEX product_search_category_pl_idx ON product_search (category_id, (split_part(doc, '|', 2)), product_id);
--bun:split
CREATE INDEX product_search_category_ru_idx ON product_search (category_id, key_ru, product_id);
--bun:split
CREATE INDEX product_search_category_fi_idx ON product_search (category_id, (split_part(doc, '|', 4)), product_id);
--bun:split
-- Every word (4+ letters) of the product names, for typo correction.
-- Words are only added: a stale word costs nothing but a useless guess.
CREATE TABLE search_words (
    word text PRIMARY KEY
);
--bun:split
CREATE INDEX search_words_trgm_idx ON search_words USING gin (word gin_trgm_ops);
--bun:split
CREATE OR REPLACE FUNCTION pd_search_row(p products) RETURNS product_search
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
    r product_search;
BEGIN
    r.product_id := p.id;
    r.category_id := p.category_id;
    r.active := p.active;
    r.sku := p.sku;
    r.ean := p.ean;
    r.key_ru := pd_search_key(coalesce(nullif(p.name_ru, ''), nullif(p.name_pl, ''), p.name_fi));
    r.doc := ' ' || btrim(pd_search_words(lower(replace(p.sku || ' ' || coalesce(p.ean, ''), '|', ' '))))
        || ' | ' || btrim(pd_search_words(replace(pd_search_key(
                coalesce(nullif(p.name_pl, ''), nullif(p.name_fi, ''), p.name_ru)), '|', ' ')))
        || ' | ' || btrim(pd_search_words(replace(r.key_ru, '|', ' ')))
        || ' | ' || btrim(pd_search_words(replace(pd_search_key(
                coalesce(nullif(p.name_fi, ''), nullif(p.name_pl, ''), p.name_ru)), '|', ' '))) || ' ';
    RETURN r;
END $$;
--bun:split
CREATE OR REPLACE FUNCTION pd_search_products_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    WITH up AS (
        INSERT INTO product_search
        SELECT r.* FROM new_rows n, LATERAL pd_search_row(n) r
        ON CONFLICT (product_id) DO UPDATE SET
            category_id = EXCLUDED.category_id, active = EXCLUDED.active, sku = EXCLUDED.sku,
            ean = EXCLUDED.ean, doc = EXCLUDED.doc, key_ru = EXCLUDED.key_ru
        RETURNING substr(doc, strpos(doc, '|')) AS names
    )
    INSERT INTO search_words (word)
    SELECT DISTINCT w FROM up, string_to_table(up.names, ' ') AS w
    WHERE length(w) >= 4 AND w ~ '^[a-z]+$'
      AND NOT EXISTS (SELECT 1 FROM search_words x WHERE x.word = w)
    ORDER BY w -- concurrent writers take the same words in the same order: no deadlock
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
--bun:split
CREATE OR REPLACE FUNCTION pd_search_products_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    WITH up AS (
        INSERT INTO product_search
        SELECT r.* FROM new_rows n JOIN old_rows o ON o.id = n.id, LATERAL pd_search_row(n) r
        WHERE (n.sku, n.ean, n.category_id, n.active, n.name_pl, n.name_ru, n.name_fi)
              IS DISTINCT FROM (o.sku, o.ean, o.category_id, o.active, o.name_pl, o.name_ru, o.name_fi)
        ON CONFLICT (product_id) DO UPDATE SET
            category_id = EXCLUDED.category_id, active = EXCLUDED.active, sku = EXCLUDED.sku,
            ean = EXCLUDED.ean, doc = EXCLUDED.doc, key_ru = EXCLUDED.key_ru
        RETURNING substr(doc, strpos(doc, '|')) AS names
    )
    INSERT INTO search_words (word)
    SELECT DISTINCT w FROM up, string_to_table(up.names, ' ') AS w
    WHERE length(w) >= 4 AND w ~ '^[a-z]+$'
      AND NOT EXISTS (SELECT 1 FROM search_words x WHERE x.word = w)
    ORDER BY w -- concurrent writers take the same words in the same order: no deadlock
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
--bun:split
CREATE TRIGGER products_search_inserted AFTER INSERT ON products
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION pd_search_products_inserted();
--bun:split
CREATE TRIGGER products_search_updated AFTER UPDATE ON products
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION pd_search_products_updated();
--bun:split
-- The products already there.
WITH up AS (
    INSERT INTO product_search
    SELECT r.* FROM products p, LATERAL pd_search_row(p) r
    RETURNING substr(doc, strpos(doc, '|')) AS names
)
INSERT INTO search_words (word)
SELECT DISTINCT w FROM up, string_to_table(up.names, ' ') AS w
WHERE length(w) >= 4 AND w ~ '^[a-z]+$'
ON CONFLICT DO NOTHING;
