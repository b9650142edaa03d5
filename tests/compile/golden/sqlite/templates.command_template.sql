-- templates.command_template (source: executions, dialect: sqlite)

-- bindings
-- :p0 = now - lookback
-- :p1 = now
-- :p2 = 'approved'
-- :p3 = 'draft'
-- :p4 = 'template '
-- :p5 = ': '
-- :p6 = 'executions'
-- :p7 = param min_members
-- :p8 = param min_variants

-- query
WITH "h0" AS MATERIALIZED (
  SELECT
    "operation",
    "command_template_id",
    "status"
  FROM (
    SELECT
      JSON_EXTRACT("c"."group_key", '$.operation') AS "operation",
      JSON_EXTRACT("c"."group_key", '$.command_template_id') AS "command_template_id",
      "c"."status" AS "status",
      ROW_NUMBER() OVER (
        PARTITION BY JSON_EXTRACT("c"."group_key", '$.operation'), JSON_EXTRACT("c"."group_key", '$.command_template_id')
        ORDER BY "c"."status" = 'approved' DESC, "c"."id" ASC
      ) AS "rank"
    FROM "pattern_candidates" AS "c"
    WHERE
      "c"."kind" = 'pattern_candidate'
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
    COUNT(*) AS "l0",
    (
      COALESCE(:p4, '') || COALESCE("src"."operation", '') || COALESCE(:p5, '') || COALESCE(
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
    :p6 AS "f1",
    "src"."operation" AS "f2",
    COUNT(*) AS "f3",
    COUNT(DISTINCT "src"."command") AS "f4",
    (
      (
        COUNT(*) >= :p7
      ) AND (
        COUNT(DISTINCT "src"."command") >= :p8
      )
    ) AS "h",
    (
      COUNT(*) >= :p7
    ) AS "d0",
    COUNT(*) AS "d0_0l",
    :p7 AS "d0_0r",
    COUNT(*) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        (
          "src"."command" IS NOT NULL
        )
        AND (
          "src"."ts" > :p0 AND "src"."ts" <= :p1
        )
      )
      AND (
        (
          SELECT
            "h0"."status"
          FROM "h0"
          WHERE
            "h0"."operation" IS "src"."operation"
            AND "h0"."command_template_id" IS "src"."command_template_id"
        ) IN (:p2, :p3)
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
WITH "h0" AS MATERIALIZED (
  SELECT
    "operation",
    "command_template_id",
    "status"
  FROM (
    SELECT
      JSON_EXTRACT("c"."group_key", '$.operation') AS "operation",
      JSON_EXTRACT("c"."group_key", '$.command_template_id') AS "command_template_id",
      "c"."status" AS "status",
      ROW_NUMBER() OVER (
        PARTITION BY JSON_EXTRACT("c"."group_key", '$.operation'), JSON_EXTRACT("c"."group_key", '$.command_template_id')
        ORDER BY "c"."status" = 'approved' DESC, "c"."id" ASC
      ) AS "rank"
    FROM "pattern_candidates" AS "c"
    WHERE
      "c"."kind" = 'pattern_candidate'
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
    COUNT(*) AS "l0",
    (
      COALESCE(:p4, '') || COALESCE("src"."operation", '') || COALESCE(:p5, '') || COALESCE(
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
    :p6 AS "f1",
    "src"."operation" AS "f2",
    COUNT(*) AS "f3",
    COUNT(DISTINCT "src"."command") AS "f4",
    (
      (
        COUNT(*) >= :p7
      ) AND (
        COUNT(DISTINCT "src"."command") >= :p8
      )
    ) AS "h",
    (
      COUNT(*) >= :p7
    ) AS "d0",
    COUNT(*) AS "d0_0l",
    :p7 AS "d0_0r",
    COUNT(*) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        (
          "src"."command" IS NOT NULL
        )
        AND (
          "src"."ts" > :p0 AND "src"."ts" <= :p1
        )
      )
      AND (
        (
          SELECT
            "h0"."status"
          FROM "h0"
          WHERE
            "h0"."operation" IS "src"."operation"
            AND "h0"."command_template_id" IS "src"."command_template_id"
        ) IN (:p2, :p3)
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

-- evidence:members
WITH "h0" AS MATERIALIZED (
  SELECT
    "operation",
    "command_template_id",
    "status"
  FROM (
    SELECT
      JSON_EXTRACT("c"."group_key", '$.operation') AS "operation",
      JSON_EXTRACT("c"."group_key", '$.command_template_id') AS "command_template_id",
      "c"."status" AS "status",
      ROW_NUMBER() OVER (
        PARTITION BY JSON_EXTRACT("c"."group_key", '$.operation'), JSON_EXTRACT("c"."group_key", '$.command_template_id')
        ORDER BY "c"."status" = 'approved' DESC, "c"."id" ASC
      ) AS "rank"
    FROM "pattern_candidates" AS "c"
    WHERE
      "c"."kind" = 'pattern_candidate'
  ) AS "ranked"
  WHERE
    "rank" = 1
)
SELECT
  "src"."command" AS "v"
FROM "execution_logs" AS "src"
WHERE
  (
    (
      (
        "src"."command" IS NOT NULL
      )
      AND (
        "src"."ts" > :p0 AND "src"."ts" <= :p1
      )
    )
    AND (
      (
        SELECT
          "h0"."status"
        FROM "h0"
        WHERE
          "h0"."operation" IS "src"."operation"
          AND "h0"."command_template_id" IS "src"."command_template_id"
      ) IN (:p2, :p3)
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
LIMIT 20;

-- evidence:evidence
WITH "h0" AS MATERIALIZED (
  SELECT
    "operation",
    "command_template_id",
    "status"
  FROM (
    SELECT
      JSON_EXTRACT("c"."group_key", '$.operation') AS "operation",
      JSON_EXTRACT("c"."group_key", '$.command_template_id') AS "command_template_id",
      "c"."status" AS "status",
      ROW_NUMBER() OVER (
        PARTITION BY JSON_EXTRACT("c"."group_key", '$.operation'), JSON_EXTRACT("c"."group_key", '$.command_template_id')
        ORDER BY "c"."status" = 'approved' DESC, "c"."id" ASC
      ) AS "rank"
    FROM "pattern_candidates" AS "c"
    WHERE
      "c"."kind" = 'pattern_candidate'
  ) AS "ranked"
  WHERE
    "rank" = 1
)
SELECT
  "src"."id" AS "v"
FROM "execution_logs" AS "src"
WHERE
  (
    (
      (
        "src"."command" IS NOT NULL
      )
      AND (
        "src"."ts" > :p0 AND "src"."ts" <= :p1
      )
    )
    AND (
      (
        SELECT
          "h0"."status"
        FROM "h0"
        WHERE
          "h0"."operation" IS "src"."operation"
          AND "h0"."command_template_id" IS "src"."command_template_id"
      ) IN (:p2, :p3)
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
LIMIT 20;

-- retention
DELETE FROM "execution_logs"
WHERE
  "seq" IN (
    WITH "h0" AS MATERIALIZED (
      SELECT
        "operation",
        "command_template_id",
        "status"
      FROM (
        SELECT
          JSON_EXTRACT("c"."group_key", '$.operation') AS "operation",
          JSON_EXTRACT("c"."group_key", '$.command_template_id') AS "command_template_id",
          "c"."status" AS "status",
          ROW_NUMBER() OVER (
            PARTITION BY JSON_EXTRACT("c"."group_key", '$.operation'), JSON_EXTRACT("c"."group_key", '$.command_template_id')
            ORDER BY "c"."status" = 'approved' DESC, "c"."id" ASC
          ) AS "rank"
        FROM "pattern_candidates" AS "c"
        WHERE
          "c"."kind" = 'pattern_candidate'
      ) AS "ranked"
      WHERE
        "rank" = 1
    )
    SELECT
      "src"."seq"
    FROM "execution_logs" AS "src"
    WHERE
      (
        (
          (
            "src"."command" IS NOT NULL
          )
          AND (
            "src"."ts" > :p0 AND "src"."ts" <= :p1
          )
        )
        AND (
          (
            SELECT
              "h0"."status"
            FROM "h0"
            WHERE
              "h0"."operation" IS "src"."operation"
              AND "h0"."command_template_id" IS "src"."command_template_id"
          ) IN (:p2, :p3)
        )
      )
  );
