-- evolution.degrading (source: executions, dialect: sqlite)

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
    AVG(CASE WHEN (
      "src"."status" = :p2
    ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
      (
        "src"."ts" > :p3 AND "src"."ts" <= :p1
      )) AS "l0",
    AVG(CASE WHEN (
      "src"."status" = :p2
    ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
      (
        "src"."ts" > :p0 AND "src"."ts" <= :p3
      )) AS "l1",
    ROUND(
      (
        AVG(CASE WHEN (
          "src"."status" = :p2
        ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
          (
            "src"."ts" > :p3 AND "src"."ts" <= :p1
          )) - AVG(CASE WHEN (
          "src"."status" = :p2
        ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
          (
            "src"."ts" > :p0 AND "src"."ts" <= :p3
          ))
      ),
      :p4
    ) AS "l2",
    ROUND(
      (
        (
          AVG("src"."duration_ms") FILTER(WHERE
            (
              "src"."ts" > :p3 AND "src"."ts" <= :p1
            ))
        ) * 1.0 / NULLIF(
          AVG("src"."duration_ms") FILTER(WHERE
            (
              "src"."ts" > :p0 AND "src"."ts" <= :p3
            )),
          0
        )
      ),
      :p4
    ) AS "l3",
    (
      COALESCE(
        COALESCE(
          (
            SELECT
              "n"."name"
            FROM "pattern_candidates" AS "n"
            WHERE
              "n"."id" = "src"."pattern_id"
          ),
          "src"."pattern_id"
        ),
        ''
      ) || COALESCE(:p5, '')
    ) AS "f0",
    :p6 AS "f1",
    "src"."pattern_id" AS "f2",
    ROUND(
      AVG(CASE WHEN (
        "src"."status" = :p2
      ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
        (
          "src"."ts" > :p3 AND "src"."ts" <= :p1
        )),
      :p4
    ) AS "f3",
    ROUND(
      AVG(CASE WHEN (
        "src"."status" = :p2
      ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
        (
          "src"."ts" > :p0 AND "src"."ts" <= :p3
        )),
      :p4
    ) AS "f4",
    ROUND(
      (
        AVG(CASE WHEN (
          "src"."status" = :p2
        ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
          (
            "src"."ts" > :p3 AND "src"."ts" <= :p1
          )) - AVG(CASE WHEN (
          "src"."status" = :p2
        ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
          (
            "src"."ts" > :p0 AND "src"."ts" <= :p3
          ))
      ),
      :p4
    ) AS "f5",
    ROUND(
      (
        (
          AVG("src"."duration_ms") FILTER(WHERE
            (
              "src"."ts" > :p3 AND "src"."ts" <= :p1
            ))
        ) * 1.0 / NULLIF(
          AVG("src"."duration_ms") FILTER(WHERE
            (
              "src"."ts" > :p0 AND "src"."ts" <= :p3
            )),
          0
        )
      ),
      :p4
    ) AS "f6",
    COUNT(*) FILTER(WHERE
      (
        "src"."ts" > :p3 AND "src"."ts" <= :p1
      )) AS "f7",
    COUNT(*) FILTER(WHERE
      (
        "src"."ts" > :p0 AND "src"."ts" <= :p3
      )) AS "f8",
    (
      (
        COUNT(*) FILTER(WHERE
          (
            "src"."ts" > :p3 AND "src"."ts" <= :p1
          )) >= :p7
      )
      AND (
        COUNT(*) FILTER(WHERE
          (
            "src"."ts" > :p0 AND "src"."ts" <= :p3
          )) >= :p7
      )
    ) AS "h",
    (
      (
        ROUND(
          (
            AVG(CASE WHEN (
              "src"."status" = :p2
            ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
              (
                "src"."ts" > :p3 AND "src"."ts" <= :p1
              )) - AVG(CASE WHEN (
              "src"."status" = :p2
            ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
              (
                "src"."ts" > :p0 AND "src"."ts" <= :p3
              ))
          ),
          :p4
        ) <= (
          -:p8
        )
      )
      OR (
        ROUND(
          (
            (
              AVG("src"."duration_ms") FILTER(WHERE
                (
                  "src"."ts" > :p3 AND "src"."ts" <= :p1
                ))
            ) * 1.0 / NULLIF(
              AVG("src"."duration_ms") FILTER(WHERE
                (
                  "src"."ts" > :p0 AND "src"."ts" <= :p3
                )),
              0
            )
          ),
          :p4
        ) >= :p9
      )
    ) AS "d0",
    ROUND(
      (
        AVG(CASE WHEN (
          "src"."status" = :p2
        ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
          (
            "src"."ts" > :p3 AND "src"."ts" <= :p1
          )) - AVG(CASE WHEN (
          "src"."status" = :p2
        ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
          (
            "src"."ts" > :p0 AND "src"."ts" <= :p3
          ))
      ),
      :p4
    ) AS "d0_0l",
    (
      -:p8
    ) AS "d0_0r",
    ROUND(
      (
        (
          AVG("src"."duration_ms") FILTER(WHERE
            (
              "src"."ts" > :p3 AND "src"."ts" <= :p1
            ))
        ) * 1.0 / NULLIF(
          AVG("src"."duration_ms") FILTER(WHERE
            (
              "src"."ts" > :p0 AND "src"."ts" <= :p3
            )),
          0
        )
      ),
      :p4
    ) AS "d0_1l",
    :p9 AS "d0_1r",
    ROUND(
      (
        AVG(CASE WHEN (
          "src"."status" = :p2
        ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
          (
            "src"."ts" > :p3 AND "src"."ts" <= :p1
          )) - AVG(CASE WHEN (
          "src"."status" = :p2
        ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
          (
            "src"."ts" > :p0 AND "src"."ts" <= :p3
          ))
      ),
      :p4
    ) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        "src"."pattern_id" IS NOT NULL
      )
      AND (
        "src"."ts" > :p0 AND "src"."ts" <= :p1
      )
    )
  GROUP BY
    "src"."pattern_id"
) AS "g"
WHERE
  "h"
ORDER BY
  "o0" ASC,
  "k0" ASC;

-- explain
SELECT
  *
FROM (
  SELECT
    "src"."pattern_id" AS "k0",
    AVG(CASE WHEN (
      "src"."status" = :p2
    ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
      (
        "src"."ts" > :p3 AND "src"."ts" <= :p1
      )) AS "l0",
    AVG(CASE WHEN (
      "src"."status" = :p2
    ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
      (
        "src"."ts" > :p0 AND "src"."ts" <= :p3
      )) AS "l1",
    ROUND(
      (
        AVG(CASE WHEN (
          "src"."status" = :p2
        ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
          (
            "src"."ts" > :p3 AND "src"."ts" <= :p1
          )) - AVG(CASE WHEN (
          "src"."status" = :p2
        ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
          (
            "src"."ts" > :p0 AND "src"."ts" <= :p3
          ))
      ),
      :p4
    ) AS "l2",
    ROUND(
      (
        (
          AVG("src"."duration_ms") FILTER(WHERE
            (
              "src"."ts" > :p3 AND "src"."ts" <= :p1
            ))
        ) * 1.0 / NULLIF(
          AVG("src"."duration_ms") FILTER(WHERE
            (
              "src"."ts" > :p0 AND "src"."ts" <= :p3
            )),
          0
        )
      ),
      :p4
    ) AS "l3",
    (
      COALESCE(
        COALESCE(
          (
            SELECT
              "n"."name"
            FROM "pattern_candidates" AS "n"
            WHERE
              "n"."id" = "src"."pattern_id"
          ),
          "src"."pattern_id"
        ),
        ''
      ) || COALESCE(:p5, '')
    ) AS "f0",
    :p6 AS "f1",
    "src"."pattern_id" AS "f2",
    ROUND(
      AVG(CASE WHEN (
        "src"."status" = :p2
      ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
        (
          "src"."ts" > :p3 AND "src"."ts" <= :p1
        )),
      :p4
    ) AS "f3",
    ROUND(
      AVG(CASE WHEN (
        "src"."status" = :p2
      ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
        (
          "src"."ts" > :p0 AND "src"."ts" <= :p3
        )),
      :p4
    ) AS "f4",
    ROUND(
      (
        AVG(CASE WHEN (
          "src"."status" = :p2
        ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
          (
            "src"."ts" > :p3 AND "src"."ts" <= :p1
          )) - AVG(CASE WHEN (
          "src"."status" = :p2
        ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
          (
            "src"."ts" > :p0 AND "src"."ts" <= :p3
          ))
      ),
      :p4
    ) AS "f5",
    ROUND(
      (
        (
          AVG("src"."duration_ms") FILTER(WHERE
            (
              "src"."ts" > :p3 AND "src"."ts" <= :p1
            ))
        ) * 1.0 / NULLIF(
          AVG("src"."duration_ms") FILTER(WHERE
            (
              "src"."ts" > :p0 AND "src"."ts" <= :p3
            )),
          0
        )
      ),
      :p4
    ) AS "f6",
    COUNT(*) FILTER(WHERE
      (
        "src"."ts" > :p3 AND "src"."ts" <= :p1
      )) AS "f7",
    COUNT(*) FILTER(WHERE
      (
        "src"."ts" > :p0 AND "src"."ts" <= :p3
      )) AS "f8",
    (
      (
        COUNT(*) FILTER(WHERE
          (
            "src"."ts" > :p3 AND "src"."ts" <= :p1
          )) >= :p7
      )
      AND (
        COUNT(*) FILTER(WHERE
          (
            "src"."ts" > :p0 AND "src"."ts" <= :p3
          )) >= :p7
      )
    ) AS "h",
    (
      (
        ROUND(
          (
            AVG(CASE WHEN (
              "src"."status" = :p2
            ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
              (
                "src"."ts" > :p3 AND "src"."ts" <= :p1
              )) - AVG(CASE WHEN (
              "src"."status" = :p2
            ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
              (
                "src"."ts" > :p0 AND "src"."ts" <= :p3
              ))
          ),
          :p4
        ) <= (
          -:p8
        )
      )
      OR (
        ROUND(
          (
            (
              AVG("src"."duration_ms") FILTER(WHERE
                (
                  "src"."ts" > :p3 AND "src"."ts" <= :p1
                ))
            ) * 1.0 / NULLIF(
              AVG("src"."duration_ms") FILTER(WHERE
                (
                  "src"."ts" > :p0 AND "src"."ts" <= :p3
                )),
              0
            )
          ),
          :p4
        ) >= :p9
      )
    ) AS "d0",
    ROUND(
      (
        AVG(CASE WHEN (
          "src"."status" = :p2
        ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
          (
            "src"."ts" > :p3 AND "src"."ts" <= :p1
          )) - AVG(CASE WHEN (
          "src"."status" = :p2
        ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
          (
            "src"."ts" > :p0 AND "src"."ts" <= :p3
          ))
      ),
      :p4
    ) AS "d0_0l",
    (
      -:p8
    ) AS "d0_0r",
    ROUND(
      (
        (
          AVG("src"."duration_ms") FILTER(WHERE
            (
              "src"."ts" > :p3 AND "src"."ts" <= :p1
            ))
        ) * 1.0 / NULLIF(
          AVG("src"."duration_ms") FILTER(WHERE
            (
              "src"."ts" > :p0 AND "src"."ts" <= :p3
            )),
          0
        )
      ),
      :p4
    ) AS "d0_1l",
    :p9 AS "d0_1r",
    ROUND(
      (
        AVG(CASE WHEN (
          "src"."status" = :p2
        ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
          (
            "src"."ts" > :p3 AND "src"."ts" <= :p1
          )) - AVG(CASE WHEN (
          "src"."status" = :p2
        ) THEN 1.0 ELSE 0.0 END) FILTER(WHERE
          (
            "src"."ts" > :p0 AND "src"."ts" <= :p3
          ))
      ),
      :p4
    ) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        "src"."pattern_id" IS NOT NULL
      )
      AND (
        "src"."ts" > :p0 AND "src"."ts" <= :p1
      )
    )
  GROUP BY
    "src"."pattern_id"
) AS "g"
ORDER BY
  "o0" ASC,
  "k0" ASC;

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
      "src"."ts" > :p0 AND "src"."ts" <= :p1
    )
  )
  AND (
    "src"."pattern_id" IS :key0
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
          "src"."pattern_id" IS NOT NULL
        )
        AND (
          "src"."ts" > :p0 AND "src"."ts" <= :p1
        )
      )
  );
