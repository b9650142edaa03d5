-- templates.file_template (source: files, dialect: sqlite)

-- bindings
-- :p0 = 'created'
-- :p1 = now - lookback
-- :p2 = now
-- :p3 = 'approved'
-- :p4 = 'draft'
-- :p5 = 'files like '
-- :p6 = 'files'
-- :p7 = param min_members
-- :p8 = param min_variants

-- query
WITH "h0" AS MATERIALIZED (
  SELECT
    "path_template_id",
    "content_template_id",
    "status"
  FROM (
    SELECT
      JSON_EXTRACT("c"."group_key", '$.path_template_id') AS "path_template_id",
      JSON_EXTRACT("c"."group_key", '$.content_template_id') AS "content_template_id",
      "c"."status" AS "status",
      ROW_NUMBER() OVER (
        PARTITION BY JSON_EXTRACT("c"."group_key", '$.path_template_id'), JSON_EXTRACT("c"."group_key", '$.content_template_id')
        ORDER BY "c"."status" = 'approved' DESC, "c"."id" ASC
      ) AS "rank"
    FROM "pattern_candidates" AS "c"
    WHERE
      "c"."kind" = 'batch_pattern'
  ) AS "ranked"
  WHERE
    "rank" = 1
)
SELECT
  *
FROM (
  SELECT
    "src"."path_template_id" AS "k0",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."path_template_id"
    ) AS "t0",
    "src"."content_template_id" AS "k1",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."content_template_id"
    ) AS "t1",
    COUNT(*) AS "l0",
    (
      COALESCE(:p5, '') || COALESCE(
        (
          SELECT
            "template"
          FROM "templates"
          WHERE
            "templates"."id" = "src"."path_template_id"
        ),
        ''
      )
    ) AS "f0",
    :p6 AS "f1",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."path_template_id"
    ) AS "f2",
    COUNT(*) AS "f4",
    COUNT(DISTINCT "src"."content") AS "f5",
    (
      (
        COUNT(*) >= :p7
      ) AND (
        COUNT(DISTINCT "src"."content") >= :p8
      )
    ) AS "h",
    (
      COUNT(*) >= :p7
    ) AS "d0",
    COUNT(*) AS "d0_0l",
    :p7 AS "d0_0r",
    COUNT(*) AS "o0"
  FROM "file_events" AS "src"
  WHERE
    (
      (
        (
          (
            "src"."action" = :p0
          ) AND (
            "src"."content" IS NOT NULL
          )
        )
        AND (
          "src"."ts" > :p1 AND "src"."ts" <= :p2
        )
      )
      AND (
        (
          SELECT
            "h0"."status"
          FROM "h0"
          WHERE
            "h0"."path_template_id" IS "src"."path_template_id"
            AND "h0"."content_template_id" IS "src"."content_template_id"
        ) IN (:p3, :p4)
      )
    )
  GROUP BY
    "src"."path_template_id",
    "src"."content_template_id"
) AS "g"
WHERE
  "h"
ORDER BY
  "o0" DESC,
  "k0" ASC,
  "k1" ASC;

-- explain
WITH "h0" AS MATERIALIZED (
  SELECT
    "path_template_id",
    "content_template_id",
    "status"
  FROM (
    SELECT
      JSON_EXTRACT("c"."group_key", '$.path_template_id') AS "path_template_id",
      JSON_EXTRACT("c"."group_key", '$.content_template_id') AS "content_template_id",
      "c"."status" AS "status",
      ROW_NUMBER() OVER (
        PARTITION BY JSON_EXTRACT("c"."group_key", '$.path_template_id'), JSON_EXTRACT("c"."group_key", '$.content_template_id')
        ORDER BY "c"."status" = 'approved' DESC, "c"."id" ASC
      ) AS "rank"
    FROM "pattern_candidates" AS "c"
    WHERE
      "c"."kind" = 'batch_pattern'
  ) AS "ranked"
  WHERE
    "rank" = 1
)
SELECT
  *
