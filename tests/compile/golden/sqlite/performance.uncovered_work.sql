-- performance.uncovered_work (source: executions, dialect: sqlite)

-- bindings
-- :p0 = now - period
-- :p1 = now
-- :p2 = 2
-- :p3 = param min_repeats
-- :p4 = now - history

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
      ) AND "o"."ts" > :p4 AND "o"."ts" <= :p1
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
    COUNT(*) AS "f0",
    ROUND((
      TOTAL("src"."duration_ms") / 3600000.0
    ), :p2) AS "f1",
    COUNT(DISTINCT "src"."actor") AS "f2",
    (
      (
        COUNT(*) >= :p3
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
        ) IS NULL
      )
    ) AS "h",
    TOTAL("src"."duration_ms") AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
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
      ) AND "o"."ts" > :p4 AND "o"."ts" <= :p1
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
    COUNT(*) AS "f0",
    ROUND((
      TOTAL("src"."duration_ms") / 3600000.0
    ), :p2) AS "f1",
    COUNT(DISTINCT "src"."actor") AS "f2",
    (
      (
        COUNT(*) >= :p3
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
        ) IS NULL
      )
    ) AS "h",
    TOTAL("src"."duration_ms") AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
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

-- evidence:example
SELECT
  "src"."command" AS "v"
FROM "execution_logs" AS "src"
WHERE
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
LIMIT 1;

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
        "src"."command" IS NOT NULL
      )
    )
    AND (
      "src"."ts" > :p0 AND "src"."ts" <= :p1
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
            "src"."command" IS NOT NULL
          )
        )
        AND (
          "src"."ts" > :p0 AND "src"."ts" <= :p1
        )
      )
  );
