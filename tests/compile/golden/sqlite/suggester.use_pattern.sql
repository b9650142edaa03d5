-- suggester.use_pattern (source: executions, dialect: sqlite)

-- bindings
-- :p0 = now - recent
-- :p1 = now
-- :p2 = now - history
-- :p3 = 'use '
-- :p4 = ' for '
-- :p5 = 'use_pattern'
-- :p6 = 2
-- :p7 = param min_runs

-- query
WITH "h0" AS MATERIALIZED (
  SELECT
    "operation",
    "command_template_id",
    "pattern_id"
  FROM (
    SELECT
      "o"."operation",
      "o"."command_template_id",
      "o"."pattern_id",
      ROW_NUMBER() OVER (
        PARTITION BY "o"."operation", "o"."command_template_id"
        ORDER BY COUNT(*) DESC, "o"."pattern_id" ASC
      ) AS "rank"
    FROM "execution_logs" AS "o" INDEXED BY "idx_exec_group"
    WHERE
      (
        "o"."pattern_id" IS NOT NULL
      ) AND "o"."ts" > :p2 AND "o"."ts" <= :p1
    GROUP BY
      "o"."operation",
      "o"."command_template_id",
      "o"."pattern_id"
    HAVING
      NOT EXISTS(
        SELECT
          1
        FROM "pattern_candidates" AS "q"
        WHERE
          "q"."id" = "o"."pattern_id" AND "q"."status" IN ('rejected', 'quarantined')
      )
      AND NOT EXISTS(
        SELECT
          1
        FROM "anti_patterns" AS "a"
        WHERE
          (
            "a"."subject_kind" = 'pattern'
          )
          AND (
            "a"."subject" = "o"."pattern_id"
          )
          AND (
            "a"."quarantined" = 1
          )
      )
  ) AS "ranked"
  WHERE
    "rank" = 1
), "h1" AS MATERIALIZED (
  SELECT
    "operation",
    "command_template_id",
    "pattern_id"
  FROM (
    SELECT
      JSON_EXTRACT("p"."group_key", '$.operation') AS "operation",
      JSON_EXTRACT("p"."group_key", '$.command_template_id') AS "command_template_id",
      "p"."id" AS "pattern_id",
      ROW_NUMBER() OVER (
        PARTITION BY JSON_EXTRACT("p"."group_key", '$.operation'), JSON_EXTRACT("p"."group_key", '$.command_template_id')
        ORDER BY "p"."confidence" DESC, "p"."id" ASC
      ) AS "rank"
    FROM "pattern_candidates" AS "p"
    WHERE
      "p"."status" = 'approved'
  ) AS "ranked"
  WHERE
    "rank" = 1
)
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
    "src"."command_template_id" AS "k2",
    COALESCE(
      (
        SELECT
          "h0"."pattern_id"
        FROM "h0"
        WHERE
          "h0"."operation" = "src"."operation"
          AND "h0"."command_template_id" IS "src"."command_template_id"
      ),
      (
        SELECT
          "h1"."pattern_id"
        FROM "h1"
        WHERE
          "h1"."operation" = "src"."operation"
          AND "h1"."command_template_id" = "src"."command_template_id"
      )
    ) AS "l0",
    (
      COALESCE(:p3, '') || COALESCE(
        COALESCE(
          (
            SELECT
              "n"."name"
            FROM "pattern_candidates" AS "n"
            WHERE
              "n"."id" = COALESCE(
                (
                  SELECT
                    "h0"."pattern_id"
                  FROM "h0"
                  WHERE
                    "h0"."operation" = "src"."operation"
                    AND "h0"."command_template_id" IS "src"."command_template_id"
                ),
                (
                  SELECT
                    "h1"."pattern_id"
                  FROM "h1"
                  WHERE
                    "h1"."operation" = "src"."operation"
                    AND "h1"."command_template_id" = "src"."command_template_id"
                )
              )
          ),
          COALESCE(
            (
              SELECT
                "h0"."pattern_id"
              FROM "h0"
              WHERE
                "h0"."operation" = "src"."operation"
                AND "h0"."command_template_id" IS "src"."command_template_id"
            ),
            (
              SELECT
                "h1"."pattern_id"
              FROM "h1"
              WHERE
                "h1"."operation" = "src"."operation"
                AND "h1"."command_template_id" = "src"."command_template_id"
            )
          )
        ),
        ''
      ) || COALESCE(:p4, '') || COALESCE("src"."operation", '')
    ) AS "f0",
    :p5 AS "f1",
    COALESCE(
      (
        SELECT
          "h0"."pattern_id"
        FROM "h0"
        WHERE
          "h0"."operation" = "src"."operation"
          AND "h0"."command_template_id" IS "src"."command_template_id"
      ),
      (
        SELECT
          "h1"."pattern_id"
        FROM "h1"
        WHERE
          "h1"."operation" = "src"."operation"
          AND "h1"."command_template_id" = "src"."command_template_id"
      )
    ) AS "f2",
    "src"."operation" AS "f3",
    COUNT(*) AS "f4",
    ROUND((
      TOTAL("src"."duration_ms") / 3600000.0
    ), :p6) AS "f5",
    COUNT(DISTINCT "src"."actor") AS "f6",
    (
      (
        COUNT(*) >= :p7
      )
      AND (
        COALESCE(
          (
            SELECT
              "h0"."pattern_id"
            FROM "h0"
            WHERE
              "h0"."operation" = "src"."operation"
              AND "h0"."command_template_id" IS "src"."command_template_id"
          ),
          (
            SELECT
              "h1"."pattern_id"
            FROM "h1"
            WHERE
              "h1"."operation" = "src"."operation"
              AND "h1"."command_template_id" = "src"."command_template_id"
          )
        ) IS NOT NULL
      )
    ) AS "h",
    COUNT(*) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        (
          "src"."pattern_id" IS NULL
        ) AND (
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
    "src"."command_template_id",
    "src"."command_template_id"
) AS "g"
WHERE
  "h"
