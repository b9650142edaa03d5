"""Retention: deleting the telemetry a retention rule selects, once its decision is `delete`.

A run's output handler (``engine.outputs``) for ``retention`` results; the rule itself
(which rows, when) is the retention pack's. Every deletion is audited in ``decisions``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.clock import utc_now_text
from engine.compile.sql import CompiledRule
from engine.evaluate.findings import resolve_bindings
from engine.evaluate.outlook import keep_with
from engine.evaluate.runner import dialect_of
from engine.results import RunInfo
from engine.wording import plural

RETENTION_TABLES = {"execution_logs", "file_events", "error_events"}


def _newly_ingested(db, run: RunInfo, pack, result, compiled: CompiledRule,
                    values: dict[str, Any]) -> dict[str, Any]:
    """How many of the rows to delete were ingested since the previous evaluation, and
    which params keep them: imported history must not vanish without a word.

    Returns ``{"ingested_since_last_run": n, "keep_with": [...]}`` when n > 0, else {}.
    """
    previous = db.execute(
        "SELECT MAX(started_at) FROM evaluation_runs WHERE dry_run = 0 AND status = 'ok' AND id != :run",
        {"run": run.run_id}).fetchone()[0]
    sql = compiled.sql_for(dialect_of(db), "retention_fresh")
    params = {name: values.get(name) for name in compiled.params_for("retention_fresh")}
    params["ap_since"] = previous
    count, oldest = db.execute(sql, params).fetchone()
    if not count:
        return {}
    rule = pack.rule(result.rule)
    now = datetime.fromisoformat(run.now.replace("Z", "+00:00"))
    return {"ingested_since_last_run": count, "previous_run_started": previous,
            "keep_with": keep_with(pack, rule, oldest, now)}


def apply_retention(db, run: RunInfo, pack, result) -> dict[str, Any]:
    """Delete the rows a retention rule's `where` selects, when its decision is `delete`.

    The DELETE reuses the rule's compiled WHERE with the same bound values, so what
    `--dry-run` counted is exactly what goes.
    """
    compiled: CompiledRule = result.compiled
    finding = result.findings[0] if result.findings else None
    would = int((finding.fields.get("rows") if finding else 0) or 0)
    outcome = {"pack": pack.name, "rule": result.rule, "table": compiled.table, "decision":
               finding.decision if finding else "keep", "rows": would, "deleted": 0,
               "reason": finding.reason if finding else "no rows matched"}
    if finding is None or finding.decision != "delete":
        return outcome
    if compiled.table not in RETENTION_TABLES:
        outcome["reason"] = f"source table {compiled.table!r} is not subject to retention"
        return outcome
    now = datetime.fromisoformat(run.now.replace("Z", "+00:00"))
    values = resolve_bindings(compiled.bindings, run.params[pack.name], now)
    outcome.update(_newly_ingested(db, run, pack, result, compiled, values))
    if run.dry_run:
        return outcome
    sql = compiled.sql_for(dialect_of(db), "retention")
    values = {name: values[name] for name in compiled.params_for("retention")}
    with db.transaction():
        deleted = db.execute(sql, values).rowcount
        db.execute(
            "INSERT INTO decisions (ts, run_id, pattern_id, pack, rule, decision, previous_status, actor, reason) "
            "VALUES (?, ?, ?, ?, ?, 'delete', NULL, 'engine', ?)",
            (utc_now_text(), run.run_id, f"retention:{compiled.table}", pack.name, result.rule,
             f"deleted {plural(deleted, 'row')}: {finding.reason}"))
    outcome["deleted"] = deleted
    return outcome
