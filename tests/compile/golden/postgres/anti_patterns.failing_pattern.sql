-- anti_patterns.failing_pattern (source: executions, dialect: postgres)

-- bindings
-- :p0 = now - lookback
-- :p1 = now
-- :p2 = 'failure'
-- :p3 = 'success'
-- :p4 = 4
-- :p5 = 'pattern '
-- :p6 = ' keeps failing'
-- :p7 = 'Pattern '
-- :p8 = ' failed '
-- :p9 = ' of '
-- :p10 = ' runs in the lookback (failure rate '
-- :p11 = '): read its latest'
-- :p12 = ' runs (evidence) and fix the pattern; at a failure rate of '
-- :p13 = param quarantine_at
-- :p14 = ' it is quarantined and no longer offered until released.'
-- :p15 = param min_failures
-- :p16 = param notice_at

-- query
SELECT
  *
FROM (
  SELECT
    "src"."pattern_id" AS "k0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = CAST(%(p2)s AS TEXT)
      )) AS "l0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" IN (CAST(%(p3)s AS TEXT), CAST(%(p2)s AS TEXT))
      )) AS "l1",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p2)s AS TEXT)
          )) AS DOUBLE PRECISION) / NULLIF(
          COUNT(*) FILTER(WHERE
            (
              "src"."status" IN (CAST(%(p3)s AS TEXT), CAST(%(p2)s AS TEXT))
            )),
          0
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l2",
    (
      COALESCE(AP_TEXT(CAST(%(p5)s AS TEXT)), '') || COALESCE(
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
      ) || COALESCE(AP_TEXT(CAST(%(p6)s AS TEXT)), '')
    ) AS "f0",
    "src"."pattern_id" AS "f1",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = CAST(%(p2)s AS TEXT)
      )) AS "f2",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" IN (CAST(%(p3)s AS TEXT), CAST(%(p2)s AS TEXT))
      )) AS "f3",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p2)s AS TEXT)
          )) AS DOUBLE PRECISION) / NULLIF(
          COUNT(*) FILTER(WHERE
            (
              "src"."status" IN (CAST(%(p3)s AS TEXT), CAST(%(p2)s AS TEXT))
            )),
          0
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f4",
    COUNT(DISTINCT "src"."operation") AS "f5",
    MAX("src"."ts" COLLATE "C") FILTER(WHERE
      (
        "src"."status" = CAST(%(p2)s AS TEXT)
      )) AS "f6",
    (
      COALESCE(AP_TEXT(CAST(%(p7)s AS TEXT)), '') || COALESCE(AP_TEXT("src"."pattern_id"), '') || COALESCE(AP_TEXT(CAST(%(p8)s AS TEXT)), '') || COALESCE(
        AP_TEXT(COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p2)s AS TEXT)
          ))),
        ''
      ) || COALESCE(AP_TEXT(CAST(%(p9)s AS TEXT)), '') || COALESCE(
        AP_TEXT(
          COUNT(*) FILTER(WHERE
            (
              "src"."status" IN (CAST(%(p3)s AS TEXT), CAST(%(p2)s AS TEXT))
            ))
        ),
        ''
      ) || COALESCE(AP_TEXT(CAST(%(p10)s AS TEXT)), '') || COALESCE(
        AP_TEXT(
          CAST(ROUND(
            CAST((
              CAST(COUNT(*) FILTER(WHERE
                (
                  "src"."status" = CAST(%(p2)s AS TEXT)
                )) AS DOUBLE PRECISION) / NULLIF(
                COUNT(*) FILTER(WHERE
                  (
                    "src"."status" IN (CAST(%(p3)s AS TEXT), CAST(%(p2)s AS TEXT))
                  )),
                0
              )
            ) AS DECIMAL),
            AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
          ) AS DOUBLE PRECISION)
        ),
        ''
      ) || COALESCE(AP_TEXT(CAST(%(p11)s AS TEXT)), '') || COALESCE(AP_TEXT(CAST(%(p12)s AS TEXT)), '') || COALESCE(AP_TEXT(%(p13)s), '') || COALESCE(AP_TEXT(CAST(%(p14)s AS TEXT)), '')
    ) AS "f7",
    CAST((
      (
        COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p2)s AS TEXT)
          )) >= CAST(%(p15)s AS DOUBLE PRECISION)
      )
      AND (
        AVG(
          CAST(CASE
            WHEN (
              "src"."status" = CAST(%(p2)s AS TEXT)
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        ) >= CAST(%(p16)s AS DOUBLE PRECISION)
      )
    ) AS INT) AS "h",
    CAST((
      CAST(ROUND(
        CAST((
          CAST(COUNT(*) FILTER(WHERE
            (
              "src"."status" = CAST(%(p2)s AS TEXT)
            )) AS DOUBLE PRECISION) / NULLIF(
            COUNT(*) FILTER(WHERE
              (
                "src"."status" IN (CAST(%(p3)s AS TEXT), CAST(%(p2)s AS TEXT))
              )),
            0
          )
        ) AS DECIMAL),
        AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
      ) AS DOUBLE PRECISION) >= CAST(%(p13)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p2)s AS TEXT)
          )) AS DOUBLE PRECISION) / NULLIF(
          COUNT(*) FILTER(WHERE
            (
              "src"."status" IN (CAST(%(p3)s AS TEXT), CAST(%(p2)s AS TEXT))
            )),
          0
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "d0_0l",
    CAST(%(p13)s AS DOUBLE PRECISION) AS "d0_0r",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p2)s AS TEXT)
          )) AS DOUBLE PRECISION) / NULLIF(
          COUNT(*) FILTER(WHERE
            (
              "src"."status" IN (CAST(%(p3)s AS TEXT), CAST(%(p2)s AS TEXT))
            )),
          0
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        "src"."pattern_id" IS NOT NULL
      )
      AND (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )
    )
  GROUP BY
    "src"."pattern_id"
) AS "g"
WHERE
  (
    "h" <> 0
  )
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" COLLATE "C" ASC NULLS FIRST;

