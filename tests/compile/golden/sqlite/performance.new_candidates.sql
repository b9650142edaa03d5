-- performance.new_candidates (source: patterns, dialect: sqlite)

-- bindings
-- :p0 = now - period
-- :p1 = now
-- :p2 = 'pattern_candidate'
-- :p3 = 'batch_pattern'
-- :p4 = 'self_heal'
-- :p5 = 'template'
-- :p6 = 'anti_pattern'
-- :p7 = 4

-- query
SELECT
  *
FROM (
  SELECT
    "src"."id" AS "k0",
    "src"."kind" AS "k1",
    "src"."status" AS "k2",
    "src"."name" AS "k3",
    ROUND(MAX("src"."confidence"), :p7) AS "f0",
    1 AS "h",
    MAX("src"."confidence") AS "o0"
  FROM "pattern_candidates" AS "src"
  WHERE
    (
      (
        "src"."created" > :p0 AND "src"."created" <= :p1
      )
      AND (
        "src"."kind" IN (:p2, :p3, :p4, :p5, :p6)
      )
    )
  GROUP BY
    "src"."id",
    "src"."kind",
    "src"."status",
    "src"."name"
) AS "g"
WHERE
  "h"
ORDER BY
  "o0" DESC,
  "k0" ASC,
  "k1" ASC,
  "k2" ASC,
  "k3" ASC;

-- explain
SELECT
  *
FROM (
  SELECT
    "src"."id" AS "k0",
    "src"."kind" AS "k1",
    "src"."status" AS "k2",
    "src"."name" AS "k3",
    ROUND(MAX("src"."confidence"), :p7) AS "f0",
    1 AS "h",
    MAX("src"."confidence") AS "o0"
  FROM "pattern_candidates" AS "src"
  WHERE
    (
      (
        "src"."created" > :p0 AND "src"."created" <= :p1
      )
      AND (
        "src"."kind" IN (:p2, :p3, :p4, :p5, :p6)
      )
    )
  GROUP BY
    "src"."id",
    "src"."kind",
    "src"."status",
    "src"."name"
) AS "g"
ORDER BY
  "o0" DESC,
  "k0" ASC,
  "k1" ASC,
  "k2" ASC,
  "k3" ASC;

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "pattern_candidates" AS "src"
WHERE
  (
    (
      "src"."created" > :p0 AND "src"."created" <= :p1
    )
    AND (
      "src"."kind" IN (:p2, :p3, :p4, :p5, :p6)
    )
  )
  AND (
    "src"."id" IS :key0
  )
  AND (
    "src"."kind" IS :key1
  )
  AND (
    "src"."status" IS :key2
  )
  AND (
    "src"."name" IS :key3
  )
  AND (
    "src"."id" IS NOT NULL
  )
ORDER BY
  "src"."updated" DESC,
  "src"."id" DESC
LIMIT 10;
