-- performance.time_reduction (source: executions)
SELECT * FROM (
    SELECT TOTAL("src"."duration_ms") AS "l0", TOTAL((SELECT "m"."avg_ms" FROM (SELECT "operation", AVG("duration_ms") AS "avg_ms" FROM "execution_logs" WHERE +"pattern_id" IS NULL AND "ts" <= :p1 GROUP BY "operation") AS "m" WHERE "m"."operation" = "src"."operation")) AS "l1", ROUND((:p2 - (((TOTAL("src"."duration_ms"))) * 1.0 / NULLIF((TOTAL((SELECT "m"."avg_ms" FROM (SELECT "operation", AVG("duration_ms") AS "avg_ms" FROM "execution_logs" WHERE +"pattern_id" IS NULL AND "ts" <= :p1 GROUP BY "operation") AS "m" WHERE "m"."operation" = "src"."operation"))), 0))), :p3) AS "l2", (ROUND((:p2 - (((TOTAL("src"."duration_ms"))) * 1.0 / NULLIF((TOTAL((SELECT "m"."avg_ms" FROM (SELECT "operation", AVG("duration_ms") AS "avg_ms" FROM "execution_logs" WHERE +"pattern_id" IS NULL AND "ts" <= :p1 GROUP BY "operation") AS "m" WHERE "m"."operation" = "src"."operation"))), 0))), :p3)) AS "f0", :p4 AS "f1", ((ROUND((:p2 - (((TOTAL("src"."duration_ms"))) * 1.0 / NULLIF((TOTAL((SELECT "m"."avg_ms" FROM (SELECT "operation", AVG("duration_ms") AS "avg_ms" FROM "execution_logs" WHERE +"pattern_id" IS NULL AND "ts" <= :p1 GROUP BY "operation") AS "m" WHERE "m"."operation" = "src"."operation"))), 0))), :p3)) >= :p4) AS "f2", ROUND((((((TOTAL((SELECT "m"."avg_ms" FROM (SELECT "operation", AVG("duration_ms") AS "avg_ms" FROM "execution_logs" WHERE +"pattern_id" IS NULL AND "ts" <= :p1 GROUP BY "operation") AS "m" WHERE "m"."operation" = "src"."operation"))) - (TOTAL("src"."duration_ms")))) / 3600000.0) * :p5), :p2) AS "f3", ROUND(((((TOTAL((SELECT "m"."avg_ms" FROM (SELECT "operation", AVG("duration_ms") AS "avg_ms" FROM "execution_logs" WHERE +"pattern_id" IS NULL AND "ts" <= :p1 GROUP BY "operation") AS "m" WHERE "m"."operation" = "src"."operation")))) / 3600000.0) * :p5), :p2) AS "f4", :p6 AS "f5", 1 AS "h"
    FROM "execution_logs" AS "src"
    WHERE ((("src"."ts" > :p0 AND "src"."ts" <= :p1) AND ("src"."pattern_id" IS NOT NULL)) AND ((SELECT "m"."avg_ms" FROM (SELECT "operation", AVG("duration_ms") AS "avg_ms" FROM "execution_logs" WHERE +"pattern_id" IS NULL AND "ts" <= :p1 GROUP BY "operation") AS "m" WHERE "m"."operation" = "src"."operation") IS NOT NULL))
) AS "g"
WHERE "h";

-- bindings
-- :p0 = now - period
-- :p1 = now
-- :p2 = 1
-- :p3 = 4
-- :p4 = param target_reduction
-- :p5 = 60
-- :p6 = "1 - (time of runs this period that used a pattern / the time the same runs take by hand, at the mean duration of their operation's runs without a pattern); minutes saved / minutes by hand"

-- evidence evidence
SELECT "src"."id" FROM "execution_logs" AS "src" WHERE (((("src"."ts" > :p0 AND "src"."ts" <= :p1) AND ("src"."pattern_id" IS NOT NULL)) AND ((SELECT "m"."avg_ms" FROM (SELECT "operation", AVG("duration_ms") AS "avg_ms" FROM "execution_logs" WHERE +"pattern_id" IS NULL AND "ts" <= :p1 GROUP BY "operation") AS "m" WHERE "m"."operation" = "src"."operation") IS NOT NULL))) AND 1 AND "src"."id" IS NOT NULL ORDER BY "src"."ts" DESC, "src"."id" DESC LIMIT 10;
