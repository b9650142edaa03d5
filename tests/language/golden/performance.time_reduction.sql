-- performance.time_reduction (source: executions)
SELECT * FROM (
    SELECT TOTAL("src"."duration_ms") AS "l0", TOTAL((SELECT AVG("m"."duration_ms") FROM "execution_logs" AS "m" WHERE "m"."operation" = "src"."operation" AND "m"."pattern_id" IS NULL AND "m"."ts" <= :p1)) AS "l1", ROUND((:p2 - (((TOTAL("src"."duration_ms"))) * 1.0 / NULLIF((TOTAL((SELECT AVG("m"."duration_ms") FROM "execution_logs" AS "m" WHERE "m"."operation" = "src"."operation" AND "m"."pattern_id" IS NULL AND "m"."ts" <= :p1))), 0))), :p3) AS "l2", (ROUND((:p2 - (((TOTAL("src"."duration_ms"))) * 1.0 / NULLIF((TOTAL((SELECT AVG("m"."duration_ms") FROM "execution_logs" AS "m" WHERE "m"."operation" = "src"."operation" AND "m"."pattern_id" IS NULL AND "m"."ts" <= :p1))), 0))), :p3)) AS "f0", :p4 AS "f1", ((ROUND((:p2 - (((TOTAL("src"."duration_ms"))) * 1.0 / NULLIF((TOTAL((SELECT AVG("m"."duration_ms") FROM "execution_logs" AS "m" WHERE "m"."operation" = "src"."operation" AND "m"."pattern_id" IS NULL AND "m"."ts" <= :p1))), 0))), :p3)) >= :p4) AS "f2", ROUND((((((TOTAL((SELECT AVG("m"."duration_ms") FROM "execution_logs" AS "m" WHERE "m"."operation" = "src"."operation" AND "m"."pattern_id" IS NULL AND "m"."ts" <= :p1))) - (TOTAL("src"."duration_ms")))) / 3600000.0) * :p5), :p2) AS "f3", ROUND(((((TOTAL((SELECT AVG("m"."duration_ms") FROM "execution_logs" AS "m" WHERE "m"."operation" = "src"."operation" AND "m"."pattern_id" IS NULL AND "m"."ts" <= :p1)))) / 3600000.0) * :p5), :p2) AS "f4", :p6 AS "f5", 1 AS "h"
    FROM "execution_logs" AS "src"
    WHERE ((("src"."ts" > :p0 AND "src"."ts" <= :p1) AND ("src"."pattern_id" IS NOT NULL)) AND ((SELECT AVG("m"."duration_ms") FROM "execution_logs" AS "m" WHERE "m"."operation" = "src"."operation" AND "m"."pattern_id" IS NULL AND "m"."ts" <= :p1) IS NOT NULL))
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
SELECT "src"."id" FROM "execution_logs" AS "src" WHERE (((("src"."ts" > :p0 AND "src"."ts" <= :p1) AND ("src"."pattern_id" IS NOT NULL)) AND ((SELECT AVG("m"."duration_ms") FROM "execution_logs" AS "m" WHERE "m"."operation" = "src"."operation" AND "m"."pattern_id" IS NULL AND "m"."ts" <= :p1) IS NOT NULL))) AND 1 AND "src"."id" IS NOT NULL ORDER BY "src"."ts" DESC, "src"."id" DESC LIMIT 10;
