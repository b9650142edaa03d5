-- flaky_tests.same_commit (source: executions, dialect: postgres)

-- bindings
-- :p0 = 'success'
-- :p1 = 'failure'
-- :p2 = now - lookback
-- :p3 = now
-- :p4 = ' passed and failed on commit '
-- :p5 = 4
-- :p6 = ' passed '
-- :p7 = ' and failed '
-- :p8 = ' times on commit '
-- :p9 = ': the code did not change, so the test or what it depends'
-- :p10 = ' on is flaky. Read the failing runs (evidence), fix or isolate the test;'
-- :p11 = ' at '
-- :p12 = param quarantine_after
-- :p13 = ' failures on one commit it is quarantined.'
-- :p14 = 1

-- query
SELECT
  *
FROM (
  SELECT
    "src"."operation" AS "k0",
    JSONB_EXTRACT_PATH_TEXT(CAST("src"."attrs" AS JSONB), 'commit') AS "k1",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = CAST(%(p0)s AS TEXT)
      )) AS "l0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = CAST(%(p1)s AS TEXT)
      )) AS "l1",
    (
      COALESCE(AP_TEXT("src"."operation"), '') || COALESCE(AP_TEXT(CAST(%(p4)s AS TEXT)), '') || COALESCE(AP_TEXT(JSONB_EXTRACT_PATH_TEXT(CAST("src"."attrs" AS JSONB), 'commit')), '')
    ) AS "f0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = CAST(%(p1)s AS TEXT)
      )) AS "f1",
    (
      COUNT(*) FILTER(WHERE
        (
          "src"."status" = CAST(%(p0)s AS TEXT)
        )) + COUNT(*) FILTER(WHERE
        (
          "src"."status" = CAST(%(p1)s AS TEXT)
        ))
    ) AS "f2",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p1)s AS TEXT)
          )) AS DOUBLE PRECISION) / NULLIF(
          (
            COUNT(*) FILTER(WHERE
              (
                "src"."status" = CAST(%(p0)s AS TEXT)
              )) + COUNT(*) FILTER(WHERE
              (
                "src"."status" = CAST(%(p1)s AS TEXT)
              ))
          ),
          0
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p5)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f3",
    JSONB_EXTRACT_PATH_TEXT(CAST("src"."attrs" AS JSONB), 'commit') AS "f4",
    MIN("src"."ts" COLLATE "C") AS "f5",
    MAX("src"."ts" COLLATE "C") FILTER(WHERE
      (
        "src"."status" = CAST(%(p1)s AS TEXT)
      )) AS "f6",
    (
      COALESCE(AP_TEXT("src"."operation"), '') || COALESCE(AP_TEXT(CAST(%(p6)s AS TEXT)), '') || COALESCE(
        AP_TEXT(COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p0)s AS TEXT)
          ))),
        ''
      ) || COALESCE(AP_TEXT(CAST(%(p7)s AS TEXT)), '') || COALESCE(
        AP_TEXT(COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p1)s AS TEXT)
          ))),
        ''
      ) || COALESCE(AP_TEXT(CAST(%(p8)s AS TEXT)), '') || COALESCE(AP_TEXT(JSONB_EXTRACT_PATH_TEXT(CAST("src"."attrs" AS JSONB), 'commit')), '') || COALESCE(AP_TEXT(CAST(%(p9)s AS TEXT)), '') || COALESCE(AP_TEXT(CAST(%(p10)s AS TEXT)), '') || COALESCE(AP_TEXT(CAST(%(p11)s AS TEXT)), '') || COALESCE(AP_TEXT(%(p12)s), '') || COALESCE(AP_TEXT(CAST(%(p13)s AS TEXT)), '')
    ) AS "f7",
    CAST((
      (
        COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p0)s AS TEXT)
          )) >= CAST(%(p14)s AS BIGINT)
      )
      AND (
        COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p1)s AS TEXT)
          )) >= CAST(%(p14)s AS BIGINT)
      )
    ) AS INT) AS "h",
    CAST((
      COUNT(*) FILTER(WHERE
        (
          "src"."status" = CAST(%(p1)s AS TEXT)
        )) >= CAST(%(p12)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = CAST(%(p1)s AS TEXT)
      )) AS "d0_0l",
    CAST(%(p12)s AS DOUBLE PRECISION) AS "d0_0r",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = CAST(%(p1)s AS TEXT)
      )) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        (
          JSONB_EXTRACT_PATH_TEXT(CAST("src"."attrs" AS JSONB), 'commit') IS NOT NULL
        )
        AND (
          "src"."status" IN (CAST(%(p0)s AS TEXT), CAST(%(p1)s AS TEXT))
        )
      )
      AND (
        "src"."ts" > CAST(%(p2)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
      )
    )
  GROUP BY
    "src"."operation",
    JSONB_EXTRACT_PATH_TEXT(CAST("src"."attrs" AS JSONB), 'commit')
) AS "g"
WHERE
  (
    "h" <> 0
  )
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" COLLATE "C" ASC NULLS FIRST,
  "k1" COLLATE "C" ASC NULLS FIRST;

-- explain
SELECT
  *
