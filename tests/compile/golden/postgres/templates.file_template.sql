-- templates.file_template (source: files, dialect: postgres)

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
    JSONB_OBJECT_AGG(
      CAST(JSONB_BUILD_ARRAY("t"."path_template_id", "t"."content_template_id") AS TEXT),
      "t"."status"
    ) AS "map"
  FROM (
    SELECT
      "path_template_id",
      "content_template_id",
      "status"
    FROM (
      SELECT
        CASE
          WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'path_template_id')) = 'number'
          THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
        END AS "path_template_id",
        CASE
          WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'content_template_id')) = 'number'
          THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'content_template_id') AS DOUBLE PRECISION)
        END AS "content_template_id",
        "c"."status" AS "status",
        ROW_NUMBER() OVER (
          PARTITION BY CASE
            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'path_template_id')) = 'number'
            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
          END, CASE
            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'content_template_id')) = 'number'
            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'content_template_id') AS DOUBLE PRECISION)
          END
          ORDER BY CAST("c"."status" = 'approved' AS INT) DESC NULLS LAST, "c"."id" COLLATE "C" ASC NULLS FIRST
        ) AS "rank"
      FROM "pattern_candidates" AS "c"
      WHERE
        "c"."kind" = 'batch_pattern'
    ) AS "ranked"
    WHERE
      "rank" = 1
  ) AS "t"
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
      COALESCE(AP_TEXT(CAST(%(p5)s AS TEXT)), '') || COALESCE(
        AP_TEXT(
          (
            SELECT
              "template"
            FROM "templates"
            WHERE
              "templates"."id" = "src"."path_template_id"
          )
        ),
        ''
      )
    ) AS "f0",
    CAST(%(p6)s AS TEXT) AS "f1",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."path_template_id"
    ) AS "f2",
    COUNT(*) AS "f4",
    COUNT(DISTINCT "src"."content") AS "f5",
    CAST((
      (
        COUNT(*) >= CAST(%(p7)s AS DOUBLE PRECISION)
      )
      AND (
        COUNT(DISTINCT "src"."content") >= CAST(%(p8)s AS DOUBLE PRECISION)
      )
    ) AS INT) AS "h",
    CAST((
      COUNT(*) >= CAST(%(p7)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    COUNT(*) AS "d0_0l",
    CAST(%(p7)s AS DOUBLE PRECISION) AS "d0_0r",
    COUNT(*) AS "o0"
  FROM "file_events" AS "src"
  WHERE
    (
      (
        (
          (
            "src"."action" = CAST(%(p0)s AS TEXT)
          ) AND (
            "src"."content" IS NOT NULL
          )
        )
        AND (
          "src"."ts" > CAST(%(p1)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
        )
      )
      AND (
        CAST(JSONB_EXTRACT_PATH_TEXT(
          (
            SELECT
              "h0"."map"
            FROM "h0"
          ),
          CAST(JSONB_BUILD_ARRAY("src"."path_template_id", "src"."content_template_id") AS TEXT)
        ) AS TEXT) IN (CAST(%(p3)s AS TEXT), CAST(%(p4)s AS TEXT))
      )
    )
  GROUP BY
    "src"."path_template_id",
    "src"."content_template_id"
) AS "g"
WHERE
  (
    "h" <> 0
  )
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" ASC NULLS FIRST,
  "k1" ASC NULLS FIRST;

-- explain
WITH "h0" AS MATERIALIZED (
  SELECT
    JSONB_OBJECT_AGG(
      CAST(JSONB_BUILD_ARRAY("t"."path_template_id", "t"."content_template_id") AS TEXT),
      "t"."status"
    ) AS "map"
  FROM (
    SELECT
      "path_template_id",
      "content_template_id",
      "status"
    FROM (
      SELECT
        CASE
          WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'path_template_id')) = 'number'
          THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
        END AS "path_template_id",
        CASE
          WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'content_template_id')) = 'number'
          THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'content_template_id') AS DOUBLE PRECISION)
        END AS "content_template_id",
        "c"."status" AS "status",
        ROW_NUMBER() OVER (
          PARTITION BY CASE
            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'path_template_id')) = 'number'
            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
          END, CASE
            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'content_template_id')) = 'number'
            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'content_template_id') AS DOUBLE PRECISION)
          END
          ORDER BY CAST("c"."status" = 'approved' AS INT) DESC NULLS LAST, "c"."id" COLLATE "C" ASC NULLS FIRST
        ) AS "rank"
      FROM "pattern_candidates" AS "c"
      WHERE
        "c"."kind" = 'batch_pattern'
    ) AS "ranked"
    WHERE
      "rank" = 1
  ) AS "t"
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
      COALESCE(AP_TEXT(CAST(%(p5)s AS TEXT)), '') || COALESCE(
        AP_TEXT(
          (
            SELECT
              "template"
            FROM "templates"
            WHERE
              "templates"."id" = "src"."path_template_id"
          )
        ),
        ''
      )
    ) AS "f0",
    CAST(%(p6)s AS TEXT) AS "f1",
    (
      SELECT
        "template"
      FROM "templates"
      WHERE
        "templates"."id" = "src"."path_template_id"
    ) AS "f2",
    COUNT(*) AS "f4",
    COUNT(DISTINCT "src"."content") AS "f5",
    CAST((
      (
        COUNT(*) >= CAST(%(p7)s AS DOUBLE PRECISION)
      )
      AND (
        COUNT(DISTINCT "src"."content") >= CAST(%(p8)s AS DOUBLE PRECISION)
      )
    ) AS INT) AS "h",
    CAST((
      COUNT(*) >= CAST(%(p7)s AS DOUBLE PRECISION)
    ) AS INT) AS "d0",
    COUNT(*) AS "d0_0l",
    CAST(%(p7)s AS DOUBLE PRECISION) AS "d0_0r",
    COUNT(*) AS "o0"
  FROM "file_events" AS "src"
  WHERE
    (
      (
        (
          (
            "src"."action" = CAST(%(p0)s AS TEXT)
          ) AND (
            "src"."content" IS NOT NULL
          )
        )
        AND (
          "src"."ts" > CAST(%(p1)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
        )
      )
      AND (
        CAST(JSONB_EXTRACT_PATH_TEXT(
          (
            SELECT
              "h0"."map"
            FROM "h0"
          ),
          CAST(JSONB_BUILD_ARRAY("src"."path_template_id", "src"."content_template_id") AS TEXT)
        ) AS TEXT) IN (CAST(%(p3)s AS TEXT), CAST(%(p4)s AS TEXT))
      )
    )
  GROUP BY
    "src"."path_template_id",
    "src"."content_template_id"
) AS "g"
ORDER BY
  "o0" DESC NULLS LAST,
  "k0" ASC NULLS FIRST,
  "k1" ASC NULLS FIRST;

