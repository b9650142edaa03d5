-- evolution.usage_stopped (source: pattern_metrics, dialect: postgres)

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
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
      )) AS "l0",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > CAST(%(p2)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )) AS "l1",
    (
      COALESCE(
        AP_TEXT(
          COALESCE(
            (
              SELECT
                "n"."name"
              FROM "pattern_candidates" AS "n"
              WHERE
                "n"."id" = "src"."pattern_id"
            ),
            "src"."pattern_id"
          )
        ),
        ''
      ) || COALESCE(AP_TEXT(CAST(%(p3)s AS TEXT)), '')
    ) AS "f0",
    CAST(%(p4)s AS TEXT) AS "f1",
    "src"."pattern_id" AS "f2",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
      )) AS "f3",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > CAST(%(p2)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )) AS "f4",
    COUNT(*) AS "f5",
    CAST((
      (
        COUNT(*) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
          )) >= CAST(%(p5)s AS BIGINT)
      )
      AND (
        COUNT(*) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p2)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )) >= CAST(%(p5)s AS BIGINT)
      )
    ) AS INT) AS "h",
    CAST((
      MAX("src"."uses") FILTER(WHERE
        (
          "src"."ts" > CAST(%(p2)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
        )) <= MAX("src"."uses") FILTER(WHERE
        (
          "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
        ))
    ) AS INT) AS "d0",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > CAST(%(p2)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )) AS "d0_0l",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
      )) AS "d0_0r"
  FROM "pattern_metrics" AS "src"
  WHERE
    (
      "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
    )
  GROUP BY
    "src"."pattern_id"
) AS "g"
WHERE
  (
    "h" <> 0
  )
ORDER BY
  "k0" COLLATE "C" ASC NULLS FIRST;

-- explain
SELECT
  *
FROM (
  SELECT
    "src"."pattern_id" AS "k0",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
      )) AS "l0",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > CAST(%(p2)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )) AS "l1",
    (
      COALESCE(
        AP_TEXT(
          COALESCE(
            (
              SELECT
                "n"."name"
              FROM "pattern_candidates" AS "n"
              WHERE
                "n"."id" = "src"."pattern_id"
            ),
            "src"."pattern_id"
          )
        ),
        ''
      ) || COALESCE(AP_TEXT(CAST(%(p3)s AS TEXT)), '')
    ) AS "f0",
    CAST(%(p4)s AS TEXT) AS "f1",
    "src"."pattern_id" AS "f2",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
      )) AS "f3",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > CAST(%(p2)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )) AS "f4",
    COUNT(*) AS "f5",
    CAST((
      (
        COUNT(*) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
          )) >= CAST(%(p5)s AS BIGINT)
      )
      AND (
        COUNT(*) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p2)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )) >= CAST(%(p5)s AS BIGINT)
      )
    ) AS INT) AS "h",
    CAST((
      MAX("src"."uses") FILTER(WHERE
        (
          "src"."ts" > CAST(%(p2)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
        )) <= MAX("src"."uses") FILTER(WHERE
        (
          "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
        ))
    ) AS INT) AS "d0",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > CAST(%(p2)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )) AS "d0_0l",
    MAX("src"."uses") FILTER(WHERE
      (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
      )) AS "d0_0r"
  FROM "pattern_metrics" AS "src"
  WHERE
    (
      "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
    )
  GROUP BY
    "src"."pattern_id"
) AS "g"
ORDER BY
  "k0" COLLATE "C" ASC NULLS FIRST;

-- evidence:evidence
SELECT
  "src"."run_id" AS "v"
FROM "pattern_metrics" AS "src"
WHERE
  (
    "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
  )
  AND (
    (
      "src"."pattern_id" = %(key0)s
      OR (
        "src"."pattern_id" IS NULL AND %(key0)s IS NULL
      )
    )
  )
  AND (
    "src"."run_id" IS NOT NULL
  )
ORDER BY
  "src"."ts" COLLATE "C" DESC,
  "src"."run_id" COLLATE "C" DESC
LIMIT 10;
