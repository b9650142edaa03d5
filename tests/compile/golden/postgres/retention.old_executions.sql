-- retention.old_executions (source: executions, dialect: postgres)

-- bindings
-- :p0 = now - keep_executions
-- :p1 = param min_rows

-- query
SELECT
  *
FROM (
  SELECT
    COUNT(*) AS "f0",
    MIN("src"."ts" COLLATE "C") AS "f1",
    1 AS "h",
    CAST((
      COUNT(*) >= CAST(%(p1)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    COUNT(*) AS "d0_0l",
    CAST(%(p1)s AS DOUBLE PRECISION) AS "d0_0r"
  FROM "execution_logs" AS "src"
  WHERE
    (
      "src"."ts" <= CAST(%(p0)s AS TEXT)
    )
) AS "g"
WHERE
  (
    "h" <> 0
  );

-- explain
SELECT
  *
FROM (
  SELECT
    COUNT(*) AS "f0",
    MIN("src"."ts" COLLATE "C") AS "f1",
    1 AS "h",
    CAST((
      COUNT(*) >= CAST(%(p1)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    COUNT(*) AS "d0_0l",
    CAST(%(p1)s AS DOUBLE PRECISION) AS "d0_0r"
  FROM "execution_logs" AS "src"
  WHERE
    (
      "src"."ts" <= CAST(%(p0)s AS TEXT)
    )
) AS "g";

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "execution_logs" AS "src"
WHERE
  (
    "src"."ts" <= CAST(%(p0)s AS TEXT)
  ) AND (
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
        "src"."ts" <= CAST(%(p0)s AS TEXT)
      )
  );
