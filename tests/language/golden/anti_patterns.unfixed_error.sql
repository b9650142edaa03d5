-- anti_patterns.unfixed_error (source: errors)
SELECT * FROM (
    SELECT "src"."message_template_id" AS "k0", (SELECT "template" FROM "templates" WHERE "templates"."id" = "src"."message_template_id") AS "t0", COUNT(*) AS "l0", (COALESCE(:p2, '') || COALESCE((SELECT "template" FROM "templates" WHERE "templates"."id" = "src"."message_template_id"), '')) AS "f0", (COUNT(*)) AS "f1", COUNT(*) FILTER (WHERE ("src"."resolution" IS NOT NULL)) AS "f2", MAX("src"."error_type") AS "f3", MAX("src"."ts") AS "f4", (COALESCE(:p3, '') || COALESCE((COUNT(*)), '') || COALESCE(:p4, '') || COALESCE(:p5, '') || COALESCE(:p6, '')) AS "f6", ((COUNT(*) >= :p7) AND (COUNT(*) FILTER (WHERE "src"."resolved") = :p8)) AS "h", ((COUNT(*)) >= :p7) AS "d0", (COUNT(*)) AS "d0_0l", :p7 AS "d0_0r", (COUNT(*)) AS "o0"
    FROM "error_events" AS "src"
    WHERE ("src"."ts" > :p0 AND "src"."ts" <= :p1)
    GROUP BY "src"."message_template_id"
) AS "g"
WHERE "h"
ORDER BY "o0" DESC, "k0" ASC;

-- bindings
-- :p0 = now - lookback
-- :p1 = now
-- :p2 = 'unfixed error: '
-- :p3 = 'This error occurred '
-- :p4 = ' times in the lookback and no'
-- :p5 = ' resolution ever fixed it: find the root cause (see the examples) and'
-- :p6 = ' report the fix as a resolution so a self-heal can be learned.'
-- :p7 = param min_errors
-- :p8 = 0

-- evidence examples
SELECT "src"."message" FROM "error_events" AS "src" WHERE (("src"."ts" > :p0 AND "src"."ts" <= :p1)) AND "src"."message_template_id" IS :key0 AND "src"."message" IS NOT NULL ORDER BY "src"."ts" DESC, "src"."message" DESC LIMIT 3;

-- evidence evidence
SELECT "src"."id" FROM "error_events" AS "src" WHERE (("src"."ts" > :p0 AND "src"."ts" <= :p1)) AND "src"."message_template_id" IS :key0 AND "src"."id" IS NOT NULL ORDER BY "src"."ts" DESC, "src"."id" DESC LIMIT 10;