-- evidence:examples
WITH "h0" AS MATERIALIZED (
  SELECT
    JSONB_OBJECT_AGG(
      CAST(JSONB_BUILD_ARRAY("t"."path_template_id", "t"."content_template_id") AS TEXT),
      "t"."status"
    ) AS "map"
  FROM (
    SELECT
      "path_template_id",
      "content_template_id",
      "status"
    FROM (
      SELECT
        CASE
          WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'path_template_id')) = 'number'
          THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
        END AS "path_template_id",
        CASE
          WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'content_template_id')) = 'number'
          THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'content_template_id') AS DOUBLE PRECISION)
        END AS "content_template_id",
        "c"."status" AS "status",
        ROW_NUMBER() OVER (
          PARTITION BY CASE
            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'path_template_id')) = 'number'
            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
          END, CASE
            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'content_template_id')) = 'number'
            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'content_template_id') AS DOUBLE PRECISION)
          END
          ORDER BY CAST("c"."status" = 'approved' AS INT) DESC NULLS LAST, "c"."id" COLLATE "C" ASC NULLS FIRST
        ) AS "rank"
      FROM "pattern_candidates" AS "c"
      WHERE
        "c"."kind" = 'batch_pattern'
    ) AS "ranked"
    WHERE
      "rank" = 1
  ) AS "t"
)
SELECT
  "src"."path" AS "v"
