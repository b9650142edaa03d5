-- The functions autopattern's compiled SQL calls on PostgreSQL, created inside the
-- database so every catalog function runs in the query (no round trip to Python per row).
-- SQLite gets the same functions registered on its connection (engine/evaluate/sqlfunctions.py);
-- each here gives the same answers as its SQLite twin.
--
-- Executed by the PostgreSQL migrations on every upgrade: idempotent (CREATE OR REPLACE),
-- no DROP, no data. The compiler (engine/compile/nodes.py) decides where each is called.

-- Scalar MIN / MAX of SQLite: null when any argument is null (LEAST / GREATEST skip nulls).
CREATE OR REPLACE FUNCTION ap_least(a double precision, b double precision)
RETURNS double precision LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT CASE WHEN a <= b THEN a ELSE b END $$;

CREATE OR REPLACE FUNCTION ap_greatest(a double precision, b double precision)
RETURNS double precision LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT CASE WHEN a >= b THEN a ELSE b END $$;

-- Square root of a value clamped at 0 (rounding can leave a variance of -1e-17).
CREATE OR REPLACE FUNCTION ap_sqrt(x double precision)
RETURNS double precision LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT sqrt(CASE WHEN x > 0 THEN x ELSE 0 END) $$;

-- round(x, n): the digits as SQLite's round() reads them: truncated to a 64-bit integer,
-- then to a C int (its low 32 bits), then kept within 0..30 (so 0.9 is 0, and a huge
-- or negative n is 0). NUMERIC's round would round 0.9 up and refuse a huge n.
CREATE OR REPLACE FUNCTION ap_round_digits(n double precision)
RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT CASE WHEN w < 0 THEN 0 WHEN w > 30 THEN 30 ELSE w::integer END
    FROM (SELECT CASE WHEN m >= 2147483648 THEN m - 4294967296 ELSE m END AS w
          FROM (SELECT ((v % 4294967296) + 4294967296) % 4294967296 AS m
                FROM (SELECT trunc(CASE WHEN n > 9.2e18 THEN 9.2e18 WHEN n < -9.2e18 THEN -9.2e18
                                        ELSE n END)::bigint AS v) AS a) AS b) AS c
$$;

-- Values as text the way SQLite turns them into text (concat): integers and text as
-- they are, a double with 15 significant digits, always with a decimal point or an
-- exponent ("1.0", "0.3", "1.0e+20"), as SQLite's printf("%!.15g") does.
CREATE OR REPLACE FUNCTION ap_text(x double precision)
RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
    e integer;
    digits text;
    mantissa numeric;
BEGIN
    IF x = 0 THEN
        RETURN '0.0';
    ELSIF x = 'Infinity'::double precision THEN
        RETURN 'Inf';
    ELSIF x = '-Infinity'::double precision THEN
        RETURN '-Inf';
    ELSIF x <> x THEN
        RETURN NULL;
    END IF;
    e := floor(log(abs(x::numeric)));
    mantissa := round(x::numeric / power(10::numeric, e), 14);
    IF abs(mantissa) >= 10 THEN          -- rounding carried into a new digit
        e := e + 1;
        mantissa := round(x::numeric / power(10::numeric, e), 14);
    END IF;
    IF e < -4 OR e >= 15 THEN
        digits := rtrim(rtrim(mantissa::text, '0'), '.');
        IF position('.' IN digits) = 0 THEN
            digits := digits || '.0';
        END IF;
        RETURN digits || 'e' || CASE WHEN e < 0 THEN '-' ELSE '+' END || lpad(abs(e)::text, 2, '0');
    END IF;
    digits := round(x::numeric, 14 - e)::text;
    IF position('.' IN digits) > 0 THEN
        digits := rtrim(rtrim(digits, '0'), '.');
    END IF;
    IF position('.' IN digits) = 0 THEN
        digits := digits || '.0';
    END IF;
    RETURN digits;
END
$$;

CREATE OR REPLACE FUNCTION ap_text(x bigint)
RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT x::text $$;

CREATE OR REPLACE FUNCTION ap_text(x integer)
RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT x::text $$;

