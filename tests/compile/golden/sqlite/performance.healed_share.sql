-- performance.healed_share (source: errors, dialect: sqlite)

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
          "src"."resolved" = :p2
        )
        AND (
          (
            SELECT
              "error_patterns"."status"
            FROM "error_patterns"
            WHERE
              "error_patterns"."message_template_id" = "src"."message_template_id"
            ORDER BY
              "error_patterns"."status" = 'active' DESC
            LIMIT 1
          ) IS NOT NULL
        )
      )) AS "l0",
    COUNT(*) AS "l1",
    ROUND(
      (
        (
          COUNT(*) FILTER(WHERE
            (
              (
                "src"."resolved" = :p2
              )
              AND (
                (
                  SELECT
                    "error_patterns"."status"
                  FROM "error_patterns"
                  WHERE
                    "error_patterns"."message_template_id" = "src"."message_template_id"
                  ORDER BY
                    "error_patterns"."status" = 'active' DESC
                  LIMIT 1
                ) IS NOT NULL
              )
            ))
        ) * 1.0 / NULLIF(COUNT(*), 0)
      ),
      :p3
    ) AS "l2",
    ROUND(
      (
        (
          COUNT(*) FILTER(WHERE
            (
              (
                "src"."resolved" = :p2
              )
              AND (
                (
                  SELECT
                    "error_patterns"."status"
                  FROM "error_patterns"
                  WHERE
                    "error_patterns"."message_template_id" = "src"."message_template_id"
                  ORDER BY
                    "error_patterns"."status" = 'active' DESC
                  LIMIT 1
                ) IS NOT NULL
              )
            ))
        ) * 1.0 / NULLIF(COUNT(*), 0)
      ),
      :p3
    ) AS "f0",
    :p4 AS "f1",
    (
      ROUND(
        (
          (
            COUNT(*) FILTER(WHERE
              (
                (
                  "src"."resolved" = :p2
                )
                AND (
                  (
                    SELECT
                      "error_patterns"."status"
                    FROM "error_patterns"
                    WHERE
                      "error_patterns"."message_template_id" = "src"."message_template_id"
                    ORDER BY
                      "error_patterns"."status" = 'active' DESC
                    LIMIT 1
                  ) IS NOT NULL
                )
              ))
          ) * 1.0 / NULLIF(COUNT(*), 0)
        ),
        :p3
      ) >= :p4
    ) AS "f2",
    COUNT(*) FILTER(WHERE
      (
        (
          "src"."resolved" = :p2
        )
        AND (
          (
            SELECT
              "error_patterns"."status"
            FROM "error_patterns"
            WHERE
              "error_patterns"."message_template_id" = "src"."message_template_id"
            ORDER BY
              "error_patterns"."status" = 'active' DESC
            LIMIT 1
          ) IS NOT NULL
        )
      )) AS "f3",
    COUNT(*) AS "f4",
    :p5 AS "f5",
    1 AS "h"
  FROM "error_events" AS "src"
  WHERE
    (
      "src"."ts" > :p0 AND "src"."ts" <= :p1
    )
) AS "g"
WHERE
  "h";

-- explain
SELECT
  *
FROM (
  SELECT
    COUNT(*) FILTER(WHERE
      (
        (
          "src"."resolved" = :p2
        )
        AND (
          (
            SELECT
              "error_patterns"."status"
            FROM "error_patterns"
            WHERE
              "error_patterns"."message_template_id" = "src"."message_template_id"
            ORDER BY
              "error_patterns"."status" = 'active' DESC
            LIMIT 1
          ) IS NOT NULL
        )
      )) AS "l0",
    COUNT(*) AS "l1",
    ROUND(
      (
        (
          COUNT(*) FILTER(WHERE
            (
              (
                "src"."resolved" = :p2
              )
              AND (
                (
                  SELECT
                    "error_patterns"."status"
                  FROM "error_patterns"
                  WHERE
                    "error_patterns"."message_template_id" = "src"."message_template_id"
                  ORDER BY
                    "error_patterns"."status" = 'active' DESC
                  LIMIT 1
                ) IS NOT NULL
              )
            ))
        ) * 1.0 / NULLIF(COUNT(*), 0)
      ),
      :p3
    ) AS "l2",
    ROUND(
      (
        (
          COUNT(*) FILTER(WHERE
            (
              (
                "src"."resolved" = :p2
              )
              AND (
                (
                  SELECT
                    "error_patterns"."status"
                  FROM "error_patterns"
                  WHERE
                    "error_patterns"."message_template_id" = "src"."message_template_id"
                  ORDER BY
                    "error_patterns"."status" = 'active' DESC
                  LIMIT 1
                ) IS NOT NULL
              )
            ))
        ) * 1.0 / NULLIF(COUNT(*), 0)
      ),
      :p3
    ) AS "f0",
    :p4 AS "f1",
    (
      ROUND(
        (
          (
            COUNT(*) FILTER(WHERE
              (
                (
                  "src"."resolved" = :p2
                )
                AND (
                  (
                    SELECT
                      "error_patterns"."status"
                    FROM "error_patterns"
                    WHERE
                      "error_patterns"."message_template_id" = "src"."message_template_id"
                    ORDER BY
                      "error_patterns"."status" = 'active' DESC
                    LIMIT 1
                  ) IS NOT NULL
                )
              ))
          ) * 1.0 / NULLIF(COUNT(*), 0)
        ),
        :p3
      ) >= :p4
    ) AS "f2",
    COUNT(*) FILTER(WHERE
      (
        (
          "src"."resolved" = :p2
        )
        AND (
          (
            SELECT
              "error_patterns"."status"
            FROM "error_patterns"
            WHERE
              "error_patterns"."message_template_id" = "src"."message_template_id"
            ORDER BY
              "error_patterns"."status" = 'active' DESC
            LIMIT 1
          ) IS NOT NULL
        )
      )) AS "f3",
    COUNT(*) AS "f4",
    :p5 AS "f5",
    1 AS "h"
  FROM "error_events" AS "src"
  WHERE
    (
      "src"."ts" > :p0 AND "src"."ts" <= :p1
    )
) AS "g";

-- evidence:evidence
SELECT
  "src"."id" AS "v"
FROM "error_events" AS "src"
WHERE
  (
    "src"."ts" > :p0 AND "src"."ts" <= :p1
  ) AND (
    "src"."id" IS NOT NULL
  )
ORDER BY
  "src"."ts" DESC,
  "src"."id" DESC
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
        "src"."ts" > :p0 AND "src"."ts" <= :p1
      )
  );
