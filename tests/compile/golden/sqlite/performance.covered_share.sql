-- performance.covered_share (source: executions, dialect: sqlite)

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
    "operation",
    "command_template_id",
    COUNT(*) AS "value"
  FROM "execution_logs" INDEXED BY "idx_exec_group"
  WHERE
    "ts" > :p2 AND "ts" <= :p1
  GROUP BY
    "operation",
    "command_template_id"
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
    ROUND(
      (
        (
          COUNT(*) FILTER(WHERE
            (
              "src"."pattern_id" IS NOT NULL
            ))
        ) * 1.0 / NULLIF(COUNT(*), 0)
      ),
      :p4
    ) AS "l2",
    ROUND(
      (
        (
          COUNT(*) FILTER(WHERE
            (
              "src"."pattern_id" IS NOT NULL
            ))
        ) * 1.0 / NULLIF(COUNT(*), 0)
      ),
      :p4
    ) AS "f0",
    :p5 AS "f1",
    (
      ROUND(
        (
          (
            COUNT(*) FILTER(WHERE
              (
                "src"."pattern_id" IS NOT NULL
              ))
          ) * 1.0 / NULLIF(COUNT(*), 0)
        ),
        :p4
      ) >= :p5
    ) AS "f2",
    COUNT(*) FILTER(WHERE
      (
        "src"."pattern_id" IS NOT NULL
      )) AS "f3",
    COUNT(*) AS "f4",
    :p6 AS "f5",
    1 AS "h"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        "src"."ts" > :p0 AND "src"."ts" <= :p1
      )
      AND (
        COALESCE(
          (
            SELECT
              "h0"."value"
            FROM "h0"
            WHERE
              "h0"."operation" = "src"."operation"
              AND "h0"."command_template_id" IS "src"."command_template_id"
          ),
          0
        ) >= :p3
      )
    )
) AS "g"
WHERE
  "h";

-- explain
WITH "h0" AS MATERIALIZED (
  SELECT
    "operation",
    "command_template_id",
    COUNT(*) AS "value"
  FROM "execution_logs" INDEXED BY "idx_exec_group"
  WHERE
    "ts" > :p2 AND "ts" <= :p1
  GROUP BY
    "operation",
    "command_template_id"
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
    ROUND(
      (
        (
          COUNT(*) FILTER(WHERE
            (
              "src"."pattern_id" IS NOT NULL
            ))
        ) * 1.0 / NULLIF(COUNT(*), 0)
      ),
      :p4
    ) AS "l2",
    ROUND(
      (
        (
          COUNT(*) FILTER(WHERE
            (
              "src"."pattern_id" IS NOT NULL
            ))
        ) * 1.0 / NULLIF(COUNT(*), 0)
      ),
      :p4
    ) AS "f0",
    :p5 AS "f1",
    (
      ROUND(
        (
          (
            COUNT(*) FILTER(WHERE
              (
                "src"."pattern_id" IS NOT NULL
              ))
          ) * 1.0 / NULLIF(COUNT(*), 0)
        ),
        :p4
      ) >= :p5
    ) AS "f2",
    COUNT(*) FILTER(WHERE
      (
        "src"."pattern_id" IS NOT NULL
      )) AS "f3",
    COUNT(*) AS "f4",
    :p6 AS "f5",
    1 AS "h"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        "src"."ts" > :p0 AND "src"."ts" <= :p1
      )
      AND (
        COALESCE(
          (
            SELECT
              "h0"."value"
            FROM "h0"
            WHERE
              "h0"."operation" = "src"."operation"
              AND "h0"."command_template_id" IS "src"."command_template_id"
          ),
          0
        ) >= :p3
      )
    )
) AS "g";

-- evidence:evidence
WITH "h0" AS MATERIALIZED (
  SELECT
    "operation",
    "command_template_id",
    COUNT(*) AS "value"
  FROM "execution_logs" INDEXED BY "idx_exec_group"
  WHERE
    "ts" > :p2 AND "ts" <= :p1
  GROUP BY
    "operation",
    "command_template_id"
)
SELECT
  "src"."id" AS "v"
FROM "execution_logs" AS "src"
WHERE
  (
    (
      "src"."ts" > :p0 AND "src"."ts" <= :p1
    )
    AND (
      COALESCE(
        (
          SELECT
            "h0"."value"
          FROM "h0"
          WHERE
            "h0"."operation" = "src"."operation"
            AND "h0"."command_template_id" IS "src"."command_template_id"
        ),
        0
      ) >= :p3
    )
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
    WITH "h0" AS MATERIALIZED (
      SELECT
        "operation",
        "command_template_id",
        COUNT(*) AS "value"
      FROM "execution_logs" INDEXED BY "idx_exec_group"
      WHERE
        "ts" > :p2 AND "ts" <= :p1
      GROUP BY
        "operation",
        "command_template_id"
    )
    SELECT
      "src"."seq"
    FROM "execution_logs" AS "src"
    WHERE
      (
        (
          "src"."ts" > :p0 AND "src"."ts" <= :p1
        )
        AND (
          COALESCE(
            (
              SELECT
                "h0"."value"
              FROM "h0"
              WHERE
                "h0"."operation" = "src"."operation"
                AND "h0"."command_template_id" IS "src"."command_template_id"
            ),
            0
          ) >= :p3
        )
      )
  );