FROM (
  SELECT
    "src"."path_template_id" AS "k0",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."path_template_id"
    ) AS "t0",
    "src"."content_template_id" AS "k1",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."content_template_id"
    ) AS "t1",
    COUNT(*) AS "l0",
    (
      COALESCE(:p5, '') || COALESCE(
        (
          SELECT
            "template"
          FROM "templates"
          WHERE
            "templates"."id" = "src"."path_template_id"
        ),
        ''
      )
    ) AS "f0",
    :p6 AS "f1",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."path_template_id"
    ) AS "f2",
    COUNT(*) AS "f4",
    COUNT(DISTINCT "src"."content") AS "f5",
    (
      (
        COUNT(*) >= :p7
      ) AND (
        COUNT(DISTINCT "src"."content") >= :p8
      )
    ) AS "h",
    (
      COUNT(*) >= :p7
    ) AS "d0",
    COUNT(*) AS "d0_0l",
    :p7 AS "d0_0r",
    COUNT(*) AS "o0"
  FROM "file_events" AS "src"
  WHERE
    (
      (
        (
          (
            "src"."action" = :p0
          ) AND (
            "src"."content" IS NOT NULL
          )
        )
        AND (
          "src"."ts" > :p1 AND "src"."ts" <= :p2
        )
      )
      AND (
        (
          SELECT
            "h0"."status"
          FROM "h0"
          WHERE
            "h0"."path_template_id" IS "src"."path_template_id"
            AND "h0"."content_template_id" IS "src"."content_template_id"
        ) IN (:p3, :p4)
      )
    )
  GROUP BY
    "src"."path_template_id",
    "src"."content_template_id"
) AS "g"
ORDER BY
  "o0" DESC,
  "k0" ASC,
  "k1" ASC;

-- evidence:examples
WITH "h0" AS MATERIALIZED (
  SELECT
    "path_template_id",
    "content_template_id",
    "status"
  FROM (
    SELECT
      JSON_EXTRACT("c"."group_key", '$.path_template_id') AS "path_template_id",
      JSON_EXTRACT("c"."group_key", '$.content_template_id') AS "content_template_id",
      "c"."status" AS "status",
      ROW_NUMBER() OVER (
        PARTITION BY JSON_EXTRACT("c"."group_key", '$.path_template_id'), JSON_EXTRACT("c"."group_key", '$.content_template_id')
        ORDER BY "c"."status" = 'approved' DESC, "c"."id" ASC
      ) AS "rank"
    FROM "pattern_candidates" AS "c"
    WHERE
      "c"."kind" = 'batch_pattern'
  ) AS "ranked"
  WHERE
    "rank" = 1
)
SELECT
  "src"."path" AS "v"
FROM "file_events" AS "src"
WHERE
  (
    (
      (
        (
          "src"."action" = :p0
        ) AND (
          "src"."content" IS NOT NULL
        )
      )
      AND (
        "src"."ts" > :p1 AND "src"."ts" <= :p2
      )
    )
    AND (
      (
        SELECT
          "h0"."status"
        FROM "h0"
        WHERE
          "h0"."path_template_id" IS "src"."path_template_id"
          AND "h0"."content_template_id" IS "src"."content_template_id"
      ) IN (:p3, :p4)
    )
  )
  AND (
    "src"."path_template_id" IS :key0
  )
  AND (
    "src"."content_template_id" IS :key1
  )
  AND (
    "src"."path" IS NOT NULL
  )
ORDER BY
  "src"."ts" DESC,
  "src"."path" DESC
LIMIT 5;

-- evidence:members
WITH "h0" AS MATERIALIZED (
  SELECT
    "path_template_id",
    "content_template_id",
    "status"
  FROM (
    SELECT
      JSON_EXTRACT("c"."group_key", '$.path_template_id') AS "path_template_id",
      JSON_EXTRACT("c"."group_key", '$.content_template_id') AS "content_template_id",
      "c"."status" AS "status",
      ROW_NUMBER() OVER (
        PARTITION BY JSON_EXTRACT("c"."group_key", '$.path_template_id'), JSON_EXTRACT("c"."group_key", '$.content_template_id')
        ORDER BY "c"."status" = 'approved' DESC, "c"."id" ASC
      ) AS "rank"
    FROM "pattern_candidates" AS "c"
    WHERE
      "c"."kind" = 'batch_pattern'
  ) AS "ranked"
  WHERE
    "rank" = 1
)
SELECT
  "src"."content" AS "v"
