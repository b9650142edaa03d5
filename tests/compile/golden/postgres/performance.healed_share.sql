-- performance.healed_share (source: errors, dialect: postgres)

-- bindings
-- :p0 = now - period
-- :p1 = now
-- :p2 = 1
-- :p3 = 4
-- :p4 = param target_healed
-- :p5 = 'errors this period that were fixed and whose message has a learned self-heal recovery / all errors this period'

-- query
SELECT
  *
FROM (
  SELECT
    COUNT(*) FILTER(WHERE
      (
        (
          (
            "src"."resolved" <> 0
          ) = (
            CAST(%(p2)s AS BIGINT) <> 0
          )
        )
        AND (
          (
            SELECT
              "error_patterns"."status"
            FROM "error_patterns"
            WHERE
              "error_patterns"."message_template_id" = "src"."message_template_id"
            ORDER BY
              CAST("error_patterns"."status" = 'active' AS INT) DESC NULLS LAST
            LIMIT 1
          ) IS NOT NULL
        )
      )) AS "l0",
    COUNT(*) AS "l1",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            (
              (
                "src"."resolved" <> 0
              ) = (
                CAST(%(p2)s AS BIGINT) <> 0
              )
            )
            AND (
              (
                SELECT
                  "error_patterns"."status"
                FROM "error_patterns"
                WHERE
                  "error_patterns"."message_template_id" = "src"."message_template_id"
                ORDER BY
                  CAST("error_patterns"."status" = 'active' AS INT) DESC NULLS LAST
                LIMIT 1
              ) IS NOT NULL
            )
          )) AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p3)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l2",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            (
              (
                "src"."resolved" <> 0
              ) = (
                CAST(%(p2)s AS BIGINT) <> 0
              )
            )
            AND (
              (
                SELECT
                  "error_patterns"."status"
                FROM "error_patterns"
                WHERE
                  "error_patterns"."message_template_id" = "src"."message_template_id"
                ORDER BY
                  CAST("error_patterns"."status" = 'active' AS INT) DESC NULLS LAST
                LIMIT 1
              ) IS NOT NULL
            )
          )) AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p3)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f0",
    CAST(%(p4)s AS DOUBLE PRECISION) AS "f1",
    CAST((
      CAST(ROUND(
        CAST((
          CAST(COUNT(*) FILTER(WHERE
            (
              (
                (
                  "src"."resolved" <> 0
                ) = (
                  CAST(%(p2)s AS BIGINT) <> 0
                )
              )
              AND (
                (
                  SELECT
                    "error_patterns"."status"
                  FROM "error_patterns"
                  WHERE
                    "error_patterns"."message_template_id" = "src"."message_template_id"
                  ORDER BY
                    CAST("error_patterns"."status" = 'active' AS INT) DESC NULLS LAST
                  LIMIT 1
                ) IS NOT NULL
              )
            )) AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0)
        ) AS DECIMAL),
        AP_ROUND_DIGITS(CAST(CAST(%(p3)s AS BIGINT) AS DOUBLE PRECISION))
      ) AS DOUBLE PRECISION) >= CAST(%(p4)s AS DOUBLE PRECISION)
    ) AS INT) AS "f2",
    COUNT(*) FILTER(WHERE
      (
        (
          (
            "src"."resolved" <> 0
          ) = (
            CAST(%(p2)s AS BIGINT) <> 0
          )
        )
        AND (
          (
            SELECT
              "error_patterns"."status"
            FROM "error_patterns"
            WHERE
              "error_patterns"."message_template_id" = "src"."message_template_id"
            ORDER BY
              CAST("error_patterns"."status" = 'active' AS INT) DESC NULLS LAST
            LIMIT 1
          ) IS NOT NULL
        )
      )) AS "f3",
    COUNT(*) AS "f4",
    CAST(%(p5)s AS TEXT) AS "f5",
    1 AS "h"
  FROM "error_events" AS "src"
  WHERE
    (
      "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
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
    COUNT(*) FILTER(WHERE
      (
        (
          (
            "src"."resolved" <> 0
          ) = (
            CAST(%(p2)s AS BIGINT) <> 0
          )
        )
        AND (
          (
            SELECT
              "error_patterns"."status"
            FROM "error_patterns"
            WHERE
              "error_patterns"."message_template_id" = "src"."message_template_id"
            ORDER BY
              CAST("error_patterns"."status" = 'active' AS INT) DESC NULLS LAST
            LIMIT 1
          ) IS NOT NULL
        )
      )) AS "l0",
    COUNT(*) AS "l1",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            (
              (
                "src"."resolved" <> 0
              ) = (
                CAST(%(p2)s AS BIGINT) <> 0
              )
            )
            AND (
              (
                SELECT
                  "error_patterns"."status"
                FROM "error_patterns"
                WHERE
                  "error_patterns"."message_template_id" = "src"."message_template_id"
                ORDER BY
                  CAST("error_patterns"."status" = 'active' AS INT) DESC NULLS LAST
                LIMIT 1
              ) IS NOT NULL
            )
          )) AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p3)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "l2",
    CAST(ROUND(
      CAST((
        CAST(COUNT(*) FILTER(WHERE
          (
            (
              (
                "src"."resolved" <> 0
              ) = (
                CAST(%(p2)s AS BIGINT) <> 0
              )
            )
            AND (
              (
                SELECT
                  "error_patterns"."status"
                FROM "error_patterns"
                WHERE
                  "error_patterns"."message_template_id" = "src"."message_template_id"
                ORDER BY
                  CAST("error_patterns"."status" = 'active' AS INT) DESC NULLS LAST
                LIMIT 1
              ) IS NOT NULL
            )
          )) AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0)
      ) AS DECIMAL),
      AP_ROUND_DIGITS(CAST(CAST(%(p3)s AS BIGINT) AS DOUBLE PRECISION))
    ) AS DOUBLE PRECISION) AS "f0",
    CAST(%(p4)s AS DOUBLE PRECISION) AS "f1",
    CAST((
      CAST(ROUND(
        CAST((
          CAST(COUNT(*) FILTER(WHERE
            (
              (
                (
                  "src"."resolved" <> 0
                ) = (
                  CAST(%(p2)s AS BIGINT) <> 0
                )
              )
              AND (
                (
                  SELECT
                    "error_patterns"."status"
                  FROM "error_patterns"
                  WHERE
                    "error_patterns"."message_template_id" = "src"."message_template_id"
                  ORDER BY
                    CAST("error_patterns"."status" = 'active' AS INT) DESC NULLS LAST
                  LIMIT 1
                ) IS NOT NULL
              )
            )) AS DOUBLE PRECISION) / NULLIF(COUNT(*), 0)
        ) AS DECIMAL),
        AP_ROUND_DIGITS(CAST(CAST(%(p3)s AS BIGINT) AS DOUBLE PRECISION))
      ) AS DOUBLE PRECISION) >= CAST(%(p4)s AS DOUBLE PRECISION)
    ) AS INT) AS "f2",
    COUNT(*) FILTER(WHERE
      (
        (
          (
            "src"."resolved" <> 0
          ) = (
            CAST(%(p2)s AS BIGINT) <> 0
          )
        )
        AND (
          (
            SELECT
              "error_patterns"."status"
            FROM "error_patterns"
            WHERE
              "error_patterns"."message_template_id" = "src"."message_template_id"
            ORDER BY
              CAST("error_patterns"."status" = 'active' AS INT) DESC NULLS LAST
            LIMIT 1
          ) IS NOT NULL
        )
      )) AS "f3",
    COUNT(*) AS "f4",
    CAST(%(p5)s AS TEXT) AS "f5",
    1 AS "h"
  FROM "error_events" AS "src"
  WHERE
    (
      "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
    )
) AS "g";

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "error_events" AS "src"
WHERE
  (
    "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
  )
  AND (
    "src"."id" IS NOT NULL
  )
ORDER BY
  "src"."ts" COLLATE "C" DESC,
  "src"."id" COLLATE "C" DESC
LIMIT 10;

-- retention
DELETE FROM "error_events"
WHERE
  "seq" IN (
    SELECT
      "src"."seq"
    FROM "error_events" AS "src"
    WHERE
      (
        "src"."ts" > CAST(%(p0)s AS TEXT) AND "src"."ts" <= CAST(%(p1)s AS TEXT)
      )
  );
