-- performance.underused (source: pattern_usage, dialect: sqlite)

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
        "src"."ts" > :p1 AND "src"."ts" <= :p2
      )) AS "f0",
    COUNT("src"."id") AS "f1",
    ROUND(
      (
        (
          ROUND(JULIANDAY(:p2) * 86400000.0) - ROUND(JULIANDAY(MAX("p"."created")) * 86400000.0)
        ) / 86400000.0
      ),
      :p3
    ) AS "f2",
    :p4 AS "f3",
    (
      (
        COUNT("src"."id") FILTER(WHERE
          (
            "src"."ts" > :p1 AND "src"."ts" <= :p2
          )) < :p5
      )
      AND (
        (
          ROUND(JULIANDAY(:p2) * 86400000.0) - ROUND(JULIANDAY(MAX("p"."created")) * 86400000.0)
        ) >= :p6
      )
    ) AS "h",
    COUNT("src"."id") FILTER(WHERE
      (
        "src"."ts" > :p1 AND "src"."ts" <= :p2
      )) AS "o0"
  FROM "pattern_candidates" AS "p"
  LEFT JOIN "execution_logs" AS "src" INDEXED BY "idx_exec_pattern"
    ON "src"."pattern_id" = "p"."id"
  WHERE
    (
      "p"."status" = :p0
    )
  GROUP BY
    "p"."id",
    "p"."name"
) AS "g"
WHERE
  "h"
ORDER BY
  "o0" ASC,
  "k0" ASC,
  "k1" ASC;

-- explain
SELECT
  *
FROM (
  SELECT
    "p"."id" AS "k0",
    "p"."name" AS "k1",
    COUNT("src"."id") FILTER(WHERE
      (
        "src"."ts" > :p1 AND "src"."ts" <= :p2
      )) AS "f0",
    COUNT("src"."id") AS "f1",
    ROUND(
      (
        (
          ROUND(JULIANDAY(:p2) * 86400000.0) - ROUND(JULIANDAY(MAX("p"."created")) * 86400000.0)
        ) / 86400000.0
      ),
      :p3
    ) AS "f2",
    :p4 AS "f3",
    (
      (
        COUNT("src"."id") FILTER(WHERE
          (
            "src"."ts" > :p1 AND "src"."ts" <= :p2
          )) < :p5
      )
      AND (
        (
          ROUND(JULIANDAY(:p2) * 86400000.0) - ROUND(JULIANDAY(MAX("p"."created")) * 86400000.0)
        ) >= :p6
      )
    ) AS "h",
    COUNT("src"."id") FILTER(WHERE
      (
        "src"."ts" > :p1 AND "src"."ts" <= :p2
      )) AS "o0"
  FROM "pattern_candidates" AS "p"
  LEFT JOIN "execution_logs" AS "src" INDEXED BY "idx_exec_pattern"
    ON "src"."pattern_id" = "p"."id"
  WHERE
    (
      "p"."status" = :p0
    )
  GROUP BY
    "p"."id",
    "p"."name"
) AS "g"
ORDER BY
  "o0" ASC,
  "k0" ASC,
  "k1" ASC;

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "pattern_candidates" AS "p"
LEFT JOIN "execution_logs" AS "src" INDEXED BY "idx_exec_pattern"
  ON "src"."pattern_id" = "p"."id"
WHERE
  (
    "p"."status" = :p0
  )
  AND (
    "p"."id" IS :key0
  )
  AND (
    "p"."name" IS :key1
  )
  AND (
    "src"."id" IS NOT NULL
  )
ORDER BY
  "src"."ts" DESC,
  "src"."id" DESC
LIMIT 10;
