-- performance.top_by_time_saved (source: executions, dialect: postgres)

-- bindings
-- :p0 = now - period
-- :p1 = now
-- :p2 = now - history
-- :p3 = 1
-- :p4 = 2
-- :p5 = 'time saved = uses x (manual_avg_ms(operation, history) - avg(duration_ms)): each run that used the pattern is credited with the mean duration of the runs of its operation done without a pattern, minus what it took'

-- query
WITH "h0" AS MATERIALIZED (
  SELECT
    JSONB_OBJECT_AGG(CAST(JSONB_BUILD_ARRAY("t"."operation") AS TEXT), "t"."value") AS "map"
  FROM (
    SELECT
      "operation",
      AVG(CAST("duration_ms" AS DOUBLE PRECISION)) AS "value"
    FROM "execution_logs"
    WHERE
      (
        "pattern_id" IS NULL
      )
      AND "ts" > CAST(%(p2)s AS TEXT)
      AND "ts" <= CAST(%(p1)s AS TEXT)
    GROUP BY
      "operation"
  ) AS "t"
)
SELECT
  *
FROM (
  SELECT
    "src"."pattern_id" AS "k0",
    "src"."operation" AS "k1",
    (
      COUNT(*) * (
        CASE
          WHEN "src"."operation" IS NULL
          THEN NULL
          ELSE CAST(JSONB_EXTRACT_PATH_TEXT(
            (
              SELECT
                "h0"."map"
              FROM "h0"
            ),
            CAST(JSONB_BUILD_ARRAY("src"."operation") AS TEXT)
          ) AS DOUBLE PRECISION)
        END - AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))
      )
    ) AS "l0",
    COUNT(*) AS "f0",
    CAST(ROUND(
      CAST(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p3)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f1",
    CAST(ROUND(
      CAST(CASE
        WHEN "src"."operation" IS NULL
        THEN NULL
        ELSE CAST(JSONB_EXTRACT_PATH_TEXT(
          (
            SELECT
              "h0"."map"
            FROM "h0"
          ),
          CAST(JSONB_BUILD_ARRAY("src"."operation") AS TEXT)
        ) AS DOUBLE PRECISION)
      END AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p3)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f2",
    CAST(ROUND(
      CAST((
        (
          COUNT(*) * (
            CASE
              WHEN "src"."operation" IS NULL
              THEN NULL
              ELSE CAST(JSONB_EXTRACT_PATH_TEXT(
                (
                  SELECT
                    "h0"."map"
                  FROM "h0"
                ),
                CAST(JSONB_BUILD_ARRAY("src"."operation") AS TEXT)
              ) AS DOUBLE PRECISION)
            END - AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))
          )
        ) / CAST(3600000.0 AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f3",
    CAST(%(p5)s AS TEXT) AS "f4",
    CAST((
      CASE
        WHEN "src"."operation" IS NULL
        THEN NULL
        ELSE CAST(JSONB_EXTRACT_PATH_TEXT(
          (
            SELECT
              "h0"."map"
            FROM "h0"
          ),
          CAST(JSONB_BUILD_ARRAY("src"."operation") AS TEXT)
        ) AS DOUBLE PRECISION)
      END IS NOT NULL
    ) AS INT) AS "h",
    (
      COUNT(*) * (
        CASE
          WHEN "src"."operation" IS NULL
          THEN NULL
          ELSE CAST(JSONB_EXTRACT_PATH_TEXT(
            (
              SELECT
                "h0"."map"
              FROM "h0"
            ),
            CAST(JSONB_BUILD_ARRAY("src"."operation") AS TEXT)
          ) AS DOUBLE PRECISION)
        END - AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))
      )
    ) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        "src"."pattern_id" IS NOT NULL
      )
      AND (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )
    )
  GROUP BY
    "src"."pattern_id",
    "src"."operation"
) AS "g"
WHERE
  (
    "h" <> 0
  )
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" COLLATE "C" ASC NULLS FIRST,
  "k1" COLLATE "C" ASC NULLS FIRST;

-- explain
WITH "h0" AS MATERIALIZED (
  SELECT
    JSONB_OBJECT_AGG(CAST(JSONB_BUILD_ARRAY("t"."operation") AS TEXT), "t"."value") AS "map"
  FROM (
    SELECT
      "operation",
      AVG(CAST("duration_ms" AS DOUBLE PRECISION)) AS "value"
    FROM "execution_logs"
    WHERE
      (
        "pattern_id" IS NULL
      )
      AND "ts" > CAST(%(p2)s AS TEXT)
      AND "ts" <= CAST(%(p1)s AS TEXT)
    GROUP BY
      "operation"
  ) AS "t"
)
SELECT
  *
FROM (
  SELECT
    "src"."pattern_id" AS "k0",
    "src"."operation" AS "k1",
    (
      COUNT(*) * (
        CASE
          WHEN "src"."operation" IS NULL
          THEN NULL
          ELSE CAST(JSONB_EXTRACT_PATH_TEXT(
            (
              SELECT
                "h0"."map"
              FROM "h0"
            ),
            CAST(JSONB_BUILD_ARRAY("src"."operation") AS TEXT)
          ) AS DOUBLE PRECISION)
        END - AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))
      )
    ) AS "l0",
    COUNT(*) AS "f0",
    CAST(ROUND(
      CAST(AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION)) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p3)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f1",
    CAST(ROUND(
      CAST(CASE
        WHEN "src"."operation" IS NULL
        THEN NULL
        ELSE CAST(JSONB_EXTRACT_PATH_TEXT(
          (
            SELECT
              "h0"."map"
            FROM "h0"
          ),
          CAST(JSONB_BUILD_ARRAY("src"."operation") AS TEXT)
        ) AS DOUBLE PRECISION)
      END AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p3)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f2",
    CAST(ROUND(
      CAST((
        (
          COUNT(*) * (
            CASE
              WHEN "src"."operation" IS NULL
              THEN NULL
              ELSE CAST(JSONB_EXTRACT_PATH_TEXT(
                (
                  SELECT
                    "h0"."map"
                  FROM "h0"
                ),
                CAST(JSONB_BUILD_ARRAY("src"."operation") AS TEXT)
              ) AS DOUBLE PRECISION)
            END - AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))
          )
        ) / CAST(3600000.0 AS DOUBLE PRECISION)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f3",
    CAST(%(p5)s AS TEXT) AS "f4",
    CAST((
      CASE
        WHEN "src"."operation" IS NULL
        THEN NULL
        ELSE CAST(JSONB_EXTRACT_PATH_TEXT(
          (
            SELECT
              "h0"."map"
            FROM "h0"
          ),
          CAST(JSONB_BUILD_ARRAY("src"."operation") AS TEXT)
        ) AS DOUBLE PRECISION)
      END IS NOT NULL
    ) AS INT) AS "h",
    (
      COUNT(*) * (
        CASE
          WHEN "src"."operation" IS NULL
          THEN NULL
          ELSE CAST(JSONB_EXTRACT_PATH_TEXT(
            (
              SELECT
                "h0"."map"
              FROM "h0"
            ),
            CAST(JSONB_BUILD_ARRAY("src"."operation") AS TEXT)
          ) AS DOUBLE PRECISION)
        END - AVG(CAST("src"."duration_ms" AS DOUBLE PRECISION))
      )
    ) AS "o0"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        "src"."pattern_id" IS NOT NULL
      )
      AND (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )
    )
  GROUP BY
    "src"."pattern_id",
    "src"."operation"
) AS "g"
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" COLLATE "C" ASC NULLS FIRST,
  "k1" COLLATE "C" ASC NULLS FIRST;

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
      "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
    )
  )
  AND (
    (
      "src"."pattern_id" = %(key0)s
      OR (
        "src"."pattern_id" IS NULL AND %(key0)s IS NULL
      )
    )
  )
  AND (
    (
      "src"."operation" = %(key1)s
      OR (
        "src"."operation" IS NULL AND %(key1)s IS NULL
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
          "src"."pattern_id" IS NOT NULL
        )
        AND (
          "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
        )
      )
  );
