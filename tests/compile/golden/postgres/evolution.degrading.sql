-- evolution.degrading (source: executions, dialect: postgres)

-- bindings
-- :p0 = now - before
-- :p1 = now
-- :p2 = 'success'
-- :p3 = now - recent
-- :p4 = 4
-- :p5 = ' is degrading'
-- :p6 = 'degrading'
-- :p7 = param min_runs
-- :p8 = param min_change
-- :p9 = param max_slowdown

-- query
SELECT
  *
FROM (
  SELECT
    "src"."pattern_id" AS "k0",
    AVG(
      CAST(CASE
        WHEN (
          "src"."status" = CAST(%(p2)s AS TEXT)
        )
        THEN CAST(1.0 AS DOUBLE PRECISION)
        ELSE CAST(0.0 AS DOUBLE PRECISION)
      END AS DOUBLE PRECISION)
    ) FILTER(WHERE
      (
        "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )) AS "l0",
    AVG(
      CAST(CASE
        WHEN (
          "src"."status" = CAST(%(p2)s AS TEXT)
        )
        THEN CAST(1.0 AS DOUBLE PRECISION)
        ELSE CAST(0.0 AS DOUBLE PRECISION)
      END AS DOUBLE PRECISION)
    ) FILTER(WHERE
      (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
      )) AS "l1",
    CAST(ROUND(
      CAST((
        AVG(
          CAST(CASE
            WHEN (
              "src"."status" = CAST(%(p2)s AS TEXT)
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        ) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )) - AVG(
          CAST(CASE
            WHEN (
              "src"."status" = CAST(%(p2)s AS TEXT)
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        ) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
          ))
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l2",
    CAST(ROUND(
      CAST((
        CAST(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )) AS DOUBLE PRECISION) / NULLIF(
          AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) FILTER(WHERE
            (
              "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
            )),
          0
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l3",
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
      ) || COALESCE(AP_TEXT(CAST(%(p5)s AS TEXT)), '')
    ) AS "f0",
    CAST(%(p6)s AS TEXT) AS "f1",
    "src"."pattern_id" AS "f2",
    CAST(ROUND(
      CAST(AVG(
        CAST(CASE
          WHEN (
            "src"."status" = CAST(%(p2)s AS TEXT)
          )
          THEN CAST(1.0 AS DOUBLE PRECISION)
          ELSE CAST(0.0 AS DOUBLE PRECISION)
        END AS DOUBLE PRECISION)
      ) FILTER(WHERE
        (
          "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
        )) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f3",
    CAST(ROUND(
      CAST(AVG(
        CAST(CASE
          WHEN (
            "src"."status" = CAST(%(p2)s AS TEXT)
          )
          THEN CAST(1.0 AS DOUBLE PRECISION)
          ELSE CAST(0.0 AS DOUBLE PRECISION)
        END AS DOUBLE PRECISION)
      ) FILTER(WHERE
        (
          "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
        )) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f4",
    CAST(ROUND(
      CAST((
        AVG(
          CAST(CASE
            WHEN (
              "src"."status" = CAST(%(p2)s AS TEXT)
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        ) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )) - AVG(
          CAST(CASE
            WHEN (
              "src"."status" = CAST(%(p2)s AS TEXT)
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        ) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
          ))
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f5",
    CAST(ROUND(
      CAST((
        CAST(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )) AS DOUBLE PRECISION) / NULLIF(
          AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) FILTER(WHERE
            (
              "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
            )),
          0
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f6",
    COUNT(*) FILTER(WHERE
      (
        "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )) AS "f7",
    COUNT(*) FILTER(WHERE
      (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
      )) AS "f8",
    CAST((
      (
        COUNT(*) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )) >= CAST(%(p7)s AS DOUBLE PRECISION)
      )
      AND (
        COUNT(*) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
          )) >= CAST(%(p7)s AS DOUBLE PRECISION)
      )
    ) AS INT) AS "h",
    CAST((
      (
        CAST(ROUND(
          CAST((
            AVG(
              CAST(CASE
                WHEN (
                  "src"."status" = CAST(%(p2)s AS TEXT)
                )
                THEN CAST(1.0 AS DOUBLE PRECISION)
                ELSE CAST(0.0 AS DOUBLE PRECISION)
              END AS DOUBLE PRECISION)
            ) FILTER(WHERE
              (
                "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
              )) - AVG(
              CAST(CASE
                WHEN (
                  "src"."status" = CAST(%(p2)s AS TEXT)
                )
                THEN CAST(1.0 AS DOUBLE PRECISION)
                ELSE CAST(0.0 AS DOUBLE PRECISION)
              END AS DOUBLE PRECISION)
            ) FILTER(WHERE
              (
                "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
              ))
          ) AS DECIMAL),
          AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
        ) AS DOUBLE PRECISION) <= (
          -CAST(%(p8)s AS DOUBLE PRECISION)
        )
      )
      OR (
        CAST(ROUND(
          CAST((
            CAST(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) FILTER(WHERE
              (
                "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
              )) AS DOUBLE PRECISION) / NULLIF(
              AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) FILTER(WHERE
                (
                  "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
                )),
              0
            )
          ) AS DECIMAL),
          AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
        ) AS DOUBLE PRECISION) >= CAST(%(p9)s AS DOUBLE PRECISION)
      )
    ) AS INT) AS "d0",
    CAST(ROUND(
      CAST((
        AVG(
          CAST(CASE
            WHEN (
              "src"."status" = CAST(%(p2)s AS TEXT)
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        ) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )) - AVG(
          CAST(CASE
            WHEN (
              "src"."status" = CAST(%(p2)s AS TEXT)
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        ) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
          ))
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "d0_0l",
    (
      -CAST(%(p8)s AS DOUBLE PRECISION)
    ) AS "d0_0r",
    CAST(ROUND(
      CAST((
        CAST(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )) AS DOUBLE PRECISION) / NULLIF(
          AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) FILTER(WHERE
            (
              "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
            )),
          0
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "d0_1l",
    CAST(%(p9)s AS DOUBLE PRECISION) AS "d0_1r",
    CAST(ROUND(
      CAST((
        AVG(
          CAST(CASE
            WHEN (
              "src"."status" = CAST(%(p2)s AS TEXT)
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        ) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )) - AVG(
          CAST(CASE
            WHEN (
              "src"."status" = CAST(%(p2)s AS TEXT)
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        ) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
          ))
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
  "o0" ASC NULLS FIRST,
  "k0" COLLATE "C" ASC NULLS FIRST;

-- explain
SELECT
  *
FROM (
  SELECT
    "src"."pattern_id" AS "k0",
    AVG(
      CAST(CASE
        WHEN (
          "src"."status" = CAST(%(p2)s AS TEXT)
        )
        THEN CAST(1.0 AS DOUBLE PRECISION)
        ELSE CAST(0.0 AS DOUBLE PRECISION)
      END AS DOUBLE PRECISION)
    ) FILTER(WHERE
      (
        "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )) AS "l0",
    AVG(
      CAST(CASE
        WHEN (
          "src"."status" = CAST(%(p2)s AS TEXT)
        )
        THEN CAST(1.0 AS DOUBLE PRECISION)
        ELSE CAST(0.0 AS DOUBLE PRECISION)
      END AS DOUBLE PRECISION)
    ) FILTER(WHERE
      (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
      )) AS "l1",
    CAST(ROUND(
      CAST((
        AVG(
          CAST(CASE
            WHEN (
              "src"."status" = CAST(%(p2)s AS TEXT)
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        ) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )) - AVG(
          CAST(CASE
            WHEN (
              "src"."status" = CAST(%(p2)s AS TEXT)
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        ) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
          ))
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l2",
    CAST(ROUND(
      CAST((
        CAST(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )) AS DOUBLE PRECISION) / NULLIF(
          AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) FILTER(WHERE
            (
              "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
            )),
          0
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l3",
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
      ) || COALESCE(AP_TEXT(CAST(%(p5)s AS TEXT)), '')
    ) AS "f0",
    CAST(%(p6)s AS TEXT) AS "f1",
    "src"."pattern_id" AS "f2",
    CAST(ROUND(
      CAST(AVG(
        CAST(CASE
          WHEN (
            "src"."status" = CAST(%(p2)s AS TEXT)
          )
          THEN CAST(1.0 AS DOUBLE PRECISION)
          ELSE CAST(0.0 AS DOUBLE PRECISION)
        END AS DOUBLE PRECISION)
      ) FILTER(WHERE
        (
          "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
        )) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f3",
    CAST(ROUND(
      CAST(AVG(
        CAST(CASE
          WHEN (
            "src"."status" = CAST(%(p2)s AS TEXT)
          )
          THEN CAST(1.0 AS DOUBLE PRECISION)
          ELSE CAST(0.0 AS DOUBLE PRECISION)
        END AS DOUBLE PRECISION)
      ) FILTER(WHERE
        (
          "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
        )) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f4",
    CAST(ROUND(
      CAST((
        AVG(
          CAST(CASE
            WHEN (
              "src"."status" = CAST(%(p2)s AS TEXT)
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        ) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )) - AVG(
          CAST(CASE
            WHEN (
              "src"."status" = CAST(%(p2)s AS TEXT)
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        ) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
          ))
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f5",
    CAST(ROUND(
      CAST((
        CAST(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )) AS DOUBLE PRECISION) / NULLIF(
          AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) FILTER(WHERE
            (
              "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
            )),
          0
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f6",
    COUNT(*) FILTER(WHERE
      (
        "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )) AS "f7",
    COUNT(*) FILTER(WHERE
      (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
      )) AS "f8",
    CAST((
      (
        COUNT(*) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )) >= CAST(%(p7)s AS DOUBLE PRECISION)
      )
      AND (
        COUNT(*) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
          )) >= CAST(%(p7)s AS DOUBLE PRECISION)
      )
    ) AS INT) AS "h",
    CAST((
      (
        CAST(ROUND(
          CAST((
            AVG(
              CAST(CASE
                WHEN (
                  "src"."status" = CAST(%(p2)s AS TEXT)
                )
                THEN CAST(1.0 AS DOUBLE PRECISION)
                ELSE CAST(0.0 AS DOUBLE PRECISION)
              END AS DOUBLE PRECISION)
            ) FILTER(WHERE
              (
                "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
              )) - AVG(
              CAST(CASE
                WHEN (
                  "src"."status" = CAST(%(p2)s AS TEXT)
                )
                THEN CAST(1.0 AS DOUBLE PRECISION)
                ELSE CAST(0.0 AS DOUBLE PRECISION)
              END AS DOUBLE PRECISION)
            ) FILTER(WHERE
              (
                "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
              ))
          ) AS DECIMAL),
          AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
        ) AS DOUBLE PRECISION) <= (
          -CAST(%(p8)s AS DOUBLE PRECISION)
        )
      )
      OR (
        CAST(ROUND(
          CAST((
            CAST(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) FILTER(WHERE
              (
                "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
              )) AS DOUBLE PRECISION) / NULLIF(
              AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) FILTER(WHERE
                (
                  "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
                )),
              0
            )
          ) AS DECIMAL),
          AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
        ) AS DOUBLE PRECISION) >= CAST(%(p9)s AS DOUBLE PRECISION)
      )
    ) AS INT) AS "d0",
    CAST(ROUND(
      CAST((
        AVG(
          CAST(CASE
            WHEN (
              "src"."status" = CAST(%(p2)s AS TEXT)
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        ) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )) - AVG(
          CAST(CASE
            WHEN (
              "src"."status" = CAST(%(p2)s AS TEXT)
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        ) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
          ))
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "d0_0l",
    (
      -CAST(%(p8)s AS DOUBLE PRECISION)
    ) AS "d0_0r",
    CAST(ROUND(
      CAST((
        CAST(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )) AS DOUBLE PRECISION) / NULLIF(
          AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) FILTER(WHERE
            (
              "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
            )),
          0
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "d0_1l",
    CAST(%(p9)s AS DOUBLE PRECISION) AS "d0_1r",
    CAST(ROUND(
      CAST((
        AVG(
          CAST(CASE
            WHEN (
              "src"."status" = CAST(%(p2)s AS TEXT)
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        ) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p3)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )) - AVG(
          CAST(CASE
            WHEN (
              "src"."status" = CAST(%(p2)s AS TEXT)
            )
            THEN CAST(1.0 AS DOUBLE PRECISION)
            ELSE CAST(0.0 AS DOUBLE PRECISION)
          END AS DOUBLE PRECISION)
        ) FILTER(WHERE
          (
            "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p3)s AS TEXT)
          ))
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
  "o0" ASC NULLS FIRST,
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