FROM (
  SELECT
    "src"."operation" AS "k0",
    JSONB_EXTRACT_PATH_TEXT(CAST("src"."attrs" AS JSONB), 'commit') AS "k1",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = CAST(%(p0)s AS TEXT)
      )) AS "l0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = CAST(%(p1)s AS TEXT)
      )) AS "l1",
    (
      COALESCE(AP_TEXT("src"."operation"), '') || COALESCE(AP_TEXT(CAST(%(p4)s AS TEXT)), '') || COALESCE(AP_TEXT(JSONB_EXTRACT_PATH_TEXT(CAST("src"."attrs" AS JSONB), 'commit')), '')
    ) AS "f0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = CAST(%(p1)s AS TEXT)
      )) AS "f1",
    (
      COUNT(*) FILTER(WHERE
        (
          "src"."status" = CAST(%(p0)s AS TEXT)
        )) + COUNT(*) FILTER(WHERE
        (
          "src"."status" = CAST(%(p1)s AS TEXT)
        ))
    ) AS "f2",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p1)s AS TEXT)
          )) AS DOUBLE PRECISION) / NULLIF(
          (
            COUNT(*) FILTER(WHERE
              (
                "src"."status" = CAST(%(p0)s AS TEXT)
              )) + COUNT(*) FILTER(WHERE
              (
                "src"."status" = CAST(%(p1)s AS TEXT)
              ))
          ),
          0
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p5)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f3",
    JSONB_EXTRACT_PATH_TEXT(CAST("src"."attrs" AS JSONB), 'commit') AS "f4",
    MIN("src"."ts" COLLATE "C") AS "f5",
    MAX("src"."ts" COLLATE "C") FILTER(WHERE
      (
        "src"."status" = CAST(%(p1)s AS TEXT)
      )) AS "f6",
    (
      COALESCE(AP_TEXT("src"."operation"), '') || COALESCE(AP_TEXT(CAST(%(p6)s AS TEXT)), '') || COALESCE(
        AP_TEXT(COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p0)s AS TEXT)
          ))),
        ''
      ) || COALESCE(AP_TEXT(CAST(%(p7)s AS TEXT)), '') || COALESCE(
        AP_TEXT(COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p1)s AS TEXT)
          ))),
        ''
      ) || COALESCE(AP_TEXT(CAST(%(p8)s AS TEXT)), '') || COALESCE(AP_TEXT(JSONB_EXTRACT_PATH_TEXT(CAST("src"."attrs" AS JSONB), 'commit')), '') || COALESCE(AP_TEXT(CAST(%(p9)s AS TEXT)), '') || COALESCE(AP_TEXT(CAST(%(p10)s AS TEXT)), '') || COALESCE(AP_TEXT(CAST(%(p11)s AS TEXT)), '') || COALESCE(AP_TEXT(%(p12)s), '') || COALESCE(AP_TEXT(CAST(%(p13)s AS TEXT)), '')
    ) AS "f7",
    CAST((
      (
        COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p0)s AS TEXT)
          )) >= CAST(%(p14)s AS BIGINT)
      )
      AND (
        COUNT(*) FILTER(WHERE
          (
            "src"."status" = CAST(%(p1)s AS TEXT)
          )) >= CAST(%(p14)s AS BIGINT)
      )
    ) AS INT) AS "h",
    CAST((
      COUNT(*) FILTER(WHERE
        (
          "src"."status" = CAST(%(p1)s AS TEXT)
        )) >= CAST(%(p12)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = CAST(%(p1)s AS TEXT)
      )) AS "d0_0l",
    CAST(%(p12)s AS DOUBLE PRECISION) AS "d0_0r",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = CAST(%(p1)s AS TEXT)
      )) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        (
          JSONB_EXTRACT_PATH_TEXT(CAST("src"."attrs" AS JSONB), 'commit') IS NOT NULL
        )
        AND (
          "src"."status" IN (CAST(%(p0)s AS TEXT), CAST(%(p1)s AS TEXT))
        )
      )
      AND (
        "src"."ts" > CAST(%(p2)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
      )
    )
  GROUP BY
    "src"."operation",
    JSONB_EXTRACT_PATH_TEXT(CAST("src"."attrs" AS JSONB), 'commit')
) AS "g"
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" COLLATE "C" ASC NULLS FIRST,
  "k1" COLLATE "C" ASC NULLS FIRST;

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "execution_logs" AS "src"
WHERE
  (
    (
      (
        JSONB_EXTRACT_PATH_TEXT(CAST("src"."attrs" AS JSONB), 'commit') IS NOT NULL
      )
      AND (
        "src"."status" IN (CAST(%(p0)s AS TEXT), CAST(%(p1)s AS TEXT))
      )
    )
    AND (
      "src"."ts" > CAST(%(p2)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
    )
  )
  AND (
    (
      "src"."operation" = %(key0)s
      OR (
        "src"."operation" IS NULL AND %(key0)s IS NULL
      )
    )
  )
  AND (
    (
      JSONB_EXTRACT_PATH_TEXT(CAST("src"."attrs" AS JSONB), 'commit') = %(key1)s
      OR (
        JSONB_EXTRACT_PATH_TEXT(CAST("src"."attrs" AS JSONB), 'commit') IS NULL
        AND %(key1)s IS NULL
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
          (
            JSONB_EXTRACT_PATH_TEXT(CAST("src"."attrs" AS JSONB), 'commit') IS NOT NULL
          )
          AND (
            "src"."status" IN (CAST(%(p0)s AS TEXT), CAST(%(p1)s AS TEXT))
          )
        )
        AND (
          "src"."ts" > CAST(%(p2)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
        )
      )
  );