CREATE OR REPLACE FUNCTION ap_text(x numeric)
RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT x::text $$;

CREATE OR REPLACE FUNCTION ap_text(x text)
RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT x $$;

-- Values as text the way Python's str() renders what SQLite hands to ap_slug: a double
-- in its shortest exact form, "3.0" for a whole one (PostgreSQL's own output is "3").
CREATE OR REPLACE FUNCTION ap_pytext(x double precision)
RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT CASE WHEN x::text ~ '^-?[0-9]+$' THEN x::text || '.0'
                  WHEN x = 'Infinity'::double precision THEN 'inf'
                  WHEN x = '-Infinity'::double precision THEN '-inf'
                  WHEN x <> x THEN 'nan'
                  ELSE x::text END $$;

CREATE OR REPLACE FUNCTION ap_pytext(x bigint)
RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT x::text $$;

CREATE OR REPLACE FUNCTION ap_pytext(x integer)
RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT x::text $$;

CREATE OR REPLACE FUNCTION ap_pytext(x numeric)
RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT x::text $$;

CREATE OR REPLACE FUNCTION ap_pytext(x text)
RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT x $$;

-- slug(...): the non-empty arguments joined by spaces, lower-cased, every run of
-- characters other than a-z and 0-9 turned into one dash, trimmed of dashes, at most 80
-- characters (then trimmed again); 'unnamed' when nothing is left.
CREATE OR REPLACE FUNCTION ap_slug(VARIADIC parts text[])
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT COALESCE(NULLIF(
        btrim(left(btrim(regexp_replace(lower(
            COALESCE((SELECT string_agg(p, ' ' ORDER BY i)
                      FROM unnest(parts) WITH ORDINALITY AS u(p, i)
                      WHERE p IS NOT NULL AND p <> ''), '')),
            '[^a-z0-9]+', '-', 'g'), '-'), 80), '-'),
        ''), 'unnamed')
$$;

-- burst(ts, width): the most values that fall within one window of `width` (sliding).
-- The compiler calls it through the aggregate ap_burst_within below (which takes the
-- rule's filter); this sorts the values once and moves two pointers, as the SQLite
-- aggregate does. Nulls are skipped; no values give 0.
CREATE OR REPLACE FUNCTION ap_burst(vals double precision[], width double precision)
RETURNS bigint LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
    sorted double precision[];
    best bigint := 0;
    lo integer := 1;
    n integer;
BEGIN
    SELECT array_agg(v ORDER BY v) INTO sorted FROM unnest(vals) AS v WHERE v IS NOT NULL;
    n := COALESCE(array_length(sorted, 1), 0);
    FOR hi IN 1 .. n LOOP
        WHILE sorted[hi] - sorted[lo] > COALESCE(width, 0) LOOP
            lo := lo + 1;
        END LOOP;
        IF hi - lo + 1 > best THEN
            best := hi - lo + 1;
        END IF;
    END LOOP;
    RETURN best;
END
$$;

-- burst(ts, width) as one aggregate: ap_burst_within(width) WITHIN GROUP (ORDER BY ts),
-- which collects the group's values and hands them to ap_burst. A rule names burst in
-- its having, lets, fields and decisions; PostgreSQL computes identical aggregates of a
-- query once, but a function applied to an aggregate (ap_burst(array_agg(...))) once per
-- mention (file_patterns.similar_files: nine times). The width is a direct argument of
-- this ordered-set aggregate, so the final function gets its value; the values arrive
-- unsorted (ap_burst sorts them).
CREATE OR REPLACE FUNCTION ap_burst_final(vals double precision[], width double precision, v double precision)
RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT ap_burst(vals, width) $$;

CREATE OR REPLACE AGGREGATE ap_burst_within(double precision ORDER BY double precision) (
    SFUNC = array_append, STYPE = double precision[], FINALFUNC = ap_burst_final, FINALFUNC_EXTRA
);

-- percentile(x, p) is PostgreSQL's own percentile_cont (the same linear interpolation
-- as SQLite's ap_percentile); median is percentile_cont(0.5).
