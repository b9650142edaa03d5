-- performance.covered_share (source: executions, dialect: postgres)

-- bindings
-- :p0 = now - period
-- :p1 = now
-- :p2 = now - history
-- :p3 = param min_repeats
-- :p4 = 4
-- :p5 = param target_covered
-- :p6 = 'runs this period that used a pattern / runs of work (same operation and command template) done at least min_repeats times'

-- query
WITH "h0" AS MATERIALIZED (
  SELECT
    JSONB_OBJECT_AGG(
      CAST(JSONB_BUILD_ARRAY("t"."operation", "t"."command_template_id") AS TEXT),
      "t"."value"
    ) AS "map"
  FROM (
    SELECT
      "operation",
      "command_template_id",
      COUNT(*) AS "value"
    FROM "execution_logs"
    WHERE
      "ts" > CAST(%(p2)s AS TEXT) AND "ts" <= CAST(%(p1)s AS TEXT)
    GROUP BY
      "operation",
      "command_template_id"
  ) AS "t"
)
SELECT
  *
FROM (
  SELECT
    COUNT(*) FILTER(WHERE
      (
        "src"."pattern_id" IS NOT NULL
      )) AS "l0",
    COUNT(*) AS "l1",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            "src"."pattern_id" IS NOT NULL
          )) AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l2",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            "src"."pattern_id" IS NOT NULL
          )) AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f0",
    CAST(%(p5)s AS DOUBLE PRECISION) AS "f1",
    CAST((
      CAST(ROUND(
        CAST((
          CAST(COUNT(*) FILTER(WHERE
            (
              "src"."pattern_id" IS NOT NULL
            )) AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0)
        ) AS DECIMAL),
        AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
      ) AS DOUBLE PRECISION) >= CAST(%(p5)s AS DOUBLE PRECISION)
    ) AS INT) AS "f2",
    COUNT(*) FILTER(WHERE
      (
        "src"."pattern_id" IS NOT NULL
      )) AS "f3",
    COUNT(*) AS "f4",
    CAST(%(p6)s AS TEXT) AS "f5",
    1 AS "h"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
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
            ) AS BIGINT)
          END,
          0
        ) >= CAST(%(p3)s AS DOUBLE PRECISION)
      )
    )
) AS "g"
WHERE
  (
    "h" <> 0
  );

-- explain
WITH "h0" AS MATERIALIZED (
  SELECT
    JSONB_OBJECT_AGG(
      CAST(JSONB_BUILD_ARRAY("t"."operation", "t"."command_template_id") AS TEXT),
      "t"."value"
    ) AS "map"
  FROM (
    SELECT
      "operation",
      "command_template_id",
      COUNT(*) AS "value"
    FROM "execution_logs"
    WHERE
      "ts" > CAST(%(p2)s AS TEXT) AND "ts" <= CAST(%(p1)s AS TEXT)
    GROUP BY
      "operation",
      "command_template_id"
  ) AS "t"
)
SELECT
  *
FROM (
  SELECT
    COUNT(*) FILTER(WHERE
      (
        "src"."pattern_id" IS NOT NULL
      )) AS "l0",
    COUNT(*) AS "l1",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            "src"."pattern_id" IS NOT NULL
          )) AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l2",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            "src"."pattern_id" IS NOT NULL
          )) AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f0",
    CAST(%(p5)s AS DOUBLE PRECISION) AS "f1",
    CAST((
      CAST(ROUND(
        CAST((
          CAST(COUNT(*) FILTER(WHERE
            (
              "src"."pattern_id" IS NOT NULL
            )) AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0)
        ) AS DECIMAL),
        AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
      ) AS DOUBLE PRECISION) >= CAST(%(p5)s AS DOUBLE PRECISION)
    ) AS INT) AS "f2",
    COUNT(*) FILTER(WHERE
      (
        "src"."pattern_id" IS NOT NULL
      )) AS "f3",
    COUNT(*) AS "f4",
    CAST(%(p6)s AS TEXT) AS "f5",
    1 AS "h"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
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
            ) AS BIGINT)
          END,
          0
        ) >= CAST(%(p3)s AS DOUBLE PRECISION)
      )
    )
) AS "g";

-- evidence:evidence
WITH "h0" AS MATERIALIZED (
  SELECT
    JSONB_OBJECT_AGG(
      CAST(JSONB_BUILD_ARRAY("t"."operation", "t"."command_template_id") AS TEXT),
      "t"."value"
    ) AS "map"
  FROM (
    SELECT
      "operation",
      "command_template_id",
      COUNT(*) AS "value"
    FROM "execution_logs"
    WHERE
      "ts" > CAST(%(p2)s AS TEXT) AND "ts" <= CAST(%(p1)s AS TEXT)
    GROUP BY
      "operation",
      "command_template_id"
  ) AS "t"
)
SELECT
  "src"."id" AS "v"
FROM "execution_logs" AS "src"
WHERE
  (
    (
      "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
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
          ) AS BIGINT)
        END,
        0
      ) >= CAST(%(p3)s AS DOUBLE PRECISION)
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
    WITH "h0" AS MATERIALIZED (
      SELECT
        JSONB_OBJECT_AGG(
          CAST(JSONB_BUILD_ARRAY("t"."operation", "t"."command_template_id") AS TEXT),
          "t"."value"
        ) AS "map"
      FROM (
        SELECT
          "operation",
          "command_template_id",
          COUNT(*) AS "value"
        FROM "execution_logs"
        WHERE
          "ts" > CAST(%(p2)s AS TEXT) AND "ts" <= CAST(%(p1)s AS TEXT)
        GROUP BY
          "operation",
          "command_template_id"
      ) AS "t"
    )
    SELECT
      "src"."seq"
    FROM "execution_logs" AS "src"
    WHERE
      (
        (
          "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
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
              ) AS BIGINT)
            END,
            0
          ) >= CAST(%(p3)s AS DOUBLE PRECISION)
        )
      )
  );
