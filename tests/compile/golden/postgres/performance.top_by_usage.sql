-- performance.top_by_usage (source: executions, dialect: postgres)

-- bindings
-- :p0 = now - period
-- :p1 = now
-- :p2 = 'success'
-- :p3 = 4
-- :p4 = 1

-- query
SELECT
  *
FROM (
  SELECT
    "src"."pattern_id" AS "k0",
    COUNT(*) AS "f0",
    CAST(ROUND(
      CAST(AVG(
        CAST(CASE
          WHEN (
            "src"."status" = CAST(%(p2)s AS TEXT)
          )
          THEN CAST(1.0 AS DOUBLE PRECISION)
          ELSE CAST(0.0 AS DOUBLE PRECISION)
        END AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p3)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f1",
    CAST(ROUND(
      CAST(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f2",
    COUNT(DISTINCT "src"."actor") AS "f3",
    1 AS "h",
    COUNT(*) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        "src"."pattern_id" IS NOT NULL
      )
      AND (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )
    )
  GROUP BY
    "src"."pattern_id"
) AS "g"
WHERE
  (
    "h" <> 0
  )
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" COLLATE "C" ASC NULLS FIRST;

-- explain
SELECT
  *
FROM (
  SELECT
    "src"."pattern_id" AS "k0",
    COUNT(*) AS "f0",
    CAST(ROUND(
      CAST(AVG(
        CAST(CASE
          WHEN (
            "src"."status" = CAST(%(p2)s AS TEXT)
          )
          THEN CAST(1.0 AS DOUBLE PRECISION)
          ELSE CAST(0.0 AS DOUBLE PRECISION)
        END AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p3)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f1",
    CAST(ROUND(
      CAST(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f2",
    COUNT(DISTINCT "src"."actor") AS "f3",
    1 AS "h",
    COUNT(*) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        "src"."pattern_id" IS NOT NULL
      )
      AND (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )
    )
  GROUP BY
    "src"."pattern_id"
) AS "g"
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" COLLATE "C" ASC NULLS FIRST;

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "execution_logs" AS "src"
WHERE
  (
    (
      "src"."pattern_id" IS NOT NULL
    )
    AND (
      "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
    )
  )
  AND (
    (
      "src"."pattern_id" = %(key0)s
      OR (
        "src"."pattern_id" IS NULL AND %(key0)s IS NULL
      )
    )
  )
  AND (
    "src"."id" IS NOT NULL
  )
ORDER BY
  "src"."ts" COLLATE "C" DESC,
  "src"."id" COLLATE "C" DESC
LIMIT 10;

-- retention
DELETE FROM "execution_logs"
WHERE
  "seq" IN (
    SELECT
      "src"."seq"
    FROM "execution_logs" AS "src"
    WHERE
      (
        (
          "src"."pattern_id" IS NOT NULL
        )
        AND (
          "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
        )
      )
  );