FROM "file_events" AS "src"
WHERE
  (
    (
      (
        (
          "src"."action" = CAST(%(p0)s AS TEXT)
        ) AND (
          "src"."content" IS NOT NULL
        )
      )
      AND (
        "src"."ts" > CAST(%(p1)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
      )
    )
    AND (
      CAST(JSONB_EXTRACT_PATH_TEXT(
        (
          SELECT
            "h0"."map"
          FROM "h0"
        ),
        CAST(JSONB_BUILD_ARRAY(CAST(%(key0)s AS DOUBLE PRECISION), CAST(%(key1)s AS DOUBLE PRECISION)) AS TEXT)
      ) AS TEXT) IN (CAST(%(p3)s AS TEXT), CAST(%(p4)s AS TEXT))
    )
  )
  AND (
    (
      "src"."path_template_id" = %(key0)s
      OR (
        "src"."path_template_id" IS NULL AND %(key0)s IS NULL
      )
    )
  )
  AND (
    (
      "src"."content_template_id" = %(key1)s
      OR (
        "src"."content_template_id" IS NULL AND %(key1)s IS NULL
      )
    )
  )
  AND (
    "src"."path" IS NOT NULL
  )
ORDER BY
  "src"."ts" COLLATE "C" DESC,
  "src"."path" COLLATE "C" DESC
LIMIT 5;

-- evidence:members
WITH "h0" AS MATERIALIZED (
  SELECT
    JSONB_OBJECT_AGG(
      CAST(JSONB_BUILD_ARRAY("t"."path_template_id", "t"."content_template_id") AS TEXT),
      "t"."status"
    ) AS "map"
  FROM (
    SELECT
      "path_template_id",
      "content_template_id",
      "status"
    FROM (
      SELECT
        CASE
          WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'path_template_id')) = 'number'
          THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
        END AS "path_template_id",
        CASE
          WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'content_template_id')) = 'number'
          THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'content_template_id') AS DOUBLE PRECISION)
        END AS "content_template_id",
        "c"."status" AS "status",
        ROW_NUMBER() OVER (
          PARTITION BY CASE
            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'path_template_id')) = 'number'
            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
          END, CASE
            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'content_template_id')) = 'number'
            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'content_template_id') AS DOUBLE PRECISION)
          END
          ORDER BY CAST("c"."status" = 'approved' AS INT) DESC NULLS LAST, "c"."id" COLLATE "C" ASC NULLS FIRST
        ) AS "rank"
      FROM "pattern_candidates" AS "c"
      WHERE
        "c"."kind" = 'batch_pattern'
    ) AS "ranked"
    WHERE
      "rank" = 1
  ) AS "t"
)
SELECT
  "src"."content" AS "v"
FROM "file_events" AS "src"
WHERE
  (
    (
      (
        (
          "src"."action" = CAST(%(p0)s AS TEXT)
        ) AND (
          "src"."content" IS NOT NULL
        )
      )
      AND (
        "src"."ts" > CAST(%(p1)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
      )
    )
    AND (
      CAST(JSONB_EXTRACT_PATH_TEXT(
        (
          SELECT
            "h0"."map"
          FROM "h0"
        ),
        CAST(JSONB_BUILD_ARRAY(CAST(%(key0)s AS DOUBLE PRECISION), CAST(%(key1)s AS DOUBLE PRECISION)) AS TEXT)
      ) AS TEXT) IN (CAST(%(p3)s AS TEXT), CAST(%(p4)s AS TEXT))
    )
  )
  AND (
    (
      "src"."path_template_id" = %(key0)s
      OR (
        "src"."path_template_id" IS NULL AND %(key0)s IS NULL
      )
    )
  )
  AND (
    (
      "src"."content_template_id" = %(key1)s
      OR (
        "src"."content_template_id" IS NULL AND %(key1)s IS NULL
      )
    )
  )
  AND (
    "src"."content" IS NOT NULL
  )
ORDER BY
  "src"."ts" COLLATE "C" DESC,
  "src"."content" COLLATE "C" DESC
LIMIT 20;

-- evidence:evidence
WITH "h0" AS MATERIALIZED (
  SELECT
    JSONB_OBJECT_AGG(
      CAST(JSONB_BUILD_ARRAY("t"."path_template_id", "t"."content_template_id") AS TEXT),
      "t"."status"
    ) AS "map"
  FROM (
    SELECT
      "path_template_id",
      "content_template_id",
      "status"
    FROM (
      SELECT
        CASE
          WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'path_template_id')) = 'number'
          THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
        END AS "path_template_id",
        CASE
          WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'content_template_id')) = 'number'
          THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'content_template_id') AS DOUBLE PRECISION)
        END AS "content_template_id",
        "c"."status" AS "status",
        ROW_NUMBER() OVER (
          PARTITION BY CASE
            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'path_template_id')) = 'number'
            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
          END, CASE
            WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'content_template_id')) = 'number'
            THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'content_template_id') AS DOUBLE PRECISION)
          END
          ORDER BY CAST("c"."status" = 'approved' AS INT) DESC NULLS LAST, "c"."id" COLLATE "C" ASC NULLS FIRST
        ) AS "rank"
      FROM "pattern_candidates" AS "c"
      WHERE
        "c"."kind" = 'batch_pattern'
    ) AS "ranked"
    WHERE
      "rank" = 1
  ) AS "t"
)
SELECT
  "src"."id" AS "v"
