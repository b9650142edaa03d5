-- performance.templates_share (source: patterns, dialect: postgres)

-- bindings
-- :p0 = 'rejected'
-- :p1 = 'quarantined'
-- :p2 = 'template'
-- :p3 = 'engine'
-- :p4 = 'pattern_candidate'
-- :p5 = 'batch_pattern'
-- :p6 = 1
-- :p7 = 4
-- :p8 = param target_templates
-- :p9 = 'templates the engine generated / reusable patterns (execution and batch patterns) in the registry, capped at 1; rejected and quarantined ones left out'

-- query
SELECT
  *
FROM (
  SELECT
    COUNT(*) FILTER(WHERE
      (
        (
          "src"."kind" = CAST(%(p2)s AS TEXT)
        )
        AND (
          "src"."decided_by" = CAST(%(p3)s AS TEXT)
        )
      )) AS "l0",
    COUNT(*) FILTER(WHERE
      (
        "src"."kind" IN (CAST(%(p4)s AS TEXT), CAST(%(p5)s AS TEXT))
      )) AS "l1",
    CAST(ROUND(
      CAST(AP_LEAST(
        CAST(CAST(%(p6)s AS BIGINT) AS DOUBLE PRECISION),
        CAST((
          CAST(COUNT(*) FILTER(WHERE
            (
              (
                "src"."kind" = CAST(%(p2)s AS TEXT)
              )
              AND (
                "src"."decided_by" = CAST(%(p3)s AS TEXT)
              )
            )) AS DOUBLE PRECISION) / NULLIF(
            COUNT(*) FILTER(WHERE
              (
                "src"."kind" IN (CAST(%(p4)s AS TEXT), CAST(%(p5)s AS TEXT))
              )),
            0
          )
        ) AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p7)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l2",
    CAST(ROUND(
      CAST(AP_LEAST(
        CAST(CAST(%(p6)s AS BIGINT) AS DOUBLE PRECISION),
        CAST((
          CAST(COUNT(*) FILTER(WHERE
            (
              (
                "src"."kind" = CAST(%(p2)s AS TEXT)
              )
              AND (
                "src"."decided_by" = CAST(%(p3)s AS TEXT)
              )
            )) AS DOUBLE PRECISION) / NULLIF(
            COUNT(*) FILTER(WHERE
              (
                "src"."kind" IN (CAST(%(p4)s AS TEXT), CAST(%(p5)s AS TEXT))
              )),
            0
          )
        ) AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p7)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f0",
    CAST(%(p8)s AS DOUBLE PRECISION) AS "f1",
    CAST((
      CAST(ROUND(
        CAST(AP_LEAST(
          CAST(CAST(%(p6)s AS BIGINT) AS DOUBLE PRECISION),
          CAST((
            CAST(COUNT(*) FILTER(WHERE
              (
                (
                  "src"."kind" = CAST(%(p2)s AS TEXT)
                )
                AND (
                  "src"."decided_by" = CAST(%(p3)s AS TEXT)
                )
              )) AS DOUBLE PRECISION) / NULLIF(
              COUNT(*) FILTER(WHERE
                (
                  "src"."kind" IN (CAST(%(p4)s AS TEXT), CAST(%(p5)s AS TEXT))
                )),
              0
            )
          ) AS DOUBLE PRECISION)
        ) AS DECIMAL),
        AP_ROUND_DIGITS(CAST(CAST(%(p7)s AS BIGINT) AS DOUBLE PRECISION))
      ) AS DOUBLE PRECISION) >= CAST(%(p8)s AS DOUBLE PRECISION)
    ) AS INT) AS "f2",
    COUNT(*) FILTER(WHERE
      (
        (
          "src"."kind" = CAST(%(p2)s AS TEXT)
        )
        AND (
          "src"."decided_by" = CAST(%(p3)s AS TEXT)
        )
      )) AS "f3",
    COUNT(*) FILTER(WHERE
      (
        "src"."kind" IN (CAST(%(p4)s AS TEXT), CAST(%(p5)s AS TEXT))
      )) AS "f4",
    CAST(%(p9)s AS TEXT) AS "f5",
    1 AS "h"
  FROM "pattern_candidates" AS "src"
  WHERE
    (
      NOT (
        "src"."status" IN (CAST(%(p0)s AS TEXT), CAST(%(p1)s AS TEXT))
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
    COUNT(*) FILTER(WHERE
      (
        (
          "src"."kind" = CAST(%(p2)s AS TEXT)
        )
        AND (
          "src"."decided_by" = CAST(%(p3)s AS TEXT)
        )
      )) AS "l0",
    COUNT(*) FILTER(WHERE
      (
        "src"."kind" IN (CAST(%(p4)s AS TEXT), CAST(%(p5)s AS TEXT))
      )) AS "l1",
    CAST(ROUND(
      CAST(AP_LEAST(
        CAST(CAST(%(p6)s AS BIGINT) AS DOUBLE PRECISION),
        CAST((
          CAST(COUNT(*) FILTER(WHERE
            (
              (
                "src"."kind" = CAST(%(p2)s AS TEXT)
              )
              AND (
                "src"."decided_by" = CAST(%(p3)s AS TEXT)
              )
            )) AS DOUBLE PRECISION) / NULLIF(
            COUNT(*) FILTER(WHERE
              (
                "src"."kind" IN (CAST(%(p4)s AS TEXT), CAST(%(p5)s AS TEXT))
              )),
            0
          )
        ) AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p7)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l2",
    CAST(ROUND(
      CAST(AP_LEAST(
        CAST(CAST(%(p6)s AS BIGINT) AS DOUBLE PRECISION),
        CAST((
          CAST(COUNT(*) FILTER(WHERE
            (
              (
                "src"."kind" = CAST(%(p2)s AS TEXT)
              )
              AND (
                "src"."decided_by" = CAST(%(p3)s AS TEXT)
              )
            )) AS DOUBLE PRECISION) / NULLIF(
            COUNT(*) FILTER(WHERE
              (
                "src"."kind" IN (CAST(%(p4)s AS TEXT), CAST(%(p5)s AS TEXT))
              )),
            0
          )
        ) AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p7)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f0",
    CAST(%(p8)s AS DOUBLE PRECISION) AS "f1",
    CAST((
      CAST(ROUND(
        CAST(AP_LEAST(
          CAST(CAST(%(p6)s AS BIGINT) AS DOUBLE PRECISION),
          CAST((
            CAST(COUNT(*) FILTER(WHERE
              (
                (
                  "src"."kind" = CAST(%(p2)s AS TEXT)
                )
                AND (
                  "src"."decided_by" = CAST(%(p3)s AS TEXT)
                )
              )) AS DOUBLE PRECISION) / NULLIF(
              COUNT(*) FILTER(WHERE
                (
                  "src"."kind" IN (CAST(%(p4)s AS TEXT), CAST(%(p5)s AS TEXT))
                )),
              0
            )
          ) AS DOUBLE PRECISION)
        ) AS DECIMAL),
        AP_ROUND_DIGITS(CAST(CAST(%(p7)s AS BIGINT) AS DOUBLE PRECISION))
      ) AS DOUBLE PRECISION) >= CAST(%(p8)s AS DOUBLE PRECISION)
    ) AS INT) AS "f2",
    COUNT(*) FILTER(WHERE
      (
        (
          "src"."kind" = CAST(%(p2)s AS TEXT)
        )
        AND (
          "src"."decided_by" = CAST(%(p3)s AS TEXT)
        )
      )) AS "f3",
    COUNT(*) FILTER(WHERE
      (
        "src"."kind" IN (CAST(%(p4)s AS TEXT), CAST(%(p5)s AS TEXT))
      )) AS "f4",
    CAST(%(p9)s AS TEXT) AS "f5",
    1 AS "h"
  FROM "pattern_candidates" AS "src"
  WHERE
    (
      NOT (
        "src"."status" IN (CAST(%(p0)s AS TEXT), CAST(%(p1)s AS TEXT))
      )
    )
) AS "g";

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "pattern_candidates" AS "src"
WHERE
  (
    NOT (
      "src"."status" IN (CAST(%(p0)s AS TEXT), CAST(%(p1)s AS TEXT))
    )
  )
  AND (
    "src"."id" IS NOT NULL
  )
ORDER BY
  "src"."updated" COLLATE "C" DESC,
  "src"."id" COLLATE "C" DESC
LIMIT 10;
