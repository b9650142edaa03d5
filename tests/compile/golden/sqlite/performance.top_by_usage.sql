-- performance.top_by_usage (source: executions, dialect: sqlite)

-- bindings
-- :p0 = now - period
-- :p1 = now
-- :p2 = 'success'
-- :p3 = 4
-- :p4 = 1

-- query
SELECT
  *
FROM (
  SELECT
    "src"."pattern_id" AS "k0",
    COUNT(*) AS "f0",
    ROUND(AVG(CASE WHEN (
      "src"."status" = :p2
    ) THEN 1.0 ELSE 0.0 END), :p3) AS "f1",
    ROUND(AVG("src"."duration_ms"), :p4) AS "f2",
    COUNT(DISTINCT "src"."actor") AS "f3",
    1 AS "h",
    COUNT(*) AS "o0"
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
  "o0" DESC,
  "k0" ASC;

-- explain
SELECT
  *
FROM (
  SELECT
    "src"."pattern_id" AS "k0",
    COUNT(*) AS "f0",
    ROUND(AVG(CASE WHEN (
      "src"."status" = :p2
    ) THEN 1.0 ELSE 0.0 END), :p3) AS "f1",
    ROUND(AVG("src"."duration_ms"), :p4) AS "f2",
    COUNT(DISTINCT "src"."actor") AS "f3",
    1 AS "h",
    COUNT(*) AS "o0"
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
  "o0" DESC,
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
