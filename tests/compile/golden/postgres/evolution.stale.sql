-- evolution.stale (source: executions, dialect: postgres)

-- bindings
-- :p0 = now - history
-- :p1 = now
-- :p2 = ' went stale'
-- :p3 = 'stale'
-- :p4 = 1
-- :p5 = param stale_after

-- query
SELECT
  *
FROM (
  SELECT
    "src"."pattern_id" AS "k0",
    (
      CAST(ROUND(
        EXTRACT(EPOCH FROM CAST(CAST(CAST(%(p1)s AS TEXT) AS TEXT) AS TIMESTAMPTZ)) * 1000
      ) AS DOUBLE PRECISION) - CAST(ROUND(
        EXTRACT(EPOCH FROM CAST(CAST(MAX("src"."ts" COLLATE "C") AS TEXT) AS TIMESTAMPTZ)) * 1000
      ) AS DOUBLE PRECISION)
    ) AS "l0",
    (
      COALESCE(
        AP_TEXT(
          COALESCE(
            (
              SELECT
                "n"."name"
              FROM "pattern_candidates" AS "n"
              WHERE
                "n"."id" = "src"."pattern_id"
            ),
            "src"."pattern_id"
          )
        ),
        ''
      ) || COALESCE(AP_TEXT(CAST(%(p2)s AS TEXT)), '')
    ) AS "f0",
    CAST(%(p3)s AS TEXT) AS "f1",
    "src"."pattern_id" AS "f2",
    MAX("src"."ts" COLLATE "C") AS "f3",
    CAST(ROUND(
      CAST((
        (
          CAST(ROUND(
            EXTRACT(EPOCH FROM CAST(CAST(CAST(%(p1)s AS TEXT) AS TEXT) AS TIMESTAMPTZ)) * 1000
          ) AS DOUBLE PRECISION) - CAST(ROUND(
            EXTRACT(EPOCH FROM CAST(CAST(MAX("src"."ts" COLLATE "C") AS TEXT) AS TIMESTAMPTZ)) * 1000
          ) AS DOUBLE PRECISION)
        ) / CAST(86400000.0 AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f4",
    COUNT(*) AS "f5",
    1 AS "h",
    CAST((
      (
        CAST(ROUND(
          EXTRACT(EPOCH FROM CAST(CAST(CAST(%(p1)s AS TEXT) AS TEXT) AS TIMESTAMPTZ)) * 1000
        ) AS DOUBLE PRECISION) - CAST(ROUND(
          EXTRACT(EPOCH FROM CAST(CAST(MAX("src"."ts" COLLATE "C") AS TEXT) AS TIMESTAMPTZ)) * 1000
        ) AS DOUBLE PRECISION)
      ) >= CAST(%(p5)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    (
      CAST(ROUND(
        EXTRACT(EPOCH FROM CAST(CAST(CAST(%(p1)s AS TEXT) AS TEXT) AS TIMESTAMPTZ)) * 1000
      ) AS DOUBLE PRECISION) - CAST(ROUND(
        EXTRACT(EPOCH FROM CAST(CAST(MAX("src"."ts" COLLATE "C") AS TEXT) AS TIMESTAMPTZ)) * 1000
      ) AS DOUBLE PRECISION)
    ) AS "d0_0l",
    CAST(%(p5)s AS DOUBLE PRECISION) AS "d0_0r",
    (
      CAST(ROUND(
        EXTRACT(EPOCH FROM CAST(CAST(CAST(%(p1)s AS TEXT) AS TEXT) AS TIMESTAMPTZ)) * 1000
      ) AS DOUBLE PRECISION) - CAST(ROUND(
        EXTRACT(EPOCH FROM CAST(CAST(MAX("src"."ts" COLLATE "C") AS TEXT) AS TIMESTAMPTZ)) * 1000
      ) AS DOUBLE PRECISION)
    ) AS "o0"
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
    (
      CAST(ROUND(
        EXTRACT(EPOCH FROM CAST(CAST(CAST(%(p1)s AS TEXT) AS TEXT) AS TIMESTAMPTZ)) * 1000
      ) AS DOUBLE PRECISION) - CAST(ROUND(
        EXTRACT(EPOCH FROM CAST(CAST(MAX("src"."ts" COLLATE "C") AS TEXT) AS TIMESTAMPTZ)) * 1000
      ) AS DOUBLE PRECISION)
    ) AS "l0",
    (
      COALESCE(
        AP_TEXT(
          COALESCE(
            (
              SELECT
                "n"."name"
              FROM "pattern_candidates" AS "n"
              WHERE
                "n"."id" = "src"."pattern_id"
            ),
            "src"."pattern_id"
          )
        ),
        ''
      ) || COALESCE(AP_TEXT(CAST(%(p2)s AS TEXT)), '')
    ) AS "f0",
    CAST(%(p3)s AS TEXT) AS "f1",
    "src"."pattern_id" AS "f2",
    MAX("src"."ts" COLLATE "C") AS "f3",
    CAST(ROUND(
      CAST((
        (
          CAST(ROUND(
            EXTRACT(EPOCH FROM CAST(CAST(CAST(%(p1)s AS TEXT) AS TEXT) AS TIMESTAMPTZ)) * 1000
          ) AS DOUBLE PRECISION) - CAST(ROUND(
            EXTRACT(EPOCH FROM CAST(CAST(MAX("src"."ts" COLLATE "C") AS TEXT) AS TIMESTAMPTZ)) * 1000
          ) AS DOUBLE PRECISION)
        ) / CAST(86400000.0 AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f4",
    COUNT(*) AS "f5",
    1 AS "h",
    CAST((
      (
        CAST(ROUND(
          EXTRACT(EPOCH FROM CAST(CAST(CAST(%(p1)s AS TEXT) AS TEXT) AS TIMESTAMPTZ)) * 1000
        ) AS DOUBLE PRECISION) - CAST(ROUND(
          EXTRACT(EPOCH FROM CAST(CAST(MAX("src"."ts" COLLATE "C") AS TEXT) AS TIMESTAMPTZ)) * 1000
        ) AS DOUBLE PRECISION)
      ) >= CAST(%(p5)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    (
      CAST(ROUND(
        EXTRACT(EPOCH FROM CAST(CAST(CAST(%(p1)s AS TEXT) AS TEXT) AS TIMESTAMPTZ)) * 1000
      ) AS DOUBLE PRECISION) - CAST(ROUND(
        EXTRACT(EPOCH FROM CAST(CAST(MAX("src"."ts" COLLATE "C") AS TEXT) AS TIMESTAMPTZ)) * 1000
      ) AS DOUBLE PRECISION)
    ) AS "d0_0l",
    CAST(%(p5)s AS DOUBLE PRECISION) AS "d0_0r",
    (
      CAST(ROUND(
        EXTRACT(EPOCH FROM CAST(CAST(CAST(%(p1)s AS TEXT) AS TEXT) AS TIMESTAMPTZ)) * 1000
      ) AS DOUBLE PRECISION) - CAST(ROUND(
        EXTRACT(EPOCH FROM CAST(CAST(MAX("src"."ts" COLLATE "C") AS TEXT) AS TIMESTAMPTZ)) * 1000
      ) AS DOUBLE PRECISION)
    ) AS "o0"
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
