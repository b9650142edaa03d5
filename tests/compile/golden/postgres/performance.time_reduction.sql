-- performance.time_reduction (source: executions, dialect: postgres)

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
    COALESCE(SUM(CAST("src"."duration_ms" AS DOUBLE PRECISION)), CAST(0 AS DOUBLE PRECISION)) AS "l0",
    COALESCE(
      SUM(
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
        END AS DOUBLE PRECISION)
      ),
      CAST(0 AS DOUBLE PRECISION)
    ) AS "l1",
    CAST(ROUND(
      CAST((
        CAST(%(p3)s AS BIGINT) - (
          CAST(COALESCE(SUM(CAST("src"."duration_ms" AS DOUBLE PRECISION)), CAST(0 AS DOUBLE PRECISION)) AS DOUBLE PRECISION) / NULLIF(
            COALESCE(
              SUM(
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
                END AS DOUBLE PRECISION)
              ),
              CAST(0 AS DOUBLE PRECISION)
            ),
            0
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l2",
    CAST(ROUND(
      CAST((
        CAST(%(p3)s AS BIGINT) - (
          CAST(COALESCE(SUM(CAST("src"."duration_ms" AS DOUBLE PRECISION)), CAST(0 AS DOUBLE PRECISION)) AS DOUBLE PRECISION) / NULLIF(
            COALESCE(
              SUM(
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
                END AS DOUBLE PRECISION)
              ),
              CAST(0 AS DOUBLE PRECISION)
            ),
            0
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f0",
    CAST(%(p5)s AS DOUBLE PRECISION) AS "f1",
    CAST((
      CAST(ROUND(
        CAST((
          CAST(%(p3)s AS BIGINT) - (
            CAST(COALESCE(SUM(CAST("src"."duration_ms" AS DOUBLE PRECISION)), CAST(0 AS DOUBLE PRECISION)) AS DOUBLE PRECISION) / NULLIF(
              COALESCE(
                SUM(
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
                  END AS DOUBLE PRECISION)
                ),
                CAST(0 AS DOUBLE PRECISION)
              ),
              0
            )
          )
        ) AS DECIMAL),
        AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
      ) AS DOUBLE PRECISION) >= CAST(%(p5)s AS DOUBLE PRECISION)
    ) AS INT) AS "f2",
    CAST(ROUND(
      CAST((
        (
          (
            COALESCE(
              SUM(
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
                END AS DOUBLE PRECISION)
              ),
              CAST(0 AS DOUBLE PRECISION)
            ) - COALESCE(SUM(CAST("src"."duration_ms" AS DOUBLE PRECISION)), CAST(0 AS DOUBLE PRECISION))
          ) / CAST(3600000.0 AS DOUBLE PRECISION)
        ) * CAST(%(p6)s AS BIGINT)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p3)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f3",
    CAST(ROUND(
      CAST((
        (
          COALESCE(
            SUM(
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
              END AS DOUBLE PRECISION)
            ),
            CAST(0 AS DOUBLE PRECISION)
          ) / CAST(3600000.0 AS DOUBLE PRECISION)
        ) * CAST(%(p6)s AS BIGINT)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p3)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f4",
    CAST(%(p7)s AS TEXT) AS "f5",
    1 AS "h"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        (
          "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
        )
        AND (
          "src"."pattern_id" IS NOT NULL
        )
      )
      AND (
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
    COALESCE(SUM(CAST("src"."duration_ms" AS DOUBLE PRECISION)), CAST(0 AS DOUBLE PRECISION)) AS "l0",
    COALESCE(
      SUM(
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
        END AS DOUBLE PRECISION)
      ),
      CAST(0 AS DOUBLE PRECISION)
    ) AS "l1",
    CAST(ROUND(
      CAST((
        CAST(%(p3)s AS BIGINT) - (
          CAST(COALESCE(SUM(CAST("src"."duration_ms" AS DOUBLE PRECISION)), CAST(0 AS DOUBLE PRECISION)) AS DOUBLE PRECISION) / NULLIF(
            COALESCE(
              SUM(
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
                END AS DOUBLE PRECISION)
              ),
              CAST(0 AS DOUBLE PRECISION)
            ),
            0
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l2",
    CAST(ROUND(
      CAST((
        CAST(%(p3)s AS BIGINT) - (
          CAST(COALESCE(SUM(CAST("src"."duration_ms" AS DOUBLE PRECISION)), CAST(0 AS DOUBLE PRECISION)) AS DOUBLE PRECISION) / NULLIF(
            COALESCE(
              SUM(
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
                END AS DOUBLE PRECISION)
              ),
              CAST(0 AS DOUBLE PRECISION)
            ),
            0
          )
        )
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f0",
    CAST(%(p5)s AS DOUBLE PRECISION) AS "f1",
    CAST((
      CAST(ROUND(
        CAST((
          CAST(%(p3)s AS BIGINT) - (
            CAST(COALESCE(SUM(CAST("src"."duration_ms" AS DOUBLE PRECISION)), CAST(0 AS DOUBLE PRECISION)) AS DOUBLE PRECISION) / NULLIF(
              COALESCE(
                SUM(
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
                  END AS DOUBLE PRECISION)
                ),
                CAST(0 AS DOUBLE PRECISION)
              ),
              0
            )
          )
        ) AS DECIMAL),
        AP_ROUND_DIGITS(CAST(CAST(%(p4)s AS BIGINT) AS DOUBLE PRECISION))
      ) AS DOUBLE PRECISION) >= CAST(%(p5)s AS DOUBLE PRECISION)
    ) AS INT) AS "f2",
    CAST(ROUND(
      CAST((
        (
          (
            COALESCE(
              SUM(
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
                END AS DOUBLE PRECISION)
              ),
              CAST(0 AS DOUBLE PRECISION)
            ) - COALESCE(SUM(CAST("src"."duration_ms" AS DOUBLE PRECISION)), CAST(0 AS DOUBLE PRECISION))
          ) / CAST(3600000.0 AS DOUBLE PRECISION)
        ) * CAST(%(p6)s AS BIGINT)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p3)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f3",
    CAST(ROUND(
      CAST((
        (
          COALESCE(
            SUM(
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
              END AS DOUBLE PRECISION)
            ),
            CAST(0 AS DOUBLE PRECISION)
          ) / CAST(3600000.0 AS DOUBLE PRECISION)
        ) * CAST(%(p6)s AS BIGINT)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p3)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f4",
    CAST(%(p7)s AS TEXT) AS "f5",
    1 AS "h"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        (
          "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
        )
        AND (
          "src"."pattern_id" IS NOT NULL
        )
      )
      AND (
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
      )
    )
) AS "g";

-- evidence:evidence
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
  "src"."id" AS "v"
FROM "execution_logs" AS "src"
WHERE
  (
    (
      (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )
      AND (
        "src"."pattern_id" IS NOT NULL
      )
    )
    AND (
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
      "src"."seq"
    FROM "execution_logs" AS "src"
    WHERE
      (
        (
          (
            "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )
          AND (
            "src"."pattern_id" IS NOT NULL
          )
        )
        AND (
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
        )
      )
  );
