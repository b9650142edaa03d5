-- suggester.rank_for_work (source: patterns, dialect: postgres)

-- bindings
-- :p0 = 'approved'
-- :p1 = 'draft'
-- :p2 = 'pattern_candidate'
-- :p3 = 'batch_pattern'
-- :p4 = 'execution'
-- :p5 = 'file_batch'
-- :p6 = param query_operation
-- :p7 = param query_template_id
-- :p8 = param query_path_template_id
-- :p9 = 0
-- :p10 = param usage_full
-- :p11 = param w_template
-- :p12 = param w_operation
-- :p13 = param w_confidence
-- :p14 = param w_success
-- :p15 = param w_usage
-- :p16 = 4
-- :p17 = 'use_pattern'
-- :p18 = 1
-- :p19 = param min_score
-- :p20 = param max_suggestions

-- query
SELECT
  *
FROM (
  SELECT
    "src"."id" AS "k0",
    "src"."name" AS "k1",
    "src"."kind" AS "k2",
    "src"."status" AS "k3",
    AVG(
      CAST(CASE
        WHEN (
          (
            COALESCE(
              CASE
                WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'command_template_id')) = 'number'
                THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
              END,
              CASE
                WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'command_template_id')) = 'number'
                THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
              END
            ) = CAST(%(p7)s AS DOUBLE PRECISION)
          )
          OR (
            COALESCE(
              CASE
                WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'path_template_id')) = 'number'
                THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
              END,
              CASE
                WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'path_template_id')) = 'number'
                THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
              END
            ) = CAST(%(p8)s AS DOUBLE PRECISION)
          )
        )
        THEN CAST(1.0 AS DOUBLE PRECISION)
        ELSE CAST(0.0 AS DOUBLE PRECISION)
      END AS DOUBLE PRECISION)
    ) AS "l0",
    AVG(
      CAST(CASE
        WHEN (
          COALESCE(
            JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'operation'),
            JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'operation')
          ) = CAST(%(p6)s AS TEXT)
        )
        THEN CAST(1.0 AS DOUBLE PRECISION)
        ELSE CAST(0.0 AS DOUBLE PRECISION)
      END AS DOUBLE PRECISION)
    ) AS "l1",
    COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT)) AS "l2",
    (
      CAST(MAX(
        (
          SELECT
            COUNT(*)
          FROM "execution_logs" AS "u"
          WHERE
            "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
        )
      ) AS DOUBLE PRECISION) / NULLIF(
        MAX(
          (
            SELECT
              COUNT(*)
            FROM "execution_logs" AS "u"
            WHERE
              "u"."pattern_id" = "src"."id"
          )
        ),
        0
      )
    ) AS "l3",
    AP_LEAST(
      CAST(AP_GREATEST(
        CAST((
          CAST((
            MAX(
              (
                SELECT
                  COUNT(*)
                FROM "execution_logs" AS "u"
                WHERE
                  "u"."pattern_id" = "src"."id"
              )
            ) - CAST(%(p9)s AS BIGINT)
          ) AS DOUBLE PRECISION) / NULLIF((
            CAST(%(p10)s AS DOUBLE PRECISION) - CAST(%(p9)s AS BIGINT)
          ), 0)
        ) AS DOUBLE PRECISION),
        CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
      ) AS DOUBLE PRECISION),
      CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
    ) AS "l4",
    CAST(ROUND(
      CAST((
        (
          (
            (
              (
                CAST(%(p11)s AS DOUBLE PRECISION) * AVG(
                  CAST(CASE
                    WHEN (
                      (
                        COALESCE(
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'command_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                          END,
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'command_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                          END
                        ) = CAST(%(p7)s AS DOUBLE PRECISION)
                      )
                      OR (
                        COALESCE(
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'path_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                          END,
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'path_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                          END
                        ) = CAST(%(p8)s AS DOUBLE PRECISION)
                      )
                    )
                    THEN CAST(1.0 AS DOUBLE PRECISION)
                    ELSE CAST(0.0 AS DOUBLE PRECISION)
                  END AS DOUBLE PRECISION)
                )
              ) + (
                CAST(%(p12)s AS DOUBLE PRECISION) * AVG(
                  CAST(CASE
                    WHEN (
                      COALESCE(
                        JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'operation'),
                        JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'operation')
                      ) = CAST(%(p6)s AS TEXT)
                    )
                    THEN CAST(1.0 AS DOUBLE PRECISION)
                    ELSE CAST(0.0 AS DOUBLE PRECISION)
                  END AS DOUBLE PRECISION)
                )
              )
            ) + (
              CAST(%(p13)s AS DOUBLE PRECISION) * COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT))
            )
          ) + (
            CAST(%(p14)s AS DOUBLE PRECISION) * COALESCE(
              (
                CAST(MAX(
                  (
                    SELECT
                      COUNT(*)
                    FROM "execution_logs" AS "u"
                    WHERE
                      "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
                  )
                ) AS DOUBLE PRECISION) / NULLIF(
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ),
                  0
                )
              ),
              COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT))
            )
          )
        ) + (
          CAST(%(p15)s AS DOUBLE PRECISION) * AP_LEAST(
            CAST(AP_GREATEST(
              CAST((
                CAST((
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ) - CAST(%(p9)s AS BIGINT)
                ) AS DOUBLE PRECISION) / NULLIF((
                  CAST(%(p10)s AS DOUBLE PRECISION) - CAST(%(p9)s AS BIGINT)
                ), 0)
              ) AS DOUBLE PRECISION),
              CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            ) AS DOUBLE PRECISION),
            CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p16)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l5",
    "src"."name" AS "f0",
    CAST(%(p17)s AS TEXT) AS "f1",
    "src"."id" AS "f2",
    CAST(ROUND(
      CAST((
        (
          (
            (
              (
                CAST(%(p11)s AS DOUBLE PRECISION) * AVG(
                  CAST(CASE
                    WHEN (
                      (
                        COALESCE(
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'command_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                          END,
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'command_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                          END
                        ) = CAST(%(p7)s AS DOUBLE PRECISION)
                      )
                      OR (
                        COALESCE(
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'path_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                          END,
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'path_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                          END
                        ) = CAST(%(p8)s AS DOUBLE PRECISION)
                      )
                    )
                    THEN CAST(1.0 AS DOUBLE PRECISION)
                    ELSE CAST(0.0 AS DOUBLE PRECISION)
                  END AS DOUBLE PRECISION)
                )
              ) + (
                CAST(%(p12)s AS DOUBLE PRECISION) * AVG(
                  CAST(CASE
                    WHEN (
                      COALESCE(
                        JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'operation'),
                        JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'operation')
                      ) = CAST(%(p6)s AS TEXT)
                    )
                    THEN CAST(1.0 AS DOUBLE PRECISION)
                    ELSE CAST(0.0 AS DOUBLE PRECISION)
                  END AS DOUBLE PRECISION)
                )
              )
            ) + (
              CAST(%(p13)s AS DOUBLE PRECISION) * COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT))
            )
          ) + (
            CAST(%(p14)s AS DOUBLE PRECISION) * COALESCE(
              (
                CAST(MAX(
                  (
                    SELECT
                      COUNT(*)
                    FROM "execution_logs" AS "u"
                    WHERE
                      "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
                  )
                ) AS DOUBLE PRECISION) / NULLIF(
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ),
                  0
                )
              ),
              COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT))
            )
          )
        ) + (
          CAST(%(p15)s AS DOUBLE PRECISION) * AP_LEAST(
            CAST(AP_GREATEST(
              CAST((
                CAST((
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ) - CAST(%(p9)s AS BIGINT)
                ) AS DOUBLE PRECISION) / NULLIF((
                  CAST(%(p10)s AS DOUBLE PRECISION) - CAST(%(p9)s AS BIGINT)
                ), 0)
              ) AS DOUBLE PRECISION),
              CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            ) AS DOUBLE PRECISION),
            CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p16)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f3",
    CAST((
      AVG(
        CAST(CASE
          WHEN (
            (
              COALESCE(
                CASE
                  WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'command_template_id')) = 'number'
                  THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                END,
                CASE
                  WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'command_template_id')) = 'number'
                  THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                END
              ) = CAST(%(p7)s AS DOUBLE PRECISION)
            )
            OR (
              COALESCE(
                CASE
                  WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'path_template_id')) = 'number'
                  THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                END,
                CASE
                  WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'path_template_id')) = 'number'
                  THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                END
              ) = CAST(%(p8)s AS DOUBLE PRECISION)
            )
          )
          THEN CAST(1.0 AS DOUBLE PRECISION)
          ELSE CAST(0.0 AS DOUBLE PRECISION)
        END AS DOUBLE PRECISION)
      ) = CAST(%(p18)s AS BIGINT)
    ) AS INT) AS "f4",
    CAST((
      AVG(
        CAST(CASE
          WHEN (
            COALESCE(
              JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'operation'),
              JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'operation')
            ) = CAST(%(p6)s AS TEXT)
          )
          THEN CAST(1.0 AS DOUBLE PRECISION)
          ELSE CAST(0.0 AS DOUBLE PRECISION)
        END AS DOUBLE PRECISION)
      ) = CAST(%(p18)s AS BIGINT)
    ) AS INT) AS "f5",
    COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT)) AS "f6",
    MAX(
      (
        SELECT
          COUNT(*)
        FROM "execution_logs" AS "u"
        WHERE
          "u"."pattern_id" = "src"."id"
      )
    ) AS "f7",
    CAST(ROUND(
      CAST((
        CAST(MAX(
          (
            SELECT
              COUNT(*)
            FROM "execution_logs" AS "u"
            WHERE
              "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
          )
        ) AS DOUBLE PRECISION) / NULLIF(
          MAX(
            (
              SELECT
                COUNT(*)
              FROM "execution_logs" AS "u"
              WHERE
                "u"."pattern_id" = "src"."id"
            )
          ),
          0
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p16)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f8",
    MAX(
      (
        SELECT
          MAX("u"."ts" COLLATE "C")
        FROM "execution_logs" AS "u"
        WHERE
          "u"."pattern_id" = "src"."id"
      ) COLLATE "C"
    ) AS "f9",
    1 AS "h",
    CAST((
      CAST(ROUND(
        CAST((
          (
            (
              (
                (
                  CAST(%(p11)s AS DOUBLE PRECISION) * AVG(
                    CAST(CASE
                      WHEN (
                        (
                          COALESCE(
                            CASE
                              WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'command_template_id')) = 'number'
                              THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                            END,
                            CASE
                              WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'command_template_id')) = 'number'
                              THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                            END
                          ) = CAST(%(p7)s AS DOUBLE PRECISION)
                        )
                        OR (
                          COALESCE(
                            CASE
                              WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'path_template_id')) = 'number'
                              THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                            END,
                            CASE
                              WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'path_template_id')) = 'number'
                              THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                            END
                          ) = CAST(%(p8)s AS DOUBLE PRECISION)
                        )
                      )
                      THEN CAST(1.0 AS DOUBLE PRECISION)
                      ELSE CAST(0.0 AS DOUBLE PRECISION)
                    END AS DOUBLE PRECISION)
                  )
                ) + (
                  CAST(%(p12)s AS DOUBLE PRECISION) * AVG(
                    CAST(CASE
                      WHEN (
                        COALESCE(
                          JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'operation'),
                          JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'operation')
                        ) = CAST(%(p6)s AS TEXT)
                      )
                      THEN CAST(1.0 AS DOUBLE PRECISION)
                      ELSE CAST(0.0 AS DOUBLE PRECISION)
                    END AS DOUBLE PRECISION)
                  )
                )
              ) + (
                CAST(%(p13)s AS DOUBLE PRECISION) * COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT))
              )
            ) + (
              CAST(%(p14)s AS DOUBLE PRECISION) * COALESCE(
                (
                  CAST(MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u"
                      WHERE
                        "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
                    )
                  ) AS DOUBLE PRECISION) / NULLIF(
                    MAX(
                      (
                        SELECT
                          COUNT(*)
                        FROM "execution_logs" AS "u"
                        WHERE
                          "u"."pattern_id" = "src"."id"
                      )
                    ),
                    0
                  )
                ),
                COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT))
              )
            )
          ) + (
            CAST(%(p15)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    MAX(
                      (
                        SELECT
                          COUNT(*)
                        FROM "execution_logs" AS "u"
                        WHERE
                          "u"."pattern_id" = "src"."id"
                      )
                    ) - CAST(%(p9)s AS BIGINT)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p10)s AS DOUBLE PRECISION) - CAST(%(p9)s AS BIGINT)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          )
        ) AS DECIMAL),
        AP_ROUND_DIGITS(CAST(CAST(%(p16)s AS BIGINT) AS DOUBLE PRECISION))
      ) AS DOUBLE PRECISION) >= CAST(%(p19)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    CAST(ROUND(
      CAST((
        (
          (
            (
              (
                CAST(%(p11)s AS DOUBLE PRECISION) * AVG(
                  CAST(CASE
                    WHEN (
                      (
                        COALESCE(
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'command_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                          END,
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'command_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                          END
                        ) = CAST(%(p7)s AS DOUBLE PRECISION)
                      )
                      OR (
                        COALESCE(
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'path_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                          END,
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'path_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                          END
                        ) = CAST(%(p8)s AS DOUBLE PRECISION)
                      )
                    )
                    THEN CAST(1.0 AS DOUBLE PRECISION)
                    ELSE CAST(0.0 AS DOUBLE PRECISION)
                  END AS DOUBLE PRECISION)
                )
              ) + (
                CAST(%(p12)s AS DOUBLE PRECISION) * AVG(
                  CAST(CASE
                    WHEN (
                      COALESCE(
                        JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'operation'),
                        JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'operation')
                      ) = CAST(%(p6)s AS TEXT)
                    )
                    THEN CAST(1.0 AS DOUBLE PRECISION)
                    ELSE CAST(0.0 AS DOUBLE PRECISION)
                  END AS DOUBLE PRECISION)
                )
              )
            ) + (
              CAST(%(p13)s AS DOUBLE PRECISION) * COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT))
            )
          ) + (
            CAST(%(p14)s AS DOUBLE PRECISION) * COALESCE(
              (
                CAST(MAX(
                  (
                    SELECT
                      COUNT(*)
                    FROM "execution_logs" AS "u"
                    WHERE
                      "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
                  )
                ) AS DOUBLE PRECISION) / NULLIF(
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ),
                  0
                )
              ),
              COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT))
            )
          )
        ) + (
          CAST(%(p15)s AS DOUBLE PRECISION) * AP_LEAST(
            CAST(AP_GREATEST(
              CAST((
                CAST((
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ) - CAST(%(p9)s AS BIGINT)
                ) AS DOUBLE PRECISION) / NULLIF((
                  CAST(%(p10)s AS DOUBLE PRECISION) - CAST(%(p9)s AS BIGINT)
                ), 0)
              ) AS DOUBLE PRECISION),
              CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            ) AS DOUBLE PRECISION),
            CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p16)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "d0_0l",
    CAST(%(p19)s AS DOUBLE PRECISION) AS "d0_0r",
    CAST(ROUND(
      CAST((
        (
          (
            (
              (
                CAST(%(p11)s AS DOUBLE PRECISION) * AVG(
                  CAST(CASE
                    WHEN (
                      (
                        COALESCE(
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'command_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                          END,
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'command_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                          END
                        ) = CAST(%(p7)s AS DOUBLE PRECISION)
                      )
                      OR (
                        COALESCE(
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'path_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                          END,
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'path_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                          END
                        ) = CAST(%(p8)s AS DOUBLE PRECISION)
                      )
                    )
                    THEN CAST(1.0 AS DOUBLE PRECISION)
                    ELSE CAST(0.0 AS DOUBLE PRECISION)
                  END AS DOUBLE PRECISION)
                )
              ) + (
                CAST(%(p12)s AS DOUBLE PRECISION) * AVG(
                  CAST(CASE
                    WHEN (
                      COALESCE(
                        JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'operation'),
                        JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'operation')
                      ) = CAST(%(p6)s AS TEXT)
                    )
                    THEN CAST(1.0 AS DOUBLE PRECISION)
                    ELSE CAST(0.0 AS DOUBLE PRECISION)
                  END AS DOUBLE PRECISION)
                )
              )
            ) + (
              CAST(%(p13)s AS DOUBLE PRECISION) * COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT))
            )
          ) + (
            CAST(%(p14)s AS DOUBLE PRECISION) * COALESCE(
              (
                CAST(MAX(
                  (
                    SELECT
                      COUNT(*)
                    FROM "execution_logs" AS "u"
                    WHERE
                      "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
                  )
                ) AS DOUBLE PRECISION) / NULLIF(
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ),
                  0
                )
              ),
              COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT))
            )
          )
        ) + (
          CAST(%(p15)s AS DOUBLE PRECISION) * AP_LEAST(
            CAST(AP_GREATEST(
              CAST((
                CAST((
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ) - CAST(%(p9)s AS BIGINT)
                ) AS DOUBLE PRECISION) / NULLIF((
                  CAST(%(p10)s AS DOUBLE PRECISION) - CAST(%(p9)s AS BIGINT)
                ), 0)
              ) AS DOUBLE PRECISION),
              CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            ) AS DOUBLE PRECISION),
            CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p16)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "o0"
  FROM "pattern_candidates" AS "src"
  WHERE
    (
      (
        (
          (
            "src"."status" IN (CAST(%(p0)s AS TEXT), CAST(%(p1)s AS TEXT))
          )
          AND (
            NOT (
              "src"."status" = 'quarantined'
              OR COALESCE(
                COALESCE(
                  JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'operation'),
                  JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'operation')
                ) IN (
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
            )
          )
        )
        AND (
          "src"."kind" IN (
            CAST(%(p2)s AS TEXT),
            CAST(%(p3)s AS TEXT),
            CAST(%(p4)s AS TEXT),
            CAST(%(p5)s AS TEXT)
          )
        )
      )
      AND (
        (
          (
            COALESCE(
              JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'operation'),
              JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'operation')
            ) = CAST(%(p6)s AS TEXT)
          )
          OR (
            COALESCE(
              CASE
                WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'command_template_id')) = 'number'
                THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
              END,
              CASE
                WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'command_template_id')) = 'number'
                THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
              END
            ) = CAST(%(p7)s AS DOUBLE PRECISION)
          )
        )
        OR (
          COALESCE(
            CASE
              WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'path_template_id')) = 'number'
              THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
            END,
            CASE
              WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'path_template_id')) = 'number'
              THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
            END
          ) = CAST(%(p8)s AS DOUBLE PRECISION)
        )
      )
    )
  GROUP BY
    "src"."id",
    "src"."name",
    "src"."kind",
    "src"."status"
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
  "k3" COLLATE "C" ASC NULLS FIRST
