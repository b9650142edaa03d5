-- templates.command_template (source: executions, dialect: postgres)

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
    JSONB_OBJECT_AGG(
      CAST(JSONB_BUILD_ARRAY("t"."operation", "t"."command_template_id") AS TEXT),
      "t"."status"
    ) AS "map"
  FROM (
    SELECT
      "operation",
      "command_template_id",
      "status"
    FROM (
      SELECT
        JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'operation') AS "operation",
        CASE
          WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'command_template_id')) = 'number'
          THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
        END AS "command_template_id",
        "c"."status" AS "status",
        ROW_NUMBER() OVER (
          PARTITION BY JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'operation'), CASE
            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'command_template_id')) = 'number'
            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
          END
          ORDER BY CAST("c"."status" = 'approved' AS INT) DESC NULLS LAST, "c"."id" COLLATE "C" ASC NULLS FIRST
        ) AS "rank"
      FROM "pattern_candidates" AS "c"
      WHERE
        "c"."kind" = 'pattern_candidate'
    ) AS "ranked"
    WHERE
      "rank" = 1
  ) AS "t"
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
      COALESCE(AP_TEXT(CAST(%(p4)s AS TEXT)), '') || COALESCE(AP_TEXT("src"."operation"), '') || COALESCE(AP_TEXT(CAST(%(p5)s AS TEXT)), '') || COALESCE(
        AP_TEXT(
          (
            SELECT
              "template"
            FROM "templates"
            WHERE
              "templates"."id" = "src"."command_template_id"
          )
        ),
        ''
      )
    ) AS "f0",
    CAST(%(p6)s AS TEXT) AS "f1",
    "src"."operation" AS "f2",
    COUNT(*) AS "f3",
    COUNT(DISTINCT "src"."command") AS "f4",
    CAST((
      (
        COUNT(*) >= CAST(%(p7)s AS DOUBLE PRECISION)
      )
      AND (
        COUNT(DISTINCT "src"."command") >= CAST(%(p8)s AS DOUBLE PRECISION)
      )
    ) AS INT) AS "h",
    CAST((
      COUNT(*) >= CAST(%(p7)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    COUNT(*) AS "d0_0l",
    CAST(%(p7)s AS DOUBLE PRECISION) AS "d0_0r",
    COUNT(*) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        (
          "src"."command" IS NOT NULL
        )
        AND (
          "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
        )
      )
      AND (
        CAST(JSONB_EXTRACT_PATH_TEXT(
          (
            SELECT
              "h0"."map"
            FROM "h0"
          ),
          CAST(JSONB_BUILD_ARRAY("src"."operation", "src"."command_template_id") AS TEXT)
        ) AS TEXT) IN (CAST(%(p2)s AS TEXT), CAST(%(p3)s AS TEXT))
      )
    )
  GROUP BY
    "src"."operation",
    "src"."command_template_id"
) AS "g"
WHERE
  (
    "h" <> 0
  )
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" COLLATE "C" ASC NULLS FIRST,
  "k1" ASC NULLS FIRST;

