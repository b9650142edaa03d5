-- error_recovery.learned_recovery (source: errors, dialect: sqlite)

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
      "src"."resolved") AS "l0",
    COUNT(*) AS "l1",
    ROUND(AVG(CASE WHEN "src"."resolved" THEN 1.0 ELSE 0.0 END), :p2) AS "l2",
    (
      COALESCE(
        (
          SELECT
            "template"
          FROM "templates"
          WHERE
            "templates"."id" = "src"."resolution_template_id"
        ),
        ''
      ) || COALESCE(:p3, '') || COALESCE(
        (
          SELECT
            "template"
          FROM "templates"
          WHERE
            "templates"."id" = "src"."message_template_id"
        ),
        ''
      )
    ) AS "f0",
    ROUND(AVG(CASE WHEN "src"."resolved" THEN 1.0 ELSE 0.0 END), :p2) AS "f1",
    COUNT(*) FILTER(WHERE
      "src"."resolved") AS "f2",
    COUNT(*) AS "f3",
    ROUND(AVG(CASE WHEN "src"."resolved" THEN 1.0 ELSE 0.0 END), :p2) AS "f4",
    MAX("src"."error_type") AS "f5",
    ROUND(AVG("src"."resolution_ms") FILTER(WHERE
      "src"."resolved"), :p4) AS "f6",
    MAX("src"."ts") FILTER(WHERE
      "src"."resolved") AS "f7",
    (
      COUNT(*) FILTER(WHERE
        "src"."resolved") >= :p5
    ) AS "h",
    (
      ROUND(AVG(CASE WHEN "src"."resolved" THEN 1.0 ELSE 0.0 END), :p2) >= :p6
    ) AS "d0",
    ROUND(AVG(CASE WHEN "src"."resolved" THEN 1.0 ELSE 0.0 END), :p2) AS "d0_0l",
    :p6 AS "d0_0r",
    ROUND(AVG(CASE WHEN "src"."resolved" THEN 1.0 ELSE 0.0 END), :p2) AS "o0",
    COUNT(*) FILTER(WHERE
      "src"."resolved") AS "o1"
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
        "src"."ts" > :p0 AND "src"."ts" <= :p1
      )
    )
  GROUP BY
    "src"."message_template_id",
    "src"."resolution_template_id"
) AS "g"
WHERE
  "h"
ORDER BY
  "o0" DESC,
  "o1" DESC,
  "k0" ASC,
  "k1" ASC;

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
      "src"."resolved") AS "l0",
    COUNT(*) AS "l1",
    ROUND(AVG(CASE WHEN "src"."resolved" THEN 1.0 ELSE 0.0 END), :p2) AS "l2",
    (
      COALESCE(
        (
          SELECT
            "template"
          FROM "templates"
          WHERE
            "templates"."id" = "src"."resolution_template_id"
        ),
        ''
      ) || COALESCE(:p3, '') || COALESCE(
        (
          SELECT
            "template"
          FROM "templates"
          WHERE
            "templates"."id" = "src"."message_template_id"
        ),
        ''
      )
    ) AS "f0",
    ROUND(AVG(CASE WHEN "src"."resolved" THEN 1.0 ELSE 0.0 END), :p2) AS "f1",
    COUNT(*) FILTER(WHERE
      "src"."resolved") AS "f2",
    COUNT(*) AS "f3",
    ROUND(AVG(CASE WHEN "src"."resolved" THEN 1.0 ELSE 0.0 END), :p2) AS "f4",
    MAX("src"."error_type") AS "f5",
    ROUND(AVG("src"."resolution_ms") FILTER(WHERE
      "src"."resolved"), :p4) AS "f6",
    MAX("src"."ts") FILTER(WHERE
      "src"."resolved") AS "f7",
    (
      COUNT(*) FILTER(WHERE
        "src"."resolved") >= :p5
    ) AS "h",
    (
      ROUND(AVG(CASE WHEN "src"."resolved" THEN 1.0 ELSE 0.0 END), :p2) >= :p6
    ) AS "d0",
    ROUND(AVG(CASE WHEN "src"."resolved" THEN 1.0 ELSE 0.0 END), :p2) AS "d0_0l",
    :p6 AS "d0_0r",
    ROUND(AVG(CASE WHEN "src"."resolved" THEN 1.0 ELSE 0.0 END), :p2) AS "o0",
    COUNT(*) FILTER(WHERE
      "src"."resolved") AS "o1"
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
        "src"."ts" > :p0 AND "src"."ts" <= :p1
      )
    )
  GROUP BY
    "src"."message_template_id",
    "src"."resolution_template_id"
) AS "g"
ORDER BY
  "o0" DESC,
  "o1" DESC,
  "k0" ASC,
  "k1" ASC;

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
      "src"."ts" > :p0 AND "src"."ts" <= :p1
    )
  )
  AND (
    "src"."message_template_id" IS :key0
  )
  AND (
    "src"."resolution_template_id" IS :key1
  )
  AND (
    "src"."message" IS NOT NULL
  )
ORDER BY
  "src"."ts" DESC,
  "src"."message" DESC
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
      "src"."ts" > :p0 AND "src"."ts" <= :p1
    )
  )
  AND (
    "src"."message_template_id" IS :key0
  )
  AND (
    "src"."resolution_template_id" IS :key1
  )
  AND (
    "src"."resolution" IS NOT NULL
  )
ORDER BY
  "src"."ts" DESC,
  "src"."resolution" DESC
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
      "src"."ts" > :p0 AND "src"."ts" <= :p1
    )
  )
  AND (
    "src"."message_template_id" IS :key0
  )
  AND (
    "src"."resolution_template_id" IS :key1
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
          (
            "src"."resolution" IS NOT NULL
          ) AND (
            "src"."resolved" IS NOT NULL
          )
        )
        AND (
          "src"."ts" > :p0 AND "src"."ts" <= :p1
        )
      )
  );
