-- performance.manual_work_with_pattern (source: executions, dialect: postgres)

-- bindings
-- :p0 = now - period
-- :p1 = now
-- :p2 = now - history
-- :p3 = 2
-- :p4 = 'runs this period that used no pattern although covered_by (the pattern other runs of the same work used most, or one approved for it) could do them'
-- :p5 = param min_repeats

-- query
WITH "h0" AS MATERIALIZED (
  SELECT
    JSONB_OBJECT_AGG(
      CAST(JSONB_BUILD_ARRAY("t"."operation", "t"."command_template_id") AS TEXT),
      "t"."pattern_id"
    ) AS "map"
  FROM (
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
          ORDER BY COUNT(*) DESC NULLS LAST, "o"."pattern_id" COLLATE "C" ASC NULLS FIRST
        ) AS "rank"
      FROM "execution_logs" AS "o"
      WHERE
        (
          "o"."pattern_id" IS NOT NULL
        )
        AND "o"."ts" > CAST(%(p2)s AS TEXT)
        AND "o"."ts" <= CAST(%(p1)s AS TEXT)
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
  ) AS "t"
), "h1" AS MATERIALIZED (
  SELECT
    JSONB_OBJECT_AGG(
      CAST(JSONB_BUILD_ARRAY("t"."operation", "t"."command_template_id") AS TEXT),
      "t"."pattern_id"
    ) AS "map"
  FROM (
    SELECT
      "operation",
      "command_template_id",
      "pattern_id"
    FROM (
      SELECT
        JSONB_EXTRACT_PATH_TEXT(CAST("p"."group_key" AS JSONB), 'operation') AS "operation",
        CASE
          WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("p"."group_key" AS JSONB), 'command_template_id')) = 'number'
          THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("p"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
        END AS "command_template_id",
        "p"."id" AS "pattern_id",
        ROW_NUMBER() OVER (
          PARTITION BY JSONB_EXTRACT_PATH_TEXT(CAST("p"."group_key" AS JSONB), 'operation'), CASE
            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("p"."group_key" AS JSONB), 'command_template_id')) = 'number'
            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("p"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
          END
          ORDER BY "p"."confidence" DESC NULLS LAST, "p"."id" COLLATE "C" ASC NULLS FIRST
        ) AS "rank"
      FROM "pattern_candidates" AS "p"
      WHERE
        "p"."status" = 'approved'
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
    "src"."command_template_id" AS "k2",
    COALESCE(
      CASE
        WHEN "src"."operation" IS NULL
        THEN NULL
        ELSE CAST(JSONB_EXTRACT_PATH_TEXT(
          (
            SELECT
              "h0"."map"
            FROM "h0"
          ),
          CAST(JSONB_BUILD_ARRAY("src"."operation", "src"."command_template_id") AS TEXT)
        ) AS TEXT)
      END,
      CASE
        WHEN "src"."operation" IS NULL OR "src"."command_template_id" IS NULL
        THEN NULL
        ELSE CAST(JSONB_EXTRACT_PATH_TEXT(
          (
            SELECT
              "h1"."map"
            FROM "h1"
          ),
          CAST(JSONB_BUILD_ARRAY("src"."operation", "src"."command_template_id") AS TEXT)
        ) AS TEXT)
      END
    ) AS "f0",
    COUNT(*) AS "f1",
    CAST(ROUND(
      CAST((
        COALESCE(SUM(CAST("src"."duration_ms" AS DOUBLE PRECISION)), CAST(0 AS DOUBLE PRECISION)) / CAST(3600000.0 AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p3)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f2",
    COUNT(DISTINCT "src"."actor") AS "f3",
    CAST(%(p4)s AS TEXT) AS "f4",
    CAST((
      (
        COUNT(*) >= CAST(%(p5)s AS DOUBLE PRECISION)
      )
      AND (
        COALESCE(
          CASE
            WHEN "src"."operation" IS NULL
            THEN NULL
            ELSE CAST(JSONB_EXTRACT_PATH_TEXT(
              (
                SELECT
                  "h0"."map"
                FROM "h0"
              ),
              CAST(JSONB_BUILD_ARRAY("src"."operation", "src"."command_template_id") AS TEXT)
            ) AS TEXT)
          END,
          CASE
            WHEN "src"."operation" IS NULL OR "src"."command_template_id" IS NULL
            THEN NULL
            ELSE CAST(JSONB_EXTRACT_PATH_TEXT(
              (
                SELECT
                  "h1"."map"
                FROM "h1"
              ),
              CAST(JSONB_BUILD_ARRAY("src"."operation", "src"."command_template_id") AS TEXT)
            ) AS TEXT)
          END
        ) IS NOT NULL
      )
    ) AS INT) AS "h",
    COALESCE(SUM(CAST("src"."duration_ms" AS DOUBLE PRECISION)), CAST(0 AS DOUBLE PRECISION)) AS "o0"
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
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )
    )
  GROUP BY
    "src"."operation",
    "src"."command_template_id",
    "src"."command_template_id"
) AS "g"
WHERE
  (
    "h" <> 0
  )
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" COLLATE "C" ASC NULLS FIRST,
  "k1" ASC NULLS FIRST,
  "k2" ASC NULLS FIRST;

-- explain
WITH "h0" AS MATERIALIZED (
  SELECT
    JSONB_OBJECT_AGG(
      CAST(JSONB_BUILD_ARRAY("t"."operation", "t"."command_template_id") AS TEXT),
      "t"."pattern_id"
    ) AS "map"
  FROM (
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
          ORDER BY COUNT(*) DESC NULLS LAST, "o"."pattern_id" COLLATE "C" ASC NULLS FIRST
        ) AS "rank"
      FROM "execution_logs" AS "o"
      WHERE
        (
          "o"."pattern_id" IS NOT NULL
        )
        AND "o"."ts" > CAST(%(p2)s AS TEXT)
        AND "o"."ts" <= CAST(%(p1)s AS TEXT)
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
  ) AS "t"
), "h1" AS MATERIALIZED (
  SELECT
    JSONB_OBJECT_AGG(
      CAST(JSONB_BUILD_ARRAY("t"."operation", "t"."command_template_id") AS TEXT),
      "t"."pattern_id"
    ) AS "map"
  FROM (
    SELECT
      "operation",
      "command_template_id",
      "pattern_id"
    FROM (
      SELECT
        JSONB_EXTRACT_PATH_TEXT(CAST("p"."group_key" AS JSONB), 'operation') AS "operation",
        CASE
          WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("p"."group_key" AS JSONB), 'command_template_id')) = 'number'
          THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("p"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
        END AS "command_template_id",
        "p"."id" AS "pattern_id",
        ROW_NUMBER() OVER (
          PARTITION BY JSONB_EXTRACT_PATH_TEXT(CAST("p"."group_key" AS JSONB), 'operation'), CASE
            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("p"."group_key" AS JSONB), 'command_template_id')) = 'number'
            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("p"."group_key" AS JSONB), 'command_template_id') AS DOUBLE PRECISION)
          END
          ORDER BY "p"."confidence" DESC NULLS LAST, "p"."id" COLLATE "C" ASC NULLS FIRST
        ) AS "rank"
      FROM "pattern_candidates" AS "p"
      WHERE
        "p"."status" = 'approved'
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
    "src"."command_template_id" AS "k2",
    COALESCE(
      CASE
        WHEN "src"."operation" IS NULL
        THEN NULL
        ELSE CAST(JSONB_EXTRACT_PATH_TEXT(
          (
            SELECT
              "h0"."map"
            FROM "h0"
          ),
          CAST(JSONB_BUILD_ARRAY("src"."operation", "src"."command_template_id") AS TEXT)
        ) AS TEXT)
      END,
      CASE
        WHEN "src"."operation" IS NULL OR "src"."command_template_id" IS NULL
        THEN NULL
        ELSE CAST(JSONB_EXTRACT_PATH_TEXT(
          (
            SELECT
              "h1"."map"
            FROM "h1"
          ),
          CAST(JSONB_BUILD_ARRAY("src"."operation", "src"."command_template_id") AS TEXT)
        ) AS TEXT)
      END
    ) AS "f0",
    COUNT(*) AS "f1",
    CAST(ROUND(
      CAST((
        COALESCE(SUM(CAST("src"."duration_ms" AS DOUBLE PRECISION)), CAST(0 AS DOUBLE PRECISION)) / CAST(3600000.0 AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p3)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f2",
    COUNT(DISTINCT "src"."actor") AS "f3",
    CAST(%(p4)s AS TEXT) AS "f4",
    CAST((
      (
        COUNT(*) >= CAST(%(p5)s AS DOUBLE PRECISION)
      )
      AND (
        COALESCE(
          CASE
            WHEN "src"."operation" IS NULL
            THEN NULL
            ELSE CAST(JSONB_EXTRACT_PATH_TEXT(
              (
                SELECT
                  "h0"."map"
                FROM "h0"
              ),
              CAST(JSONB_BUILD_ARRAY("src"."operation", "src"."command_template_id") AS TEXT)
            ) AS TEXT)
          END,
          CASE
            WHEN "src"."operation" IS NULL OR "src"."command_template_id" IS NULL
            THEN NULL
            ELSE CAST(JSONB_EXTRACT_PATH_TEXT(
              (
                SELECT
                  "h1"."map"
                FROM "h1"
              ),
              CAST(JSONB_BUILD_ARRAY("src"."operation", "src"."command_template_id") AS TEXT)
            ) AS TEXT)
          END
        ) IS NOT NULL
      )
    ) AS INT) AS "h",
    COALESCE(SUM(CAST("src"."duration_ms" AS DOUBLE PRECISION)), CAST(0 AS DOUBLE PRECISION)) AS "o0"
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
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )
    )
  GROUP BY
    "src"."operation",
    "src"."command_template_id",
    "src"."command_template_id"
) AS "g"
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" COLLATE "C" ASC NULLS FIRST,
  "k1" ASC NULLS FIRST,
  "k2" ASC NULLS FIRST;

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
      "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
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
    (
      "src"."command_template_id" = %(key2)s
      OR (
        "src"."command_template_id" IS NULL AND %(key2)s IS NULL
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
          "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
        )
      )
  );
