-- performance.new_candidates (source: patterns, dialect: postgres)

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
    CAST(ROUND(
      CAST(MAX("src"."confidence") AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p7)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f0",
    1 AS "h",
    MAX("src"."confidence") AS "o0"
  FROM "pattern_candidates" AS "src"
  WHERE
    (
      (
        "src"."created" > CAST(%(p0)s AS TEXT)
        AND "src"."created" <= CAST(%(p1)s AS TEXT)
      )
      AND (
        "src"."kind" IN (
          CAST(%(p2)s AS TEXT),
          CAST(%(p3)s AS TEXT),
          CAST(%(p4)s AS TEXT),
          CAST(%(p5)s AS TEXT),
          CAST(%(p6)s AS TEXT)
        )
      )
    )
  GROUP BY
    "src"."id",
    "src"."kind",
    "src"."status",
    "src"."name"
) AS "g"
WHERE
  (
    "h" <> 0
  )
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" COLLATE "C" ASC NULLS FIRST,
  "k1" COLLATE "C" ASC NULLS FIRST,
  "k2" COLLATE "C" ASC NULLS FIRST,
  "k3" COLLATE "C" ASC NULLS FIRST;

-- explain
SELECT
  *
FROM (
  SELECT
    "src"."id" AS "k0",
    "src"."kind" AS "k1",
    "src"."status" AS "k2",
    "src"."name" AS "k3",
    CAST(ROUND(
      CAST(MAX("src"."confidence") AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p7)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f0",
    1 AS "h",
    MAX("src"."confidence") AS "o0"
  FROM "pattern_candidates" AS "src"
  WHERE
    (
      (
        "src"."created" > CAST(%(p0)s AS TEXT)
        AND "src"."created" <= CAST(%(p1)s AS TEXT)
      )
      AND (
        "src"."kind" IN (
          CAST(%(p2)s AS TEXT),
          CAST(%(p3)s AS TEXT),
          CAST(%(p4)s AS TEXT),
          CAST(%(p5)s AS TEXT),
          CAST(%(p6)s AS TEXT)
        )
      )
    )
  GROUP BY
    "src"."id",
    "src"."kind",
    "src"."status",
    "src"."name"
) AS "g"
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" COLLATE "C" ASC NULLS FIRST,
  "k1" COLLATE "C" ASC NULLS FIRST,
  "k2" COLLATE "C" ASC NULLS FIRST,
  "k3" COLLATE "C" ASC NULLS FIRST;

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "pattern_candidates" AS "src"
WHERE
  (
    (
      "src"."created" > CAST(%(p0)s AS TEXT)
      AND "src"."created" <= CAST(%(p1)s AS TEXT)
    )
    AND (
      "src"."kind" IN (
        CAST(%(p2)s AS TEXT),
        CAST(%(p3)s AS TEXT),
        CAST(%(p4)s AS TEXT),
        CAST(%(p5)s AS TEXT),
        CAST(%(p6)s AS TEXT)
      )
    )
  )
  AND (
    (
      "src"."id" = %(key0)s OR (
        "src"."id" IS NULL AND %(key0)s IS NULL
      )
    )
  )
  AND (
    (
      "src"."kind" = %(key1)s OR (
        "src"."kind" IS NULL AND %(key1)s IS NULL
      )
    )
  )
  AND (
    (
      "src"."status" = %(key2)s OR (
        "src"."status" IS NULL AND %(key2)s IS NULL
      )
    )
  )
  AND (
    (
      "src"."name" = %(key3)s OR (
        "src"."name" IS NULL AND %(key3)s IS NULL
      )
    )
  )
  AND (
    "src"."id" IS NOT NULL
  )
ORDER BY
  "src"."updated" COLLATE "C" DESC,
  "src"."id" COLLATE "C" DESC
LIMIT 10;