-- explain
WITH "h0" AS MATERIALIZED (
  SELECT
    JSONB_OBJECT_AGG(
      CAST(JSONB_BUILD_ARRAY("t"."operation", "t"."command_template_id") AS TEXT),
      "t"."status"
    ) AS "map"
  FROM (
    SELECT
      "operation",
      "command_template_id",
      "status"
    FROM (
      SELECT
        JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'operation') AS "operation",
        CASE
          WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'command_template_id')) = 'number'
          THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
        END AS "command_template_id",
        "c"."status" AS "status",
        ROW_NUMBER() OVER (
          PARTITION BY JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'operation'), CASE
            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'command_template_id')) = 'number'
            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
          END
          ORDER BY CAST("c"."status" = 'approved' AS INT) DESC NULLS LAST, "c"."id" COLLATE "C" ASC NULLS FIRST
        ) AS "rank"
      FROM "pattern_candidates" AS "c"
      WHERE
        "c"."kind" = 'pattern_candidate'
    ) AS "ranked"
    WHERE
      "rank" = 1
  ) AS "t"
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
      COALESCE(AP_TEXT(CAST(%(p4)s AS TEXT)), '') || COALESCE(AP_TEXT("src"."operation"), '') || COALESCE(AP_TEXT(CAST(%(p5)s AS TEXT)), '') || COALESCE(
        AP_TEXT(
          (
            SELECT
              "template"
            FROM "templates"
            WHERE
              "templates"."id" = "src"."command_template_id"
          )
        ),
        ''
      )
    ) AS "f0",
    CAST(%(p6)s AS TEXT) AS "f1",
    "src"."operation" AS "f2",
    COUNT(*) AS "f3",
    COUNT(DISTINCT "src"."command") AS "f4",
    CAST((
      (
        COUNT(*) >= CAST(%(p7)s AS DOUBLE PRECISION)
      )
      AND (
        COUNT(DISTINCT "src"."command") >= CAST(%(p8)s AS DOUBLE PRECISION)
      )
    ) AS INT) AS "h",
    CAST((
      COUNT(*) >= CAST(%(p7)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    COUNT(*) AS "d0_0l",
    CAST(%(p7)s AS DOUBLE PRECISION) AS "d0_0r",
    COUNT(*) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        (
          "src"."command" IS NOT NULL
        )
        AND (
          "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
        )
      )
      AND (
        CAST(JSONB_EXTRACT_PATH_TEXT(
          (
            SELECT
              "h0"."map"
            FROM "h0"
          ),
          CAST(JSONB_BUILD_ARRAY("src"."operation", "src"."command_template_id") AS TEXT)
        ) AS TEXT) IN (CAST(%(p2)s AS TEXT), CAST(%(p3)s AS TEXT))
      )
    )
  GROUP BY
    "src"."operation",
    "src"."command_template_id"
) AS "g"
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" COLLATE "C" ASC NULLS FIRST,
  "k1" ASC NULLS FIRST;

-- evidence:members
WITH "h0" AS MATERIALIZED (
  SELECT
    JSONB_OBJECT_AGG(
      CAST(JSONB_BUILD_ARRAY("t"."operation", "t"."command_template_id") AS TEXT),
      "t"."status"
    ) AS "map"
  FROM (
    SELECT
      "operation",
      "command_template_id",
      "status"
    FROM (
      SELECT
        JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'operation') AS "operation",
        CASE
          WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'command_template_id')) = 'number'
          THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
        END AS "command_template_id",
        "c"."status" AS "status",
        ROW_NUMBER() OVER (
          PARTITION BY JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'operation'), CASE
            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'command_template_id')) = 'number'
            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
          END
          ORDER BY CAST("c"."status" = 'approved' AS INT) DESC NULLS LAST, "c"."id" COLLATE "C" ASC NULLS FIRST
        ) AS "rank"
      FROM "pattern_candidates" AS "c"
      WHERE
        "c"."kind" = 'pattern_candidate'
    ) AS "ranked"
    WHERE
      "rank" = 1
  ) AS "t"
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
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )
    )
    AND (
      CAST(JSONB_EXTRACT_PATH_TEXT(
        (
          SELECT
            "h0"."map"
          FROM "h0"
        ),
        CAST(JSONB_BUILD_ARRAY(CAST(%(key0)s AS TEXT), CAST(%(key1)s AS DOUBLE PRECISION)) AS TEXT)
      ) AS TEXT) IN (CAST(%(p2)s AS TEXT), CAST(%(p3)s AS TEXT))
    )
  )
  AND (
    (
      "src"."operation" = %(key0)s
      OR (
        "src"."operation" IS NULL AND %(key0)s IS NULL
      )
    )
  )
  AND (
    (
      "src"."command_template_id" = %(key1)s
      OR (
        "src"."command_template_id" IS NULL AND %(key1)s IS NULL
      )
    )
  )
  AND (
    "src"."command" IS NOT NULL
  )
