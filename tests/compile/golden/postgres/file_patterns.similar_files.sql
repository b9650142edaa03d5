-- file_patterns.similar_files (source: files, dialect: postgres)

-- bindings
-- :p0 = 'created'
-- :p1 = now - lookback
-- :p2 = now
-- :p3 = param window
-- :p4 = param min_files
-- :p5 = param full_batch
-- :p6 = param full_at
-- :p7 = 0.4
-- :p8 = 0.2
-- :p9 = 4
-- :p10 = 'batch '
-- :p11 = param approve_at

-- query
SELECT
  *
FROM (
  SELECT
    "src"."path_template_id" AS "k0",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."path_template_id"
    ) AS "t0",
    "src"."content_template_id" AS "k1",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."content_template_id"
    ) AS "t1",
    AP_BURST_WITHIN(CAST(CAST(%(p3)s AS DOUBLE PRECISION) AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY
      CAST(CAST(ROUND(EXTRACT(EPOCH FROM CAST(CAST("src"."ts" AS TEXT) AS TIMESTAMPTZ)) * 1000) AS DOUBLE PRECISION) AS DOUBLE PRECISION) ASC NULLS FIRST) AS "l0",
    AP_LEAST(
      CAST(AP_GREATEST(
        CAST((
          CAST((
            AP_BURST_WITHIN(CAST(CAST(%(p3)s AS DOUBLE PRECISION) AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY
              CAST(CAST(ROUND(EXTRACT(EPOCH FROM CAST(CAST("src"."ts" AS TEXT) AS TIMESTAMPTZ)) * 1000) AS DOUBLE PRECISION) AS DOUBLE PRECISION) ASC NULLS FIRST) - CAST(%(p4)s AS DOUBLE PRECISION)
          ) AS DOUBLE PRECISION) / NULLIF((
            CAST(%(p5)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
          ), 0)
        ) AS DOUBLE PRECISION),
        CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
      ) AS DOUBLE PRECISION),
      CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
    ) AS "l1",
    AP_LEAST(
      CAST(AP_GREATEST(
        CAST((
          CAST((
            COUNT(*) - CAST(%(p4)s AS DOUBLE PRECISION)
          ) AS DOUBLE PRECISION) / NULLIF((
            CAST(%(p6)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
          ), 0)
        ) AS DOUBLE PRECISION),
        CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
      ) AS DOUBLE PRECISION),
      CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
    ) AS "l2",
    AVG(
      CAST(CASE
        WHEN (
          "src"."content" IS NOT NULL
        )
        THEN CAST(1.0 AS DOUBLE PRECISION)
        ELSE CAST(0.0 AS DOUBLE PRECISION)
      END AS DOUBLE PRECISION)
    ) AS "l3",
    CAST(ROUND(
      CAST((
        (
          (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    AP_BURST_WITHIN(CAST(CAST(%(p3)s AS DOUBLE PRECISION) AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY
                      CAST(CAST(ROUND(EXTRACT(EPOCH FROM CAST(CAST("src"."ts" AS TEXT) AS TIMESTAMPTZ)) * 1000) AS DOUBLE PRECISION) AS DOUBLE PRECISION) ASC NULLS FIRST) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p5)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          ) + (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    COUNT(*) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p6)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          )
        ) + (
          CAST(%(p8)s AS DOUBLE PRECISION) * AVG(
            CAST(CASE
              WHEN (
                "src"."content" IS NOT NULL
              )
              THEN CAST(1.0 AS DOUBLE PRECISION)
              ELSE CAST(0.0 AS DOUBLE PRECISION)
            END AS DOUBLE PRECISION)
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p9)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l4",
    (
      COALESCE(AP_TEXT(CAST(%(p10)s AS TEXT)), '') || COALESCE(
        AP_TEXT(
          (
            SELECT
              "template"
            FROM "templates"
            WHERE
              "templates"."id" = "src"."path_template_id"
          )
        ),
        ''
      )
    ) AS "f0",
    CAST(ROUND(
      CAST((
        (
          (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    AP_BURST_WITHIN(CAST(CAST(%(p3)s AS DOUBLE PRECISION) AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY
                      CAST(CAST(ROUND(EXTRACT(EPOCH FROM CAST(CAST("src"."ts" AS TEXT) AS TIMESTAMPTZ)) * 1000) AS DOUBLE PRECISION) AS DOUBLE PRECISION) ASC NULLS FIRST) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p5)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          ) + (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    COUNT(*) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p6)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          )
        ) + (
          CAST(%(p8)s AS DOUBLE PRECISION) * AVG(
            CAST(CASE
              WHEN (
                "src"."content" IS NOT NULL
              )
              THEN CAST(1.0 AS DOUBLE PRECISION)
              ELSE CAST(0.0 AS DOUBLE PRECISION)
            END AS DOUBLE PRECISION)
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p9)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f1",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."path_template_id"
    ) AS "f2",
    COUNT(*) AS "f3",
    AP_BURST_WITHIN(CAST(CAST(%(p3)s AS DOUBLE PRECISION) AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY
      CAST(CAST(ROUND(EXTRACT(EPOCH FROM CAST(CAST("src"."ts" AS TEXT) AS TIMESTAMPTZ)) * 1000) AS DOUBLE PRECISION) AS DOUBLE PRECISION) ASC NULLS FIRST) AS "f4",
    MIN("src"."ts" COLLATE "C") AS "f5",
    MAX("src"."ts" COLLATE "C") AS "f6",
    CAST((
      (
        AP_BURST_WITHIN(CAST(CAST(%(p3)s AS DOUBLE PRECISION) AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY
          CAST(CAST(ROUND(EXTRACT(EPOCH FROM CAST(CAST("src"."ts" AS TEXT) AS TIMESTAMPTZ)) * 1000) AS DOUBLE PRECISION) AS DOUBLE PRECISION) ASC NULLS FIRST) >= CAST(%(p4)s AS DOUBLE PRECISION)
      )
      AND (
        COUNT(DISTINCT "src"."path") >= CAST(%(p4)s AS DOUBLE PRECISION)
      )
    ) AS INT) AS "h",
    CAST((
      CAST(ROUND(
        CAST((
          (
            (
              CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
                CAST(AP_GREATEST(
                  CAST((
                    CAST((
                      AP_BURST_WITHIN(CAST(CAST(%(p3)s AS DOUBLE PRECISION) AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY
                        CAST(CAST(ROUND(EXTRACT(EPOCH FROM CAST(CAST("src"."ts" AS TEXT) AS TIMESTAMPTZ)) * 1000) AS DOUBLE PRECISION) AS DOUBLE PRECISION) ASC NULLS FIRST) - CAST(%(p4)s AS DOUBLE PRECISION)
                    ) AS DOUBLE PRECISION) / NULLIF((
                      CAST(%(p5)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
                    ), 0)
                  ) AS DOUBLE PRECISION),
                  CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
                ) AS DOUBLE PRECISION),
                CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              )
            ) + (
              CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
                CAST(AP_GREATEST(
                  CAST((
                    CAST((
                      COUNT(*) - CAST(%(p4)s AS DOUBLE PRECISION)
                    ) AS DOUBLE PRECISION) / NULLIF((
                      CAST(%(p6)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
                    ), 0)
                  ) AS DOUBLE PRECISION),
                  CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
                ) AS DOUBLE PRECISION),
                CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              )
            )
          ) + (
            CAST(%(p8)s AS DOUBLE PRECISION) * AVG(
              CAST(CASE
                WHEN (
                  "src"."content" IS NOT NULL
                )
                THEN CAST(1.0 AS DOUBLE PRECISION)
                ELSE CAST(0.0 AS DOUBLE PRECISION)
              END AS DOUBLE PRECISION)
            )
          )
        ) AS DECIMAL),
        AP_ROUND_DIGITS(CAST(CAST(%(p9)s AS BIGINT) AS DOUBLE PRECISION))
      ) AS DOUBLE PRECISION) >= CAST(%(p11)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    CAST(ROUND(
      CAST((
        (
          (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    AP_BURST_WITHIN(CAST(CAST(%(p3)s AS DOUBLE PRECISION) AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY
                      CAST(CAST(ROUND(EXTRACT(EPOCH FROM CAST(CAST("src"."ts" AS TEXT) AS TIMESTAMPTZ)) * 1000) AS DOUBLE PRECISION) AS DOUBLE PRECISION) ASC NULLS FIRST) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p5)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          ) + (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    COUNT(*) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p6)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          )
        ) + (
          CAST(%(p8)s AS DOUBLE PRECISION) * AVG(
            CAST(CASE
              WHEN (
                "src"."content" IS NOT NULL
              )
              THEN CAST(1.0 AS DOUBLE PRECISION)
              ELSE CAST(0.0 AS DOUBLE PRECISION)
            END AS DOUBLE PRECISION)
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p9)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "d0_0l",
    CAST(%(p11)s AS DOUBLE PRECISION) AS "d0_0r",
    CAST(ROUND(
      CAST((
        (
          (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    AP_BURST_WITHIN(CAST(CAST(%(p3)s AS DOUBLE PRECISION) AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY
                      CAST(CAST(ROUND(EXTRACT(EPOCH FROM CAST(CAST("src"."ts" AS TEXT) AS TIMESTAMPTZ)) * 1000) AS DOUBLE PRECISION) AS DOUBLE PRECISION) ASC NULLS FIRST) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p5)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          ) + (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    COUNT(*) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p6)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          )
        ) + (
          CAST(%(p8)s AS DOUBLE PRECISION) * AVG(
            CAST(CASE
              WHEN (
                "src"."content" IS NOT NULL
              )
              THEN CAST(1.0 AS DOUBLE PRECISION)
              ELSE CAST(0.0 AS DOUBLE PRECISION)
            END AS DOUBLE PRECISION)
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p9)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "o0"
  FROM "file_events" AS "src"
  WHERE
    (
      (
        "src"."action" = CAST(%(p0)s AS TEXT)
      )
      AND (
        "src"."ts" > CAST(%(p1)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
      )
    )
  GROUP BY
    "src"."path_template_id",
    "src"."content_template_id"
) AS "g"
WHERE
  (
    "h" <> 0
  )
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" ASC NULLS FIRST,
  "k1" ASC NULLS FIRST;

-- explain
SELECT
  *
FROM (
  SELECT
    "src"."path_template_id" AS "k0",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."path_template_id"
    ) AS "t0",
    "src"."content_template_id" AS "k1",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."content_template_id"
    ) AS "t1",
    AP_BURST_WITHIN(CAST(CAST(%(p3)s AS DOUBLE PRECISION) AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY
      CAST(CAST(ROUND(EXTRACT(EPOCH FROM CAST(CAST("src"."ts" AS TEXT) AS TIMESTAMPTZ)) * 1000) AS DOUBLE PRECISION) AS DOUBLE PRECISION) ASC NULLS FIRST) AS "l0",
    AP_LEAST(
      CAST(AP_GREATEST(
        CAST((
          CAST((
            AP_BURST_WITHIN(CAST(CAST(%(p3)s AS DOUBLE PRECISION) AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY
              CAST(CAST(ROUND(EXTRACT(EPOCH FROM CAST(CAST("src"."ts" AS TEXT) AS TIMESTAMPTZ)) * 1000) AS DOUBLE PRECISION) AS DOUBLE PRECISION) ASC NULLS FIRST) - CAST(%(p4)s AS DOUBLE PRECISION)
          ) AS DOUBLE PRECISION) / NULLIF((
            CAST(%(p5)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
          ), 0)
        ) AS DOUBLE PRECISION),
        CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
      ) AS DOUBLE PRECISION),
      CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
    ) AS "l1",
    AP_LEAST(
      CAST(AP_GREATEST(
        CAST((
          CAST((
            COUNT(*) - CAST(%(p4)s AS DOUBLE PRECISION)
          ) AS DOUBLE PRECISION) / NULLIF((
            CAST(%(p6)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
          ), 0)
        ) AS DOUBLE PRECISION),
        CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
      ) AS DOUBLE PRECISION),
      CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
    ) AS "l2",
    AVG(
      CAST(CASE
        WHEN (
          "src"."content" IS NOT NULL
        )
        THEN CAST(1.0 AS DOUBLE PRECISION)
        ELSE CAST(0.0 AS DOUBLE PRECISION)
      END AS DOUBLE PRECISION)
    ) AS "l3",
    CAST(ROUND(
      CAST((
        (
          (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    AP_BURST_WITHIN(CAST(CAST(%(p3)s AS DOUBLE PRECISION) AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY
                      CAST(CAST(ROUND(EXTRACT(EPOCH FROM CAST(CAST("src"."ts" AS TEXT) AS TIMESTAMPTZ)) * 1000) AS DOUBLE PRECISION) AS DOUBLE PRECISION) ASC NULLS FIRST) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p5)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          ) + (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    COUNT(*) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p6)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          )
        ) + (
          CAST(%(p8)s AS DOUBLE PRECISION) * AVG(
            CAST(CASE
              WHEN (
                "src"."content" IS NOT NULL
              )
              THEN CAST(1.0 AS DOUBLE PRECISION)
              ELSE CAST(0.0 AS DOUBLE PRECISION)
            END AS DOUBLE PRECISION)
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p9)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l4",
    (
      COALESCE(AP_TEXT(CAST(%(p10)s AS TEXT)), '') || COALESCE(
        AP_TEXT(
          (
            SELECT
              "template"
            FROM "templates"
            WHERE
              "templates"."id" = "src"."path_template_id"
          )
        ),
        ''
      )
    ) AS "f0",
    CAST(ROUND(
      CAST((
        (
          (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    AP_BURST_WITHIN(CAST(CAST(%(p3)s AS DOUBLE PRECISION) AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY
                      CAST(CAST(ROUND(EXTRACT(EPOCH FROM CAST(CAST("src"."ts" AS TEXT) AS TIMESTAMPTZ)) * 1000) AS DOUBLE PRECISION) AS DOUBLE PRECISION) ASC NULLS FIRST) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p5)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          ) + (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    COUNT(*) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p6)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          )
        ) + (
          CAST(%(p8)s AS DOUBLE PRECISION) * AVG(
            CAST(CASE
              WHEN (
                "src"."content" IS NOT NULL
              )
              THEN CAST(1.0 AS DOUBLE PRECISION)
              ELSE CAST(0.0 AS DOUBLE PRECISION)
            END AS DOUBLE PRECISION)
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p9)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f1",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."path_template_id"
    ) AS "f2",
    COUNT(*) AS "f3",
    AP_BURST_WITHIN(CAST(CAST(%(p3)s AS DOUBLE PRECISION) AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY
      CAST(CAST(ROUND(EXTRACT(EPOCH FROM CAST(CAST("src"."ts" AS TEXT) AS TIMESTAMPTZ)) * 1000) AS DOUBLE PRECISION) AS DOUBLE PRECISION) ASC NULLS FIRST) AS "f4",
    MIN("src"."ts" COLLATE "C") AS "f5",
    MAX("src"."ts" COLLATE "C") AS "f6",
    CAST((
      (
        AP_BURST_WITHIN(CAST(CAST(%(p3)s AS DOUBLE PRECISION) AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY
          CAST(CAST(ROUND(EXTRACT(EPOCH FROM CAST(CAST("src"."ts" AS TEXT) AS TIMESTAMPTZ)) * 1000) AS DOUBLE PRECISION) AS DOUBLE PRECISION) ASC NULLS FIRST) >= CAST(%(p4)s AS DOUBLE PRECISION)
      )
      AND (
        COUNT(DISTINCT "src"."path") >= CAST(%(p4)s AS DOUBLE PRECISION)
      )
    ) AS INT) AS "h",
    CAST((
      CAST(ROUND(
        CAST((
          (
            (
              CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
                CAST(AP_GREATEST(
                  CAST((
                    CAST((
                      AP_BURST_WITHIN(CAST(CAST(%(p3)s AS DOUBLE PRECISION) AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY
                        CAST(CAST(ROUND(EXTRACT(EPOCH FROM CAST(CAST("src"."ts" AS TEXT) AS TIMESTAMPTZ)) * 1000) AS DOUBLE PRECISION) AS DOUBLE PRECISION) ASC NULLS FIRST) - CAST(%(p4)s AS DOUBLE PRECISION)
                    ) AS DOUBLE PRECISION) / NULLIF((
                      CAST(%(p5)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
                    ), 0)
                  ) AS DOUBLE PRECISION),
                  CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
                ) AS DOUBLE PRECISION),
                CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              )
            ) + (
              CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
                CAST(AP_GREATEST(
                  CAST((
                    CAST((
                      COUNT(*) - CAST(%(p4)s AS DOUBLE PRECISION)
                    ) AS DOUBLE PRECISION) / NULLIF((
                      CAST(%(p6)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
                    ), 0)
                  ) AS DOUBLE PRECISION),
                  CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
                ) AS DOUBLE PRECISION),
                CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              )
            )
          ) + (
            CAST(%(p8)s AS DOUBLE PRECISION) * AVG(
              CAST(CASE
                WHEN (
                  "src"."content" IS NOT NULL
                )
                THEN CAST(1.0 AS DOUBLE PRECISION)
                ELSE CAST(0.0 AS DOUBLE PRECISION)
              END AS DOUBLE PRECISION)
            )
          )
        ) AS DECIMAL),
        AP_ROUND_DIGITS(CAST(CAST(%(p9)s AS BIGINT) AS DOUBLE PRECISION))
      ) AS DOUBLE PRECISION) >= CAST(%(p11)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    CAST(ROUND(
      CAST((
        (
          (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    AP_BURST_WITHIN(CAST(CAST(%(p3)s AS DOUBLE PRECISION) AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY
                      CAST(CAST(ROUND(EXTRACT(EPOCH FROM CAST(CAST("src"."ts" AS TEXT) AS TIMESTAMPTZ)) * 1000) AS DOUBLE PRECISION) AS DOUBLE PRECISION) ASC NULLS FIRST) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p5)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          ) + (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    COUNT(*) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p6)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          )
        ) + (
          CAST(%(p8)s AS DOUBLE PRECISION) * AVG(
            CAST(CASE
              WHEN (
                "src"."content" IS NOT NULL
              )
              THEN CAST(1.0 AS DOUBLE PRECISION)
              ELSE CAST(0.0 AS DOUBLE PRECISION)
            END AS DOUBLE PRECISION)
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p9)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "d0_0l",
    CAST(%(p11)s AS DOUBLE PRECISION) AS "d0_0r",
    CAST(ROUND(
      CAST((
        (
          (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    AP_BURST_WITHIN(CAST(CAST(%(p3)s AS DOUBLE PRECISION) AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY
                      CAST(CAST(ROUND(EXTRACT(EPOCH FROM CAST(CAST("src"."ts" AS TEXT) AS TIMESTAMPTZ)) * 1000) AS DOUBLE PRECISION) AS DOUBLE PRECISION) ASC NULLS FIRST) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p5)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          ) + (
            CAST(%(p7)s AS DOUBLE PRECISION) * AP_LEAST(
              CAST(AP_GREATEST(
                CAST((
                  CAST((
                    COUNT(*) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ) AS DOUBLE PRECISION) / NULLIF((
                    CAST(%(p6)s AS DOUBLE PRECISION) - CAST(%(p4)s AS DOUBLE PRECISION)
                  ), 0)
                ) AS DOUBLE PRECISION),
                CAST(CAST(0.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
              ) AS DOUBLE PRECISION),
              CAST(CAST(1.0 AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            )
          )
        ) + (
          CAST(%(p8)s AS DOUBLE PRECISION) * AVG(
            CAST(CASE
              WHEN (
                "src"."content" IS NOT NULL
              )
              THEN CAST(1.0 AS DOUBLE PRECISION)
              ELSE CAST(0.0 AS DOUBLE PRECISION)
            END AS DOUBLE PRECISION)
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p9)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "o0"
  FROM "file_events" AS "src"
  WHERE
    (
      (
        "src"."action" = CAST(%(p0)s AS TEXT)
      )
      AND (
        "src"."ts" > CAST(%(p1)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
      )
    )
  GROUP BY
    "src"."path_template_id",
    "src"."content_template_id"
) AS "g"
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" ASC NULLS FIRST,
  "k1" ASC NULLS FIRST;

-- evidence:examples
SELECT
  "src"."path" AS "v"
FROM "file_events" AS "src"
WHERE
  (
    (
      "src"."action" = CAST(%(p0)s AS TEXT)
    )
    AND (
      "src"."ts" > CAST(%(p1)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
    )
  )
  AND (
    (
      "src"."path_template_id" = %(key0)s
      OR (
        "src"."path_template_id" IS NULL AND %(key0)s IS NULL
      )
    )
  )
  AND (
    (
      "src"."content_template_id" = %(key1)s
      OR (
        "src"."content_template_id" IS NULL AND %(key1)s IS NULL
      )
    )
  )
  AND (
    "src"."path" IS NOT NULL
  )
ORDER BY
  "src"."ts" COLLATE "C" DESC,
  "src"."path" COLLATE "C" DESC
LIMIT 5;

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "file_events" AS "src"
WHERE
  (
    (
      "src"."action" = CAST(%(p0)s AS TEXT)
    )
    AND (
      "src"."ts" > CAST(%(p1)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
    )
  )
  AND (
    (
      "src"."path_template_id" = %(key0)s
      OR (
        "src"."path_template_id" IS NULL AND %(key0)s IS NULL
      )
    )
  )
  AND (
    (
      "src"."content_template_id" = %(key1)s
      OR (
        "src"."content_template_id" IS NULL AND %(key1)s IS NULL
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
DELETE FROM "file_events"
WHERE
  "seq" IN (
    SELECT
      "src"."seq"
    FROM "file_events" AS "src"
    WHERE
      (
        (
          "src"."action" = CAST(%(p0)s AS TEXT)
        )
        AND (
          "src"."ts" > CAST(%(p1)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
        )
      )
  );