-- explain
SELECT
  *
FROM (
  SELECT
    "src"."pattern_id" AS "k0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = CAST(%(p2)s AS TEXT)
      )) AS "l0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" IN (CAST(%(p3)s AS TEXT), CAST(%(p2)s AS TEXT))
      )) AS "l1",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p2)s AS TEXT)
          )) AS DOUBLE PRECISION) / NULLIF(
          COUNT(*) FILTER(WHERE
            (
              "src"."status" IN (CAST(%(p3)s AS TEXT), CAST(%(p2)s AS TEXT))
            )),
          0
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l2",
    (
      COALESCE(AP_TEXT(CAST(%(p5)s AS TEXT)), '') || COALESCE(
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
      ) || COALESCE(AP_TEXT(CAST(%(p6)s AS TEXT)), '')
    ) AS "f0",
    "src"."pattern_id" AS "f1",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = CAST(%(p2)s AS TEXT)
      )) AS "f2",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" IN (CAST(%(p3)s AS TEXT), CAST(%(p2)s AS TEXT))
      )) AS "f3",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p2)s AS TEXT)
          )) AS DOUBLE PRECISION) / NULLIF(
          COUNT(*) FILTER(WHERE
            (
              "src"."status" IN (CAST(%(p3)s AS TEXT), CAST(%(p2)s AS TEXT))
            )),
          0
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f4",
    COUNT(DISTINCT "src"."operation") AS "f5",
    MAX("src"."ts" COLLATE "C") FILTER(WHERE
      (
        "src"."status" = CAST(%(p2)s AS TEXT)
      )) AS "f6",
    (
      COALESCE(AP_TEXT(CAST(%(p7)s AS TEXT)), '') || COALESCE(AP_TEXT("src"."pattern_id"), '') || COALESCE(AP_TEXT(CAST(%(p8)s AS TEXT)), '') || COALESCE(
        AP_TEXT(COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p2)s AS TEXT)
          ))),
        ''
      ) || COALESCE(AP_TEXT(CAST(%(p9)s AS TEXT)), '') || COALESCE(
        AP_TEXT(
          COUNT(*) FILTER(WHERE
            (
              "src"."status" IN (CAST(%(p3)s AS TEXT), CAST(%(p2)s AS TEXT))
            ))
        ),
        ''
      ) || COALESCE(AP_TEXT(CAST(%(p10)s AS TEXT)), '') || COALESCE(
        AP_TEXT(
          CAST(ROUND(
            CAST((
              CAST(COUNT(*) FILTER(WHERE
                (
                  "src"."status" = CAST(%(p2)s AS TEXT)
                )) AS DOUBLE PRECISION) / NULLIF(
                COUNT(*) FILTER(WHERE
                  (
                    "src"."status" IN (CAST(%(p3)s AS TEXT), CAST(%(p2)s AS TEXT))
                  )),
                0
              )
            ) AS DECIMAL),
            AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
          ) AS DOUBLE PRECISION)
        ),
        ''
      ) || COALESCE(AP_TEXT(CAST(%(p11)s AS TEXT)), '') || COALESCE(AP_TEXT(CAST(%(p12)s AS TEXT)), '') || COALESCE(AP_TEXT(%(p13)s), '') || COALESCE(AP_TEXT(CAST(%(p14)s AS TEXT)), '')
    ) AS "f7",
    CAST((
      (
        COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p2)s AS TEXT)
          )) >= CAST(%(p15)s AS DOUBLE PRECISION)
      )
      AND (
        AVG(
          CAST(CASE
            WHEN (
              "src"."status" = CAST(%(p2)s AS TEXT)
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        ) >= CAST(%(p16)s AS DOUBLE PRECISION)
      )
    ) AS INT) AS "h",
    CAST((
      CAST(ROUND(
        CAST((
          CAST(COUNT(*) FILTER(WHERE
            (
              "src"."status" = CAST(%(p2)s AS TEXT)
            )) AS DOUBLE PRECISION) / NULLIF(
            COUNT(*) FILTER(WHERE
              (
                "src"."status" IN (CAST(%(p3)s AS TEXT), CAST(%(p2)s AS TEXT))
              )),
            0
          )
        ) AS DECIMAL),
        AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
      ) AS DOUBLE PRECISION) >= CAST(%(p13)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p2)s AS TEXT)
          )) AS DOUBLE PRECISION) / NULLIF(
          COUNT(*) FILTER(WHERE
            (
              "src"."status" IN (CAST(%(p3)s AS TEXT), CAST(%(p2)s AS TEXT))
            )),
          0
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "d0_0l",
    CAST(%(p13)s AS DOUBLE PRECISION) AS "d0_0r",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p2)s AS TEXT)
          )) AS DOUBLE PRECISION) / NULLIF(
          COUNT(*) FILTER(WHERE
            (
              "src"."status" IN (CAST(%(p3)s AS TEXT), CAST(%(p2)s AS TEXT))
            )),
          0
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        "src"."pattern_id" IS NOT NULL
      )
      AND (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )
    )
  GROUP BY
    "src"."pattern_id"
) AS "g"
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" COLLATE "C" ASC NULLS FIRST;

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "execution_logs" AS "src"
WHERE
  (
    (
      "src"."pattern_id" IS NOT NULL
    )
    AND (
      "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
    )
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
    "src"."id" IS NOT NULL
  )
ORDER BY
  "src"."ts" COLLATE "C" DESC,
  "src"."id" COLLATE "C" DESC
LIMIT 10;

-- retention
DELETE FROM "execution_logs"
WHERE
  "seq" IN (
    SELECT
      "src"."seq"
    FROM "execution_logs" AS "src"
    WHERE
      (
        (
          "src"."pattern_id" IS NOT NULL
        )
        AND (
          "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
        )
      )
  );