ORDER BY
  "src"."ts" COLLATE "C" DESC,
  "src"."command" COLLATE "C" DESC
LIMIT 20;

-- evidence:evidence
WITH "h0" AS MATERIALIZED (
  SELECT
    JSONB_OBJECT_AGG(
      CAST(JSONB_BUILD_ARRAY("t"."operation", "t"."command_template_id") AS TEXT),
      "t"."status"
    ) AS "map"
  FROM (
    SELECT
      "operation",
      "command_template_id",
      "status"
    FROM (
      SELECT
        JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'operation') AS "operation",
        CASE
          WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'command_template_id')) = 'number'
          THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
        END AS "command_template_id",
        "c"."status" AS "status",
        ROW_NUMBER() OVER (
          PARTITION BY JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'operation'), CASE
            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'command_template_id')) = 'number'
            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
          END
          ORDER BY CAST("c"."status" = 'approved' AS INT) DESC NULLS LAST, "c"."id" COLLATE "C" ASC NULLS FIRST
        ) AS "rank"
      FROM "pattern_candidates" AS "c"
      WHERE
        "c"."kind" = 'pattern_candidate'
    ) AS "ranked"
    WHERE
      "rank" = 1
  ) AS "t"
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
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )
    )
    AND (
      CAST(JSONB_EXTRACT_PATH_TEXT(
        (
          SELECT
            "h0"."map"
          FROM "h0"
        ),
        CAST(JSONB_BUILD_ARRAY(CAST(%(key0)s AS TEXT), CAST(%(key1)s AS DOUBLE PRECISION)) AS TEXT)
      ) AS TEXT) IN (CAST(%(p2)s AS TEXT), CAST(%(p3)s AS TEXT))
    )
  )
  AND (
    (
      "src"."operation" = %(key0)s
      OR (
        "src"."operation" IS NULL AND %(key0)s IS NULL
      )
    )
  )
  AND (
    (
      "src"."command_template_id" = %(key1)s
      OR (
        "src"."command_template_id" IS NULL AND %(key1)s IS NULL
      )
    )
  )
  AND (
    "src"."id" IS NOT NULL
  )
ORDER BY
  "src"."ts" COLLATE "C" DESC,
  "src"."id" COLLATE "C" DESC
LIMIT 20;

-- retention
DELETE FROM "execution_logs"
WHERE
  "seq" IN (
    WITH "h0" AS MATERIALIZED (
      SELECT
        JSONB_OBJECT_AGG(
          CAST(JSONB_BUILD_ARRAY("t"."operation", "t"."command_template_id") AS TEXT),
          "t"."status"
        ) AS "map"
      FROM (
        SELECT
          "operation",
          "command_template_id",
          "status"
        FROM (
          SELECT
            JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'operation') AS "operation",
            CASE
              WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'command_template_id')) = 'number'
              THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
            END AS "command_template_id",
            "c"."status" AS "status",
            ROW_NUMBER() OVER (
              PARTITION BY JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'operation'), CASE
                WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'command_template_id')) = 'number'
                THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
              END
              ORDER BY CAST("c"."status" = 'approved' AS INT) DESC NULLS LAST, "c"."id" COLLATE "C" ASC NULLS FIRST
            ) AS "rank"
          FROM "pattern_candidates" AS "c"
          WHERE
            "c"."kind" = 'pattern_candidate'
        ) AS "ranked"
        WHERE
          "rank" = 1
      ) AS "t"
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
            "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )
        )
        AND (
          CAST(JSONB_EXTRACT_PATH_TEXT(
            (
              SELECT
                "h0"."map"
              FROM "h0"
            ),
            CAST(JSONB_BUILD_ARRAY("src"."operation", "src"."command_template_id") AS TEXT)
          ) AS TEXT) IN (CAST(%(p2)s AS TEXT), CAST(%(p3)s AS TEXT))
        )
      )
  );
