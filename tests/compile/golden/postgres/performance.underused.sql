-- performance.underused (source: pattern_usage, dialect: postgres)

-- bindings
-- :p0 = 'approved'
-- :p1 = now - period
-- :p2 = now
-- :p3 = 1
-- :p4 = 'approved patterns older than grace used fewer than min_weekly_uses times this period'
-- :p5 = param min_weekly_uses
-- :p6 = param grace

-- query
SELECT
  *
FROM (
  SELECT
    "p"."id" AS "k0",
    "p"."name" AS "k1",
    COUNT("src"."id") FILTER(WHERE
      (
        "src"."ts" > CAST(%(p1)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
      )) AS "f0",
    COUNT("src"."id") AS "f1",
    CAST(ROUND(
      CAST((
        (
          CAST(ROUND(
            EXTRACT(EPOCH FROM CAST(CAST(CAST(%(p2)s AS TEXT) AS TEXT) AS TIMESTAMPTZ)) * 1000
          ) AS DOUBLE PRECISION) - CAST(ROUND(
            EXTRACT(EPOCH FROM CAST(CAST(MAX("p"."created" COLLATE "C") AS TEXT) AS TIMESTAMPTZ)) * 1000
          ) AS DOUBLE PRECISION)
        ) / CAST(86400000.0 AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p3)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f2",
    CAST(%(p4)s AS TEXT) AS "f3",
    CAST((
      (
        COUNT("src"."id") FILTER(WHERE
          (
            "src"."ts" > CAST(%(p1)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
          )) < CAST(%(p5)s AS DOUBLE PRECISION)
      )
      AND (
        (
          CAST(ROUND(
            EXTRACT(EPOCH FROM CAST(CAST(CAST(%(p2)s AS TEXT) AS TEXT) AS TIMESTAMPTZ)) * 1000
          ) AS DOUBLE PRECISION) - CAST(ROUND(
            EXTRACT(EPOCH FROM CAST(CAST(MAX("p"."created" COLLATE "C") AS TEXT) AS TIMESTAMPTZ)) * 1000
          ) AS DOUBLE PRECISION)
        ) >= CAST(%(p6)s AS DOUBLE PRECISION)
      )
    ) AS INT) AS "h",
    COUNT("src"."id") FILTER(WHERE
      (
        "src"."ts" > CAST(%(p1)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
      )) AS "o0"
  FROM "pattern_candidates" AS "p"
  LEFT JOIN "execution_logs" AS "src"
    ON "src"."pattern_id" = "p"."id"
  WHERE
    (
      "p"."status" = CAST(%(p0)s AS TEXT)
    )
  GROUP BY
    "p"."id",
    "p"."name"
) AS "g"
WHERE
  (
    "h" <> 0
  )
ORDER BY
  "o0" ASC NULLS FIRST,
  "k0" COLLATE "C" ASC NULLS FIRST,
  "k1" COLLATE "C" ASC NULLS FIRST;

-- explain
SELECT
  *
FROM (
  SELECT
    "p"."id" AS "k0",
    "p"."name" AS "k1",
    COUNT("src"."id") FILTER(WHERE
      (
        "src"."ts" > CAST(%(p1)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
      )) AS "f0",
    COUNT("src"."id") AS "f1",
    CAST(ROUND(
      CAST((
        (
          CAST(ROUND(
            EXTRACT(EPOCH FROM CAST(CAST(CAST(%(p2)s AS TEXT) AS TEXT) AS TIMESTAMPTZ)) * 1000
          ) AS DOUBLE PRECISION) - CAST(ROUND(
            EXTRACT(EPOCH FROM CAST(CAST(MAX("p"."created" COLLATE "C") AS TEXT) AS TIMESTAMPTZ)) * 1000
          ) AS DOUBLE PRECISION)
        ) / CAST(86400000.0 AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p3)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f2",
    CAST(%(p4)s AS TEXT) AS "f3",
    CAST((
      (
        COUNT("src"."id") FILTER(WHERE
          (
            "src"."ts" > CAST(%(p1)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
          )) < CAST(%(p5)s AS DOUBLE PRECISION)
      )
      AND (
        (
          CAST(ROUND(
            EXTRACT(EPOCH FROM CAST(CAST(CAST(%(p2)s AS TEXT) AS TEXT) AS TIMESTAMPTZ)) * 1000
          ) AS DOUBLE PRECISION) - CAST(ROUND(
            EXTRACT(EPOCH FROM CAST(CAST(MAX("p"."created" COLLATE "C") AS TEXT) AS TIMESTAMPTZ)) * 1000
          ) AS DOUBLE PRECISION)
        ) >= CAST(%(p6)s AS DOUBLE PRECISION)
      )
    ) AS INT) AS "h",
    COUNT("src"."id") FILTER(WHERE
      (
        "src"."ts" > CAST(%(p1)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
      )) AS "o0"
  FROM "pattern_candidates" AS "p"
  LEFT JOIN "execution_logs" AS "src"
    ON "src"."pattern_id" = "p"."id"
  WHERE
    (
      "p"."status" = CAST(%(p0)s AS TEXT)
    )
  GROUP BY
    "p"."id",
    "p"."name"
) AS "g"
ORDER BY
  "o0" ASC NULLS FIRST,
  "k0" COLLATE "C" ASC NULLS FIRST,
  "k1" COLLATE "C" ASC NULLS FIRST;

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "pattern_candidates" AS "p"
LEFT JOIN "execution_logs" AS "src"
  ON "src"."pattern_id" = "p"."id"
WHERE
  (
    "p"."status" = CAST(%(p0)s AS TEXT)
  )
  AND (
    (
      "p"."id" = %(key0)s OR (
        "p"."id" IS NULL AND %(key0)s IS NULL
      )
    )
  )
  AND (
    (
      "p"."name" = %(key1)s OR (
        "p"."name" IS NULL AND %(key1)s IS NULL
      )
    )
  )
  AND (
    "src"."id" IS NOT NULL
  )
ORDER BY
  "src"."ts" COLLATE "C" DESC NULLS LAST,
  "src"."id" COLLATE "C" DESC
LIMIT 10;
