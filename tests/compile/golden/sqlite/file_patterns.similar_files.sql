-- file_patterns.similar_files (source: files, dialect: sqlite)

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
    AP_BURST(ROUND(JULIANDAY("src"."ts") * 86400000.0), :p3) AS "l0",
    MIN(
      MAX(
        (
          (
            AP_BURST(ROUND(JULIANDAY("src"."ts") * 86400000.0), :p3) - :p4
          ) * 1.0 / NULLIF((
            :p5 - :p4
          ), 0)
        ),
        0.0
      ),
      1.0
    ) AS "l1",
    MIN(
      MAX((
        (
          COUNT(*) - :p4
        ) * 1.0 / NULLIF((
          :p6 - :p4
        ), 0)
      ), 0.0),
      1.0
    ) AS "l2",
    AVG(CASE WHEN (
      "src"."content" IS NOT NULL
    ) THEN 1.0 ELSE 0.0 END) AS "l3",
    ROUND(
      (
        (
          (
            :p7 * MIN(
              MAX(
                (
                  (
                    AP_BURST(ROUND(JULIANDAY("src"."ts") * 86400000.0), :p3) - :p4
                  ) * 1.0 / NULLIF((
                    :p5 - :p4
                  ), 0)
                ),
                0.0
              ),
              1.0
            )
          ) + (
            :p7 * MIN(
              MAX((
                (
                  COUNT(*) - :p4
                ) * 1.0 / NULLIF((
                  :p6 - :p4
                ), 0)
              ), 0.0),
              1.0
            )
          )
        ) + (
          :p8 * AVG(CASE WHEN (
            "src"."content" IS NOT NULL
          ) THEN 1.0 ELSE 0.0 END)
        )
      ),
      :p9
    ) AS "l4",
    (
      COALESCE(:p10, '') || COALESCE(
        (
          SELECT
            "template"
          FROM "templates"
          WHERE
            "templates"."id" = "src"."path_template_id"
        ),
        ''
      )
    ) AS "f0",
    ROUND(
      (
        (
          (
            :p7 * MIN(
              MAX(
                (
                  (
                    AP_BURST(ROUND(JULIANDAY("src"."ts") * 86400000.0), :p3) - :p4
                  ) * 1.0 / NULLIF((
                    :p5 - :p4
                  ), 0)
                ),
                0.0
              ),
              1.0
            )
          ) + (
            :p7 * MIN(
              MAX((
                (
                  COUNT(*) - :p4
                ) * 1.0 / NULLIF((
                  :p6 - :p4
                ), 0)
              ), 0.0),
              1.0
            )
          )
        ) + (
          :p8 * AVG(CASE WHEN (
            "src"."content" IS NOT NULL
          ) THEN 1.0 ELSE 0.0 END)
        )
      ),
      :p9
    ) AS "f1",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."path_template_id"
    ) AS "f2",
    COUNT(*) AS "f3",
    AP_BURST(ROUND(JULIANDAY("src"."ts") * 86400000.0), :p3) AS "f4",
    MIN("src"."ts") AS "f5",
    MAX("src"."ts") AS "f6",
    (
      (
        AP_BURST(ROUND(JULIANDAY("src"."ts") * 86400000.0), :p3) >= :p4
      )
      AND (
        COUNT(DISTINCT "src"."path") >= :p4
      )
    ) AS "h",
    (
      ROUND(
        (
          (
            (
              :p7 * MIN(
                MAX(
                  (
                    (
                      AP_BURST(ROUND(JULIANDAY("src"."ts") * 86400000.0), :p3) - :p4
                    ) * 1.0 / NULLIF((
                      :p5 - :p4
                    ), 0)
                  ),
                  0.0
                ),
                1.0
              )
            ) + (
              :p7 * MIN(
                MAX((
                  (
                    COUNT(*) - :p4
                  ) * 1.0 / NULLIF((
                    :p6 - :p4
                  ), 0)
                ), 0.0),
                1.0
              )
            )
          ) + (
            :p8 * AVG(CASE WHEN (
              "src"."content" IS NOT NULL
            ) THEN 1.0 ELSE 0.0 END)
          )
        ),
        :p9
      ) >= :p11
    ) AS "d0",
    ROUND(
      (
        (
          (
            :p7 * MIN(
              MAX(
                (
                  (
                    AP_BURST(ROUND(JULIANDAY("src"."ts") * 86400000.0), :p3) - :p4
                  ) * 1.0 / NULLIF((
                    :p5 - :p4
                  ), 0)
                ),
                0.0
              ),
              1.0
            )
          ) + (
            :p7 * MIN(
              MAX((
                (
                  COUNT(*) - :p4
                ) * 1.0 / NULLIF((
                  :p6 - :p4
                ), 0)
              ), 0.0),
              1.0
            )
          )
        ) + (
          :p8 * AVG(CASE WHEN (
            "src"."content" IS NOT NULL
          ) THEN 1.0 ELSE 0.0 END)
        )
      ),
      :p9
    ) AS "d0_0l",
    :p11 AS "d0_0r",
    ROUND(
      (
        (
          (
            :p7 * MIN(
              MAX(
                (
                  (
                    AP_BURST(ROUND(JULIANDAY("src"."ts") * 86400000.0), :p3) - :p4
                  ) * 1.0 / NULLIF((
                    :p5 - :p4
                  ), 0)
                ),
                0.0
              ),
              1.0
            )
          ) + (
            :p7 * MIN(
              MAX((
                (
                  COUNT(*) - :p4
                ) * 1.0 / NULLIF((
                  :p6 - :p4
                ), 0)
              ), 0.0),
              1.0
            )
          )
        ) + (
          :p8 * AVG(CASE WHEN (
            "src"."content" IS NOT NULL
          ) THEN 1.0 ELSE 0.0 END)
        )
      ),
      :p9
    ) AS "o0"
  FROM "file_events" AS "src"
  WHERE
    (
      (
        "src"."action" = :p0
      ) AND (
        "src"."ts" > :p1 AND "src"."ts" <= :p2
      )
    )
  GROUP BY
    "src"."path_template_id",
    "src"."content_template_id"
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
    AP_BURST(ROUND(JULIANDAY("src"."ts") * 86400000.0), :p3) AS "l0",
    MIN(
      MAX(
        (
          (
            AP_BURST(ROUND(JULIANDAY("src"."ts") * 86400000.0), :p3) - :p4
          ) * 1.0 / NULLIF((
            :p5 - :p4
          ), 0)
        ),
        0.0
      ),
      1.0
    ) AS "l1",
    MIN(
      MAX((
        (
          COUNT(*) - :p4
        ) * 1.0 / NULLIF((
          :p6 - :p4
        ), 0)
      ), 0.0),
      1.0
    ) AS "l2",
    AVG(CASE WHEN (
      "src"."content" IS NOT NULL
    ) THEN 1.0 ELSE 0.0 END) AS "l3",
    ROUND(
      (
        (
          (
            :p7 * MIN(
              MAX(
                (
                  (
                    AP_BURST(ROUND(JULIANDAY("src"."ts") * 86400000.0), :p3) - :p4
                  ) * 1.0 / NULLIF((
                    :p5 - :p4
                  ), 0)
                ),
                0.0
              ),
              1.0
            )
          ) + (
            :p7 * MIN(
              MAX((
                (
                  COUNT(*) - :p4
                ) * 1.0 / NULLIF((
                  :p6 - :p4
                ), 0)
              ), 0.0),
              1.0
            )
          )
        ) + (
          :p8 * AVG(CASE WHEN (
            "src"."content" IS NOT NULL
          ) THEN 1.0 ELSE 0.0 END)
        )
      ),
      :p9
    ) AS "l4",
    (
      COALESCE(:p10, '') || COALESCE(
        (
          SELECT
            "template"
          FROM "templates"
          WHERE
            "templates"."id" = "src"."path_template_id"
        ),
        ''
      )
    ) AS "f0",
    ROUND(
      (
        (
          (
            :p7 * MIN(
              MAX(
                (
                  (
                    AP_BURST(ROUND(JULIANDAY("src"."ts") * 86400000.0), :p3) - :p4
                  ) * 1.0 / NULLIF((
                    :p5 - :p4
                  ), 0)
                ),
                0.0
              ),
              1.0
            )
          ) + (
            :p7 * MIN(
              MAX((
                (
                  COUNT(*) - :p4
                ) * 1.0 / NULLIF((
                  :p6 - :p4
                ), 0)
              ), 0.0),
              1.0
            )
          )
        ) + (
          :p8 * AVG(CASE WHEN (
            "src"."content" IS NOT NULL
          ) THEN 1.0 ELSE 0.0 END)
        )
      ),
      :p9
    ) AS "f1",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."path_template_id"
    ) AS "f2",
    COUNT(*) AS "f3",
    AP_BURST(ROUND(JULIANDAY("src"."ts") * 86400000.0), :p3) AS "f4",
    MIN("src"."ts") AS "f5",
    MAX("src"."ts") AS "f6",
    (
      (
        AP_BURST(ROUND(JULIANDAY("src"."ts") * 86400000.0), :p3) >= :p4
      )
      AND (
        COUNT(DISTINCT "src"."path") >= :p4
      )
    ) AS "h",
    (
      ROUND(
        (
          (
            (
              :p7 * MIN(
                MAX(
                  (
                    (
                      AP_BURST(ROUND(JULIANDAY("src"."ts") * 86400000.0), :p3) - :p4
                    ) * 1.0 / NULLIF((
                      :p5 - :p4
                    ), 0)
                  ),
                  0.0
                ),
                1.0
              )
            ) + (
              :p7 * MIN(
                MAX((
                  (
                    COUNT(*) - :p4
                  ) * 1.0 / NULLIF((
                    :p6 - :p4
                  ), 0)
                ), 0.0),
                1.0
              )
            )
          ) + (
            :p8 * AVG(CASE WHEN (
              "src"."content" IS NOT NULL
            ) THEN 1.0 ELSE 0.0 END)
          )
        ),
        :p9
      ) >= :p11
    ) AS "d0",
    ROUND(
      (
        (
          (
            :p7 * MIN(
              MAX(
                (
                  (
                    AP_BURST(ROUND(JULIANDAY("src"."ts") * 86400000.0), :p3) - :p4
                  ) * 1.0 / NULLIF((
                    :p5 - :p4
                  ), 0)
                ),
                0.0
              ),
              1.0
            )
          ) + (
            :p7 * MIN(
              MAX((
                (
                  COUNT(*) - :p4
                ) * 1.0 / NULLIF((
                  :p6 - :p4
                ), 0)
              ), 0.0),
              1.0
            )
          )
        ) + (
          :p8 * AVG(CASE WHEN (
            "src"."content" IS NOT NULL
          ) THEN 1.0 ELSE 0.0 END)
        )
      ),
      :p9
    ) AS "d0_0l",
    :p11 AS "d0_0r",
    ROUND(
      (
        (
          (
            :p7 * MIN(
              MAX(
                (
                  (
                    AP_BURST(ROUND(JULIANDAY("src"."ts") * 86400000.0), :p3) - :p4
                  ) * 1.0 / NULLIF((
                    :p5 - :p4
                  ), 0)
                ),
                0.0
              ),
              1.0
            )
          ) + (
            :p7 * MIN(
              MAX((
                (
                  COUNT(*) - :p4
                ) * 1.0 / NULLIF((
                  :p6 - :p4
                ), 0)
              ), 0.0),
              1.0
            )
          )
        ) + (
          :p8 * AVG(CASE WHEN (
            "src"."content" IS NOT NULL
          ) THEN 1.0 ELSE 0.0 END)
        )
      ),
      :p9
    ) AS "o0"
  FROM "file_events" AS "src"
  WHERE
    (
      (
        "src"."action" = :p0
      ) AND (
        "src"."ts" > :p1 AND "src"."ts" <= :p2
      )
    )
  GROUP BY
    "src"."path_template_id",
    "src"."content_template_id"
) AS "g"
ORDER BY
  "o0" DESC,
  "k0" ASC,
  "k1" ASC;

-- evidence:examples
SELECT
  "src"."path" AS "v"
FROM "file_events" AS "src"
WHERE
  (
    (
      "src"."action" = :p0
    ) AND (
      "src"."ts" > :p1 AND "src"."ts" <= :p2
    )
  )
  AND (
    "src"."path_template_id" IS :key0
  )
  AND (
    "src"."content_template_id" IS :key1
  )
  AND (
    "src"."path" IS NOT NULL
  )
ORDER BY
  "src"."ts" DESC,
  "src"."path" DESC
LIMIT 5;

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "file_events" AS "src"
WHERE
  (
    (
      "src"."action" = :p0
    ) AND (
      "src"."ts" > :p1 AND "src"."ts" <= :p2
    )
  )
  AND (
    "src"."path_template_id" IS :key0
  )
  AND (
    "src"."content_template_id" IS :key1
  )
  AND (
    "src"."id" IS NOT NULL
  )
ORDER BY
  "src"."ts" DESC,
  "src"."id" DESC
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
          "src"."action" = :p0
        ) AND (
          "src"."ts" > :p1 AND "src"."ts" <= :p2
        )
      )
  );
