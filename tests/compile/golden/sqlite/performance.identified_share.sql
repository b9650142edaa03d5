-- performance.identified_share (source: executions, dialect: sqlite)

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
    "operation",
    "command_template_id",
    COUNT(*) AS "value"
  FROM "execution_logs" INDEXED BY "idx_exec_group"
  WHERE
    "ts" > :p3 AND "ts" <= :p1 AND "status" = :p2
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
    ROUND(
      (
        (
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
            ))
        ) * 1.0 / NULLIF(COUNT(*), 0)
      ),
      :p5
    ) AS "l2",
    ROUND(
      (
        (
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
            ))
        ) * 1.0 / NULLIF(COUNT(*), 0)
      ),
      :p5
    ) AS "f0",
    :p6 AS "f1",
    (
      ROUND(
        (
          (
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
              ))
          ) * 1.0 / NULLIF(COUNT(*), 0)
        ),
        :p5
      ) >= :p6
    ) AS "f2",
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
    :p7 AS "f5",
    1 AS "h"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        (
          "src"."ts" > :p0 AND "src"."ts" <= :p1
        ) AND (
          "src"."status" = :p2
        )
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
        ) >= :p4
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
    "ts" > :p3 AND "ts" <= :p1 AND "status" = :p2
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
    ROUND(
      (
        (
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
            ))
        ) * 1.0 / NULLIF(COUNT(*), 0)
      ),
      :p5
    ) AS "l2",
    ROUND(
      (
        (
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
            ))
        ) * 1.0 / NULLIF(COUNT(*), 0)
      ),
      :p5
    ) AS "f0",
    :p6 AS "f1",
    (
      ROUND(
        (
          (
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
              ))
          ) * 1.0 / NULLIF(COUNT(*), 0)
        ),
        :p5
      ) >= :p6
    ) AS "f2",
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
    :p7 AS "f5",
    1 AS "h"
  FROM "execution_logs" AS "src"
  WHERE
    (
      (
        (
          "src"."ts" > :p0 AND "src"."ts" <= :p1
        ) AND (
          "src"."status" = :p2
        )
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
        ) >= :p4
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
    "ts" > :p3 AND "ts" <= :p1 AND "status" = :p2
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
      (
        "src"."ts" > :p0 AND "src"."ts" <= :p1
      ) AND (
        "src"."status" = :p2
      )
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
      ) >= :p4
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
        "ts" > :p3 AND "ts" <= :p1 AND "status" = :p2
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
          (
            "src"."ts" > :p0 AND "src"."ts" <= :p1
          ) AND (
            "src"."status" = :p2
          )
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
          ) >= :p4
        )
      )
  );
