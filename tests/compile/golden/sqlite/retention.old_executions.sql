-- retention.old_executions (source: executions, dialect: sqlite)

-- bindings
-- :p0 = now - keep_executions
-- :p1 = param min_rows

-- query
SELECT
  *
FROM (
  SELECT
    COUNT(*) AS "f0",
    MIN("src"."ts") AS "f1",
    1 AS "h",
    (
      COUNT(*) >= :p1
    ) AS "d0",
    COUNT(*) AS "d0_0l",
    :p1 AS "d0_0r"
  FROM "execution_logs" AS "src"
  WHERE
    (
      "src"."ts" <= :p0
    )
) AS "g"
WHERE
  "h";

-- explain
SELECT
  *
FROM (
  SELECT
    COUNT(*) AS "f0",
    MIN("src"."ts") AS "f1",
    1 AS "h",
    (
      COUNT(*) >= :p1
    ) AS "d0",
    COUNT(*) AS "d0_0l",
    :p1 AS "d0_0r"
  FROM "execution_logs" AS "src"
  WHERE
    (
      "src"."ts" <= :p0
    )
) AS "g";

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "execution_logs" AS "src"
WHERE
  (
    "src"."ts" <= :p0
  ) AND (
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
        "src"."ts" <= :p0
      )
  );
