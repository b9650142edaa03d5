-- performance.top_by_time_saved (source: executions)
SELECT * FROM (
    SELECT "src"."pattern_id" AS "k0", "src"."operation" AS "k1", (COUNT(*) * ((SELECT "m"."avg_ms" FROM (SELECT "operation", AVG("duration_ms") AS "avg_ms" FROM "execution_logs" WHERE +"pattern_id" IS NULL AND "ts" <= :p1 GROUP BY "operation") AS "m" WHERE "m"."operation" = "src"."operation") - AVG("src"."duration_ms"))) AS "l0", COUNT(*) AS "f0", ROUND(AVG("src"."duration_ms"), :p2) AS "f1", ROUND((SELECT "m"."avg_ms" FROM (SELECT "operation", AVG("duration_ms") AS "avg_ms" FROM "execution_logs" WHERE +"pattern_id" IS NULL AND "ts" <= :p1 GROUP BY "operation") AS "m" WHERE "m"."operation" = "src"."operation"), :p2) AS "f2", ROUND(((((COUNT(*) * ((SELECT "m"."avg_ms" FROM (SELECT "operation", AVG("duration_ms") AS "avg_ms" FROM "execution_logs" WHERE +"pattern_id" IS NULL AND "ts" <= :p1 GROUP BY "operation") AS "m" WHERE "m"."operation" = "src"."operation") - AVG("src"."duration_ms"))))) / 3600000.0), :p3) AS "f3", :p4 AS "f4", ((SELECT "m"."avg_ms" FROM (SELECT "operation", AVG("duration_ms") AS "avg_ms" FROM "execution_logs" WHERE +"pattern_id" IS NULL AND "ts" <= :p1 GROUP BY "operation") AS "m" WHERE "m"."operation" = "src"."operation") IS NOT NULL) AS "h", ((COUNT(*) * ((SELECT "m"."avg_ms" FROM (SELECT "operation", AVG("duration_ms") AS "avg_ms" FROM "execution_logs" WHERE +"pattern_id" IS NULL AND "ts" <= :p1 GROUP BY "operation") AS "m" WHERE "m"."operation" = "src"."operation") - AVG("src"."duration_ms")))) AS "o0"
    FROM "execution_logs" AS "src"
    WHERE (("src"."pattern_id" IS NOT NULL) AND ("src"."ts" > :p0 AND "src"."ts" <= :p1))
    GROUP BY "src"."pattern_id", "src"."operation"
) AS "g"
WHERE "h"
ORDER BY "o0" DESC, "k0" ASC, "k1" ASC
LIMIT :p5;

-- bindings
-- :p0 = now - period
-- :p1 = now
-- :p2 = 1
-- :p3 = 2
-- :p4 = 'time saved = uses x (manual_avg_ms(operation) - avg(duration_ms)): each run that used the pattern is credited with the mean duration of the runs of its operation done without a pattern, minus what it took'
-- :p5 = param top_n

-- evidence evidence
SELECT "src"."id" FROM "execution_logs" AS "src" WHERE ((("src"."pattern_id" IS NOT NULL) AND ("src"."ts" > :p0 AND "src"."ts" <= :p1))) AND "src"."pattern_id" IS :key0 AND "src"."operation" IS :key1 AND "src"."id" IS NOT NULL ORDER BY "src"."ts" DESC, "src"."id" DESC LIMIT 10;
