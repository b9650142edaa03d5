-- evolution.usage_stopped (source: pattern_metrics, dialect: sqlite)

-- bindings
-- :p0 = now - before
-- :p1 = now
-- :p2 = now - recent
-- :p3 = ' stopped being used'
-- :p4 = 'stale'
-- :p5 = 1

-- query
SELECT
  *
FROM (
  SELECT
    "src"."pattern_id" AS "k0",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > :p0 AND "src"."ts" <= :p2
      )) AS "l0",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > :p2 AND "src"."ts" <= :p1
      )) AS "l1",
    (
      COALESCE(
        COALESCE(
          (
            SELECT
              "n"."name"
            FROM "pattern_candidates" AS "n"
            WHERE
              "n"."id" = "src"."pattern_id"
          ),
          "src"."pattern_id"
        ),
        ''
      ) || COALESCE(:p3, '')
    ) AS "f0",
    :p4 AS "f1",
    "src"."pattern_id" AS "f2",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > :p0 AND "src"."ts" <= :p2
      )) AS "f3",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > :p2 AND "src"."ts" <= :p1
      )) AS "f4",
    COUNT(*) AS "f5",
    (
      (
        COUNT(*) FILTER(WHERE
          (
            "src"."ts" > :p0 AND "src"."ts" <= :p2
          )) >= :p5
      )
      AND (
        COUNT(*) FILTER(WHERE
          (
            "src"."ts" > :p2 AND "src"."ts" <= :p1
          )) >= :p5
      )
    ) AS "h",
    (
      MAX("src"."uses") FILTER(WHERE
        (
          "src"."ts" > :p2 AND "src"."ts" <= :p1
        )) <= MAX("src"."uses") FILTER(WHERE
        (
          "src"."ts" > :p0 AND "src"."ts" <= :p2
        ))
    ) AS "d0",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > :p2 AND "src"."ts" <= :p1
      )) AS "d0_0l",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > :p0 AND "src"."ts" <= :p2
      )) AS "d0_0r"
  FROM "pattern_metrics" AS "src"
  WHERE
    (
      "src"."ts" > :p0 AND "src"."ts" <= :p1
    )
  GROUP BY
    "src"."pattern_id"
) AS "g"
WHERE
  "h"
ORDER BY
  "k0" ASC;

-- explain
SELECT
  *
FROM (
  SELECT
    "src"."pattern_id" AS "k0",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > :p0 AND "src"."ts" <= :p2
      )) AS "l0",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > :p2 AND "src"."ts" <= :p1
      )) AS "l1",
    (
      COALESCE(
        COALESCE(
          (
            SELECT
              "n"."name"
            FROM "pattern_candidates" AS "n"
            WHERE
              "n"."id" = "src"."pattern_id"
          ),
          "src"."pattern_id"
        ),
        ''
      ) || COALESCE(:p3, '')
    ) AS "f0",
    :p4 AS "f1",
    "src"."pattern_id" AS "f2",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > :p0 AND "src"."ts" <= :p2
      )) AS "f3",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > :p2 AND "src"."ts" <= :p1
      )) AS "f4",
    COUNT(*) AS "f5",
    (
      (
        COUNT(*) FILTER(WHERE
          (
            "src"."ts" > :p0 AND "src"."ts" <= :p2
          )) >= :p5
      )
      AND (
        COUNT(*) FILTER(WHERE
          (
            "src"."ts" > :p2 AND "src"."ts" <= :p1
          )) >= :p5
      )
    ) AS "h",
    (
      MAX("src"."uses") FILTER(WHERE
        (
          "src"."ts" > :p2 AND "src"."ts" <= :p1
        )) <= MAX("src"."uses") FILTER(WHERE
        (
          "src"."ts" > :p0 AND "src"."ts" <= :p2
        ))
    ) AS "d0",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > :p2 AND "src"."ts" <= :p1
      )) AS "d0_0l",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > :p0 AND "src"."ts" <= :p2
      )) AS "d0_0r"
  FROM "pattern_metrics" AS "src"
  WHERE
    (
      "src"."ts" > :p0 AND "src"."ts" <= :p1
    )
  GROUP BY
    "src"."pattern_id"
) AS "g"
ORDER BY
  "k0" ASC;

-- evidence:evidence
SELECT
  "src"."run_id" AS "v"
FROM "pattern_metrics" AS "src"
WHERE
  (
    "src"."ts" > :p0 AND "src"."ts" <= :p1
  )
  AND (
    "src"."pattern_id" IS :key0
  )
  AND (
    "src"."run_id" IS NOT NULL
  )
ORDER BY
  "src"."ts" DESC,
  "src"."run_id" DESC
LIMIT 10;
