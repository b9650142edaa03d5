-- performance.covered_share (source: executions)
SELECT * FROM (
    SELECT COUNT(*) FILTER (WHERE ("src"."pattern_id" IS NOT NULL)) AS "l0", COUNT(*) AS "l1", ROUND((((COUNT(*) FILTER (WHERE ("src"."pattern_id" IS NOT NULL)))) * 1.0 / NULLIF((COUNT(*)), 0)), :p3) AS "l2", (ROUND((((COUNT(*) FILTER (WHERE ("src"."pattern_id" IS NOT NULL)))) * 1.0 / NULLIF((COUNT(*)), 0)), :p3)) AS "f0", :p4 AS "f1", ((ROUND((((COUNT(*) FILTER (WHERE ("src"."pattern_id" IS NOT NULL)))) * 1.0 / NULLIF((COUNT(*)), 0)), :p3)) >= :p4) AS "f2", (COUNT(*) FILTER (WHERE ("src"."pattern_id" IS NOT NULL))) AS "f3", (COUNT(*)) AS "f4", :p5 AS "f5", 1 AS "h"
    FROM "execution_logs" AS "src"
    WHERE (("src"."ts" > :p0 AND "src"."ts" <= :p1) AND (COALESCE((SELECT "w"."runs" FROM (SELECT "operation", "command_template_id", COUNT(*) AS "runs" FROM "execution_logs" WHERE "ts" <= :p1 GROUP BY "operation", "command_template_id") AS "w" WHERE "w"."operation" = "src"."operation" AND "w"."command_template_id" IS "src"."command_template_id"), 0) >= :p2))
) AS "g"
WHERE "h";

-- bindings
-- :p0 = now - period
-- :p1 = now
-- :p2 = param min_repeats
-- :p3 = 4
-- :p4 = param target_covered
-- :p5 = 'runs this period that used a pattern / runs of work (same operation and command template) done at least min_repeats times'

-- evidence evidence
SELECT "src"."id" FROM "execution_logs" AS "src" WHERE ((("src"."ts" > :p0 AND "src"."ts" <= :p1) AND (COALESCE((SELECT "w"."runs" FROM (SELECT "operation", "command_template_id", COUNT(*) AS "runs" FROM "execution_logs" WHERE "ts" <= :p1 GROUP BY "operation", "command_template_id") AS "w" WHERE "w"."operation" = "src"."operation" AND "w"."command_template_id" IS "src"."command_template_id"), 0) >= :p2))) AND 1 AND "src"."id" IS NOT NULL ORDER BY "src"."ts" DESC, "src"."id" DESC LIMIT 10;
