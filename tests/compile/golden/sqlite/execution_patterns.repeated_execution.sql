-- execution_patterns.repeated_execution (source: executions, dialect: sqlite)

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
    AVG(CASE WHEN (
      "src"."status" = :p2
    ) THEN 1.0 ELSE 0.0 END) AS "l0",
    MIN(
      MAX((
        (
          COUNT(*) - :p3
        ) * 1.0 / NULLIF((
          :p4 - :p3
        ), 0)
      ), 0.0),
      1.0
    ) AS "l1",
    (
      :p5 - MIN(
        1.0,
        COALESCE(
          (
            AP_SQRT(
              MAX(
                AVG((
                  (
                    "src"."duration_ms" * 1.0
                  ) * (
                    "src"."duration_ms" * 1.0
                  )
                )) - (
                  AVG("src"."duration_ms") * AVG("src"."duration_ms")
                ),
                0.0
              )
            ) * 1.0 / NULLIF(ABS(AVG("src"."duration_ms")), 0)
          ),
          0.0
        )
      )
    ) AS "l2",
    ROUND(
      (
        (
          (
            :p6 * AVG(CASE WHEN (
              "src"."status" = :p2
            ) THEN 1.0 ELSE 0.0 END)
          ) + (
            :p7 * MIN(
              MAX((
                (
                  COUNT(*) - :p3
                ) * 1.0 / NULLIF((
                  :p4 - :p3
                ), 0)
              ), 0.0),
              1.0
            )
          )
        ) + (
          :p8 * (
            :p5 - MIN(
              1.0,
              COALESCE(
                (
                  AP_SQRT(
                    MAX(
                      AVG((
                        (
                          "src"."duration_ms" * 1.0
                        ) * (
                          "src"."duration_ms" * 1.0
                        )
                      )) - (
                        AVG("src"."duration_ms") * AVG("src"."duration_ms")
                      ),
                      0.0
                    )
                  ) * 1.0 / NULLIF(ABS(AVG("src"."duration_ms")), 0)
                ),
                0.0
              )
            )
          )
        )
      ),
      :p9
    ) AS "l3",
    (
      COALESCE("src"."operation", '') || COALESCE(:p10, '') || COALESCE(
        (
          SELECT
            "template"
          FROM "templates"
          WHERE
            "templates"."id" = "src"."command_template_id"
        ),
        ''
      )
    ) AS "f0",
    ROUND(
      (
        (
          (
            :p6 * AVG(CASE WHEN (
              "src"."status" = :p2
            ) THEN 1.0 ELSE 0.0 END)
          ) + (
            :p7 * MIN(
              MAX((
                (
                  COUNT(*) - :p3
                ) * 1.0 / NULLIF((
                  :p4 - :p3
                ), 0)
              ), 0.0),
              1.0
            )
          )
        ) + (
          :p8 * (
            :p5 - MIN(
              1.0,
              COALESCE(
                (
                  AP_SQRT(
                    MAX(
                      AVG((
                        (
                          "src"."duration_ms" * 1.0
                        ) * (
                          "src"."duration_ms" * 1.0
                        )
                      )) - (
                        AVG("src"."duration_ms") * AVG("src"."duration_ms")
                      ),
                      0.0
                    )
                  ) * 1.0 / NULLIF(ABS(AVG("src"."duration_ms")), 0)
                ),
                0.0
              )
            )
          )
        )
      ),
      :p9
    ) AS "f1",
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
    ROUND(AVG("src"."duration_ms"), :p5) AS "f6",
    ROUND(AP_PERCENTILE("src"."duration_ms", :p11), :p5) AS "f7",
    (
      COUNT(*) >= :p3
    ) AS "h",
    (
      ROUND(
        (
          (
            (
              :p6 * AVG(CASE WHEN (
                "src"."status" = :p2
              ) THEN 1.0 ELSE 0.0 END)
            ) + (
              :p7 * MIN(
                MAX((
                  (
                    COUNT(*) - :p3
                  ) * 1.0 / NULLIF((
                    :p4 - :p3
                  ), 0)
                ), 0.0),
                1.0
              )
            )
          ) + (
            :p8 * (
              :p5 - MIN(
                1.0,
                COALESCE(
                  (
                    AP_SQRT(
                      MAX(
                        AVG((
                          (
                            "src"."duration_ms" * 1.0
                          ) * (
                            "src"."duration_ms" * 1.0
                          )
                        )) - (
                          AVG("src"."duration_ms") * AVG("src"."duration_ms")
                        ),
                        0.0
                      )
                    ) * 1.0 / NULLIF(ABS(AVG("src"."duration_ms")), 0)
                  ),
                  0.0
                )
              )
            )
          )
        ),
        :p9
      ) >= :p12
    ) AS "d0",
    ROUND(
      (
        (
          (
            :p6 * AVG(CASE WHEN (
              "src"."status" = :p2
            ) THEN 1.0 ELSE 0.0 END)
          ) + (
            :p7 * MIN(
              MAX((
                (
                  COUNT(*) - :p3
                ) * 1.0 / NULLIF((
                  :p4 - :p3
                ), 0)
              ), 0.0),
              1.0
            )
          )
        ) + (
          :p8 * (
            :p5 - MIN(
              1.0,
              COALESCE(
                (
                  AP_SQRT(
                    MAX(
                      AVG((
                        (
                          "src"."duration_ms" * 1.0
                        ) * (
                          "src"."duration_ms" * 1.0
                        )
                      )) - (
                        AVG("src"."duration_ms") * AVG("src"."duration_ms")
                      ),
                      0.0
                    )
                  ) * 1.0 / NULLIF(ABS(AVG("src"."duration_ms")), 0)
                ),
                0.0
              )
            )
          )
        )
      ),
      :p9
    ) AS "d0_0l",
    :p12 AS "d0_0r",
    ROUND(
      (
        (
          (
            :p6 * AVG(CASE WHEN (
              "src"."status" = :p2
            ) THEN 1.0 ELSE 0.0 END)
          ) + (
            :p7 * MIN(
              MAX((
                (
                  COUNT(*) - :p3
                ) * 1.0 / NULLIF((
                  :p4 - :p3
                ), 0)
              ), 0.0),
              1.0
            )
          )
        ) + (
          :p8 * (
            :p5 - MIN(
              1.0,
              COALESCE(
                (
                  AP_SQRT(
                    MAX(
                      AVG((
                        (
                          "src"."duration_ms" * 1.0
                        ) * (
                          "src"."duration_ms" * 1.0
                        )
                      )) - (
                        AVG("src"."duration_ms") * AVG("src"."duration_ms")
                      ),
                      0.0
                    )
                  ) * 1.0 / NULLIF(ABS(AVG("src"."duration_ms")), 0)
                ),
                0.0
              )
            )
          )
        )
      ),
      :p9
    ) AS "o0"
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
          "src"."ts" > :p0 AND "src"."ts" <= :p1
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
    "src"."command_template_id" AS "k1",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."command_template_id"
    ) AS "t1",
    AVG(CASE WHEN (
      "src"."status" = :p2
    ) THEN 1.0 ELSE 0.0 END) AS "l0",
    MIN(
      MAX((
        (
          COUNT(*) - :p3
        ) * 1.0 / NULLIF((
          :p4 - :p3
        ), 0)
      ), 0.0),
      1.0
    ) AS "l1",
    (
      :p5 - MIN(
        1.0,
        COALESCE(
          (
            AP_SQRT(
              MAX(
                AVG((
                  (
                    "src"."duration_ms" * 1.0
                  ) * (
                    "src"."duration_ms" * 1.0
                  )
                )) - (
                  AVG("src"."duration_ms") * AVG("src"."duration_ms")
                ),
                0.0
              )
            ) * 1.0 / NULLIF(ABS(AVG("src"."duration_ms")), 0)
          ),
          0.0
        )
      )
    ) AS "l2",
    ROUND(
      (
        (
          (
            :p6 * AVG(CASE WHEN (
              "src"."status" = :p2
            ) THEN 1.0 ELSE 0.0 END)
          ) + (
            :p7 * MIN(
              MAX((
                (
                  COUNT(*) - :p3
                ) * 1.0 / NULLIF((
                  :p4 - :p3
                ), 0)
              ), 0.0),
              1.0
            )
          )
        ) + (
          :p8 * (
            :p5 - MIN(
              1.0,
              COALESCE(
                (
                  AP_SQRT(
                    MAX(
                      AVG((
                        (
                          "src"."duration_ms" * 1.0
                        ) * (
                          "src"."duration_ms" * 1.0
                        )
                      )) - (
                        AVG("src"."duration_ms") * AVG("src"."duration_ms")
                      ),
                      0.0
                    )
                  ) * 1.0 / NULLIF(ABS(AVG("src"."duration_ms")), 0)
                ),
                0.0
              )
            )
          )
        )
      ),
      :p9
    ) AS "l3",
    (
      COALESCE("src"."operation", '') || COALESCE(:p10, '') || COALESCE(
        (
          SELECT
            "template"
          FROM "templates"
          WHERE
            "templates"."id" = "src"."command_template_id"
        ),
        ''
      )
    ) AS "f0",
    ROUND(
      (
        (
          (
            :p6 * AVG(CASE WHEN (
              "src"."status" = :p2
            ) THEN 1.0 ELSE 0.0 END)
          ) + (
            :p7 * MIN(
              MAX((
                (
                  COUNT(*) - :p3
                ) * 1.0 / NULLIF((
                  :p4 - :p3
                ), 0)
              ), 0.0),
              1.0
            )
          )
        ) + (
          :p8 * (
            :p5 - MIN(
              1.0,
              COALESCE(
                (
                  AP_SQRT(
                    MAX(
                      AVG((
                        (
                          "src"."duration_ms" * 1.0
                        ) * (
                          "src"."duration_ms" * 1.0
                        )
                      )) - (
                        AVG("src"."duration_ms") * AVG("src"."duration_ms")
                      ),
                      0.0
                    )
                  ) * 1.0 / NULLIF(ABS(AVG("src"."duration_ms")), 0)
                ),
                0.0
              )
            )
          )
        )
      ),
      :p9
    ) AS "f1",
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
    ROUND(AVG("src"."duration_ms"), :p5) AS "f6",
    ROUND(AP_PERCENTILE("src"."duration_ms", :p11), :p5) AS "f7",
    (
      COUNT(*) >= :p3
    ) AS "h",
    (
      ROUND(
        (
          (
            (
              :p6 * AVG(CASE WHEN (
                "src"."status" = :p2
              ) THEN 1.0 ELSE 0.0 END)
            ) + (
              :p7 * MIN(
                MAX((
                  (
                    COUNT(*) - :p3
                  ) * 1.0 / NULLIF((
                    :p4 - :p3
                  ), 0)
                ), 0.0),
                1.0
              )
            )
          ) + (
            :p8 * (
              :p5 - MIN(
                1.0,
                COALESCE(
                  (
                    AP_SQRT(
                      MAX(
                        AVG((
                          (
                            "src"."duration_ms" * 1.0
                          ) * (
                            "src"."duration_ms" * 1.0
                          )
                        )) - (
                          AVG("src"."duration_ms") * AVG("src"."duration_ms")
                        ),
                        0.0
                      )
                    ) * 1.0 / NULLIF(ABS(AVG("src"."duration_ms")), 0)
                  ),
                  0.0
                )
              )
            )
          )
        ),
        :p9
      ) >= :p12
    ) AS "d0",
    ROUND(
      (
        (
          (
            :p6 * AVG(CASE WHEN (
              "src"."status" = :p2
            ) THEN 1.0 ELSE 0.0 END)
          ) + (
            :p7 * MIN(
              MAX((
                (
                  COUNT(*) - :p3
                ) * 1.0 / NULLIF((
                  :p4 - :p3
                ), 0)
              ), 0.0),
              1.0
            )
          )
        ) + (
          :p8 * (
            :p5 - MIN(
              1.0,
              COALESCE(
                (
                  AP_SQRT(
                    MAX(
                      AVG((
                        (
                          "src"."duration_ms" * 1.0
                        ) * (
                          "src"."duration_ms" * 1.0
                        )
                      )) - (
                        AVG("src"."duration_ms") * AVG("src"."duration_ms")
                      ),
                      0.0
                    )
                  ) * 1.0 / NULLIF(ABS(AVG("src"."duration_ms")), 0)
                ),
                0.0
              )
            )
          )
        )
      ),
      :p9
    ) AS "d0_0l",
    :p12 AS "d0_0r",
    ROUND(
      (
        (
          (
            :p6 * AVG(CASE WHEN (
              "src"."status" = :p2
            ) THEN 1.0 ELSE 0.0 END)
          ) + (
            :p7 * MIN(
              MAX((
                (
                  COUNT(*) - :p3
                ) * 1.0 / NULLIF((
                  :p4 - :p3
                ), 0)
              ), 0.0),
              1.0
            )
          )
        ) + (
          :p8 * (
            :p5 - MIN(
              1.0,
              COALESCE(
                (
                  AP_SQRT(
                    MAX(
                      AVG((
                        (
                          "src"."duration_ms" * 1.0
                        ) * (
                          "src"."duration_ms" * 1.0
                        )
                      )) - (
                        AVG("src"."duration_ms") * AVG("src"."duration_ms")
                      ),
                      0.0
                    )
                  ) * 1.0 / NULLIF(ABS(AVG("src"."duration_ms")), 0)
                ),
                0.0
              )
            )
          )
        )
      ),
      :p9
    ) AS "o0"
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
          "src"."ts" > :p0 AND "src"."ts" <= :p1
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
  "o0" DESC,
  "k0" ASC,
  "k1" ASC;

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
        "src"."ts" > :p0 AND "src"."ts" <= :p1
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
    "src"."operation" IS :key0
  )
  AND (
    "src"."command_template_id" IS :key1
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
      (
        (
          "src"."pattern_id" IS NULL
        ) AND (
          "src"."command" IS NOT NULL
        )
      )
      AND (
        "src"."ts" > :p0 AND "src"."ts" <= :p1
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
    "src"."operation" IS :key0
  )
  AND (
    "src"."command_template_id" IS :key1
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
            (
              "src"."pattern_id" IS NULL
            ) AND (
              "src"."command" IS NOT NULL
            )
          )
          AND (
            "src"."ts" > :p0 AND "src"."ts" <= :p1
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