LIMIT CAST(CAST(%(p20)s AS DOUBLE PRECISION) AS BIGINT);

-- explain
SELECT
  *
FROM (
  SELECT
    "src"."id" AS "k0",
    "src"."name" AS "k1",
    "src"."kind" AS "k2",
    "src"."status" AS "k3",
    AVG(
      CAST(CASE
        WHEN (
          (
            COALESCE(
              CASE
                WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'command_template_id')) = 'number'
                THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
              END,
              CASE
                WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'command_template_id')) = 'number'
                THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
              END
            ) = CAST(%(p7)s AS DOUBLE PRECISION)
          )
          OR (
            COALESCE(
              CASE
                WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'path_template_id')) = 'number'
                THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
              END,
              CASE
                WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'path_template_id')) = 'number'
                THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
              END
            ) = CAST(%(p8)s AS DOUBLE PRECISION)
          )
        )
        THEN CAST(1.0 AS DOUBLE PRECISION)
        ELSE CAST(0.0 AS DOUBLE PRECISION)
      END AS DOUBLE PRECISION)
    ) AS "l0",
    AVG(
      CAST(CASE
        WHEN (
          COALESCE(
            JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'operation'),
            JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'operation')
          ) = CAST(%(p6)s AS TEXT)
        )
        THEN CAST(1.0 AS DOUBLE PRECISION)
        ELSE CAST(0.0 AS DOUBLE PRECISION)
      END AS DOUBLE PRECISION)
    ) AS "l1",
    COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT)) AS "l2",
    (
      CAST(MAX(
        (
          SELECT
            COUNT(*)
          FROM "execution_logs" AS "u"
          WHERE
            "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
        )
      ) AS DOUBLE PRECISION) / NULLIF(
        MAX(
          (
            SELECT
              COUNT(*)
            FROM "execution_logs" AS "u"
            WHERE
              "u"."pattern_id" = "src"."id"
          )
        ),
        0
      )
    ) AS "l3",
    AP_LEAST(
      CAST(AP_GREATEST(
        CAST((
          CAST((
            MAX(
              (
                SELECT
                  COUNT(*)
                FROM "execution_logs" AS "u"
                WHERE
                  "u"."pattern_id" = "src"."id"
              )
            ) - CAST(%(p9)s AS BIGINT)
          ) AS DOUBLE PRECISION) / NULLIF((
            CAST(%(p10)s AS DOUBLE PRECISION) - CAST(%(p9)s AS BIGINT)
          ), 0)
        ) AS DOUBLE PRECISION),
        CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
      ) AS DOUBLE PRECISION),
      CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
    ) AS "l4",
    CAST(ROUND(
      CAST((
        (
          (
            (
              (
                CAST(%(p11)s AS DOUBLE PRECISION) * AVG(
                  CAST(CASE
                    WHEN (
                      (
                        COALESCE(
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'command_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                          END,
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'command_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                          END
                        ) = CAST(%(p7)s AS DOUBLE PRECISION)
                      )
                      OR (
                        COALESCE(
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'path_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                          END,
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'path_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                          END
                        ) = CAST(%(p8)s AS DOUBLE PRECISION)
                      )
                    )
                    THEN CAST(1.0 AS DOUBLE PRECISION)
                    ELSE CAST(0.0 AS DOUBLE PRECISION)
                  END AS DOUBLE PRECISION)
                )
              ) + (
                CAST(%(p12)s AS DOUBLE PRECISION) * AVG(
                  CAST(CASE
                    WHEN (
                      COALESCE(
                        JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'operation'),
                        JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'operation')
                      ) = CAST(%(p6)s AS TEXT)
                    )
                    THEN CAST(1.0 AS DOUBLE PRECISION)
                    ELSE CAST(0.0 AS DOUBLE PRECISION)
                  END AS DOUBLE PRECISION)
                )
              )
            ) + (
              CAST(%(p13)s AS DOUBLE PRECISION) * COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT))
            )
          ) + (
            CAST(%(p14)s AS DOUBLE PRECISION) * COALESCE(
              (
                CAST(MAX(
                  (
                    SELECT
                      COUNT(*)
                    FROM "execution_logs" AS "u"
                    WHERE
                      "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
                  )
                ) AS DOUBLE PRECISION) / NULLIF(
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ),
                  0
                )
              ),
              COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT))
            )
          )
        ) + (
          CAST(%(p15)s AS DOUBLE PRECISION) * AP_LEAST(
            CAST(AP_GREATEST(
              CAST((
                CAST((
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ) - CAST(%(p9)s AS BIGINT)
                ) AS DOUBLE PRECISION) / NULLIF((
                  CAST(%(p10)s AS DOUBLE PRECISION) - CAST(%(p9)s AS BIGINT)
                ), 0)
              ) AS DOUBLE PRECISION),
              CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            ) AS DOUBLE PRECISION),
            CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p16)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l5",
    "src"."name" AS "f0",
    CAST(%(p17)s AS TEXT) AS "f1",
    "src"."id" AS "f2",
    CAST(ROUND(
      CAST((
        (
          (
            (
              (
                CAST(%(p11)s AS DOUBLE PRECISION) * AVG(
                  CAST(CASE
                    WHEN (
                      (
                        COALESCE(
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'command_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                          END,
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'command_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                          END
                        ) = CAST(%(p7)s AS DOUBLE PRECISION)
                      )
                      OR (
                        COALESCE(
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'path_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                          END,
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'path_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                          END
                        ) = CAST(%(p8)s AS DOUBLE PRECISION)
                      )
                    )
                    THEN CAST(1.0 AS DOUBLE PRECISION)
                    ELSE CAST(0.0 AS DOUBLE PRECISION)
                  END AS DOUBLE PRECISION)
                )
              ) + (
                CAST(%(p12)s AS DOUBLE PRECISION) * AVG(
                  CAST(CASE
                    WHEN (
                      COALESCE(
                        JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'operation'),
                        JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'operation')
                      ) = CAST(%(p6)s AS TEXT)
                    )
                    THEN CAST(1.0 AS DOUBLE PRECISION)
                    ELSE CAST(0.0 AS DOUBLE PRECISION)
                  END AS DOUBLE PRECISION)
                )
              )
            ) + (
              CAST(%(p13)s AS DOUBLE PRECISION) * COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT))
            )
          ) + (
            CAST(%(p14)s AS DOUBLE PRECISION) * COALESCE(
              (
                CAST(MAX(
                  (
                    SELECT
                      COUNT(*)
                    FROM "execution_logs" AS "u"
                    WHERE
                      "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
                  )
                ) AS DOUBLE PRECISION) / NULLIF(
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ),
                  0
                )
              ),
              COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT))
            )
          )
        ) + (
          CAST(%(p15)s AS DOUBLE PRECISION) * AP_LEAST(
            CAST(AP_GREATEST(
              CAST((
                CAST((
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ) - CAST(%(p9)s AS BIGINT)
                ) AS DOUBLE PRECISION) / NULLIF((
                  CAST(%(p10)s AS DOUBLE PRECISION) - CAST(%(p9)s AS BIGINT)
                ), 0)
              ) AS DOUBLE PRECISION),
              CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            ) AS DOUBLE PRECISION),
            CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p16)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f3",
    CAST((
      AVG(
        CAST(CASE
          WHEN (
            (
              COALESCE(
                CASE
                  WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'command_template_id')) = 'number'
                  THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                END,
                CASE
                  WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'command_template_id')) = 'number'
                  THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                END
              ) = CAST(%(p7)s AS DOUBLE PRECISION)
            )
            OR (
              COALESCE(
                CASE
                  WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'path_template_id')) = 'number'
                  THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                END,
                CASE
                  WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'path_template_id')) = 'number'
                  THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                END
              ) = CAST(%(p8)s AS DOUBLE PRECISION)
            )
          )
          THEN CAST(1.0 AS DOUBLE PRECISION)
          ELSE CAST(0.0 AS DOUBLE PRECISION)
        END AS DOUBLE PRECISION)
      ) = CAST(%(p18)s AS BIGINT)
    ) AS INT) AS "f4",
    CAST((
      AVG(
        CAST(CASE
          WHEN (
            COALESCE(
              JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'operation'),
              JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'operation')
            ) = CAST(%(p6)s AS TEXT)
          )
          THEN CAST(1.0 AS DOUBLE PRECISION)
          ELSE CAST(0.0 AS DOUBLE PRECISION)
        END AS DOUBLE PRECISION)
      ) = CAST(%(p18)s AS BIGINT)
    ) AS INT) AS "f5",
    COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT)) AS "f6",
    MAX(
      (
        SELECT
          COUNT(*)
        FROM "execution_logs" AS "u"
        WHERE
          "u"."pattern_id" = "src"."id"
      )
    ) AS "f7",
    CAST(ROUND(
      CAST((
        CAST(MAX(
          (
            SELECT
              COUNT(*)
            FROM "execution_logs" AS "u"
            WHERE
              "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
          )
        ) AS DOUBLE PRECISION) / NULLIF(
          MAX(
            (
              SELECT
                COUNT(*)
              FROM "execution_logs" AS "u"
              WHERE
                "u"."pattern_id" = "src"."id"
            )
          ),
          0
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p16)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f8",
    MAX(
      (
        SELECT
          MAX("u"."ts" COLLATE "C")
        FROM "execution_logs" AS "u"
        WHERE
          "u"."pattern_id" = "src"."id"
      ) COLLATE "C"
    ) AS "f9",
    1 AS "h",
    CAST((
      CAST(ROUND(
        CAST((
          (
            (
              (
                (
                  CAST(%(p11)s AS DOUBLE PRECISION) * AVG(
                    CAST(CASE
                      WHEN (
                        (
                          COALESCE(
                            CASE
                              WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'command_template_id')) = 'number'
                              THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                            END,
                            CASE
                              WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'command_template_id')) = 'number'
                              THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                            END
                          ) = CAST(%(p7)s AS DOUBLE PRECISION)
                        )
                        OR (
                          COALESCE(
                            CASE
                              WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'path_template_id')) = 'number'
                              THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                            END,
                            CASE
                              WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'path_template_id')) = 'number'
                              THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                            END
                          ) = CAST(%(p8)s AS DOUBLE PRECISION)
                        )
                      )
                      THEN CAST(1.0 AS DOUBLE PRECISION)
                      ELSE CAST(0.0 AS DOUBLE PRECISION)
                    END AS DOUBLE PRECISION)
                  )
                ) + (
                  CAST(%(p12)s AS DOUBLE PRECISION) * AVG(
                    CAST(CASE
                      WHEN (
                        COALESCE(
                          JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'operation'),
                          JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'operation')
                        ) = CAST(%(p6)s AS TEXT)
                      )
                      THEN CAST(1.0 AS DOUBLE PRECISION)
                      ELSE CAST(0.0 AS DOUBLE PRECISION)
                    END AS DOUBLE PRECISION)
                  )
                )
              ) + (
                CAST(%(p13)s AS DOUBLE PRECISION) * COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT))
              )
            ) + (
              CAST(%(p14)s AS DOUBLE PRECISION) * COALESCE(
                (
                  CAST(MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u"
                      WHERE
                        "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
                    )
                  ) AS DOUBLE PRECISION) / NULLIF(
                    MAX(
                      (
                        SELECT
                          COUNT(*)
                        FROM "execution_logs" AS "u"
                        WHERE
                          "u"."pattern_id" = "src"."id"
                      )
                    ),
                    0
                  )
                ),
                COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT))
              )
            )
          ) + (
            CAST(%(p15)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    MAX(
                      (
                        SELECT
                          COUNT(*)
                        FROM "execution_logs" AS "u"
                        WHERE
                          "u"."pattern_id" = "src"."id"
                      )
                    ) - CAST(%(p9)s AS BIGINT)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p10)s AS DOUBLE PRECISION) - CAST(%(p9)s AS BIGINT)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          )
        ) AS DECIMAL),
        AP_ROUND_DIGITS(CAST(CAST(%(p16)s AS BIGINT) AS DOUBLE PRECISION))
      ) AS DOUBLE PRECISION) >= CAST(%(p19)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    CAST(ROUND(
      CAST((
        (
          (
            (
              (
                CAST(%(p11)s AS DOUBLE PRECISION) * AVG(
                  CAST(CASE
                    WHEN (
                      (
                        COALESCE(
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'command_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                          END,
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'command_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                          END
                        ) = CAST(%(p7)s AS DOUBLE PRECISION)
                      )
                      OR (
                        COALESCE(
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'path_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                          END,
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'path_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                          END
                        ) = CAST(%(p8)s AS DOUBLE PRECISION)
                      )
                    )
                    THEN CAST(1.0 AS DOUBLE PRECISION)
                    ELSE CAST(0.0 AS DOUBLE PRECISION)
                  END AS DOUBLE PRECISION)
                )
              ) + (
                CAST(%(p12)s AS DOUBLE PRECISION) * AVG(
                  CAST(CASE
                    WHEN (
                      COALESCE(
                        JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'operation'),
                        JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'operation')
                      ) = CAST(%(p6)s AS TEXT)
                    )
                    THEN CAST(1.0 AS DOUBLE PRECISION)
                    ELSE CAST(0.0 AS DOUBLE PRECISION)
                  END AS DOUBLE PRECISION)
                )
              )
            ) + (
              CAST(%(p13)s AS DOUBLE PRECISION) * COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT))
            )
          ) + (
            CAST(%(p14)s AS DOUBLE PRECISION) * COALESCE(
              (
                CAST(MAX(
                  (
                    SELECT
                      COUNT(*)
                    FROM "execution_logs" AS "u"
                    WHERE
                      "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
                  )
                ) AS DOUBLE PRECISION) / NULLIF(
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ),
                  0
                )
              ),
              COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT))
            )
          )
        ) + (
          CAST(%(p15)s AS DOUBLE PRECISION) * AP_LEAST(
            CAST(AP_GREATEST(
              CAST((
                CAST((
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ) - CAST(%(p9)s AS BIGINT)
                ) AS DOUBLE PRECISION) / NULLIF((
                  CAST(%(p10)s AS DOUBLE PRECISION) - CAST(%(p9)s AS BIGINT)
                ), 0)
              ) AS DOUBLE PRECISION),
              CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            ) AS DOUBLE PRECISION),
            CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p16)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "d0_0l",
    CAST(%(p19)s AS DOUBLE PRECISION) AS "d0_0r",
    CAST(ROUND(
      CAST((
        (
          (
            (
              (
                CAST(%(p11)s AS DOUBLE PRECISION) * AVG(
                  CAST(CASE
                    WHEN (
                      (
                        COALESCE(
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'command_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                          END,
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'command_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
                          END
                        ) = CAST(%(p7)s AS DOUBLE PRECISION)
                      )
                      OR (
                        COALESCE(
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'path_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                          END,
                          CASE
                            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'path_template_id')) = 'number'
                            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
                          END
                        ) = CAST(%(p8)s AS DOUBLE PRECISION)
                      )
                    )
                    THEN CAST(1.0 AS DOUBLE PRECISION)
                    ELSE CAST(0.0 AS DOUBLE PRECISION)
                  END AS DOUBLE PRECISION)
                )
              ) + (
                CAST(%(p12)s AS DOUBLE PRECISION) * AVG(
                  CAST(CASE
                    WHEN (
                      COALESCE(
                        JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'operation'),
                        JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'operation')
                      ) = CAST(%(p6)s AS TEXT)
                    )
                    THEN CAST(1.0 AS DOUBLE PRECISION)
                    ELSE CAST(0.0 AS DOUBLE PRECISION)
                  END AS DOUBLE PRECISION)
                )
              )
            ) + (
              CAST(%(p13)s AS DOUBLE PRECISION) * COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT))
            )
          ) + (
            CAST(%(p14)s AS DOUBLE PRECISION) * COALESCE(
              (
                CAST(MAX(
                  (
                    SELECT
                      COUNT(*)
                    FROM "execution_logs" AS "u"
                    WHERE
                      "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
                  )
                ) AS DOUBLE PRECISION) / NULLIF(
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ),
                  0
                )
              ),
              COALESCE(MAX("src"."confidence"), CAST(%(p9)s AS BIGINT))
            )
          )
        ) + (
          CAST(%(p15)s AS DOUBLE PRECISION) * AP_LEAST(
            CAST(AP_GREATEST(
              CAST((
                CAST((
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ) - CAST(%(p9)s AS BIGINT)
                ) AS DOUBLE PRECISION) / NULLIF((
                  CAST(%(p10)s AS DOUBLE PRECISION) - CAST(%(p9)s AS BIGINT)
                ), 0)
              ) AS DOUBLE PRECISION),
              CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            ) AS DOUBLE PRECISION),
            CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p16)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "o0"
  FROM "pattern_candidates" AS "src"
  WHERE
    (
      (
        (
          (
            "src"."status" IN (CAST(%(p0)s AS TEXT), CAST(%(p1)s AS TEXT))
          )
          AND (
            NOT (
              "src"."status" = 'quarantined'
              OR COALESCE(
                COALESCE(
                  JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'operation'),
                  JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'operation')
                ) IN (
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
            )
          )
        )
        AND (
          "src"."kind" IN (
            CAST(%(p2)s AS TEXT),
            CAST(%(p3)s AS TEXT),
            CAST(%(p4)s AS TEXT),
            CAST(%(p5)s AS TEXT)
          )
        )
      )
      AND (
        (
          (
            COALESCE(
              JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'operation'),
              JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'operation')
            ) = CAST(%(p6)s AS TEXT)
          )
          OR (
            COALESCE(
              CASE
                WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'command_template_id')) = 'number'
                THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
              END,
              CASE
                WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'command_template_id')) = 'number'
                THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
              END
            ) = CAST(%(p7)s AS DOUBLE PRECISION)
          )
        )
        OR (
          COALESCE(
            CASE
              WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'path_template_id')) = 'number'
              THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
            END,
            CASE
              WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'path_template_id')) = 'number'
              THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
            END
          ) = CAST(%(p8)s AS DOUBLE PRECISION)
        )
      )
    )
  GROUP BY
    "src"."id",
    "src"."name",
    "src"."kind",
    "src"."status"
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
      (
        (
          "src"."status" IN (CAST(%(p0)s AS TEXT), CAST(%(p1)s AS TEXT))
        )
        AND (
          NOT (
            "src"."status" = 'quarantined'
            OR COALESCE(
              COALESCE(
                JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'operation'),
                JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'operation')
              ) IN (
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
          )
        )
      )
      AND (
        "src"."kind" IN (
          CAST(%(p2)s AS TEXT),
          CAST(%(p3)s AS TEXT),
          CAST(%(p4)s AS TEXT),
          CAST(%(p5)s AS TEXT)
        )
      )
    )
    AND (
      (
        (
          COALESCE(
            JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'operation'),
            JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'operation')
          ) = CAST(%(p6)s AS TEXT)
        )
        OR (
          COALESCE(
            CASE
              WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'command_template_id')) = 'number'
              THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
            END,
            CASE
              WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'command_template_id')) = 'number'
              THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
            END
          ) = CAST(%(p7)s AS DOUBLE PRECISION)
        )
      )
      OR (
        COALESCE(
          CASE
            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."group_key" AS JSONB), 'path_template_id')) = 'number'
            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
          END,
          CASE
            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("src"."fields" AS JSONB), 'path_template_id')) = 'number'
            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("src"."fields" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
          END
        ) = CAST(%(p8)s AS DOUBLE PRECISION)
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
      "src"."name" = %(key1)s OR (
        "src"."name" IS NULL AND %(key1)s IS NULL
      )
    )
  )
  AND (
    (
      "src"."kind" = %(key2)s OR (
        "src"."kind" IS NULL AND %(key2)s IS NULL
      )
    )
  )
  AND (
    (
      "src"."status" = %(key3)s OR (
        "src"."status" IS NULL AND %(key3)s IS NULL
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
