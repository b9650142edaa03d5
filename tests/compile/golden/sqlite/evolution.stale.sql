-- evolution.stale (source: executions, dialect: sqlite)

-- bindings
-- :p0 = now - history
-- :p1 = now
-- :p2 = ' went stale'
-- :p3 = 'stale'
-- :p4 = 1
-- :p5 = param stale_after

-- query
SELECT
  *
FROM (
  SELECT
    "src"."pattern_id" AS "k0",
    (
      ROUND(JULIANDAY(:p1) * 86400000.0) - ROUND(JULIANDAY(MAX("src"."ts")) * 86400000.0)
    ) AS "l0",
    (
      COALESCE(
        COALESCE(
          (
            SELECT
              "n"."name"
            FROM "pattern_candidates" AS "n"
            WHERE
              "n"."id" = "src"."pattern_id"
          ),
          "src"."pattern_id"
        ),
        ''
      ) || COALESCE(:p2, '')
    ) AS "f0",
    :p3 AS "f1",
    "src"."pattern_id" AS "f2",
    MAX("src"."ts") AS "f3",
    ROUND(
      (
        (
          ROUND(JULIANDAY(:p1) * 86400000.0) - ROUND(JULIANDAY(MAX("src"."ts")) * 86400000.0)
        ) / 86400000.0
      ),
      :p4
    ) AS "f4",
    COUNT(*) AS "f5",
    1 AS "h",
    (
      (
        ROUND(JULIANDAY(:p1) * 86400000.0) - ROUND(JULIANDAY(MAX("src"."ts")) * 86400000.0)
      ) >= :p5
    ) AS "d0",
    (
      ROUND(JULIANDAY(:p1) * 86400000.0) - ROUND(JULIANDAY(MAX("src"."ts")) * 86400000.0)
    ) AS "d0_0l",
    :p5 AS "d0_0r",
    (
      ROUND(JULIANDAY(:p1) * 86400000.0) - ROUND(JULIANDAY(MAX("src"."ts")) * 86400000.0)
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
    (
      ROUND(JULIANDAY(:p1) * 86400000.0) - ROUND(JULIANDAY(MAX("src"."ts")) * 86400000.0)
    ) AS "l0",
    (
      COALESCE(
        COALESCE(
          (
            SELECT
              "n"."name"
            FROM "pattern_candidates" AS "n"
            WHERE
              "n"."id" = "src"."pattern_id"
          ),
          "src"."pattern_id"
        ),
        ''
      ) || COALESCE(:p2, '')
    ) AS "f0",
    :p3 AS "f1",
    "src"."pattern_id" AS "f2",
    MAX("src"."ts") AS "f3",
    ROUND(
      (
        (
          ROUND(JULIANDAY(:p1) * 86400000.0) - ROUND(JULIANDAY(MAX("src"."ts")) * 86400000.0)
        ) / 86400000.0
      ),
      :p4
    ) AS "f4",
    COUNT(*) AS "f5",
    1 AS "h",
    (
      (
        ROUND(JULIANDAY(:p1) * 86400000.0) - ROUND(JULIANDAY(MAX("src"."ts")) * 86400000.0)
      ) >= :p5
    ) AS "d0",
    (
      ROUND(JULIANDAY(:p1) * 86400000.0) - ROUND(JULIANDAY(MAX("src"."ts")) * 86400000.0)
    ) AS "d0_0l",
    :p5 AS "d0_0r",
    (
      ROUND(JULIANDAY(:p1) * 86400000.0) - ROUND(JULIANDAY(MAX("src"."ts")) * 86400000.0)
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
