-- performance.time_reduction (source: executions, dialect: sqlite)

-- bindings
-- :p0 = now - period
-- :p1 = now
-- :p2 = now - history
-- :p3 = 1
-- :p4 = 4
-- :p5 = param target_reduction
-- :p6 = 60
-- :p7 = "1 - (time of runs this period that used a pattern / the time the same runs take by hand, at the mean duration of their operation's runs without a pattern); minutes saved / minutes by hand"

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
    TOTAL("src"."duration_ms") AS "l0",
    TOTAL(
      (
        SELECT
          "h0"."value"
        FROM "h0"
        WHERE
          "h0"."operation" = "src"."operation"
      )
    ) AS "l1",
    ROUND(
      (
        :p3 - (
          TOTAL("src"."duration_ms") * 1.0 / NULLIF(
            TOTAL(
              (
                SELECT
                  "h0"."value"
                FROM "h0"
                WHERE
                  "h0"."operation" = "src"."operation"
              )
            ),
            0
          )
        )
      ),
      :p4
    ) AS "l2",
    ROUND(
      (
        :p3 - (
          TOTAL("src"."duration_ms") * 1.0 / NULLIF(
            TOTAL(
              (
                SELECT
                  "h0"."value"
                FROM "h0"
                WHERE
                  "h0"."operation" = "src"."operation"
              )
            ),
            0
          )
        )
      ),
      :p4
    ) AS "f0",
    :p5 AS "f1",
    (
      ROUND(
        (
          :p3 - (
            TOTAL("src"."duration_ms") * 1.0 / NULLIF(
              TOTAL(
                (
                  SELECT
                    "h0"."value"
                  FROM "h0"
                  WHERE
                    "h0"."operation" = "src"."operation"
                )
              ),
              0
            )
          )
        ),
        :p4
      ) >= :p5
    ) AS "f2",
    ROUND(
      (
        (
          (
            TOTAL(
              (
                SELECT
                  "h0"."value"
                FROM "h0"
                WHERE
                  "h0"."operation" = "src"."operation"
              )
            ) - TOTAL("src"."duration_ms")
          ) / 3600000.0
        ) * :p6
      ),
      :p3
    ) AS "f3",
    ROUND(
      (
        (
          TOTAL(
            (
              SELECT
                "h0"."value"
              FROM "h0"
              WHERE
                "h0"."operation" = "src"."operation"
            )
          ) / 3600000.0
        ) * :p6
      ),
      :p3
    ) AS "f4",
    :p7 AS "f5",
    1 AS "h"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        (
          "src"."ts" > :p0 AND "src"."ts" <= :p1
        )
        AND (
          "src"."pattern_id" IS NOT NULL
        )
      )
      AND (
        (
          SELECT
            "h0"."value"
          FROM "h0"
          WHERE
            "h0"."operation" = "src"."operation"
        ) IS NOT NULL
      )
    )
) AS "g"
WHERE
  "h";

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
    TOTAL("src"."duration_ms") AS "l0",
    TOTAL(
      (
        SELECT
          "h0"."value"
        FROM "h0"
        WHERE
          "h0"."operation" = "src"."operation"
      )
    ) AS "l1",
    ROUND(
      (
        :p3 - (
          TOTAL("src"."duration_ms") * 1.0 / NULLIF(
            TOTAL(
              (
                SELECT
                  "h0"."value"
                FROM "h0"
                WHERE
                  "h0"."operation" = "src"."operation"
              )
            ),
            0
          )
        )
      ),
      :p4
    ) AS "l2",
    ROUND(
      (
        :p3 - (
          TOTAL("src"."duration_ms") * 1.0 / NULLIF(
            TOTAL(
              (
                SELECT
                  "h0"."value"
                FROM "h0"
                WHERE
                  "h0"."operation" = "src"."operation"
              )
            ),
            0
          )
        )
      ),
      :p4
    ) AS "f0",
    :p5 AS "f1",
    (
      ROUND(
        (
          :p3 - (
            TOTAL("src"."duration_ms") * 1.0 / NULLIF(
              TOTAL(
                (
                  SELECT
                    "h0"."value"
                  FROM "h0"
                  WHERE
                    "h0"."operation" = "src"."operation"
                )
              ),
              0
            )
          )
        ),
        :p4
      ) >= :p5
    ) AS "f2",
    ROUND(
      (
        (
          (
            TOTAL(
              (
                SELECT
                  "h0"."value"
                FROM "h0"
                WHERE
                  "h0"."operation" = "src"."operation"
              )
            ) - TOTAL("src"."duration_ms")
          ) / 3600000.0
        ) * :p6
      ),
      :p3
    ) AS "f3",
    ROUND(
      (
        (
          TOTAL(
            (
              SELECT
                "h0"."value"
              FROM "h0"
              WHERE
                "h0"."operation" = "src"."operation"
            )
          ) / 3600000.0
        ) * :p6
      ),
      :p3
    ) AS "f4",
    :p7 AS "f5",
    1 AS "h"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        (
          "src"."ts" > :p0 AND "src"."ts" <= :p1
        )
        AND (
          "src"."pattern_id" IS NOT NULL
        )
      )
      AND (
        (
          SELECT
            "h0"."value"
          FROM "h0"
          WHERE
            "h0"."operation" = "src"."operation"
        ) IS NOT NULL
      )
    )
) AS "g";

-- evidence:evidence
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
  "src"."id" AS "v"
FROM "execution_logs" AS "src"
WHERE
  (
    (
      (
        "src"."ts" > :p0 AND "src"."ts" <= :p1
      )
      AND (
        "src"."pattern_id" IS NOT NULL
      )
    )
    AND (
      (
        SELECT
          "h0"."value"
        FROM "h0"
        WHERE
          "h0"."operation" = "src"."operation"
      ) IS NOT NULL
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
      "src"."seq"
    FROM "execution_logs" AS "src"
    WHERE
      (
        (
          (
            "src"."ts" > :p0 AND "src"."ts" <= :p1
          )
          AND (
            "src"."pattern_id" IS NOT NULL
          )
        )
        AND (
          (
            SELECT
              "h0"."value"
            FROM "h0"
            WHERE
              "h0"."operation" = "src"."operation"
          ) IS NOT NULL
        )
      )
  );
