-- retention.old_errors (source: errors, dialect: sqlite)

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
    MIN("src"."ts") AS "f1",
    1 AS "h",
    (
      COUNT(*) >= :p2
    ) AS "d0",
    COUNT(*) AS "d0_0l",
    :p2 AS "d0_0r"
  FROM "error_events" AS "src"
  WHERE
    (
      (
        "src"."ts" <= :p0
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
              "error_patterns"."status" = 'active' DESC
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
              "error_patterns"."status" = 'active' DESC
            LIMIT 1
          ) = :p1
        )
      )
    )
) AS "g"
WHERE
  "h";

-- explain
SELECT
  *
FROM (
  SELECT
    COUNT(*) AS "f0",
    MIN("src"."ts") AS "f1",
    1 AS "h",
    (
      COUNT(*) >= :p2
    ) AS "d0",
    COUNT(*) AS "d0_0l",
    :p2 AS "d0_0r"
  FROM "error_events" AS "src"
  WHERE
    (
      (
        "src"."ts" <= :p0
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
              "error_patterns"."status" = 'active' DESC
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
              "error_patterns"."status" = 'active' DESC
            LIMIT 1
          ) = :p1
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
      "src"."ts" <= :p0
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
            "error_patterns"."status" = 'active' DESC
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
            "error_patterns"."status" = 'active' DESC
          LIMIT 1
        ) = :p1
      )
    )
  )
  AND (
    "src"."id" IS NOT NULL
  )
ORDER BY
  "src"."ts" DESC,
  "src"."id" DESC
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
          "src"."ts" <= :p0
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
                "error_patterns"."status" = 'active' DESC
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
                "error_patterns"."status" = 'active' DESC
              LIMIT 1
            ) = :p1
          )
        )
      )
  );
