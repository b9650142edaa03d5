"""The act stage for outputs that are not registry documents: metric snapshots, retention
and the weekly report. Each is idempotent for a given run and audited.
"""

from __future__ import annotations

from typing import Any

from engine.compile.sql import CompiledRule
from engine.evaluate.findings import resolve_bindings
from engine.results import RunInfo
from engine.telemetry.store import utc_now_text

RETENTION_TABLES = {"execution_logs", "file_events", "error_events"}


def snapshot_metrics(db, run: RunInfo) -> int:
    """One row per pattern per run in pattern_metrics (kept forever: AUTO-007 reads them)."""
    cursor = db.conn.execute(
        """INSERT OR REPLACE INTO pattern_metrics
               (run_id, pattern_id, ts, uses, successes, failures, success_rate, avg_duration_ms, time_saved_ms)
           SELECT :run, "pattern_id", :now, COUNT(*), SUM("status" = 'success'), SUM("status" = 'failure'),
                  ROUND(AVG("status" = 'success'), 4), ROUND(AVG("duration_ms"), 1), NULL
           FROM "execution_logs" WHERE "pattern_id" IS NOT NULL AND "ts" <= :now
           GROUP BY "pattern_id" """,
        {"run": run.run_id, "now": run.now})
    return cursor.rowcount


def apply_special(db, ws, run: RunInfo, pack, results, evaluation) -> None:
    for result in results:
        if result.kind == "retention":
            outcome = apply_retention(db, run, pack, result)
            evaluation.extras.setdefault("retention", []).append(outcome)
    report_rows = [r for r in results if r.kind == "report_row"]
    if report_rows and not run.dry_run:
        from engine.report.weekly import build_and_write_report
        report = build_and_write_report(db, ws.patterns_dir, run, pack, report_rows)
        evaluation.extras.setdefault("reports", []).append(report)


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
    if run.dry_run or finding is None or finding.decision != "delete":
        return outcome
    if compiled.table not in RETENTION_TABLES:
        outcome["reason"] = f"source table {compiled.table!r} is not subject to retention"
        return outcome
    from datetime import datetime
    now = datetime.fromisoformat(run.now.replace("Z", "+00:00"))
    values = resolve_bindings(compiled.bindings, run.params[pack.name], now)
    sql = f'{compiled.with_sql}DELETE FROM "{compiled.table}" WHERE "seq" IN (SELECT "src"."seq" FROM "{compiled.table}" AS "src" ' \
          f'WHERE {compiled.where_sql})'
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        deleted = db.conn.execute(sql, values).rowcount
        db.conn.execute(
            "INSERT INTO decisions (ts, run_id, pattern_id, pack, rule, decision, previous_status, actor, reason) "
            "VALUES (?, ?, ?, ?, ?, 'delete', NULL, 'engine', ?)",
            (utc_now_text(), run.run_id, f"retention:{compiled.table}", pack.name, result.rule,
             f"deleted {deleted} rows: {finding.reason}"))
        db.conn.execute("COMMIT")
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    outcome["deleted"] = deleted
    return outcome
