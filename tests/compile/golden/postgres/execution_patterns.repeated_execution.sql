-- execution_patterns.repeated_execution (source: executions, dialect: postgres)

-- bindings
-- :p0 = now - lookback
-- :p1 = now
-- :p2 = 'success'
-- :p3 = param min_similar
-- :p4 = param full_at
-- :p5 = 1
-- :p6 = 0.5
-- :p7 = 0.3
-- :p8 = 0.2
-- :p9 = 4
-- :p10 = ': '
-- :p11 = 0.95
-- :p12 = param approve_at

-- query
SELECT
  *
FROM (
  SELECT
    "src"."operation" AS "k0",
    "src"."command_template_id" AS "k1",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."command_template_id"
    ) AS "t1",
    AVG(
      CAST(CASE
        WHEN (
          "src"."status" = CAST(%(p2)s AS TEXT)
        )
        THEN CAST(1.0 AS DOUBLE PRECISION)
        ELSE CAST(0.0 AS DOUBLE PRECISION)
      END AS DOUBLE PRECISION)
    ) AS "l0",
    AP_LEAST(
      CAST(AP_GREATEST(
        CAST((
          CAST((
            COUNT(*) - CAST(%(p3)s AS DOUBLE PRECISION)
          ) AS DOUBLE PRECISION) / NULLIF((
            CAST(%(p4)s AS DOUBLE PRECISION) - CAST(%(p3)s AS DOUBLE PRECISION)
          ), 0)
        ) AS DOUBLE PRECISION),
        CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
      ) AS DOUBLE PRECISION),
      CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
    ) AS "l1",
    (
      CAST(%(p5)s AS BIGINT) - AP_LEAST(
        CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION),
        CAST(COALESCE(
          (
            CAST(AP_SQRT(
              CAST(AP_GREATEST(
                CAST(AVG(
                  CAST((
                    CAST("src"."duration_ms" AS DOUBLE PRECISION) * CAST("src"."duration_ms" AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION)
                ) - (
                  AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) * AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION)
            ) AS DOUBLE PRECISION) / NULLIF(ABS(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))), 0)
          ),
          CAST(0.0 AS DOUBLE PRECISION)
        ) AS DOUBLE PRECISION)
      )
    ) AS "l2",
    CAST(ROUND(
      CAST((
        (
          (
            CAST(%(p6)s AS DOUBLE PRECISION) * AVG(
              CAST(CASE
                WHEN (
                  "src"."status" = CAST(%(p2)s AS TEXT)
                )
                THEN CAST(1.0 AS DOUBLE PRECISION)
                ELSE CAST(0.0 AS DOUBLE PRECISION)
              END AS DOUBLE PRECISION)
            )
          ) + (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    COUNT(*) - CAST(%(p3)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p4)s AS DOUBLE PRECISION) - CAST(%(p3)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          )
        ) + (
          CAST(%(p8)s AS DOUBLE PRECISION) * (
            CAST(%(p5)s AS BIGINT) - AP_LEAST(
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION),
              CAST(COALESCE(
                (
                  CAST(AP_SQRT(
                    CAST(AP_GREATEST(
                      CAST(AVG(
                        CAST((
                          CAST("src"."duration_ms" AS DOUBLE PRECISION) * CAST("src"."duration_ms" AS DOUBLE PRECISION)
                        ) AS DOUBLE PRECISION)
                      ) - (
                        AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) * AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))
                      ) AS DOUBLE PRECISION),
                      CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
                    ) AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF(ABS(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))), 0)
                ),
                CAST(0.0 AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION)
            )
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p9)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l3",
    (
      COALESCE(AP_TEXT("src"."operation"), '') || COALESCE(AP_TEXT(CAST(%(p10)s AS TEXT)), '') || COALESCE(
        AP_TEXT(
          (
            SELECT
              "template"
            FROM "templates"
            WHERE
              "templates"."id" = "src"."command_template_id"
          )
        ),
        ''
      )
    ) AS "f0",
    CAST(ROUND(
      CAST((
        (
          (
            CAST(%(p6)s AS DOUBLE PRECISION) * AVG(
              CAST(CASE
                WHEN (
                  "src"."status" = CAST(%(p2)s AS TEXT)
                )
                THEN CAST(1.0 AS DOUBLE PRECISION)
                ELSE CAST(0.0 AS DOUBLE PRECISION)
              END AS DOUBLE PRECISION)
            )
          ) + (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    COUNT(*) - CAST(%(p3)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p4)s AS DOUBLE PRECISION) - CAST(%(p3)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          )
        ) + (
          CAST(%(p8)s AS DOUBLE PRECISION) * (
            CAST(%(p5)s AS BIGINT) - AP_LEAST(
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION),
              CAST(COALESCE(
                (
                  CAST(AP_SQRT(
                    CAST(AP_GREATEST(
                      CAST(AVG(
                        CAST((
                          CAST("src"."duration_ms" AS DOUBLE PRECISION) * CAST("src"."duration_ms" AS DOUBLE PRECISION)
                        ) AS DOUBLE PRECISION)
                      ) - (
                        AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) * AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))
                      ) AS DOUBLE PRECISION),
                      CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
                    ) AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF(ABS(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))), 0)
                ),
                CAST(0.0 AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION)
            )
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p9)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f1",
    "src"."operation" AS "f2",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."command_template_id"
    ) AS "f3",
    COUNT(*) AS "f4",
    COUNT(DISTINCT "src"."actor") AS "f5",
    CAST(ROUND(
      CAST(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p5)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f6",
    CAST(ROUND(
      CAST(PERCENTILE_CONT(
        AP_LEAST(
          AP_GREATEST(
            CAST(CAST(%(p11)s AS DOUBLE PRECISION) AS DOUBLE PRECISION),
            CAST(0 AS DOUBLE PRECISION)
          ),
          CAST(1 AS DOUBLE PRECISION)
        )
      ) WITHIN GROUP (ORDER BY
        CAST("src"."duration_ms" AS DOUBLE PRECISION) ASC NULLS FIRST) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p5)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f7",
    CAST((
      COUNT(*) >= CAST(%(p3)s AS DOUBLE PRECISION)
    ) AS INT) AS "h",
    CAST((
      CAST(ROUND(
        CAST((
          (
            (
              CAST(%(p6)s AS DOUBLE PRECISION) * AVG(
                CAST(CASE
                  WHEN (
                    "src"."status" = CAST(%(p2)s AS TEXT)
                  )
                  THEN CAST(1.0 AS DOUBLE PRECISION)
                  ELSE CAST(0.0 AS DOUBLE PRECISION)
                END AS DOUBLE PRECISION)
              )
            ) + (
              CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
                CAST(AP_GREATEST(
                  CAST((
                    CAST((
                      COUNT(*) - CAST(%(p3)s AS DOUBLE PRECISION)
                    ) AS DOUBLE PRECISION) / NULLIF((
                      CAST(%(p4)s AS DOUBLE PRECISION) - CAST(%(p3)s AS DOUBLE PRECISION)
                    ), 0)
                  ) AS DOUBLE PRECISION),
                  CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
                ) AS DOUBLE PRECISION),
                CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              )
            )
          ) + (
            CAST(%(p8)s AS DOUBLE PRECISION) * (
              CAST(%(p5)s AS BIGINT) - AP_LEAST(
                CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION),
                CAST(COALESCE(
                  (
                    CAST(AP_SQRT(
                      CAST(AP_GREATEST(
                        CAST(AVG(
                          CAST((
                            CAST("src"."duration_ms" AS DOUBLE PRECISION) * CAST("src"."duration_ms" AS DOUBLE PRECISION)
                          ) AS DOUBLE PRECISION)
                        ) - (
                          AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) * AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))
                        ) AS DOUBLE PRECISION),
                        CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
                      ) AS DOUBLE PRECISION)
                    ) AS DOUBLE PRECISION) / NULLIF(ABS(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))), 0)
                  ),
                  CAST(0.0 AS DOUBLE PRECISION)
                ) AS DOUBLE PRECISION)
              )
            )
          )
        ) AS DECIMAL),
        AP_ROUND_DIGITS(CAST(CAST(%(p9)s AS BIGINT) AS DOUBLE PRECISION))
      ) AS DOUBLE PRECISION) >= CAST(%(p12)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    CAST(ROUND(
      CAST((
        (
          (
            CAST(%(p6)s AS DOUBLE PRECISION) * AVG(
              CAST(CASE
                WHEN (
                  "src"."status" = CAST(%(p2)s AS TEXT)
                )
                THEN CAST(1.0 AS DOUBLE PRECISION)
                ELSE CAST(0.0 AS DOUBLE PRECISION)
              END AS DOUBLE PRECISION)
            )
          ) + (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    COUNT(*) - CAST(%(p3)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p4)s AS DOUBLE PRECISION) - CAST(%(p3)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          )
        ) + (
          CAST(%(p8)s AS DOUBLE PRECISION) * (
            CAST(%(p5)s AS BIGINT) - AP_LEAST(
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION),
              CAST(COALESCE(
                (
                  CAST(AP_SQRT(
                    CAST(AP_GREATEST(
                      CAST(AVG(
                        CAST((
                          CAST("src"."duration_ms" AS DOUBLE PRECISION) * CAST("src"."duration_ms" AS DOUBLE PRECISION)
                        ) AS DOUBLE PRECISION)
                      ) - (
                        AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) * AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))
                      ) AS DOUBLE PRECISION),
                      CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
                    ) AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF(ABS(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))), 0)
                ),
                CAST(0.0 AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION)
            )
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p9)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "d0_0l",
    CAST(%(p12)s AS DOUBLE PRECISION) AS "d0_0r",
    CAST(ROUND(
      CAST((
        (
          (
            CAST(%(p6)s AS DOUBLE PRECISION) * AVG(
              CAST(CASE
                WHEN (
                  "src"."status" = CAST(%(p2)s AS TEXT)
                )
                THEN CAST(1.0 AS DOUBLE PRECISION)
                ELSE CAST(0.0 AS DOUBLE PRECISION)
              END AS DOUBLE PRECISION)
            )
          ) + (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    COUNT(*) - CAST(%(p3)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p4)s AS DOUBLE PRECISION) - CAST(%(p3)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          )
        ) + (
          CAST(%(p8)s AS DOUBLE PRECISION) * (
            CAST(%(p5)s AS BIGINT) - AP_LEAST(
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION),
              CAST(COALESCE(
                (
                  CAST(AP_SQRT(
                    CAST(AP_GREATEST(
                      CAST(AVG(
                        CAST((
                          CAST("src"."duration_ms" AS DOUBLE PRECISION) * CAST("src"."duration_ms" AS DOUBLE PRECISION)
                        ) AS DOUBLE PRECISION)
                      ) - (
                        AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) * AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))
                      ) AS DOUBLE PRECISION),
                      CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
                    ) AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF(ABS(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))), 0)
                ),
                CAST(0.0 AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION)
            )
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p9)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        (
          (
            "src"."pattern_id" IS NULL
          ) AND (
            "src"."command" IS NOT NULL
          )
        )
        AND (
          "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
        )
      )
      AND (
        NOT (
          COALESCE(
            "src"."operation" IN (
              SELECT
                "q"."subject"
              FROM "anti_patterns" AS "q"
              WHERE
                (
                  "q"."quarantined" = 1
                ) AND (
                  "q"."subject_kind" = 'operation'
                )
            ),
            FALSE
          )
          OR COALESCE(
            "src"."pattern_id" IN (
              SELECT
                "q"."subject"
              FROM "anti_patterns" AS "q"
              WHERE
                (
                  "q"."quarantined" = 1
                ) AND (
                  "q"."subject_kind" = 'pattern'
                )
              UNION ALL
              SELECT
                "qp"."id"
              FROM "pattern_candidates" AS "qp"
              WHERE
                "qp"."status" = 'quarantined'
            ),
            FALSE
          )
        )
      )
    )
  GROUP BY
    "src"."operation",
    "src"."command_template_id"
) AS "g"
WHERE
  (
    "h" <> 0
  )
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" COLLATE "C" ASC NULLS FIRST,
  "k1" ASC NULLS FIRST;

-- explain
SELECT
  *
FROM (
  SELECT
    "src"."operation" AS "k0",
    "src"."command_template_id" AS "k1",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."command_template_id"
    ) AS "t1",
    AVG(
      CAST(CASE
        WHEN (
          "src"."status" = CAST(%(p2)s AS TEXT)
        )
        THEN CAST(1.0 AS DOUBLE PRECISION)
        ELSE CAST(0.0 AS DOUBLE PRECISION)
      END AS DOUBLE PRECISION)
    ) AS "l0",
    AP_LEAST(
      CAST(AP_GREATEST(
        CAST((
          CAST((
            COUNT(*) - CAST(%(p3)s AS DOUBLE PRECISION)
          ) AS DOUBLE PRECISION) / NULLIF((
            CAST(%(p4)s AS DOUBLE PRECISION) - CAST(%(p3)s AS DOUBLE PRECISION)
          ), 0)
        ) AS DOUBLE PRECISION),
        CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
      ) AS DOUBLE PRECISION),
      CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
    ) AS "l1",
    (
      CAST(%(p5)s AS BIGINT) - AP_LEAST(
        CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION),
        CAST(COALESCE(
          (
            CAST(AP_SQRT(
              CAST(AP_GREATEST(
                CAST(AVG(
                  CAST((
                    CAST("src"."duration_ms" AS DOUBLE PRECISION) * CAST("src"."duration_ms" AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION)
                ) - (
                  AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) * AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION)
            ) AS DOUBLE PRECISION) / NULLIF(ABS(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))), 0)
          ),
          CAST(0.0 AS DOUBLE PRECISION)
        ) AS DOUBLE PRECISION)
      )
    ) AS "l2",
    CAST(ROUND(
      CAST((
        (
          (
            CAST(%(p6)s AS DOUBLE PRECISION) * AVG(
              CAST(CASE
                WHEN (
                  "src"."status" = CAST(%(p2)s AS TEXT)
                )
                THEN CAST(1.0 AS DOUBLE PRECISION)
                ELSE CAST(0.0 AS DOUBLE PRECISION)
              END AS DOUBLE PRECISION)
            )
          ) + (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    COUNT(*) - CAST(%(p3)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p4)s AS DOUBLE PRECISION) - CAST(%(p3)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          )
        ) + (
          CAST(%(p8)s AS DOUBLE PRECISION) * (
            CAST(%(p5)s AS BIGINT) - AP_LEAST(
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION),
              CAST(COALESCE(
                (
                  CAST(AP_SQRT(
                    CAST(AP_GREATEST(
                      CAST(AVG(
                        CAST((
                          CAST("src"."duration_ms" AS DOUBLE PRECISION) * CAST("src"."duration_ms" AS DOUBLE PRECISION)
                        ) AS DOUBLE PRECISION)
                      ) - (
                        AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) * AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))
                      ) AS DOUBLE PRECISION),
                      CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
                    ) AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF(ABS(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))), 0)
                ),
                CAST(0.0 AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION)
            )
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p9)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l3",
    (
      COALESCE(AP_TEXT("src"."operation"), '') || COALESCE(AP_TEXT(CAST(%(p10)s AS TEXT)), '') || COALESCE(
        AP_TEXT(
          (
            SELECT
              "template"
            FROM "templates"
            WHERE
              "templates"."id" = "src"."command_template_id"
          )
        ),
        ''
      )
    ) AS "f0",
    CAST(ROUND(
      CAST((
        (
          (
            CAST(%(p6)s AS DOUBLE PRECISION) * AVG(
              CAST(CASE
                WHEN (
                  "src"."status" = CAST(%(p2)s AS TEXT)
                )
                THEN CAST(1.0 AS DOUBLE PRECISION)
                ELSE CAST(0.0 AS DOUBLE PRECISION)
              END AS DOUBLE PRECISION)
            )
          ) + (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    COUNT(*) - CAST(%(p3)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p4)s AS DOUBLE PRECISION) - CAST(%(p3)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          )
        ) + (
          CAST(%(p8)s AS DOUBLE PRECISION) * (
            CAST(%(p5)s AS BIGINT) - AP_LEAST(
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION),
              CAST(COALESCE(
                (
                  CAST(AP_SQRT(
                    CAST(AP_GREATEST(
                      CAST(AVG(
                        CAST((
                          CAST("src"."duration_ms" AS DOUBLE PRECISION) * CAST("src"."duration_ms" AS DOUBLE PRECISION)
                        ) AS DOUBLE PRECISION)
                      ) - (
                        AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) * AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))
                      ) AS DOUBLE PRECISION),
                      CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
                    ) AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF(ABS(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))), 0)
                ),
                CAST(0.0 AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION)
            )
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p9)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f1",
    "src"."operation" AS "f2",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."command_template_id"
    ) AS "f3",
    COUNT(*) AS "f4",
    COUNT(DISTINCT "src"."actor") AS "f5",
    CAST(ROUND(
      CAST(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p5)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f6",
    CAST(ROUND(
      CAST(PERCENTILE_CONT(
        AP_LEAST(
          AP_GREATEST(
            CAST(CAST(%(p11)s AS DOUBLE PRECISION) AS DOUBLE PRECISION),
            CAST(0 AS DOUBLE PRECISION)
          ),
          CAST(1 AS DOUBLE PRECISION)
        )
      ) WITHIN GROUP (ORDER BY
        CAST("src"."duration_ms" AS DOUBLE PRECISION) ASC NULLS FIRST) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p5)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f7",
    CAST((
      COUNT(*) >= CAST(%(p3)s AS DOUBLE PRECISION)
    ) AS INT) AS "h",
    CAST((
      CAST(ROUND(
        CAST((
          (
            (
              CAST(%(p6)s AS DOUBLE PRECISION) * AVG(
                CAST(CASE
                  WHEN (
                    "src"."status" = CAST(%(p2)s AS TEXT)
                  )
                  THEN CAST(1.0 AS DOUBLE PRECISION)
                  ELSE CAST(0.0 AS DOUBLE PRECISION)
                END AS DOUBLE PRECISION)
              )
            ) + (
              CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
                CAST(AP_GREATEST(
                  CAST((
                    CAST((
                      COUNT(*) - CAST(%(p3)s AS DOUBLE PRECISION)
                    ) AS DOUBLE PRECISION) / NULLIF((
                      CAST(%(p4)s AS DOUBLE PRECISION) - CAST(%(p3)s AS DOUBLE PRECISION)
                    ), 0)
                  ) AS DOUBLE PRECISION),
                  CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
                ) AS DOUBLE PRECISION),
                CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              )
            )
          ) + (
            CAST(%(p8)s AS DOUBLE PRECISION) * (
              CAST(%(p5)s AS BIGINT) - AP_LEAST(
                CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION),
                CAST(COALESCE(
                  (
                    CAST(AP_SQRT(
                      CAST(AP_GREATEST(
                        CAST(AVG(
                          CAST((
                            CAST("src"."duration_ms" AS DOUBLE PRECISION) * CAST("src"."duration_ms" AS DOUBLE PRECISION)
                          ) AS DOUBLE PRECISION)
                        ) - (
                          AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) * AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))
                        ) AS DOUBLE PRECISION),
                        CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
                      ) AS DOUBLE PRECISION)
                    ) AS DOUBLE PRECISION) / NULLIF(ABS(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))), 0)
                  ),
                  CAST(0.0 AS DOUBLE PRECISION)
                ) AS DOUBLE PRECISION)
              )
            )
          )
        ) AS DECIMAL),
        AP_ROUND_DIGITS(CAST(CAST(%(p9)s AS BIGINT) AS DOUBLE PRECISION))
      ) AS DOUBLE PRECISION) >= CAST(%(p12)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    CAST(ROUND(
      CAST((
        (
          (
            CAST(%(p6)s AS DOUBLE PRECISION) * AVG(
              CAST(CASE
                WHEN (
                  "src"."status" = CAST(%(p2)s AS TEXT)
                )
                THEN CAST(1.0 AS DOUBLE PRECISION)
                ELSE CAST(0.0 AS DOUBLE PRECISION)
              END AS DOUBLE PRECISION)
            )
          ) + (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    COUNT(*) - CAST(%(p3)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p4)s AS DOUBLE PRECISION) - CAST(%(p3)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          )
        ) + (
          CAST(%(p8)s AS DOUBLE PRECISION) * (
            CAST(%(p5)s AS BIGINT) - AP_LEAST(
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION),
              CAST(COALESCE(
                (
                  CAST(AP_SQRT(
                    CAST(AP_GREATEST(
                      CAST(AVG(
                        CAST((
                          CAST("src"."duration_ms" AS DOUBLE PRECISION) * CAST("src"."duration_ms" AS DOUBLE PRECISION)
                        ) AS DOUBLE PRECISION)
                      ) - (
                        AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) * AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))
                      ) AS DOUBLE PRECISION),
                      CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
                    ) AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF(ABS(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))), 0)
                ),
                CAST(0.0 AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION)
            )
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p9)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "d0_0l",
    CAST(%(p12)s AS DOUBLE PRECISION) AS "d0_0r",
    CAST(ROUND(
      CAST((
        (
          (
            CAST(%(p6)s AS DOUBLE PRECISION) * AVG(
              CAST(CASE
                WHEN (
                  "src"."status" = CAST(%(p2)s AS TEXT)
                )
                THEN CAST(1.0 AS DOUBLE PRECISION)
                ELSE CAST(0.0 AS DOUBLE PRECISION)
              END AS DOUBLE PRECISION)
            )
          ) + (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    COUNT(*) - CAST(%(p3)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p4)s AS DOUBLE PRECISION) - CAST(%(p3)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          )
        ) + (
          CAST(%(p8)s AS DOUBLE PRECISION) * (
            CAST(%(p5)s AS BIGINT) - AP_LEAST(
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION),
              CAST(COALESCE(
                (
                  CAST(AP_SQRT(
                    CAST(AP_GREATEST(
                      CAST(AVG(
                        CAST((
                          CAST("src"."duration_ms" AS DOUBLE PRECISION) * CAST("src"."duration_ms" AS DOUBLE PRECISION)
                        ) AS DOUBLE PRECISION)
                      ) - (
                        AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) * AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))
                      ) AS DOUBLE PRECISION),
                      CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
                    ) AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF(ABS(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))), 0)
                ),
                CAST(0.0 AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION)
            )
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p9)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        (
          (
            "src"."pattern_id" IS NULL
          ) AND (
            "src"."command" IS NOT NULL
          )
        )
        AND (
          "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
        )
      )
      AND (
        NOT (
          COALESCE(
            "src"."operation" IN (
              SELECT
                "q"."subject"
              FROM "anti_patterns" AS "q"
              WHERE
                (
                  "q"."quarantined" = 1
                ) AND (
                  "q"."subject_kind" = 'operation'
                )
            ),
            FALSE
          )
          OR COALESCE(
            "src"."pattern_id" IN (
              SELECT
                "q"."subject"
              FROM "anti_patterns" AS "q"
              WHERE
                (
                  "q"."quarantined" = 1
                ) AND (
                  "q"."subject_kind" = 'pattern'
                )
              UNION ALL
              SELECT
                "qp"."id"
              FROM "pattern_candidates" AS "qp"
              WHERE
                "qp"."status" = 'quarantined'
            ),
            FALSE
          )
        )
      )
    )
  GROUP BY
    "src"."operation",
    "src"."command_template_id"
) AS "g"
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" COLLATE "C" ASC NULLS FIRST,
  "k1" ASC NULLS FIRST;

-- evidence:examples
SELECT
  "src"."command" AS "v"
FROM "execution_logs" AS "src"
WHERE
  (
    (
      (
        (
          "src"."pattern_id" IS NULL
        ) AND (
          "src"."command" IS NOT NULL
        )
      )
      AND (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )
    )
    AND (
      NOT (
        COALESCE(
          "src"."operation" IN (
            SELECT
              "q"."subject"
            FROM "anti_patterns" AS "q"
            WHERE
              (
                "q"."quarantined" = 1
              ) AND (
                "q"."subject_kind" = 'operation'
              )
          ),
          FALSE
        )
        OR COALESCE(
          "src"."pattern_id" IN (
            SELECT
              "q"."subject"
            FROM "anti_patterns" AS "q"
            WHERE
              (
                "q"."quarantined" = 1
              ) AND (
                "q"."subject_kind" = 'pattern'
              )
            UNION ALL
            SELECT
              "qp"."id"
            FROM "pattern_candidates" AS "qp"
            WHERE
              "qp"."status" = 'quarantined'
          ),
          FALSE
        )
      )
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
      "src"."command_template_id" = %(key1)s
      OR (
        "src"."command_template_id" IS NULL AND %(key1)s IS NULL
      )
    )
  )
  AND (
    "src"."command" IS NOT NULL
  )
ORDER BY
  "src"."ts" COLLATE "C" DESC,
  "src"."command" COLLATE "C" DESC
LIMIT 3;

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "execution_logs" AS "src"
WHERE
  (
    (
      (
        (
          "src"."pattern_id" IS NULL
        ) AND (
          "src"."command" IS NOT NULL
        )
      )
      AND (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )
    )
    AND (
      NOT (
        COALESCE(
          "src"."operation" IN (
            SELECT
              "q"."subject"
            FROM "anti_patterns" AS "q"
            WHERE
              (
                "q"."quarantined" = 1
              ) AND (
                "q"."subject_kind" = 'operation'
              )
          ),
          FALSE
        )
        OR COALESCE(
          "src"."pattern_id" IN (
            SELECT
              "q"."subject"
            FROM "anti_patterns" AS "q"
            WHERE
              (
                "q"."quarantined" = 1
              ) AND (
                "q"."subject_kind" = 'pattern'
              )
            UNION ALL
            SELECT
              "qp"."id"
            FROM "pattern_candidates" AS "qp"
            WHERE
              "qp"."status" = 'quarantined'
          ),
          FALSE
        )
      )
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
      "src"."command_template_id" = %(key1)s
      OR (
        "src"."command_template_id" IS NULL AND %(key1)s IS NULL
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
            (
              "src"."pattern_id" IS NULL
            ) AND (
              "src"."command" IS NOT NULL
            )
          )
          AND (
            "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )
        )
        AND (
          NOT (
            COALESCE(
              "src"."operation" IN (
                SELECT
                  "q"."subject"
                FROM "anti_patterns" AS "q"
                WHERE
                  (
                    "q"."quarantined" = 1
                  ) AND (
                    "q"."subject_kind" = 'operation'
                  )
              ),
              FALSE
            )
            OR COALESCE(
              "src"."pattern_id" IN (
                SELECT
                  "q"."subject"
                FROM "anti_patterns" AS "q"
                WHERE
                  (
                    "q"."quarantined" = 1
                  ) AND (
                    "q"."subject_kind" = 'pattern'
                  )
                UNION ALL
                SELECT
                  "qp"."id"
                FROM "pattern_candidates" AS "qp"
                WHERE
                  "qp"."status" = 'quarantined'
              ),
              FALSE
            )
          )
        )
      )
  );
