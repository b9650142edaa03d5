-- performance.templates_share (source: patterns, dialect: sqlite)

-- bindings
-- :p0 = 'rejected'
-- :p1 = 'quarantined'
-- :p2 = 'template'
-- :p3 = 'engine'
-- :p4 = 'pattern_candidate'
-- :p5 = 'batch_pattern'
-- :p6 = 1
-- :p7 = 4
-- :p8 = param target_templates
-- :p9 = 'templates the engine generated / reusable patterns (execution and batch patterns) in the registry, capped at 1; rejected and quarantined ones left out'

-- query
SELECT
  *
FROM (
  SELECT
    COUNT(*) FILTER(WHERE
      (
        (
          "src"."kind" = :p2
        ) AND (
          "src"."decided_by" = :p3
        )
      )) AS "l0",
    COUNT(*) FILTER(WHERE
      (
        "src"."kind" IN (:p4, :p5)
      )) AS "l1",
    ROUND(
      MIN(
        :p6,
        (
          (
            COUNT(*) FILTER(WHERE
              (
                (
                  "src"."kind" = :p2
                ) AND (
                  "src"."decided_by" = :p3
                )
              ))
          ) * 1.0 / NULLIF(COUNT(*) FILTER(WHERE
            (
              "src"."kind" IN (:p4, :p5)
            )), 0)
        )
      ),
      :p7
    ) AS "l2",
    ROUND(
      MIN(
        :p6,
        (
          (
            COUNT(*) FILTER(WHERE
              (
                (
                  "src"."kind" = :p2
                ) AND (
                  "src"."decided_by" = :p3
                )
              ))
          ) * 1.0 / NULLIF(COUNT(*) FILTER(WHERE
            (
              "src"."kind" IN (:p4, :p5)
            )), 0)
        )
      ),
      :p7
    ) AS "f0",
    :p8 AS "f1",
    (
      ROUND(
        MIN(
          :p6,
          (
            (
              COUNT(*) FILTER(WHERE
                (
                  (
                    "src"."kind" = :p2
                  ) AND (
                    "src"."decided_by" = :p3
                  )
                ))
            ) * 1.0 / NULLIF(COUNT(*) FILTER(WHERE
              (
                "src"."kind" IN (:p4, :p5)
              )), 0)
          )
        ),
        :p7
      ) >= :p8
    ) AS "f2",
    COUNT(*) FILTER(WHERE
      (
        (
          "src"."kind" = :p2
        ) AND (
          "src"."decided_by" = :p3
        )
      )) AS "f3",
    COUNT(*) FILTER(WHERE
      (
        "src"."kind" IN (:p4, :p5)
      )) AS "f4",
    :p9 AS "f5",
    1 AS "h"
  FROM "pattern_candidates" AS "src"
  WHERE
    (
      NOT (
        "src"."status" IN (:p0, :p1)
      )
    )
) AS "g"
WHERE
  "h";

-- explain
SELECT
  *
FROM (
  SELECT
    COUNT(*) FILTER(WHERE
      (
        (
          "src"."kind" = :p2
        ) AND (
          "src"."decided_by" = :p3
        )
      )) AS "l0",
    COUNT(*) FILTER(WHERE
      (
        "src"."kind" IN (:p4, :p5)
      )) AS "l1",
    ROUND(
      MIN(
        :p6,
        (
          (
            COUNT(*) FILTER(WHERE
              (
                (
                  "src"."kind" = :p2
                ) AND (
                  "src"."decided_by" = :p3
                )
              ))
          ) * 1.0 / NULLIF(COUNT(*) FILTER(WHERE
            (
              "src"."kind" IN (:p4, :p5)
            )), 0)
        )
      ),
      :p7
    ) AS "l2",
    ROUND(
      MIN(
        :p6,
        (
          (
            COUNT(*) FILTER(WHERE
              (
                (
                  "src"."kind" = :p2
                ) AND (
                  "src"."decided_by" = :p3
                )
              ))
          ) * 1.0 / NULLIF(COUNT(*) FILTER(WHERE
            (
              "src"."kind" IN (:p4, :p5)
            )), 0)
        )
      ),
      :p7
    ) AS "f0",
    :p8 AS "f1",
    (
      ROUND(
        MIN(
          :p6,
          (
            (
              COUNT(*) FILTER(WHERE
                (
                  (
                    "src"."kind" = :p2
                  ) AND (
                    "src"."decided_by" = :p3
                  )
                ))
            ) * 1.0 / NULLIF(COUNT(*) FILTER(WHERE
              (
                "src"."kind" IN (:p4, :p5)
              )), 0)
          )
        ),
        :p7
      ) >= :p8
    ) AS "f2",
    COUNT(*) FILTER(WHERE
      (
        (
          "src"."kind" = :p2
        ) AND (
          "src"."decided_by" = :p3
        )
      )) AS "f3",
    COUNT(*) FILTER(WHERE
      (
        "src"."kind" IN (:p4, :p5)
      )) AS "f4",
    :p9 AS "f5",
    1 AS "h"
  FROM "pattern_candidates" AS "src"
  WHERE
    (
      NOT (
        "src"."status" IN (:p0, :p1)
      )
    )
) AS "g";

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "pattern_candidates" AS "src"
WHERE
  (
    NOT (
      "src"."status" IN (:p0, :p1)
    )
  ) AND (
    "src"."id" IS NOT NULL
  )
ORDER BY
  "src"."updated" DESC,
  "src"."id" DESC
LIMIT 10;