FROM "file_events" AS "src"
WHERE
  (
    (
      (
        (
          "src"."action" = :p0
        ) AND (
          "src"."content" IS NOT NULL
        )
      )
      AND (
        "src"."ts" > :p1 AND "src"."ts" <= :p2
      )
    )
    AND (
      (
        SELECT
          "h0"."status"
        FROM "h0"
        WHERE
          "h0"."path_template_id" IS "src"."path_template_id"
          AND "h0"."content_template_id" IS "src"."content_template_id"
      ) IN (:p3, :p4)
    )
  )
  AND (
    "src"."path_template_id" IS :key0
  )
  AND (
    "src"."content_template_id" IS :key1
  )
  AND (
    "src"."content" IS NOT NULL
  )
ORDER BY
  "src"."ts" DESC,
  "src"."content" DESC
LIMIT 20;

-- evidence:evidence
WITH "h0" AS MATERIALIZED (
  SELECT
    "path_template_id",
    "content_template_id",
    "status"
  FROM (
    SELECT
      JSON_EXTRACT("c"."group_key", '$.path_template_id') AS "path_template_id",
      JSON_EXTRACT("c"."group_key", '$.content_template_id') AS "content_template_id",
      "c"."status" AS "status",
      ROW_NUMBER() OVER (
        PARTITION BY JSON_EXTRACT("c"."group_key", '$.path_template_id'), JSON_EXTRACT("c"."group_key", '$.content_template_id')
        ORDER BY "c"."status" = 'approved' DESC, "c"."id" ASC
      ) AS "rank"
    FROM "pattern_candidates" AS "c"
    WHERE
      "c"."kind" = 'batch_pattern'
  ) AS "ranked"
  WHERE
    "rank" = 1
)
SELECT
  "src"."id" AS "v"
FROM "file_events" AS "src"
WHERE
  (
    (
      (
        (
          "src"."action" = :p0
        ) AND (
          "src"."content" IS NOT NULL
        )
      )
      AND (
        "src"."ts" > :p1 AND "src"."ts" <= :p2
      )
    )
    AND (
      (
        SELECT
          "h0"."status"
        FROM "h0"
        WHERE
          "h0"."path_template_id" IS "src"."path_template_id"
          AND "h0"."content_template_id" IS "src"."content_template_id"
      ) IN (:p3, :p4)
    )
  )
  AND (
    "src"."path_template_id" IS :key0
  )
  AND (
    "src"."content_template_id" IS :key1
  )
  AND (
    "src"."id" IS NOT NULL
  )
ORDER BY
  "src"."ts" DESC,
  "src"."id" DESC
LIMIT 20;

-- retention
DELETE FROM "file_events"
WHERE
  "seq" IN (
    WITH "h0" AS MATERIALIZED (
      SELECT
        "path_template_id",
        "content_template_id",
        "status"
      FROM (
        SELECT
          JSON_EXTRACT("c"."group_key", '$.path_template_id') AS "path_template_id",
          JSON_EXTRACT("c"."group_key", '$.content_template_id') AS "content_template_id",
          "c"."status" AS "status",
          ROW_NUMBER() OVER (
            PARTITION BY JSON_EXTRACT("c"."group_key", '$.path_template_id'), JSON_EXTRACT("c"."group_key", '$.content_template_id')
            ORDER BY "c"."status" = 'approved' DESC, "c"."id" ASC
          ) AS "rank"
        FROM "pattern_candidates" AS "c"
        WHERE
          "c"."kind" = 'batch_pattern'
      ) AS "ranked"
      WHERE
        "rank" = 1
    )
    SELECT
      "src"."seq"
    FROM "file_events" AS "src"
    WHERE
      (
        (
          (
            (
              "src"."action" = :p0
            ) AND (
              "src"."content" IS NOT NULL
            )
          )
          AND (
            "src"."ts" > :p1 AND "src"."ts" <= :p2
          )
        )
        AND (
          (
            SELECT
              "h0"."status"
            FROM "h0"
            WHERE
              "h0"."path_template_id" IS "src"."path_template_id"
              AND "h0"."content_template_id" IS "src"."content_template_id"
          ) IN (:p3, :p4)
        )
      )
  );
