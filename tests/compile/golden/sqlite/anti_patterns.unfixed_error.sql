-- anti_patterns.unfixed_error (source: errors, dialect: sqlite)

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
      COALESCE(:p2, '') || COALESCE(
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
    COUNT(*) AS "f1",
    COUNT(*) AS "f2",
    ROUND((
      :p3 - AVG(CASE WHEN "src"."resolved" THEN 1.0 ELSE 0.0 END)
    ), :p4) AS "f3",
    COUNT(*) FILTER(WHERE
      (
        "src"."resolution" IS NOT NULL
      )) AS "f4",
    MAX("src"."error_type") AS "f5",
    MAX("src"."ts") AS "f6",
    (
      COALESCE(:p5, '') || COALESCE(COUNT(*), '') || COALESCE(:p6, '') || COALESCE(:p7, '') || COALESCE(:p8, '')
    ) AS "f8",
    (
      (
        COUNT(*) >= :p9
      )
      AND (
        COUNT(*) FILTER(WHERE
          "src"."resolved") = :p10
      )
    ) AS "h",
    (
      COUNT(*) >= :p9
    ) AS "d0",
    COUNT(*) AS "d0_0l",
    :p9 AS "d0_0r",
    COUNT(*) AS "o0"
  FROM "error_events" AS "src"
  WHERE
    (
      "src"."ts" > :p0 AND "src"."ts" <= :p1
    )
  GROUP BY
    "src"."message_template_id"
) AS "g"
WHERE
  "h"
ORDER BY
  "o0" DESC,
  "k0" ASC;

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
      COALESCE(:p2, '') || COALESCE(
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
    COUNT(*) AS "f1",
    COUNT(*) AS "f2",
    ROUND((
      :p3 - AVG(CASE WHEN "src"."resolved" THEN 1.0 ELSE 0.0 END)
    ), :p4) AS "f3",
    COUNT(*) FILTER(WHERE
      (
        "src"."resolution" IS NOT NULL
      )) AS "f4",
    MAX("src"."error_type") AS "f5",
    MAX("src"."ts") AS "f6",
    (
      COALESCE(:p5, '') || COALESCE(COUNT(*), '') || COALESCE(:p6, '') || COALESCE(:p7, '') || COALESCE(:p8, '')
    ) AS "f8",
    (
      (
        COUNT(*) >= :p9
      )
      AND (
        COUNT(*) FILTER(WHERE
          "src"."resolved") = :p10
      )
    ) AS "h",
    (
      COUNT(*) >= :p9
    ) AS "d0",
    COUNT(*) AS "d0_0l",
    :p9 AS "d0_0r",
    COUNT(*) AS "o0"
  FROM "error_events" AS "src"
  WHERE
    (
      "src"."ts" > :p0 AND "src"."ts" <= :p1
    )
  GROUP BY
    "src"."message_template_id"
) AS "g"
ORDER BY
  "o0" DESC,
  "k0" ASC;

-- evidence:examples
SELECT
  "src"."message" AS "v"
FROM "error_events" AS "src"
WHERE
  (
    "src"."ts" > :p0 AND "src"."ts" <= :p1
  )
  AND (
    "src"."message_template_id" IS :key0
  )
  AND (
    "src"."message" IS NOT NULL
  )
ORDER BY
  "src"."ts" DESC,
  "src"."message" DESC
LIMIT 3;

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "error_events" AS "src"
WHERE
  (
    "src"."ts" > :p0 AND "src"."ts" <= :p1
  )
  AND (
    "src"."message_template_id" IS :key0
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
        "src"."ts" > :p0 AND "src"."ts" <= :p1
      )
  );
