-- error_recovery.learned_recovery (source: errors, dialect: postgres)

-- bindings
-- :p0 = now - lookback
-- :p1 = now
-- :p2 = 4
-- :p3 = ' fixes '
-- :p4 = 1
-- :p5 = param min_fixes
-- :p6 = param auto_apply_at

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
    "src"."resolution_template_id" AS "k1",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."resolution_template_id"
    ) AS "t1",
    COUNT(*) FILTER(WHERE
      (
        "src"."resolved" <> 0
      )) AS "l0",
    COUNT(*) AS "l1",
    CAST(ROUND(
      CAST(AVG(
        CAST(CASE
          WHEN (
            "src"."resolved" <> 0
          )
          THEN CAST(1.0 AS DOUBLE PRECISION)
          ELSE CAST(0.0 AS DOUBLE PRECISION)
        END AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p2)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l2",
    (
      COALESCE(
        AP_TEXT(
          (
            SELECT
              "template"
            FROM "templates"
            WHERE
              "templates"."id" = "src"."resolution_template_id"
          )
        ),
        ''
      ) || COALESCE(AP_TEXT(CAST(%(p3)s AS TEXT)), '') || COALESCE(
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
    CAST(ROUND(
      CAST(AVG(
        CAST(CASE
          WHEN (
            "src"."resolved" <> 0
          )
          THEN CAST(1.0 AS DOUBLE PRECISION)
          ELSE CAST(0.0 AS DOUBLE PRECISION)
        END AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p2)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f1",
    COUNT(*) FILTER(WHERE
      (
        "src"."resolved" <> 0
      )) AS "f2",
    COUNT(*) AS "f3",
    CAST(ROUND(
      CAST(AVG(
        CAST(CASE
          WHEN (
            "src"."resolved" <> 0
          )
          THEN CAST(1.0 AS DOUBLE PRECISION)
          ELSE CAST(0.0 AS DOUBLE PRECISION)
        END AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p2)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f4",
    MAX("src"."error_type" COLLATE "C") AS "f5",
    CAST(ROUND(
      CAST(AVG(CAST("src"."resolution_ms" AS DOUBLE PRECISION)) FILTER(WHERE
        (
          "src"."resolved" <> 0
        )) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f6",
    MAX("src"."ts" COLLATE "C") FILTER(WHERE
      (
        "src"."resolved" <> 0
      )) AS "f7",
    CAST((
      COUNT(*) FILTER(WHERE
        (
          "src"."resolved" <> 0
        )) >= CAST(%(p5)s AS DOUBLE PRECISION)
    ) AS INT) AS "h",
    CAST((
      CAST(ROUND(
        CAST(AVG(
          CAST(CASE
            WHEN (
              "src"."resolved" <> 0
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        ) AS DECIMAL),
        AP_ROUND_DIGITS(CAST(CAST(%(p2)s AS BIGINT) AS DOUBLE PRECISION))
      ) AS DOUBLE PRECISION) >= CAST(%(p6)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    CAST(ROUND(
      CAST(AVG(
        CAST(CASE
          WHEN (
            "src"."resolved" <> 0
          )
          THEN CAST(1.0 AS DOUBLE PRECISION)
          ELSE CAST(0.0 AS DOUBLE PRECISION)
        END AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p2)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "d0_0l",
    CAST(%(p6)s AS DOUBLE PRECISION) AS "d0_0r",
    CAST(ROUND(
      CAST(AVG(
        CAST(CASE
          WHEN (
            "src"."resolved" <> 0
          )
          THEN CAST(1.0 AS DOUBLE PRECISION)
          ELSE CAST(0.0 AS DOUBLE PRECISION)
        END AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p2)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "o0",
    COUNT(*) FILTER(WHERE
      (
        "src"."resolved" <> 0
      )) AS "o1"
  FROM "error_events" AS "src"
  WHERE
    (
      (
        (
          "src"."resolution" IS NOT NULL
        ) AND (
          "src"."resolved" IS NOT NULL
        )
      )
      AND (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )
    )
  GROUP BY
    "src"."message_template_id",
    "src"."resolution_template_id"
) AS "g"
WHERE
  (
    "h" <> 0
  )
ORDER BY
  "o0" DESC NULLS LAST,
  "o1" DESC NULLS LAST,
  "k0" ASC NULLS FIRST,
  "k1" ASC NULLS FIRST;

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
    "src"."resolution_template_id" AS "k1",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."resolution_template_id"
    ) AS "t1",
    COUNT(*) FILTER(WHERE
      (
        "src"."resolved" <> 0
      )) AS "l0",
    COUNT(*) AS "l1",
    CAST(ROUND(
      CAST(AVG(
        CAST(CASE
          WHEN (
            "src"."resolved" <> 0
          )
          THEN CAST(1.0 AS DOUBLE PRECISION)
          ELSE CAST(0.0 AS DOUBLE PRECISION)
        END AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p2)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l2",
    (
      COALESCE(
        AP_TEXT(
          (
            SELECT
              "template"
            FROM "templates"
            WHERE
              "templates"."id" = "src"."resolution_template_id"
          )
        ),
        ''
      ) || COALESCE(AP_TEXT(CAST(%(p3)s AS TEXT)), '') || COALESCE(
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
    CAST(ROUND(
      CAST(AVG(
        CAST(CASE
          WHEN (
            "src"."resolved" <> 0
          )
          THEN CAST(1.0 AS DOUBLE PRECISION)
          ELSE CAST(0.0 AS DOUBLE PRECISION)
        END AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p2)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f1",
    COUNT(*) FILTER(WHERE
      (
        "src"."resolved" <> 0
      )) AS "f2",
    COUNT(*) AS "f3",
    CAST(ROUND(
      CAST(AVG(
        CAST(CASE
          WHEN (
            "src"."resolved" <> 0
          )
          THEN CAST(1.0 AS DOUBLE PRECISION)
          ELSE CAST(0.0 AS DOUBLE PRECISION)
        END AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p2)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f4",
    MAX("src"."error_type" COLLATE "C") AS "f5",
    CAST(ROUND(
      CAST(AVG(CAST("src"."resolution_ms" AS DOUBLE PRECISION)) FILTER(WHERE
        (
          "src"."resolved" <> 0
        )) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f6",
    MAX("src"."ts" COLLATE "C") FILTER(WHERE
      (
        "src"."resolved" <> 0
      )) AS "f7",
    CAST((
      COUNT(*) FILTER(WHERE
        (
          "src"."resolved" <> 0
        )) >= CAST(%(p5)s AS DOUBLE PRECISION)
    ) AS INT) AS "h",
    CAST((
      CAST(ROUND(
        CAST(AVG(
          CAST(CASE
            WHEN (
              "src"."resolved" <> 0
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        ) AS DECIMAL),
        AP_ROUND_DIGITS(CAST(CAST(%(p2)s AS BIGINT) AS DOUBLE PRECISION))
      ) AS DOUBLE PRECISION) >= CAST(%(p6)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    CAST(ROUND(
      CAST(AVG(
        CAST(CASE
          WHEN (
            "src"."resolved" <> 0
          )
          THEN CAST(1.0 AS DOUBLE PRECISION)
          ELSE CAST(0.0 AS DOUBLE PRECISION)
        END AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p2)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "d0_0l",
    CAST(%(p6)s AS DOUBLE PRECISION) AS "d0_0r",
    CAST(ROUND(
      CAST(AVG(
        CAST(CASE
          WHEN (
            "src"."resolved" <> 0
          )
          THEN CAST(1.0 AS DOUBLE PRECISION)
          ELSE CAST(0.0 AS DOUBLE PRECISION)
        END AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p2)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "o0",
    COUNT(*) FILTER(WHERE
      (
        "src"."resolved" <> 0
      )) AS "o1"
  FROM "error_events" AS "src"
  WHERE
    (
      (
        (
          "src"."resolution" IS NOT NULL
        ) AND (
          "src"."resolved" IS NOT NULL
        )
      )
      AND (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )
    )
  GROUP BY
    "src"."message_template_id",
    "src"."resolution_template_id"
) AS "g"
ORDER BY
  "o0" DESC NULLS LAST,
  "o1" DESC NULLS LAST,
  "k0" ASC NULLS FIRST,
  "k1" ASC NULLS FIRST;

-- evidence:examples
SELECT
  "src"."message" AS "v"
FROM "error_events" AS "src"
WHERE
  (
    (
      (
        "src"."resolution" IS NOT NULL
      ) AND (
        "src"."resolved" IS NOT NULL
      )
    )
    AND (
      "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
    )
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
    (
      "src"."resolution_template_id" = %(key1)s
      OR (
        "src"."resolution_template_id" IS NULL AND %(key1)s IS NULL
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

-- evidence:resolutions
SELECT
  "src"."resolution" AS "v"
FROM "error_events" AS "src"
WHERE
  (
    (
      (
        "src"."resolution" IS NOT NULL
      ) AND (
        "src"."resolved" IS NOT NULL
      )
    )
    AND (
      "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
    )
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
    (
      "src"."resolution_template_id" = %(key1)s
      OR (
        "src"."resolution_template_id" IS NULL AND %(key1)s IS NULL
      )
    )
  )
  AND (
    "src"."resolution" IS NOT NULL
  )
ORDER BY
  "src"."ts" COLLATE "C" DESC,
  "src"."resolution" COLLATE "C" DESC
LIMIT 3;

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "error_events" AS "src"
WHERE
  (
    (
      (
        "src"."resolution" IS NOT NULL
      ) AND (
        "src"."resolved" IS NOT NULL
      )
    )
    AND (
      "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
    )
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
    (
      "src"."resolution_template_id" = %(key1)s
      OR (
        "src"."resolution_template_id" IS NULL AND %(key1)s IS NULL
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
        (
          (
            "src"."resolution" IS NOT NULL
          ) AND (
            "src"."resolved" IS NOT NULL
          )
        )
        AND (
          "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
        )
      )
  );
