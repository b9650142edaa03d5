-- flaky_tests.same_commit (source: executions, dialect: sqlite)

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
    CASE JSON_TYPE("src"."attrs", '$."commit"')
      WHEN 'true'
      THEN 'true'
      WHEN 'false'
      THEN 'false'
      ELSE CAST(JSON_EXTRACT("src"."attrs", '$."commit"') AS TEXT)
    END AS "k1",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = :p0
      )) AS "l0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = :p1
      )) AS "l1",
    (
      COALESCE("src"."operation", '') || COALESCE(:p4, '') || COALESCE(
        CASE JSON_TYPE("src"."attrs", '$."commit"')
          WHEN 'true'
          THEN 'true'
          WHEN 'false'
          THEN 'false'
          ELSE CAST(JSON_EXTRACT("src"."attrs", '$."commit"') AS TEXT)
        END,
        ''
      )
    ) AS "f0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = :p1
      )) AS "f1",
    (
      COUNT(*) FILTER(WHERE
        (
          "src"."status" = :p0
        )) + COUNT(*) FILTER(WHERE
        (
          "src"."status" = :p1
        ))
    ) AS "f2",
    ROUND(
      (
        (
          COUNT(*) FILTER(WHERE
            (
              "src"."status" = :p1
            ))
        ) * 1.0 / NULLIF(
          (
            COUNT(*) FILTER(WHERE
              (
                "src"."status" = :p0
              )) + COUNT(*) FILTER(WHERE
              (
                "src"."status" = :p1
              ))
          ),
          0
        )
      ),
      :p5
    ) AS "f3",
    CASE JSON_TYPE("src"."attrs", '$."commit"')
      WHEN 'true'
      THEN 'true'
      WHEN 'false'
      THEN 'false'
      ELSE CAST(JSON_EXTRACT("src"."attrs", '$."commit"') AS TEXT)
    END AS "f4",
    MIN("src"."ts") AS "f5",
    MAX("src"."ts") FILTER(WHERE
      (
        "src"."status" = :p1
      )) AS "f6",
    (
      COALESCE("src"."operation", '') || COALESCE(:p6, '') || COALESCE(COUNT(*) FILTER(WHERE
        (
          "src"."status" = :p0
        )), '') || COALESCE(:p7, '') || COALESCE(COUNT(*) FILTER(WHERE
        (
          "src"."status" = :p1
        )), '') || COALESCE(:p8, '') || COALESCE(
        CASE JSON_TYPE("src"."attrs", '$."commit"')
          WHEN 'true'
          THEN 'true'
          WHEN 'false'
          THEN 'false'
          ELSE CAST(JSON_EXTRACT("src"."attrs", '$."commit"') AS TEXT)
        END,
        ''
      ) || COALESCE(:p9, '') || COALESCE(:p10, '') || COALESCE(:p11, '') || COALESCE(:p12, '') || COALESCE(:p13, '')
    ) AS "f7",
    (
      (
        COUNT(*) FILTER(WHERE
          (
            "src"."status" = :p0
          )) >= :p14
      )
      AND (
        COUNT(*) FILTER(WHERE
          (
            "src"."status" = :p1
          )) >= :p14
      )
    ) AS "h",
    (
      COUNT(*) FILTER(WHERE
        (
          "src"."status" = :p1
        )) >= :p12
    ) AS "d0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = :p1
      )) AS "d0_0l",
    :p12 AS "d0_0r",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = :p1
      )) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        (
          CASE JSON_TYPE("src"."attrs", '$."commit"')
            WHEN 'true'
            THEN 'true'
            WHEN 'false'
            THEN 'false'
            ELSE CAST(JSON_EXTRACT("src"."attrs", '$."commit"') AS TEXT)
          END IS NOT NULL
        )
        AND (
          "src"."status" IN (:p0, :p1)
        )
      )
      AND (
        "src"."ts" > :p2 AND "src"."ts" <= :p3
      )
    )
  GROUP BY
    "src"."operation",
    CASE JSON_TYPE("src"."attrs", '$."commit"')
      WHEN 'true'
      THEN 'true'
      WHEN 'false'
      THEN 'false'
      ELSE CAST(JSON_EXTRACT("src"."attrs", '$."commit"') AS TEXT)
    END
) AS "g"
WHERE
  "h"
ORDER BY
  "o0" DESC,
  "k0" ASC,
  "k1" ASC;

-- explain
SELECT
  *
