-- suggester.rank_for_work (source: patterns, dialect: sqlite)

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
      CASE
        WHEN (
          (
            COALESCE(
              JSON_EXTRACT("src"."group_key", '$.command_template_id'),
              JSON_EXTRACT("src"."fields", '$.command_template_id')
            ) = :p7
          )
          OR (
            COALESCE(
              JSON_EXTRACT("src"."group_key", '$.path_template_id'),
              JSON_EXTRACT("src"."fields", '$.path_template_id')
            ) = :p8
          )
        )
        THEN 1.0
        ELSE 0.0
      END
    ) AS "l0",
    AVG(
      CASE
        WHEN (
          COALESCE(
            JSON_EXTRACT("src"."group_key", '$.operation'),
            JSON_EXTRACT("src"."fields", '$.operation')
          ) = :p6
        )
        THEN 1.0
        ELSE 0.0
      END
    ) AS "l1",
    COALESCE(MAX("src"."confidence"), :p9) AS "l2",
    (
      MAX(
        (
          SELECT
            COUNT(*)
          FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
          WHERE
            "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
        )
      ) * 1.0 / NULLIF(
        MAX(
          (
            SELECT
              COUNT(*)
            FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
            WHERE
              "u"."pattern_id" = "src"."id"
          )
        ),
        0
      )
    ) AS "l3",
    MIN(
      MAX(
        (
          (
            MAX(
              (
                SELECT
                  COUNT(*)
                FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                WHERE
                  "u"."pattern_id" = "src"."id"
              )
            ) - :p9
          ) * 1.0 / NULLIF((
            :p10 - :p9
          ), 0)
        ),
        0.0
      ),
      1.0
    ) AS "l4",
    ROUND(
      (
        (
          (
            (
              (
                :p11 * AVG(
                  CASE
                    WHEN (
                      (
                        COALESCE(
                          JSON_EXTRACT("src"."group_key", '$.command_template_id'),
                          JSON_EXTRACT("src"."fields", '$.command_template_id')
                        ) = :p7
                      )
                      OR (
                        COALESCE(
                          JSON_EXTRACT("src"."group_key", '$.path_template_id'),
                          JSON_EXTRACT("src"."fields", '$.path_template_id')
                        ) = :p8
                      )
                    )
                    THEN 1.0
                    ELSE 0.0
                  END
                )
              ) + (
                :p12 * AVG(
                  CASE
                    WHEN (
                      COALESCE(
                        JSON_EXTRACT("src"."group_key", '$.operation'),
                        JSON_EXTRACT("src"."fields", '$.operation')
                      ) = :p6
                    )
                    THEN 1.0
                    ELSE 0.0
                  END
                )
              )
            ) + (
              :p13 * COALESCE(MAX("src"."confidence"), :p9)
            )
          ) + (
            :p14 * COALESCE(
              (
                MAX(
                  (
                    SELECT
                      COUNT(*)
                    FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                    WHERE
                      "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
                  )
                ) * 1.0 / NULLIF(
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ),
                  0
                )
              ),
              COALESCE(MAX("src"."confidence"), :p9)
            )
          )
        ) + (
          :p15 * MIN(
            MAX(
              (
                (
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ) - :p9
                ) * 1.0 / NULLIF((
                  :p10 - :p9
                ), 0)
              ),
              0.0
            ),
            1.0
          )
        )
      ),
      :p16
    ) AS "l5",
    "src"."name" AS "f0",
    :p17 AS "f1",
    "src"."id" AS "f2",
    ROUND(
      (
        (
          (
            (
              (
                :p11 * AVG(
                  CASE
                    WHEN (
                      (
                        COALESCE(
                          JSON_EXTRACT("src"."group_key", '$.command_template_id'),
                          JSON_EXTRACT("src"."fields", '$.command_template_id')
                        ) = :p7
                      )
                      OR (
                        COALESCE(
                          JSON_EXTRACT("src"."group_key", '$.path_template_id'),
                          JSON_EXTRACT("src"."fields", '$.path_template_id')
                        ) = :p8
                      )
                    )
                    THEN 1.0
                    ELSE 0.0
                  END
                )
              ) + (
                :p12 * AVG(
                  CASE
                    WHEN (
                      COALESCE(
                        JSON_EXTRACT("src"."group_key", '$.operation'),
                        JSON_EXTRACT("src"."fields", '$.operation')
                      ) = :p6
                    )
                    THEN 1.0
                    ELSE 0.0
                  END
                )
              )
            ) + (
              :p13 * COALESCE(MAX("src"."confidence"), :p9)
            )
          ) + (
            :p14 * COALESCE(
              (
                MAX(
                  (
                    SELECT
                      COUNT(*)
                    FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                    WHERE
                      "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
                  )
                ) * 1.0 / NULLIF(
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ),
                  0
                )
              ),
              COALESCE(MAX("src"."confidence"), :p9)
            )
          )
        ) + (
          :p15 * MIN(
            MAX(
              (
                (
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ) - :p9
                ) * 1.0 / NULLIF((
                  :p10 - :p9
                ), 0)
              ),
              0.0
            ),
            1.0
          )
        )
      ),
      :p16
    ) AS "f3",
    (
      AVG(
        CASE
          WHEN (
            (
              COALESCE(
                JSON_EXTRACT("src"."group_key", '$.command_template_id'),
                JSON_EXTRACT("src"."fields", '$.command_template_id')
              ) = :p7
            )
            OR (
              COALESCE(
                JSON_EXTRACT("src"."group_key", '$.path_template_id'),
                JSON_EXTRACT("src"."fields", '$.path_template_id')
              ) = :p8
            )
          )
          THEN 1.0
          ELSE 0.0
        END
      ) = :p18
    ) AS "f4",
    (
      AVG(
        CASE
          WHEN (
            COALESCE(
              JSON_EXTRACT("src"."group_key", '$.operation'),
              JSON_EXTRACT("src"."fields", '$.operation')
            ) = :p6
          )
          THEN 1.0
          ELSE 0.0
        END
      ) = :p18
    ) AS "f5",
    COALESCE(MAX("src"."confidence"), :p9) AS "f6",
    MAX(
      (
        SELECT
          COUNT(*)
        FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
        WHERE
          "u"."pattern_id" = "src"."id"
      )
    ) AS "f7",
    ROUND(
      (
        MAX(
          (
            SELECT
              COUNT(*)
            FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
            WHERE
              "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
          )
        ) * 1.0 / NULLIF(
          MAX(
            (
              SELECT
                COUNT(*)
              FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
              WHERE
                "u"."pattern_id" = "src"."id"
            )
          ),
          0
        )
      ),
      :p16
    ) AS "f8",
    MAX(
      (
        SELECT
          MAX("u"."ts")
        FROM "execution_logs" AS "u"
        WHERE
          "u"."pattern_id" = "src"."id"
      )
    ) AS "f9",
    1 AS "h",
    (
      ROUND(
        (
          (
            (
              (
                (
                  :p11 * AVG(
                    CASE
                      WHEN (
                        (
                          COALESCE(
                            JSON_EXTRACT("src"."group_key", '$.command_template_id'),
                            JSON_EXTRACT("src"."fields", '$.command_template_id')
                          ) = :p7
                        )
                        OR (
                          COALESCE(
                            JSON_EXTRACT("src"."group_key", '$.path_template_id'),
                            JSON_EXTRACT("src"."fields", '$.path_template_id')
                          ) = :p8
                        )
                      )
                      THEN 1.0
                      ELSE 0.0
                    END
                  )
                ) + (
                  :p12 * AVG(
                    CASE
                      WHEN (
                        COALESCE(
                          JSON_EXTRACT("src"."group_key", '$.operation'),
                          JSON_EXTRACT("src"."fields", '$.operation')
                        ) = :p6
                      )
                      THEN 1.0
                      ELSE 0.0
                    END
                  )
                )
              ) + (
                :p13 * COALESCE(MAX("src"."confidence"), :p9)
              )
            ) + (
              :p14 * COALESCE(
                (
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                      WHERE
                        "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
                    )
                  ) * 1.0 / NULLIF(
                    MAX(
                      (
                        SELECT
                          COUNT(*)
                        FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                        WHERE
                          "u"."pattern_id" = "src"."id"
                      )
                    ),
                    0
                  )
                ),
                COALESCE(MAX("src"."confidence"), :p9)
              )
            )
          ) + (
            :p15 * MIN(
              MAX(
                (
                  (
                    MAX(
                      (
                        SELECT
                          COUNT(*)
                        FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                        WHERE
                          "u"."pattern_id" = "src"."id"
                      )
                    ) - :p9
                  ) * 1.0 / NULLIF((
                    :p10 - :p9
                  ), 0)
                ),
                0.0
              ),
              1.0
            )
          )
        ),
        :p16
      ) >= :p19
    ) AS "d0",
    ROUND(
      (
        (
          (
            (
              (
                :p11 * AVG(
                  CASE
                    WHEN (
                      (
                        COALESCE(
                          JSON_EXTRACT("src"."group_key", '$.command_template_id'),
                          JSON_EXTRACT("src"."fields", '$.command_template_id')
                        ) = :p7
                      )
                      OR (
                        COALESCE(
                          JSON_EXTRACT("src"."group_key", '$.path_template_id'),
                          JSON_EXTRACT("src"."fields", '$.path_template_id')
                        ) = :p8
                      )
                    )
                    THEN 1.0
                    ELSE 0.0
                  END
                )
              ) + (
                :p12 * AVG(
                  CASE
                    WHEN (
                      COALESCE(
                        JSON_EXTRACT("src"."group_key", '$.operation'),
                        JSON_EXTRACT("src"."fields", '$.operation')
                      ) = :p6
                    )
                    THEN 1.0
                    ELSE 0.0
                  END
                )
              )
            ) + (
              :p13 * COALESCE(MAX("src"."confidence"), :p9)
            )
          ) + (
            :p14 * COALESCE(
              (
                MAX(
                  (
                    SELECT
                      COUNT(*)
                    FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                    WHERE
                      "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
                  )
                ) * 1.0 / NULLIF(
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ),
                  0
                )
              ),
              COALESCE(MAX("src"."confidence"), :p9)
            )
          )
        ) + (
          :p15 * MIN(
            MAX(
              (
                (
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ) - :p9
                ) * 1.0 / NULLIF((
                  :p10 - :p9
                ), 0)
              ),
              0.0
            ),
            1.0
          )
        )
      ),
      :p16
    ) AS "d0_0l",
    :p19 AS "d0_0r",
    ROUND(
      (
        (
          (
            (
              (
                :p11 * AVG(
                  CASE
                    WHEN (
                      (
                        COALESCE(
                          JSON_EXTRACT("src"."group_key", '$.command_template_id'),
                          JSON_EXTRACT("src"."fields", '$.command_template_id')
                        ) = :p7
                      )
                      OR (
                        COALESCE(
                          JSON_EXTRACT("src"."group_key", '$.path_template_id'),
                          JSON_EXTRACT("src"."fields", '$.path_template_id')
                        ) = :p8
                      )
                    )
                    THEN 1.0
                    ELSE 0.0
                  END
                )
              ) + (
                :p12 * AVG(
                  CASE
                    WHEN (
                      COALESCE(
                        JSON_EXTRACT("src"."group_key", '$.operation'),
                        JSON_EXTRACT("src"."fields", '$.operation')
                      ) = :p6
                    )
                    THEN 1.0
                    ELSE 0.0
                  END
                )
              )
            ) + (
              :p13 * COALESCE(MAX("src"."confidence"), :p9)
            )
          ) + (
            :p14 * COALESCE(
              (
                MAX(
                  (
                    SELECT
                      COUNT(*)
                    FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                    WHERE
                      "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
                  )
                ) * 1.0 / NULLIF(
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ),
                  0
                )
              ),
              COALESCE(MAX("src"."confidence"), :p9)
            )
          )
        ) + (
          :p15 * MIN(
            MAX(
              (
                (
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ) - :p9
                ) * 1.0 / NULLIF((
                  :p10 - :p9
                ), 0)
              ),
              0.0
            ),
            1.0
          )
        )
      ),
      :p16
    ) AS "o0"
  FROM "pattern_candidates" AS "src"
  WHERE
    (
      (
        (
          (
            "src"."status" IN (:p0, :p1)
          )
          AND (
            NOT (
              "src"."status" = 'quarantined'
              OR COALESCE(
                COALESCE(
                  JSON_EXTRACT("src"."group_key", '$.operation'),
                  JSON_EXTRACT("src"."fields", '$.operation')
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
          "src"."kind" IN (:p2, :p3, :p4, :p5)
        )
      )
      AND (
        (
          (
            COALESCE(
              JSON_EXTRACT("src"."group_key", '$.operation'),
              JSON_EXTRACT("src"."fields", '$.operation')
            ) = :p6
          )
          OR (
            COALESCE(
              JSON_EXTRACT("src"."group_key", '$.command_template_id'),
              JSON_EXTRACT("src"."fields", '$.command_template_id')
            ) = :p7
          )
        )
        OR (
          COALESCE(
            JSON_EXTRACT("src"."group_key", '$.path_template_id'),
            JSON_EXTRACT("src"."fields", '$.path_template_id')
          ) = :p8
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
  "h"
ORDER BY
  "o0" DESC,
  "k0" ASC,
  "k1" ASC,
  "k2" ASC,
  "k3" ASC
LIMIT :p20;

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
      CASE
        WHEN (
          (
            COALESCE(
              JSON_EXTRACT("src"."group_key", '$.command_template_id'),
              JSON_EXTRACT("src"."fields", '$.command_template_id')
            ) = :p7
          )
          OR (
            COALESCE(
              JSON_EXTRACT("src"."group_key", '$.path_template_id'),
              JSON_EXTRACT("src"."fields", '$.path_template_id')
            ) = :p8
          )
        )
        THEN 1.0
        ELSE 0.0
      END
    ) AS "l0",
    AVG(
      CASE
        WHEN (
          COALESCE(
            JSON_EXTRACT("src"."group_key", '$.operation'),
            JSON_EXTRACT("src"."fields", '$.operation')
          ) = :p6
        )
        THEN 1.0
        ELSE 0.0
      END
    ) AS "l1",
    COALESCE(MAX("src"."confidence"), :p9) AS "l2",
    (
      MAX(
        (
          SELECT
            COUNT(*)
          FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
          WHERE
            "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
        )
      ) * 1.0 / NULLIF(
        MAX(
          (
            SELECT
              COUNT(*)
            FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
            WHERE
              "u"."pattern_id" = "src"."id"
          )
        ),
        0
      )
    ) AS "l3",
    MIN(
      MAX(
        (
          (
            MAX(
              (
                SELECT
                  COUNT(*)
                FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                WHERE
                  "u"."pattern_id" = "src"."id"
              )
            ) - :p9
          ) * 1.0 / NULLIF((
            :p10 - :p9
          ), 0)
        ),
        0.0
      ),
      1.0
    ) AS "l4",
    ROUND(
      (
        (
          (
            (
              (
                :p11 * AVG(
                  CASE
                    WHEN (
                      (
                        COALESCE(
                          JSON_EXTRACT("src"."group_key", '$.command_template_id'),
                          JSON_EXTRACT("src"."fields", '$.command_template_id')
                        ) = :p7
                      )
                      OR (
                        COALESCE(
                          JSON_EXTRACT("src"."group_key", '$.path_template_id'),
                          JSON_EXTRACT("src"."fields", '$.path_template_id')
                        ) = :p8
                      )
                    )
                    THEN 1.0
                    ELSE 0.0
                  END
                )
              ) + (
                :p12 * AVG(
                  CASE
                    WHEN (
                      COALESCE(
                        JSON_EXTRACT("src"."group_key", '$.operation'),
                        JSON_EXTRACT("src"."fields", '$.operation')
                      ) = :p6
                    )
                    THEN 1.0
                    ELSE 0.0
                  END
                )
              )
            ) + (
              :p13 * COALESCE(MAX("src"."confidence"), :p9)
            )
          ) + (
            :p14 * COALESCE(
              (
                MAX(
                  (
                    SELECT
                      COUNT(*)
                    FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                    WHERE
                      "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
                  )
                ) * 1.0 / NULLIF(
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ),
                  0
                )
              ),
              COALESCE(MAX("src"."confidence"), :p9)
            )
          )
        ) + (
          :p15 * MIN(
            MAX(
              (
                (
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ) - :p9
                ) * 1.0 / NULLIF((
                  :p10 - :p9
                ), 0)
              ),
              0.0
            ),
            1.0
          )
        )
      ),
      :p16
    ) AS "l5",
    "src"."name" AS "f0",
    :p17 AS "f1",
    "src"."id" AS "f2",
    ROUND(
      (
        (
          (
            (
              (
                :p11 * AVG(
                  CASE
                    WHEN (
                      (
                        COALESCE(
                          JSON_EXTRACT("src"."group_key", '$.command_template_id'),
                          JSON_EXTRACT("src"."fields", '$.command_template_id')
                        ) = :p7
                      )
                      OR (
                        COALESCE(
                          JSON_EXTRACT("src"."group_key", '$.path_template_id'),
                          JSON_EXTRACT("src"."fields", '$.path_template_id')
                        ) = :p8
                      )
                    )
                    THEN 1.0
                    ELSE 0.0
                  END
                )
              ) + (
                :p12 * AVG(
                  CASE
                    WHEN (
                      COALESCE(
                        JSON_EXTRACT("src"."group_key", '$.operation'),
                        JSON_EXTRACT("src"."fields", '$.operation')
                      ) = :p6
                    )
                    THEN 1.0
                    ELSE 0.0
                  END
                )
              )
            ) + (
              :p13 * COALESCE(MAX("src"."confidence"), :p9)
            )
          ) + (
            :p14 * COALESCE(
              (
                MAX(
                  (
                    SELECT
                      COUNT(*)
                    FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                    WHERE
                      "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
                  )
                ) * 1.0 / NULLIF(
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ),
                  0
                )
              ),
              COALESCE(MAX("src"."confidence"), :p9)
            )
          )
        ) + (
          :p15 * MIN(
            MAX(
              (
                (
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ) - :p9
                ) * 1.0 / NULLIF((
                  :p10 - :p9
                ), 0)
              ),
              0.0
            ),
            1.0
          )
        )
      ),
      :p16
    ) AS "f3",
    (
      AVG(
        CASE
          WHEN (
            (
              COALESCE(
                JSON_EXTRACT("src"."group_key", '$.command_template_id'),
                JSON_EXTRACT("src"."fields", '$.command_template_id')
              ) = :p7
            )
            OR (
              COALESCE(
                JSON_EXTRACT("src"."group_key", '$.path_template_id'),
                JSON_EXTRACT("src"."fields", '$.path_template_id')
              ) = :p8
            )
          )
          THEN 1.0
          ELSE 0.0
        END
      ) = :p18
    ) AS "f4",
    (
      AVG(
        CASE
          WHEN (
            COALESCE(
              JSON_EXTRACT("src"."group_key", '$.operation'),
              JSON_EXTRACT("src"."fields", '$.operation')
            ) = :p6
          )
          THEN 1.0
          ELSE 0.0
        END
      ) = :p18
    ) AS "f5",
    COALESCE(MAX("src"."confidence"), :p9) AS "f6",
    MAX(
      (
        SELECT
          COUNT(*)
        FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
        WHERE
          "u"."pattern_id" = "src"."id"
      )
    ) AS "f7",
    ROUND(
      (
        MAX(
          (
            SELECT
              COUNT(*)
            FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
            WHERE
              "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
          )
        ) * 1.0 / NULLIF(
          MAX(
            (
              SELECT
                COUNT(*)
              FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
              WHERE
                "u"."pattern_id" = "src"."id"
            )
          ),
          0
        )
      ),
      :p16
    ) AS "f8",
    MAX(
      (
        SELECT
          MAX("u"."ts")
        FROM "execution_logs" AS "u"
        WHERE
          "u"."pattern_id" = "src"."id"
      )
    ) AS "f9",
    1 AS "h",
    (
      ROUND(
        (
          (
            (
              (
                (
                  :p11 * AVG(
                    CASE
                      WHEN (
                        (
                          COALESCE(
                            JSON_EXTRACT("src"."group_key", '$.command_template_id'),
                            JSON_EXTRACT("src"."fields", '$.command_template_id')
                          ) = :p7
                        )
                        OR (
                          COALESCE(
                            JSON_EXTRACT("src"."group_key", '$.path_template_id'),
                            JSON_EXTRACT("src"."fields", '$.path_template_id')
                          ) = :p8
                        )
                      )
                      THEN 1.0
                      ELSE 0.0
                    END
                  )
                ) + (
                  :p12 * AVG(
                    CASE
                      WHEN (
                        COALESCE(
                          JSON_EXTRACT("src"."group_key", '$.operation'),
                          JSON_EXTRACT("src"."fields", '$.operation')
                        ) = :p6
                      )
                      THEN 1.0
                      ELSE 0.0
                    END
                  )
                )
              ) + (
                :p13 * COALESCE(MAX("src"."confidence"), :p9)
              )
            ) + (
              :p14 * COALESCE(
                (
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                      WHERE
                        "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
                    )
                  ) * 1.0 / NULLIF(
                    MAX(
                      (
                        SELECT
                          COUNT(*)
                        FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                        WHERE
                          "u"."pattern_id" = "src"."id"
                      )
                    ),
                    0
                  )
                ),
                COALESCE(MAX("src"."confidence"), :p9)
              )
            )
          ) + (
            :p15 * MIN(
              MAX(
                (
                  (
                    MAX(
                      (
                        SELECT
                          COUNT(*)
                        FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                        WHERE
                          "u"."pattern_id" = "src"."id"
                      )
                    ) - :p9
                  ) * 1.0 / NULLIF((
                    :p10 - :p9
                  ), 0)
                ),
                0.0
              ),
              1.0
            )
          )
        ),
        :p16
      ) >= :p19
    ) AS "d0",
    ROUND(
      (
        (
          (
            (
              (
                :p11 * AVG(
                  CASE
                    WHEN (
                      (
                        COALESCE(
                          JSON_EXTRACT("src"."group_key", '$.command_template_id'),
                          JSON_EXTRACT("src"."fields", '$.command_template_id')
                        ) = :p7
                      )
                      OR (
                        COALESCE(
                          JSON_EXTRACT("src"."group_key", '$.path_template_id'),
                          JSON_EXTRACT("src"."fields", '$.path_template_id')
                        ) = :p8
                      )
                    )
                    THEN 1.0
                    ELSE 0.0
                  END
                )
              ) + (
                :p12 * AVG(
                  CASE
                    WHEN (
                      COALESCE(
                        JSON_EXTRACT("src"."group_key", '$.operation'),
                        JSON_EXTRACT("src"."fields", '$.operation')
                      ) = :p6
                    )
                    THEN 1.0
                    ELSE 0.0
                  END
                )
              )
            ) + (
              :p13 * COALESCE(MAX("src"."confidence"), :p9)
            )
          ) + (
            :p14 * COALESCE(
              (
                MAX(
                  (
                    SELECT
                      COUNT(*)
                    FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                    WHERE
                      "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
                  )
                ) * 1.0 / NULLIF(
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ),
                  0
                )
              ),
              COALESCE(MAX("src"."confidence"), :p9)
            )
          )
        ) + (
          :p15 * MIN(
            MAX(
              (
                (
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ) - :p9
                ) * 1.0 / NULLIF((
                  :p10 - :p9
                ), 0)
              ),
              0.0
            ),
            1.0
          )
        )
      ),
      :p16
    ) AS "d0_0l",
    :p19 AS "d0_0r",
    ROUND(
      (
        (
          (
            (
              (
                :p11 * AVG(
                  CASE
                    WHEN (
                      (
                        COALESCE(
                          JSON_EXTRACT("src"."group_key", '$.command_template_id'),
                          JSON_EXTRACT("src"."fields", '$.command_template_id')
                        ) = :p7
                      )
                      OR (
                        COALESCE(
                          JSON_EXTRACT("src"."group_key", '$.path_template_id'),
                          JSON_EXTRACT("src"."fields", '$.path_template_id')
                        ) = :p8
                      )
                    )
                    THEN 1.0
                    ELSE 0.0
                  END
                )
              ) + (
                :p12 * AVG(
                  CASE
                    WHEN (
                      COALESCE(
                        JSON_EXTRACT("src"."group_key", '$.operation'),
                        JSON_EXTRACT("src"."fields", '$.operation')
                      ) = :p6
                    )
                    THEN 1.0
                    ELSE 0.0
                  END
                )
              )
            ) + (
              :p13 * COALESCE(MAX("src"."confidence"), :p9)
            )
          ) + (
            :p14 * COALESCE(
              (
                MAX(
                  (
                    SELECT
                      COUNT(*)
                    FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                    WHERE
                      "u"."pattern_id" = "src"."id" AND "u"."status" = 'success'
                  )
                ) * 1.0 / NULLIF(
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ),
                  0
                )
              ),
              COALESCE(MAX("src"."confidence"), :p9)
            )
          )
        ) + (
          :p15 * MIN(
            MAX(
              (
                (
                  MAX(
                    (
                      SELECT
                        COUNT(*)
                      FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern"
                      WHERE
                        "u"."pattern_id" = "src"."id"
                    )
                  ) - :p9
                ) * 1.0 / NULLIF((
                  :p10 - :p9
                ), 0)
              ),
              0.0
            ),
            1.0
          )
        )
      ),
      :p16
    ) AS "o0"
  FROM "pattern_candidates" AS "src"
  WHERE
    (
      (
        (
          (
            "src"."status" IN (:p0, :p1)
          )
          AND (
            NOT (
              "src"."status" = 'quarantined'
              OR COALESCE(
                COALESCE(
                  JSON_EXTRACT("src"."group_key", '$.operation'),
                  JSON_EXTRACT("src"."fields", '$.operation')
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
          "src"."kind" IN (:p2, :p3, :p4, :p5)
        )
      )
      AND (
        (
          (
            COALESCE(
              JSON_EXTRACT("src"."group_key", '$.operation'),
              JSON_EXTRACT("src"."fields", '$.operation')
            ) = :p6
          )
          OR (
            COALESCE(
              JSON_EXTRACT("src"."group_key", '$.command_template_id'),
              JSON_EXTRACT("src"."fields", '$.command_template_id')
            ) = :p7
          )
        )
        OR (
          COALESCE(
            JSON_EXTRACT("src"."group_key", '$.path_template_id'),
            JSON_EXTRACT("src"."fields", '$.path_template_id')
          ) = :p8
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
  "o0" DESC,
  "k0" ASC,
  "k1" ASC,
  "k2" ASC,
  "k3" ASC;

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "pattern_candidates" AS "src"
WHERE
  (
    (
      (
        (
          "src"."status" IN (:p0, :p1)
        )
        AND (
          NOT (
            "src"."status" = 'quarantined'
            OR COALESCE(
              COALESCE(
                JSON_EXTRACT("src"."group_key", '$.operation'),
                JSON_EXTRACT("src"."fields", '$.operation')
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
        "src"."kind" IN (:p2, :p3, :p4, :p5)
      )
    )
    AND (
      (
        (
          COALESCE(
            JSON_EXTRACT("src"."group_key", '$.operation'),
            JSON_EXTRACT("src"."fields", '$.operation')
          ) = :p6
        )
        OR (
          COALESCE(
            JSON_EXTRACT("src"."group_key", '$.command_template_id'),
            JSON_EXTRACT("src"."fields", '$.command_template_id')
          ) = :p7
        )
      )
      OR (
        COALESCE(
          JSON_EXTRACT("src"."group_key", '$.path_template_id'),
          JSON_EXTRACT("src"."fields", '$.path_template_id')
        ) = :p8
      )
    )
  )
  AND (
    "src"."id" IS :key0
  )
  AND (
    "src"."name" IS :key1
  )
  AND (
    "src"."kind" IS :key2
  )
  AND (
    "src"."status" IS :key3
  )
  AND (
    "src"."id" IS NOT NULL
  )
ORDER BY
  "src"."updated" DESC,
  "src"."id" DESC
LIMIT 10;
