-- performance.identified_share (source: executions)
SELECT * FROM (
    SELECT COUNT(*) FILTER (WHERE (EXISTS (SELECT 1 FROM "anti_patterns" AS "a" WHERE ("a"."subject_kind" = 'pattern' AND "a"."subject" = "src"."pattern_id") OR ("a"."subject_kind" = 'operation' AND "a"."subject" = "src"."operation") OR ("a"."subject_kind" = 'error_template' AND "a"."subject" IN (SELECT CAST("e"."message_template_id" AS TEXT) FROM "error_events" AS "e" WHERE "e"."execution_id" = "src"."id"))))) AS "l0", COUNT(*) AS "l1", ROUND((((COUNT(*) FILTER (WHERE (EXISTS (SELECT 1 FROM "anti_patterns" AS "a" WHERE ("a"."subject_kind" = 'pattern' AND "a"."subject" = "src"."pattern_id") OR ("a"."subject_kind" = 'operation' AND "a"."subject" = "src"."operation") OR ("a"."subject_kind" = 'error_template' AND "a"."subject" IN (SELECT CAST("e"."message_template_id" AS TEXT) FROM "error_events" AS "e" WHERE "e"."execution_id" = "src"."id"))))))) * 1.0 / NULLIF((COUNT(*)), 0)), :p4) AS "l2", (ROUND((((COUNT(*) FILTER (WHERE (EXISTS (SELECT 1 FROM "anti_patterns" AS "a" WHERE ("a"."subject_kind" = 'pattern' AND "a"."subject" = "src"."pattern_id") OR ("a"."subject_kind" = 'operation' AND "a"."subject" = "src"."operation") OR ("a"."subject_kind" = 'error_template' AND "a"."subject" IN (SELECT CAST("e"."message_template_id" AS TEXT) FROM "error_events" AS "e" WHERE "e"."execution_id" = "src"."id"))))))) * 1.0 / NULLIF((COUNT(*)), 0)), :p4)) AS "f0", :p5 AS "f1", ((ROUND((((COUNT(*) FILTER (WHERE (EXISTS (SELECT 1 FROM "anti_patterns" AS "a" WHERE ("a"."subject_kind" = 'pattern' AND "a"."subject" = "src"."pattern_id") OR ("a"."subject_kind" = 'operation' AND "a"."subject" = "src"."operation") OR ("a"."subject_kind" = 'error_template' AND "a"."subject" IN (SELECT CAST("e"."message_template_id" AS TEXT) FROM "error_events" AS "e" WHERE "e"."execution_id" = "src"."id"))))))) * 1.0 / NULLIF((COUNT(*)), 0)), :p4)) >= :p5) AS "f2", (COUNT(*) FILTER (WHERE (EXISTS (SELECT 1 FROM "anti_patterns" AS "a" WHERE ("a"."subject_kind" = 'pattern' AND "a"."subject" = "src"."pattern_id") OR ("a"."subject_kind" = 'operation' AND "a"."subject" = "src"."operation") OR ("a"."subject_kind" = 'error_template' AND "a"."subject" IN (SELECT CAST("e"."message_template_id" AS TEXT) FROM "error_events" AS "e" WHERE "e"."execution_id" = "src"."id")))))) AS "f3", (COUNT(*)) AS "f4", :p6 AS "f5", 1 AS "h"
    FROM "execution_logs" AS "src"
    WHERE ((("src"."ts" > :p0 AND "src"."ts" <= :p1) AND ("src"."status" = :p2)) AND (COALESCE((SELECT "w"."runs" FROM (SELECT "operation", "command_template_id", COUNT(*) AS "runs" FROM "execution_logs" WHERE "ts" <= :p1 AND "status" = :p2 GROUP BY "operation", "command_template_id") AS "w" WHERE "w"."operation" = "src"."operation" AND "w"."command_template_id" IS "src"."command_template_id"), 0) >= :p3))
) AS "g"
WHERE "h";

-- bindings
-- :p0 = now - period
-- :p1 = now
-- :p2 = 'failure'
-- :p3 = param min_failures
-- :p4 = 4
-- :p5 = param target_identified
-- :p6 = 'failed runs this period of work that failed at least min_failures times, whose pattern, operation or error an anti-pattern names / all such failed runs'

-- evidence evidence
SELECT "src"."id" FROM "execution_logs" AS "src" WHERE (((("src"."ts" > :p0 AND "src"."ts" <= :p1) AND ("src"."status" = :p2)) AND (COALESCE((SELECT "w"."runs" FROM (SELECT "operation", "command_template_id", COUNT(*) AS "runs" FROM "execution_logs" WHERE "ts" <= :p1 AND "status" = :p2 GROUP BY "operation", "command_template_id") AS "w" WHERE "w"."operation" = "src"."operation" AND "w"."command_template_id" IS "src"."command_template_id"), 0) >= :p3))) AND 1 AND "src"."id" IS NOT NULL ORDER BY "src"."ts" DESC, "src"."id" DESC LIMIT 10;
