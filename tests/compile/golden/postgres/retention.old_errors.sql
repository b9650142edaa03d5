-- retention.old_errors (source: errors, dialect: postgres)

-- bindings
-- :p0 = now - keep_errors
-- :p1 = 'resolved'
-- :p2 = param min_rows

-- query
SELECT
  *
FROM (
  SELECT
    COUNT(*) AS "f0",
    MIN("src"."ts" COLLATE "C") AS "f1",
    1 AS "h",
    CAST((
      COUNT(*) >= CAST(%(p2)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    COUNT(*) AS "d0_0l",
    CAST(%(p2)s AS DOUBLE PRECISION) AS "d0_0r"
  FROM "error_events" AS "src"
  WHERE
    (
      (
        "src"."ts" <= CAST(%(p0)s AS TEXT)
      )
      AND (
        (
          (
            SELECT
              "error_patterns"."status"
            FROM "error_patterns"
            WHERE
              "error_patterns"."message_template_id" = "src"."message_template_id"
            ORDER BY
              CAST("error_patterns"."status" = 'active' AS INT) DESC NULLS LAST
            LIMIT 1
          ) IS NULL
        )
        OR (
          (
            SELECT
              "error_patterns"."status"
            FROM "error_patterns"
            WHERE
              "error_patterns"."message_template_id" = "src"."message_template_id"
            ORDER BY
              CAST("error_patterns"."status" = 'active' AS INT) DESC NULLS LAST
            LIMIT 1
          ) = CAST(%(p1)s AS TEXT)
        )
      )
    )
) AS "g"
WHERE
  (
    "h" <> 0
  );

-- explain
SELECT
  *
FROM (
  SELECT
    COUNT(*) AS "f0",
    MIN("src"."ts" COLLATE "C") AS "f1",
    1 AS "h",
    CAST((
      COUNT(*) >= CAST(%(p2)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    COUNT(*) AS "d0_0l",
    CAST(%(p2)s AS DOUBLE PRECISION) AS "d0_0r"
  FROM "error_events" AS "src"
  WHERE
    (
      (
        "src"."ts" <= CAST(%(p0)s AS TEXT)
      )
      AND (
        (
          (
            SELECT
              "error_patterns"."status"
            FROM "error_patterns"
            WHERE
              "error_patterns"."message_template_id" = "src"."message_template_id"
            ORDER BY
              CAST("error_patterns"."status" = 'active' AS INT) DESC NULLS LAST
            LIMIT 1
          ) IS NULL
        )
        OR (
          (
            SELECT
              "error_patterns"."status"
            FROM "error_patterns"
            WHERE
              "error_patterns"."message_template_id" = "src"."message_template_id"
            ORDER BY
              CAST("error_patterns"."status" = 'active' AS INT) DESC NULLS LAST
            LIMIT 1
          ) = CAST(%(p1)s AS TEXT)
        )
      )
    )
) AS "g";

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "error_events" AS "src"
WHERE
  (
    (
      "src"."ts" <= CAST(%(p0)s AS TEXT)
    )
    AND (
      (
        (
          SELECT
            "error_patterns"."status"
          FROM "error_patterns"
          WHERE
            "error_patterns"."message_template_id" = "src"."message_template_id"
          ORDER BY
            CAST("error_patterns"."status" = 'active' AS INT) DESC NULLS LAST
          LIMIT 1
        ) IS NULL
      )
      OR (
        (
          SELECT
            "error_patterns"."status"
          FROM "error_patterns"
          WHERE
            "error_patterns"."message_template_id" = "src"."message_template_id"
          ORDER BY
            CAST("error_patterns"."status" = 'active' AS INT) DESC NULLS LAST
          LIMIT 1
        ) = CAST(%(p1)s AS TEXT)
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
          "src"."ts" <= CAST(%(p0)s AS TEXT)
        )
        AND (
          (
            (
              SELECT
                "error_patterns"."status"
              FROM "error_patterns"
              WHERE
                "error_patterns"."message_template_id" = "src"."message_template_id"
              ORDER BY
                CAST("error_patterns"."status" = 'active' AS INT) DESC NULLS LAST
              LIMIT 1
            ) IS NULL
          )
          OR (
            (
              SELECT
                "error_patterns"."status"
              FROM "error_patterns"
              WHERE
                "error_patterns"."message_template_id" = "src"."message_template_id"
              ORDER BY
                CAST("error_patterns"."status" = 'active' AS INT) DESC NULLS LAST
              LIMIT 1
            ) = CAST(%(p1)s AS TEXT)
          )
        )
      )
  );
