-- anti_patterns.failing_operation (source: executions, dialect: sqlite)

-- bindings
-- :p0 = now - lookback
-- :p1 = now
-- :p2 = 'failure'
-- :p3 = 'success'
-- :p4 = 4
-- :p5 = 'operation '
-- :p6 = ' keeps failing'
-- :p7 = 'Operation '
-- :p8 = ' failed '
-- :p9 = ' of '
-- :p10 = ' runs in the lookback (failure rate '
-- :p11 = '): stabilise it'
-- :p12 = ' before building a pattern on it; at a failure rate of '
-- :p13 = param quarantine_at
-- :p14 = ' it is quarantined.'
-- :p15 = param min_failures
-- :p16 = param flaky_at

-- query
SELECT
  *
FROM (
  SELECT
    "src"."operation" AS "k0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = :p2
      )) AS "l0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" IN (:p3, :p2)
      )) AS "l1",
    ROUND(
      (
        (
          COUNT(*) FILTER(WHERE
            (
              "src"."status" = :p2
            ))
        ) * 1.0 / NULLIF(COUNT(*) FILTER(WHERE
          (
            "src"."status" IN (:p3, :p2)
          )), 0)
      ),
      :p4
    ) AS "l2",
    (
      COALESCE(:p5, '') || COALESCE("src"."operation", '') || COALESCE(:p6, '')
    ) AS "f0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = :p2
      )) AS "f1",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" IN (:p3, :p2)
      )) AS "f2",
    ROUND(
      (
        (
          COUNT(*) FILTER(WHERE
            (
              "src"."status" = :p2
            ))
        ) * 1.0 / NULLIF(COUNT(*) FILTER(WHERE
          (
            "src"."status" IN (:p3, :p2)
          )), 0)
      ),
      :p4
    ) AS "f3",
    MAX("src"."ts") FILTER(WHERE
      (
        "src"."status" = :p2
      )) AS "f4",
    (
      COALESCE(:p7, '') || COALESCE("src"."operation", '') || COALESCE(:p8, '') || COALESCE(COUNT(*) FILTER(WHERE
        (
          "src"."status" = :p2
        )), '') || COALESCE(:p9, '') || COALESCE(COUNT(*) FILTER(WHERE
        (
          "src"."status" IN (:p3, :p2)
        )), '') || COALESCE(:p10, '') || COALESCE(
        ROUND(
          (
            (
              COUNT(*) FILTER(WHERE
                (
                  "src"."status" = :p2
                ))
            ) * 1.0 / NULLIF(COUNT(*) FILTER(WHERE
              (
                "src"."status" IN (:p3, :p2)
              )), 0)
          ),
          :p4
        ),
        ''
      ) || COALESCE(:p11, '') || COALESCE(:p12, '') || COALESCE(:p13, '') || COALESCE(:p14, '')
    ) AS "f6",
    (
      (
        COUNT(*) FILTER(WHERE
          (
            "src"."status" = :p2
          )) >= :p15
      )
      AND (
        AVG(CASE WHEN (
          "src"."status" = :p2
        ) THEN 1.0 ELSE 0.0 END) >= :p16
      )
    ) AS "h",
    (
      ROUND(
        (
          (
            COUNT(*) FILTER(WHERE
              (
                "src"."status" = :p2
              ))
          ) * 1.0 / NULLIF(COUNT(*) FILTER(WHERE
            (
              "src"."status" IN (:p3, :p2)
            )), 0)
        ),
        :p4
      ) >= :p13
    ) AS "d0",
    ROUND(
      (
        (
          COUNT(*) FILTER(WHERE
            (
              "src"."status" = :p2
            ))
        ) * 1.0 / NULLIF(COUNT(*) FILTER(WHERE
          (
            "src"."status" IN (:p3, :p2)
          )), 0)
      ),
      :p4
    ) AS "d0_0l",
    :p13 AS "d0_0r",
    ROUND(
      (
        (
          COUNT(*) FILTER(WHERE
            (
              "src"."status" = :p2
            ))
        ) * 1.0 / NULLIF(COUNT(*) FILTER(WHERE
          (
            "src"."status" IN (:p3, :p2)
          )), 0)
      ),
      :p4
    ) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        "src"."pattern_id" IS NULL
      ) AND (
        "src"."ts" > :p0 AND "src"."ts" <= :p1
      )
    )
  GROUP BY
    "src"."operation"
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
    "src"."operation" AS "k0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = :p2
      )) AS "l0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" IN (:p3, :p2)
      )) AS "l1",
    ROUND(
      (
        (
          COUNT(*) FILTER(WHERE
            (
              "src"."status" = :p2
            ))
        ) * 1.0 / NULLIF(COUNT(*) FILTER(WHERE
          (
            "src"."status" IN (:p3, :p2)
          )), 0)
      ),
      :p4
    ) AS "l2",
    (
      COALESCE(:p5, '') || COALESCE("src"."operation", '') || COALESCE(:p6, '')
    ) AS "f0",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" = :p2
      )) AS "f1",
    COUNT(*) FILTER(WHERE
      (
        "src"."status" IN (:p3, :p2)
      )) AS "f2",
    ROUND(
      (
        (
          COUNT(*) FILTER(WHERE
            (
              "src"."status" = :p2
            ))
        ) * 1.0 / NULLIF(COUNT(*) FILTER(WHERE
          (
            "src"."status" IN (:p3, :p2)
          )), 0)
      ),
      :p4
    ) AS "f3",
    MAX("src"."ts") FILTER(WHERE
      (
        "src"."status" = :p2
      )) AS "f4",
    (
      COALESCE(:p7, '') || COALESCE("src"."operation", '') || COALESCE(:p8, '') || COALESCE(COUNT(*) FILTER(WHERE
        (
          "src"."status" = :p2
        )), '') || COALESCE(:p9, '') || COALESCE(COUNT(*) FILTER(WHERE
        (
          "src"."status" IN (:p3, :p2)
        )), '') || COALESCE(:p10, '') || COALESCE(
        ROUND(
          (
            (
              COUNT(*) FILTER(WHERE
                (
                  "src"."status" = :p2
                ))
            ) * 1.0 / NULLIF(COUNT(*) FILTER(WHERE
              (
                "src"."status" IN (:p3, :p2)
              )), 0)
          ),
          :p4
        ),
        ''
      ) || COALESCE(:p11, '') || COALESCE(:p12, '') || COALESCE(:p13, '') || COALESCE(:p14, '')
    ) AS "f6",
    (
      (
        COUNT(*) FILTER(WHERE
          (
            "src"."status" = :p2
          )) >= :p15
      )
      AND (
        AVG(CASE WHEN (
          "src"."status" = :p2
        ) THEN 1.0 ELSE 0.0 END) >= :p16
      )
    ) AS "h",
    (
      ROUND(
        (
          (
            COUNT(*) FILTER(WHERE
              (
                "src"."status" = :p2
              ))
          ) * 1.0 / NULLIF(COUNT(*) FILTER(WHERE
            (
              "src"."status" IN (:p3, :p2)
            )), 0)
        ),
        :p4
      ) >= :p13
    ) AS "d0",
    ROUND(
      (
        (
          COUNT(*) FILTER(WHERE
            (
              "src"."status" = :p2
            ))
        ) * 1.0 / NULLIF(COUNT(*) FILTER(WHERE
          (
            "src"."status" IN (:p3, :p2)
          )), 0)
      ),
      :p4
    ) AS "d0_0l",
    :p13 AS "d0_0r",
    ROUND(
      (
        (
          COUNT(*) FILTER(WHERE
            (
              "src"."status" = :p2
            ))
        ) * 1.0 / NULLIF(COUNT(*) FILTER(WHERE
          (
            "src"."status" IN (:p3, :p2)
          )), 0)
      ),
      :p4
    ) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        "src"."pattern_id" IS NULL
      ) AND (
        "src"."ts" > :p0 AND "src"."ts" <= :p1
      )
    )
  GROUP BY
    "src"."operation"
) AS "g"
ORDER BY
  "o0" DESC,
  "k0" ASC;

-- evidence:examples
SELECT
  "src"."command" AS "v"
FROM "execution_logs" AS "src"
WHERE
  (
    (
      "src"."pattern_id" IS NULL
    ) AND (
      "src"."ts" > :p0 AND "src"."ts" <= :p1
    )
  )
  AND (
    "src"."operation" IS :key0
  )
  AND (
    "src"."command" IS NOT NULL
  )
ORDER BY
  "src"."ts" DESC,
  "src"."command" DESC
LIMIT 3;

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "execution_logs" AS "src"
WHERE
  (
    (
      "src"."pattern_id" IS NULL
    ) AND (
      "src"."ts" > :p0 AND "src"."ts" <= :p1
    )
  )
  AND (
    "src"."operation" IS :key0
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
          "src"."pattern_id" IS NULL
        ) AND (
          "src"."ts" > :p0 AND "src"."ts" <= :p1
        )
      )
  );