ORDER BY
  "o0" DESC,
  "k0" ASC,
  "k1" ASC,
  "k2" ASC;

-- explain
WITH "h0" AS MATERIALIZED (
  SELECT
    "operation",
    "command_template_id",
    "pattern_id"
  FROM (
    SELECT
      "o"."operation",
      "o"."command_template_id",
      "o"."pattern_id",
      ROW_NUMBER() OVER (
        PARTITION BY "o"."operation", "o"."command_template_id"
        ORDER BY COUNT(*) DESC, "o"."pattern_id" ASC
      ) AS "rank"
    FROM "execution_logs" AS "o" INDEXED BY "idx_exec_group"
    WHERE
      (
        "o"."pattern_id" IS NOT NULL
      ) AND "o"."ts" > :p2 AND "o"."ts" <= :p1
    GROUP BY
      "o"."operation",
      "o"."command_template_id",
      "o"."pattern_id"
    HAVING
      NOT EXISTS(
        SELECT
          1
        FROM "pattern_candidates" AS "q"
        WHERE
          "q"."id" = "o"."pattern_id" AND "q"."status" IN ('rejected', 'quarantined')
      )
      AND NOT EXISTS(
        SELECT
          1
        FROM "anti_patterns" AS "a"
        WHERE
          (
            "a"."subject_kind" = 'pattern'
          )
          AND (
            "a"."subject" = "o"."pattern_id"
          )
          AND (
            "a"."quarantined" = 1
          )
      )
  ) AS "ranked"
  WHERE
    "rank" = 1
), "h1" AS MATERIALIZED (
  SELECT
    "operation",
    "command_template_id",
    "pattern_id"
  FROM (
    SELECT
      JSON_EXTRACT("p"."group_key", '$.operation') AS "operation",
      JSON_EXTRACT("p"."group_key", '$.command_template_id') AS "command_template_id",
      "p"."id" AS "pattern_id",
      ROW_NUMBER() OVER (
        PARTITION BY JSON_EXTRACT("p"."group_key", '$.operation'), JSON_EXTRACT("p"."group_key", '$.command_template_id')
        ORDER BY "p"."confidence" DESC, "p"."id" ASC
      ) AS "rank"
    FROM "pattern_candidates" AS "p"
    WHERE
      "p"."status" = 'approved'
  ) AS "ranked"
  WHERE
    "rank" = 1
)
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
    "src"."command_template_id" AS "k2",
    COALESCE(
      (
        SELECT
          "h0"."pattern_id"
        FROM "h0"
        WHERE
          "h0"."operation" = "src"."operation"
          AND "h0"."command_template_id" IS "src"."command_template_id"
      ),
      (
        SELECT
          "h1"."pattern_id"
        FROM "h1"
        WHERE
          "h1"."operation" = "src"."operation"
          AND "h1"."command_template_id" = "src"."command_template_id"
      )
    ) AS "l0",
    (
      COALESCE(:p3, '') || COALESCE(
        COALESCE(
          (
            SELECT
              "n"."name"
            FROM "pattern_candidates" AS "n"
            WHERE
              "n"."id" = COALESCE(
                (
                  SELECT
                    "h0"."pattern_id"
                  FROM "h0"
                  WHERE
                    "h0"."operation" = "src"."operation"
                    AND "h0"."command_template_id" IS "src"."command_template_id"
                ),
                (
                  SELECT
                    "h1"."pattern_id"
                  FROM "h1"
                  WHERE
                    "h1"."operation" = "src"."operation"
                    AND "h1"."command_template_id" = "src"."command_template_id"
                )
              )
          ),
          COALESCE(
            (
              SELECT
                "h0"."pattern_id"
              FROM "h0"
              WHERE
                "h0"."operation" = "src"."operation"
                AND "h0"."command_template_id" IS "src"."command_template_id"
            ),
            (
              SELECT
                "h1"."pattern_id"
              FROM "h1"
              WHERE
                "h1"."operation" = "src"."operation"
                AND "h1"."command_template_id" = "src"."command_template_id"
            )
          )
        ),
        ''
      ) || COALESCE(:p4, '') || COALESCE("src"."operation", '')
    ) AS "f0",
    :p5 AS "f1",
    COALESCE(
      (
        SELECT
          "h0"."pattern_id"
        FROM "h0"
        WHERE
          "h0"."operation" = "src"."operation"
          AND "h0"."command_template_id" IS "src"."command_template_id"
      ),
      (
        SELECT
          "h1"."pattern_id"
        FROM "h1"
        WHERE
          "h1"."operation" = "src"."operation"
          AND "h1"."command_template_id" = "src"."command_template_id"
      )
    ) AS "f2",
    "src"."operation" AS "f3",
    COUNT(*) AS "f4",
    ROUND((
      TOTAL("src"."duration_ms") / 3600000.0
    ), :p6) AS "f5",
    COUNT(DISTINCT "src"."actor") AS "f6",
    (
      (
        COUNT(*) >= :p7
      )
      AND (
        COALESCE(
          (
            SELECT
              "h0"."pattern_id"
            FROM "h0"
            WHERE
              "h0"."operation" = "src"."operation"
              AND "h0"."command_template_id" IS "src"."command_template_id"
          ),
          (
            SELECT
              "h1"."pattern_id"
            FROM "h1"
            WHERE
              "h1"."operation" = "src"."operation"
              AND "h1"."command_template_id" = "src"."command_template_id"
          )
        ) IS NOT NULL
      )
    ) AS "h",
    COUNT(*) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        (
          "src"."pattern_id" IS NULL
        ) AND (
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
    "src"."command_template_id",
    "src"."command_template_id"
) AS "g"
ORDER BY
  "o0" DESC,
  "k0" ASC,
  "k1" ASC,
  "k2" ASC;

-- evidence:examples
SELECT
  "src"."command" AS "v"
FROM "execution_logs" AS "src"
WHERE
  (
    (
      (
        "src"."pattern_id" IS NULL
      ) AND (
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
    "src"."command_template_id" IS :key2
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
        "src"."pattern_id" IS NULL
      ) AND (
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
    "src"."command_template_id" IS :key2
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
            "src"."pattern_id" IS NULL
          ) AND (
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
