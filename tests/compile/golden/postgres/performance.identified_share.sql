-- performance.identified_share (source: executions, dialect: postgres)

-- bindings
-- :p0 = now - period
-- :p1 = now
-- :p2 = 'failure'
-- :p3 = now - history
-- :p4 = param min_failures
-- :p5 = 4
-- :p6 = param target_identified
-- :p7 = 'failed runs this period of work that failed at least min_failures times, whose pattern, operation or error an anti-pattern names / all such failed runs'

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
      "ts" > CAST(%(p3)s AS TEXT)
      AND "ts" <= CAST(%(p1)s AS TEXT)
      AND "status" = CAST(%(p2)s AS TEXT)
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
        EXISTS(
          SELECT
            1
          FROM "anti_patterns" AS "a"
          WHERE
            (
              "a"."subject_kind" = 'pattern' AND "a"."subject" = "src"."pattern_id"
            )
            OR (
              "a"."subject_kind" = 'operation' AND "a"."subject" = "src"."operation"
            )
            OR (
              "a"."subject_kind" = 'error_template'
              AND "a"."subject" IN (
                SELECT
                  CAST("e"."message_template_id" AS TEXT)
                FROM "error_events" AS "e"
                WHERE
                  "e"."execution_id" = "src"."id"
              )
            )
        )
      )) AS "l0",
    COUNT(*) AS "l1",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            EXISTS(
              SELECT
                1
              FROM "anti_patterns" AS "a"
              WHERE
                (
                  "a"."subject_kind" = 'pattern' AND "a"."subject" = "src"."pattern_id"
                )
                OR (
                  "a"."subject_kind" = 'operation' AND "a"."subject" = "src"."operation"
                )
                OR (
                  "a"."subject_kind" = 'error_template'
                  AND "a"."subject" IN (
                    SELECT
                      CAST("e"."message_template_id" AS TEXT)
                    FROM "error_events" AS "e"
                    WHERE
                      "e"."execution_id" = "src"."id"
                  )
                )
            )
          )) AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p5)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l2",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            EXISTS(
              SELECT
                1
              FROM "anti_patterns" AS "a"
              WHERE
                (
                  "a"."subject_kind" = 'pattern' AND "a"."subject" = "src"."pattern_id"
                )
                OR (
                  "a"."subject_kind" = 'operation' AND "a"."subject" = "src"."operation"
                )
                OR (
                  "a"."subject_kind" = 'error_template'
                  AND "a"."subject" IN (
                    SELECT
                      CAST("e"."message_template_id" AS TEXT)
                    FROM "error_events" AS "e"
                    WHERE
                      "e"."execution_id" = "src"."id"
                  )
                )
            )
          )) AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p5)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f0",
    CAST(%(p6)s AS DOUBLE PRECISION) AS "f1",
    CAST((
      CAST(ROUND(
        CAST((
          CAST(COUNT(*) FILTER(WHERE
            (
              EXISTS(
                SELECT
                  1
                FROM "anti_patterns" AS "a"
                WHERE
                  (
                    "a"."subject_kind" = 'pattern' AND "a"."subject" = "src"."pattern_id"
                  )
                  OR (
                    "a"."subject_kind" = 'operation' AND "a"."subject" = "src"."operation"
                  )
                  OR (
                    "a"."subject_kind" = 'error_template'
                    AND "a"."subject" IN (
                      SELECT
                        CAST("e"."message_template_id" AS TEXT)
                      FROM "error_events" AS "e"
                      WHERE
                        "e"."execution_id" = "src"."id"
                    )
                  )
              )
            )) AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0)
        ) AS DECIMAL),
        AP_ROUND_DIGITS(CAST(CAST(%(p5)s AS BIGINT) AS DOUBLE PRECISION))
      ) AS DOUBLE PRECISION) >= CAST(%(p6)s AS DOUBLE PRECISION)
    ) AS INT) AS "f2",
    COUNT(*) FILTER(WHERE
      (
        EXISTS(
          SELECT
            1
          FROM "anti_patterns" AS "a"
          WHERE
            (
              "a"."subject_kind" = 'pattern' AND "a"."subject" = "src"."pattern_id"
            )
            OR (
              "a"."subject_kind" = 'operation' AND "a"."subject" = "src"."operation"
            )
            OR (
              "a"."subject_kind" = 'error_template'
              AND "a"."subject" IN (
                SELECT
                  CAST("e"."message_template_id" AS TEXT)
                FROM "error_events" AS "e"
                WHERE
                  "e"."execution_id" = "src"."id"
              )
            )
        )
      )) AS "f3",
    COUNT(*) AS "f4",
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
          "src"."status" = CAST(%(p2)s AS TEXT)
        )
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
        ) >= CAST(%(p4)s AS DOUBLE PRECISION)
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
      "ts" > CAST(%(p3)s AS TEXT)
      AND "ts" <= CAST(%(p1)s AS TEXT)
      AND "status" = CAST(%(p2)s AS TEXT)
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
        EXISTS(
          SELECT
            1
          FROM "anti_patterns" AS "a"
          WHERE
            (
              "a"."subject_kind" = 'pattern' AND "a"."subject" = "src"."pattern_id"
            )
            OR (
              "a"."subject_kind" = 'operation' AND "a"."subject" = "src"."operation"
            )
            OR (
              "a"."subject_kind" = 'error_template'
              AND "a"."subject" IN (
                SELECT
                  CAST("e"."message_template_id" AS TEXT)
                FROM "error_events" AS "e"
                WHERE
                  "e"."execution_id" = "src"."id"
              )
            )
        )
      )) AS "l0",
    COUNT(*) AS "l1",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            EXISTS(
              SELECT
                1
              FROM "anti_patterns" AS "a"
              WHERE
                (
                  "a"."subject_kind" = 'pattern' AND "a"."subject" = "src"."pattern_id"
                )
                OR (
                  "a"."subject_kind" = 'operation' AND "a"."subject" = "src"."operation"
                )
                OR (
                  "a"."subject_kind" = 'error_template'
                  AND "a"."subject" IN (
                    SELECT
                      CAST("e"."message_template_id" AS TEXT)
                    FROM "error_events" AS "e"
                    WHERE
                      "e"."execution_id" = "src"."id"
                  )
                )
            )
          )) AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p5)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l2",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            EXISTS(
              SELECT
                1
              FROM "anti_patterns" AS "a"
              WHERE
                (
                  "a"."subject_kind" = 'pattern' AND "a"."subject" = "src"."pattern_id"
                )
                OR (
                  "a"."subject_kind" = 'operation' AND "a"."subject" = "src"."operation"
                )
                OR (
                  "a"."subject_kind" = 'error_template'
                  AND "a"."subject" IN (
                    SELECT
                      CAST("e"."message_template_id" AS TEXT)
                    FROM "error_events" AS "e"
                    WHERE
                      "e"."execution_id" = "src"."id"
                  )
                )
            )
          )) AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p5)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f0",
    CAST(%(p6)s AS DOUBLE PRECISION) AS "f1",
    CAST((
      CAST(ROUND(
        CAST((
          CAST(COUNT(*) FILTER(WHERE
            (
              EXISTS(
                SELECT
                  1
                FROM "anti_patterns" AS "a"
                WHERE
                  (
                    "a"."subject_kind" = 'pattern' AND "a"."subject" = "src"."pattern_id"
                  )
                  OR (
                    "a"."subject_kind" = 'operation' AND "a"."subject" = "src"."operation"
                  )
                  OR (
                    "a"."subject_kind" = 'error_template'
                    AND "a"."subject" IN (
                      SELECT
                        CAST("e"."message_template_id" AS TEXT)
                      FROM "error_events" AS "e"
                      WHERE
                        "e"."execution_id" = "src"."id"
                    )
                  )
              )
            )) AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0)
        ) AS DECIMAL),
        AP_ROUND_DIGITS(CAST(CAST(%(p5)s AS BIGINT) AS DOUBLE PRECISION))
      ) AS DOUBLE PRECISION) >= CAST(%(p6)s AS DOUBLE PRECISION)
    ) AS INT) AS "f2",
    COUNT(*) FILTER(WHERE
      (
        EXISTS(
          SELECT
            1
          FROM "anti_patterns" AS "a"
          WHERE
            (
              "a"."subject_kind" = 'pattern' AND "a"."subject" = "src"."pattern_id"
            )
            OR (
              "a"."subject_kind" = 'operation' AND "a"."subject" = "src"."operation"
            )
            OR (
              "a"."subject_kind" = 'error_template'
              AND "a"."subject" IN (
                SELECT
                  CAST("e"."message_template_id" AS TEXT)
                FROM "error_events" AS "e"
                WHERE
                  "e"."execution_id" = "src"."id"
              )
            )
        )
      )) AS "f3",
    COUNT(*) AS "f4",
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
          "src"."status" = CAST(%(p2)s AS TEXT)
        )
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
        ) >= CAST(%(p4)s AS DOUBLE PRECISION)
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
      "ts" > CAST(%(p3)s AS TEXT)
      AND "ts" <= CAST(%(p1)s AS TEXT)
      AND "status" = CAST(%(p2)s AS TEXT)
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
      (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )
      AND (
        "src"."status" = CAST(%(p2)s AS TEXT)
      )
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
      ) >= CAST(%(p4)s AS DOUBLE PRECISION)
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
          "ts" > CAST(%(p3)s AS TEXT)
          AND "ts" <= CAST(%(p1)s AS TEXT)
          AND "status" = CAST(%(p2)s AS TEXT)
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
          (
            "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
          )
          AND (
            "src"."status" = CAST(%(p2)s AS TEXT)
          )
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
          ) >= CAST(%(p4)s AS DOUBLE PRECISION)
        )
      )
  );
