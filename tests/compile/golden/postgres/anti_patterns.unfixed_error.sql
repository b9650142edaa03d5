-- anti_patterns.unfixed_error (source: errors, dialect: postgres)

-- bindings
-- :p0 = now - lookback
-- :p1 = now
-- :p2 = 'unfixed error: '
-- :p3 = 1
-- :p4 = 4
-- :p5 = 'This error occurred '
-- :p6 = ' times in the lookback and no'
-- :p7 = ' resolution ever fixed it: find the root cause (see the examples) and'
-- :p8 = ' report the fix as a resolution so a self-heal can be learned.'
-- :p9 = param min_errors
-- :p10 = 0

-- query
SELECT
  *
FROM (
  SELECT
    "src"."message_template_id" AS "k0",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."message_template_id"
    ) AS "t0",
    COUNT(*) AS "l0",
    (
      COALESCE(AP_TEXT(CAST(%(p2)s AS TEXT)), '') || COALESCE(
        AP_TEXT(
          (
            SELECT
              "template"
            FROM "templates"
            WHERE
              "templates"."id" = "src"."message_template_id"
          )
        ),
        ''
      )
    ) AS "f0",
    COUNT(*) AS "f1",
    COUNT(*) AS "f2",
    CAST(ROUND(
      CAST((
        CAST(%(p3)s AS BIGINT) - AVG(
          CAST(CASE
            WHEN (
              "src"."resolved" <> 0
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f3",
    COUNT(*) FILTER(WHERE
      (
        "src"."resolution" IS NOT NULL
      )) AS "f4",
    MAX("src"."error_type" COLLATE "C") AS "f5",
    MAX("src"."ts" COLLATE "C") AS "f6",
    (
      COALESCE(AP_TEXT(CAST(%(p5)s AS TEXT)), '') || COALESCE(AP_TEXT(COUNT(*)), '') || COALESCE(AP_TEXT(CAST(%(p6)s AS TEXT)), '') || COALESCE(AP_TEXT(CAST(%(p7)s AS TEXT)), '') || COALESCE(AP_TEXT(CAST(%(p8)s AS TEXT)), '')
    ) AS "f8",
    CAST((
      (
        COUNT(*) >= CAST(%(p9)s AS DOUBLE PRECISION)
      )
      AND (
        COUNT(*) FILTER(WHERE
          (
            "src"."resolved" <> 0
          )) = CAST(%(p10)s AS BIGINT)
      )
    ) AS INT) AS "h",
    CAST((
      COUNT(*) >= CAST(%(p9)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    COUNT(*) AS "d0_0l",
    CAST(%(p9)s AS DOUBLE PRECISION) AS "d0_0r",
    COUNT(*) AS "o0"
  FROM "error_events" AS "src"
  WHERE
    (
      "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
    )
  GROUP BY
    "src"."message_template_id"
) AS "g"
WHERE
  (
    "h" <> 0
  )
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" ASC NULLS FIRST;

-- explain
SELECT
  *
FROM (
  SELECT
    "src"."message_template_id" AS "k0",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."message_template_id"
    ) AS "t0",
    COUNT(*) AS "l0",
    (
      COALESCE(AP_TEXT(CAST(%(p2)s AS TEXT)), '') || COALESCE(
        AP_TEXT(
          (
            SELECT
              "template"
            FROM "templates"
            WHERE
              "templates"."id" = "src"."message_template_id"
          )
        ),
        ''
      )
    ) AS "f0",
    COUNT(*) AS "f1",
    COUNT(*) AS "f2",
    CAST(ROUND(
      CAST((
        CAST(%(p3)s AS BIGINT) - AVG(
          CAST(CASE
            WHEN (
              "src"."resolved" <> 0
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f3",
    COUNT(*) FILTER(WHERE
      (
        "src"."resolution" IS NOT NULL
      )) AS "f4",
    MAX("src"."error_type" COLLATE "C") AS "f5",
    MAX("src"."ts" COLLATE "C") AS "f6",
    (
      COALESCE(AP_TEXT(CAST(%(p5)s AS TEXT)), '') || COALESCE(AP_TEXT(COUNT(*)), '') || COALESCE(AP_TEXT(CAST(%(p6)s AS TEXT)), '') || COALESCE(AP_TEXT(CAST(%(p7)s AS TEXT)), '') || COALESCE(AP_TEXT(CAST(%(p8)s AS TEXT)), '')
    ) AS "f8",
    CAST((
      (
        COUNT(*) >= CAST(%(p9)s AS DOUBLE PRECISION)
      )
      AND (
        COUNT(*) FILTER(WHERE
          (
            "src"."resolved" <> 0
          )) = CAST(%(p10)s AS BIGINT)
      )
    ) AS INT) AS "h",
    CAST((
      COUNT(*) >= CAST(%(p9)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    COUNT(*) AS "d0_0l",
    CAST(%(p9)s AS DOUBLE PRECISION) AS "d0_0r",
    COUNT(*) AS "o0"
  FROM "error_events" AS "src"
  WHERE
    (
      "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
    )
  GROUP BY
    "src"."message_template_id"
) AS "g"
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" ASC NULLS FIRST;

-- evidence:examples
SELECT
  "src"."message" AS "v"
FROM "error_events" AS "src"
WHERE
  (
    "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
  )
  AND (
    (
      "src"."message_template_id" = %(key0)s
      OR (
        "src"."message_template_id" IS NULL AND %(key0)s IS NULL
      )
    )
  )
  AND (
    "src"."message" IS NOT NULL
  )
ORDER BY
  "src"."ts" COLLATE "C" DESC,
  "src"."message" COLLATE "C" DESC
LIMIT 3;

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "error_events" AS "src"
WHERE
  (
    "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
  )
  AND (
    (
      "src"."message_template_id" = %(key0)s
      OR (
        "src"."message_template_id" IS NULL AND %(key0)s IS NULL
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
DELETE FROM "error_events"
WHERE
  "seq" IN (
    SELECT
      "src"."seq"
    FROM "error_events" AS "src"
    WHERE
      (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )
  );
