-- templates.command_template (source: executions)
SELECT * FROM (
    SELECT "src"."operation" AS "k0", "src"."command_template_id" AS "k1", (SELECT "template" FROM "templates" WHERE "templates"."id" = "src"."command_template_id") AS "t1", COUNT(*) AS "l0", (COALESCE(:p4, '') || COALESCE("src"."operation", '') || COALESCE(:p5, '') || COALESCE((SELECT "template" FROM "templates" WHERE "templates"."id" = "src"."command_template_id"), '')) AS "f0", :p6 AS "f1", "src"."operation" AS "f2", (COUNT(*)) AS "f3", COUNT(DISTINCT "src"."command") AS "f4", ((COUNT(*) >= :p7) AND (COUNT(DISTINCT "src"."command") >= :p8)) AS "h", ((COUNT(*)) >= :p7) AS "d0", (COUNT(*)) AS "d0_0l", :p7 AS "d0_0r", (COUNT(*)) AS "o0"
    FROM "execution_logs" AS "src"
    WHERE ((("src"."command" IS NOT NULL) AND ("src"."ts" > :p0 AND "src"."ts" <= :p1)) AND ((SELECT "c"."status" FROM "pattern_candidates" AS "c" WHERE "c"."kind" = 'pattern_candidate' AND json_extract("c"."group_key", '$.operation') IS "src"."operation" AND json_extract("c"."group_key", '$.command_template_id') IS "src"."command_template_id" ORDER BY "c"."status" = 'approved' DESC, "c"."id" LIMIT 1) IN (:p2, :p3)))
    GROUP BY "src"."operation", "src"."command_template_id"
) AS "g"
WHERE "h"
ORDER BY "o0" DESC, "k0" ASC, "k1" ASC;

-- bindings
-- :p0 = now - lookback
-- :p1 = now
-- :p2 = 'approved'
-- :p3 = 'draft'
-- :p4 = 'template '
-- :p5 = ': '
-- :p6 = 'executions'
-- :p7 = param min_members
-- :p8 = param min_variants

-- evidence members
SELECT "src"."command" FROM "execution_logs" AS "src" WHERE (((("src"."command" IS NOT NULL) AND ("src"."ts" > :p0 AND "src"."ts" <= :p1)) AND ((SELECT "c"."status" FROM "pattern_candidates" AS "c" WHERE "c"."kind" = 'pattern_candidate' AND json_extract("c"."group_key", '$.operation') IS "src"."operation" AND json_extract("c"."group_key", '$.command_template_id') IS "src"."command_template_id" ORDER BY "c"."status" = 'approved' DESC, "c"."id" LIMIT 1) IN (:p2, :p3)))) AND "src"."operation" IS :key0 AND "src"."command_template_id" IS :key1 AND "src"."command" IS NOT NULL ORDER BY "src"."ts" DESC, "src"."command" DESC LIMIT 20;

-- evidence evidence
SELECT "src"."id" FROM "execution_logs" AS "src" WHERE (((("src"."command" IS NOT NULL) AND ("src"."ts" > :p0 AND "src"."ts" <= :p1)) AND ((SELECT "c"."status" FROM "pattern_candidates" AS "c" WHERE "c"."kind" = 'pattern_candidate' AND json_extract("c"."group_key", '$.operation') IS "src"."operation" AND json_extract("c"."group_key", '$.command_template_id') IS "src"."command_template_id" ORDER BY "c"."status" = 'approved' DESC, "c"."id" LIMIT 1) IN (:p2, :p3)))) AND "src"."operation" IS :key0 AND "src"."command_template_id" IS :key1 AND "src"."id" IS NOT NULL ORDER BY "src"."ts" DESC, "src"."id" DESC LIMIT 20;
