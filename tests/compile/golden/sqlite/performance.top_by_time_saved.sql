-- performance.top_by_time_saved (source: executions, dialect: sqlite)

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
    "operation",
    AVG("duration_ms") AS "value"
  FROM "execution_logs" INDEXED BY "idx_exec_group"
  WHERE
    (
      "pattern_id" IS NULL
    ) AND "ts" > :p2 AND "ts" <= :p1
  GROUP BY
    "operation"
)
SELECT
  *
FROM (
  SELECT
    "src"."pattern_id" AS "k0",
    "src"."operation" AS "k1",
    (
      COUNT(*) * (
        (
          SELECT
            "h0"."value"
          FROM "h0"
          WHERE
            "h0"."operation" = "src"."operation"
        ) - AVG("src"."duration_ms")
      )
    ) AS "l0",
    COUNT(*) AS "f0",
    ROUND(AVG("src"."duration_ms"), :p3) AS "f1",
    ROUND(
      (
        SELECT
          "h0"."value"
        FROM "h0"
        WHERE
          "h0"."operation" = "src"."operation"
      ),
      :p3
    ) AS "f2",
    ROUND(
      (
        (
          COUNT(*) * (
            (
              SELECT
                "h0"."value"
              FROM "h0"
              WHERE
                "h0"."operation" = "src"."operation"
            ) - AVG("src"."duration_ms")
          )
        ) / 3600000.0
      ),
      :p4
    ) AS "f3",
    :p5 AS "f4",
    (
      (
        SELECT
          "h0"."value"
        FROM "h0"
        WHERE
          "h0"."operation" = "src"."operation"
      ) IS NOT NULL
    ) AS "h",
    (
      COUNT(*) * (
        (
          SELECT
            "h0"."value"
          FROM "h0"
          WHERE
            "h0"."operation" = "src"."operation"
        ) - AVG("src"."duration_ms")
      )
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
    "src"."pattern_id",
    "src"."operation"
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
    AVG("duration_ms") AS "value"
  FROM "execution_logs" INDEXED BY "idx_exec_group"
  WHERE
    (
      "pattern_id" IS NULL
    ) AND "ts" > :p2 AND "ts" <= :p1
  GROUP BY
    "operation"
)
SELECT
  *
FROM (
  SELECT
    "src"."pattern_id" AS "k0",
    "src"."operation" AS "k1",
    (
      COUNT(*) * (
        (
          SELECT
            "h0"."value"
          FROM "h0"
          WHERE
            "h0"."operation" = "src"."operation"
        ) - AVG("src"."duration_ms")
      )
    ) AS "l0",
    COUNT(*) AS "f0",
    ROUND(AVG("src"."duration_ms"), :p3) AS "f1",
    ROUND(
      (
        SELECT
          "h0"."value"
        FROM "h0"
        WHERE
          "h0"."operation" = "src"."operation"
      ),
      :p3
    ) AS "f2",
    ROUND(
      (
        (
          COUNT(*) * (
            (
              SELECT
                "h0"."value"
              FROM "h0"
              WHERE
                "h0"."operation" = "src"."operation"
            ) - AVG("src"."duration_ms")
          )
        ) / 3600000.0
      ),
      :p4
    ) AS "f3",
    :p5 AS "f4",
    (
      (
        SELECT
          "h0"."value"
        FROM "h0"
        WHERE
          "h0"."operation" = "src"."operation"
      ) IS NOT NULL
    ) AS "h",
    (
      COUNT(*) * (
        (
          SELECT
            "h0"."value"
          FROM "h0"
          WHERE
            "h0"."operation" = "src"."operation"
        ) - AVG("src"."duration_ms")
      )
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
    "src"."pattern_id",
    "src"."operation"
) AS "g"
ORDER BY
  "o0" DESC,
  "k0" ASC,
  "k1" ASC;

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
    "src"."operation" IS :key1
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