FROM (
  SELECT
    "src"."operation" AS "k0",
    CASE JSON_TYPE("src"."attrs", '$."commit"')
      WHEN 'true'
      THEN 'true'
      WHEN 'false'
      THEN 'false'
      ELSE CAST(JSON_EXTRACT("src"."attrs", '$."commit"') AS TEXT)
    END AS "k1",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = :p0
      )) AS "l0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = :p1
      )) AS "l1",
    (
      COALESCE("src"."operation", '') || COALESCE(:p4, '') || COALESCE(
        CASE JSON_TYPE("src"."attrs", '$."commit"')
          WHEN 'true'
          THEN 'true'
          WHEN 'false'
          THEN 'false'
          ELSE CAST(JSON_EXTRACT("src"."attrs", '$."commit"') AS TEXT)
        END,
        ''
      )
    ) AS "f0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = :p1
      )) AS "f1",
    (
      COUNT(*) FILTER(WHERE
        (
          "src"."status" = :p0
        )) + COUNT(*) FILTER(WHERE
        (
          "src"."status" = :p1
        ))
    ) AS "f2",
    ROUND(
      (
        (
          COUNT(*) FILTER(WHERE
            (
              "src"."status" = :p1
            ))
        ) * 1.0 / NULLIF(
          (
            COUNT(*) FILTER(WHERE
              (
                "src"."status" = :p0
              )) + COUNT(*) FILTER(WHERE
              (
                "src"."status" = :p1
              ))
          ),
          0
        )
      ),
      :p5
    ) AS "f3",
    CASE JSON_TYPE("src"."attrs", '$."commit"')
      WHEN 'true'
      THEN 'true'
      WHEN 'false'
      THEN 'false'
      ELSE CAST(JSON_EXTRACT("src"."attrs", '$."commit"') AS TEXT)
    END AS "f4",
    MIN("src"."ts") AS "f5",
    MAX("src"."ts") FILTER(WHERE
      (
        "src"."status" = :p1
      )) AS "f6",
    (
      COALESCE("src"."operation", '') || COALESCE(:p6, '') || COALESCE(COUNT(*) FILTER(WHERE
        (
          "src"."status" = :p0
        )), '') || COALESCE(:p7, '') || COALESCE(COUNT(*) FILTER(WHERE
        (
          "src"."status" = :p1
        )), '') || COALESCE(:p8, '') || COALESCE(
        CASE JSON_TYPE("src"."attrs", '$."commit"')
          WHEN 'true'
          THEN 'true'
          WHEN 'false'
          THEN 'false'
          ELSE CAST(JSON_EXTRACT("src"."attrs", '$."commit"') AS TEXT)
        END,
        ''
      ) || COALESCE(:p9, '') || COALESCE(:p10, '') || COALESCE(:p11, '') || COALESCE(:p12, '') || COALESCE(:p13, '')
    ) AS "f7",
    (
      (
        COUNT(*) FILTER(WHERE
          (
            "src"."status" = :p0
          )) >= :p14
      )
      AND (
        COUNT(*) FILTER(WHERE
          (
            "src"."status" = :p1
          )) >= :p14
      )
    ) AS "h",
    (
      COUNT(*) FILTER(WHERE
        (
          "src"."status" = :p1
        )) >= :p12
    ) AS "d0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = :p1
      )) AS "d0_0l",
    :p12 AS "d0_0r",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = :p1
      )) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        (
          CASE JSON_TYPE("src"."attrs", '$."commit"')
            WHEN 'true'
            THEN 'true'
            WHEN 'false'
            THEN 'false'
            ELSE CAST(JSON_EXTRACT("src"."attrs", '$."commit"') AS TEXT)
          END IS NOT NULL
        )
        AND (
          "src"."status" IN (:p0, :p1)
        )
      )
      AND (
        "src"."ts" > :p2 AND "src"."ts" <= :p3
      )
    )
  GROUP BY
    "src"."operation",
    CASE JSON_TYPE("src"."attrs", '$."commit"')
      WHEN 'true'
      THEN 'true'
      WHEN 'false'
      THEN 'false'
      ELSE CAST(JSON_EXTRACT("src"."attrs", '$."commit"') AS TEXT)
    END
) AS "g"
ORDER BY
  "o0" DESC,
  "k0" ASC,
  "k1" ASC;

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "execution_logs" AS "src"
WHERE
  (
    (
      (
        CASE JSON_TYPE("src"."attrs", '$."commit"')
          WHEN 'true'
          THEN 'true'
          WHEN 'false'
          THEN 'false'
          ELSE CAST(JSON_EXTRACT("src"."attrs", '$."commit"') AS TEXT)
        END IS NOT NULL
      )
      AND (
        "src"."status" IN (:p0, :p1)
      )
    )
    AND (
      "src"."ts" > :p2 AND "src"."ts" <= :p3
    )
  )
  AND (
    "src"."operation" IS :key0
  )
  AND (
    CASE JSON_TYPE("src"."attrs", '$."commit"')
      WHEN 'true'
      THEN 'true'
      WHEN 'false'
      THEN 'false'
      ELSE CAST(JSON_EXTRACT("src"."attrs", '$."commit"') AS TEXT)
    END IS :key1
  )
  AND (
    "src"."id" IS NOT NULL
  )
ORDER BY
  "src"."ts" DESC,
  "src"."id" DESC
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
            CASE JSON_TYPE("src"."attrs", '$."commit"')
              WHEN 'true'
              THEN 'true'
              WHEN 'false'
              THEN 'false'
              ELSE CAST(JSON_EXTRACT("src"."attrs", '$."commit"') AS TEXT)
            END IS NOT NULL
          )
          AND (
            "src"."status" IN (:p0, :p1)
          )
        )
        AND (
          "src"."ts" > :p2 AND "src"."ts" <= :p3
        )
      )
  );