FROM "file_events" AS "src"
WHERE
  (
    (
      (
        (
          "src"."action" = CAST(%(p0)s AS TEXT)
        ) AND (
          "src"."content" IS NOT NULL
        )
      )
      AND (
        "src"."ts" > CAST(%(p1)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
      )
    )
    AND (
      CAST(JSONB_EXTRACT_PATH_TEXT(
        (
          SELECT
            "h0"."map"
          FROM "h0"
        ),
        CAST(JSONB_BUILD_ARRAY(CAST(%(key0)s AS DOUBLE PRECISION), CAST(%(key1)s AS DOUBLE PRECISION)) AS TEXT)
      ) AS TEXT) IN (CAST(%(p3)s AS TEXT), CAST(%(p4)s AS TEXT))
    )
  )
  AND (
    (
      "src"."path_template_id" = %(key0)s
      OR (
        "src"."path_template_id" IS NULL AND %(key0)s IS NULL
      )
    )
  )
  AND (
    (
      "src"."content_template_id" = %(key1)s
      OR (
        "src"."content_template_id" IS NULL AND %(key1)s IS NULL
      )
    )
  )
  AND (
    "src"."id" IS NOT NULL
  )
ORDER BY
  "src"."ts" COLLATE "C" DESC,
  "src"."id" COLLATE "C" DESC
LIMIT 20;

-- retention
DELETE FROM "file_events"
WHERE
  "seq" IN (
    WITH "h0" AS MATERIALIZED (
      SELECT
        JSONB_OBJECT_AGG(
          CAST(JSONB_BUILD_ARRAY("t"."path_template_id", "t"."content_template_id") AS TEXT),
          "t"."status"
        ) AS "map"
      FROM (
        SELECT
          "path_template_id",
          "content_template_id",
          "status"
        FROM (
          SELECT
            CASE
              WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'path_template_id')) = 'number'
              THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
            END AS "path_template_id",
            CASE
              WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'content_template_id')) = 'number'
              THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'content_template_id') AS DOUBLE PRECISION)
            END AS "content_template_id",
            "c"."status" AS "status",
            ROW_NUMBER() OVER (
              PARTITION BY CASE
                WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'path_template_id')) = 'number'
                THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'path_template_id') AS DOUBLE PRECISION)
              END, CASE
                WHEN JSONB_TYPEOF(JSONB_EXTRACT_PATH(CAST("c"."group_key" AS JSONB), 'content_template_id')) = 'number'
                THEN CAST(JSONB_EXTRACT_PATH_TEXT(CAST("c"."group_key" AS JSONB), 'content_template_id') AS DOUBLE PRECISION)
              END
              ORDER BY CAST("c"."status" = 'approved' AS INT) DESC NULLS LAST, "c"."id" COLLATE "C" ASC NULLS FIRST
            ) AS "rank"
          FROM "pattern_candidates" AS "c"
          WHERE
            "c"."kind" = 'batch_pattern'
        ) AS "ranked"
        WHERE
          "rank" = 1
      ) AS "t"
    )
    SELECT
      "src"."seq"
    FROM "file_events" AS "src"
    WHERE
      (
        (
          (
            (
              "src"."action" = CAST(%(p0)s AS TEXT)
            ) AND (
              "src"."content" IS NOT NULL
            )
          )
          AND (
            "src"."ts" > CAST(%(p1)s AS TEXT) AND "src"."ts" <= CAST(%(p2)s AS TEXT)
          )
        )
        AND (
          CAST(JSONB_EXTRACT_PATH_TEXT(
            (
              SELECT
                "h0"."map"
              FROM "h0"
            ),
            CAST(JSONB_BUILD_ARRAY("src"."path_template_id", "src"."content_template_id") AS TEXT)
          ) AS TEXT) IN (CAST(%(p3)s AS TEXT), CAST(%(p4)s AS TEXT))
        )
      )
  );
