"""Warnings a pattern carries: a value of one of its slots whose runs always fail.

An approved ``pytest <*> -q`` can hide ``pytest tests/payments -q`` failing every time:
the group's success rate is high, but a person using the pattern with that value is
about to fail. The registry finds such values when it writes a pattern candidate (one
aggregate query over the group's runs, per slot value) and keeps them on the document,
where `suggest`, `patterns show` and the report show them.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from engine.store import Store

from engine.clock import format_ts
from engine.registry.names import name_slots

MIN_RUNS = 2          # runs of one value before "always fails" means something
MAX_WARNINGS = 5

# Runs are first counted per distinct params array (far fewer than runs), then each array's
# slot values are summed: the same answer as json_each over every run, at a fraction of it.
_BY_PARAMS = """
WITH "by_params" AS (
  SELECT "e"."command_params" AS "params", COUNT(*) AS "runs",
         SUM(CASE WHEN "e"."status" = 'failure' THEN 1 ELSE 0 END) AS "failures"
  FROM "execution_logs" AS "e"
  WHERE "e"."operation" = :operation AND "e"."command_template_id" = :template
    AND "e"."pattern_id" IS NULL AND "e"."ts" > :since AND "e"."ts" <= :now AND "e"."command_params" IS NOT NULL
  GROUP BY "e"."command_params"
)
"""
# The slots of each array: SQLite's json_each, PostgreSQL's jsonb_array_elements_text
# (params are jsonb there); values sort by bytes on both.
_FAILING_VALUES = {
    "sqlite": _BY_PARAMS + """
SELECT CAST("j"."key" AS INTEGER) AS "slot", CAST("j"."value" AS TEXT) AS "value", SUM("b"."runs") AS "runs",
       SUM("b"."failures") AS "failures"
FROM "by_params" AS "b", json_each("b"."params") AS "j"
GROUP BY "j"."key", "j"."value"
HAVING SUM("b"."runs") >= :min_runs AND SUM("b"."failures") = SUM("b"."runs")
ORDER BY "failures" DESC, "slot", "value"
LIMIT :limit
""",
    "postgres": _BY_PARAMS + """
SELECT CAST("j"."ord" - 1 AS INTEGER) AS "slot", "j"."value" AS "value", SUM("b"."runs") AS "runs",
       SUM("b"."failures") AS "failures"
FROM "by_params" AS "b" CROSS JOIN LATERAL jsonb_array_elements_text("b"."params") WITH ORDINALITY AS "j"("value", "ord")
GROUP BY "j"."ord", "j"."value"
HAVING SUM("b"."runs") >= :min_runs AND SUM("b"."failures") = SUM("b"."runs")
ORDER BY "failures" DESC, "slot", "value" COLLATE "C"
LIMIT :limit
""",
}


def failing_values(db: Store, key: dict[str, Any], fields: dict[str, Any], *, now: str,
                   lookback_ms: float | None) -> list[dict[str, Any]]:
    """The slot values of a candidate's group whose runs all failed, within its lookback."""
    operation, template_id = key.get("operation"), key.get("command_template_id")
    if not isinstance(operation, str) or not isinstance(template_id, int):
        return []
    since = "0000"
    if isinstance(lookback_ms, (int, float)) and lookback_ms > 0:
        moment = datetime.fromisoformat(now.replace("Z", "+00:00")) - timedelta(milliseconds=lookback_ms)
        since = format_ts(moment)
    rows = db.execute(_FAILING_VALUES[db.dialect], {"operation": operation, "template": template_id, "since": since,
                                        "now": now, "min_runs": MIN_RUNS, "limit": MAX_WARNINGS}).fetchall()
    if not rows:
        return []
    template = fields.get("template") or key.get("command_template")
    names = re.findall(r"\{(\w+)\}", name_slots(template, fields.get("examples") or [])) \
        if isinstance(template, str) else []
    found = []
    for slot, value, runs, failures in rows:
        label = names[slot] if slot < len(names) else f"slot {slot + 1}"
        found.append({"slot": label, "value": value, "runs": int(runs), "failures": int(failures),
                      "message": f"runs with {label} = {value!r} always failed ({int(failures)} of {int(runs)})"})
    return found
