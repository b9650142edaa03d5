"""Planner statistics follow the data: ANALYZE after an ingest that grew a table enough."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from engine.cli import app
from engine.telemetry.ingest import ingest_records
from engine.telemetry.records import SourceRecord
from engine.telemetry.statistics import MIN_ROWS, refresh_statistics, stale_tables

runner = CliRunner()


def executions(start: int, count: int, make_event) -> list[dict]:
    return [make_event("execution", id=f"x{i}", operation=f"op{i % 40}",
                       ts=f"2026-03-{1 + i % 28:02d}T10:00:00.000Z") for i in range(start, start + count)]


def store(db, events) -> None:
    summary = ingest_records(db, [SourceRecord(location=f"t:{i}", event=e, line=i) for i, e in enumerate(events)])
    assert summary.rejected == 0


def analyzed_rows(db) -> dict[str, int]:
    return dict(db.execute("SELECT tbl, row_count FROM planner_statistics").fetchall())


def test_small_tables_are_left_alone(workspace_db, make_event):
    store(workspace_db, executions(0, 50, make_event))
    assert stale_tables(workspace_db.conn) == [] and analyzed_rows(workspace_db) == {}


def test_growth_past_a_quarter_triggers_a_new_analysis(workspace_db, make_event):
    store(workspace_db, executions(0, 400, make_event))
    assert [r.table for r in refresh_statistics(workspace_db.conn, min_rows=100)] == ["execution_logs"]
    assert analyzed_rows(workspace_db) == {"execution_logs": 400}
    stat = workspace_db.execute("SELECT stat FROM sqlite_stat1 WHERE idx = 'idx_exec_group'").fetchone()[0]
    assert stat.split()[:2] == ["400", "10"]               # 400 rows, 10 per operation
    store(workspace_db, executions(400, 90, make_event))              # +22 %: not yet
    assert refresh_statistics(workspace_db.conn, min_rows=50) == []
    store(workspace_db, executions(490, 20, make_event))              # +27 %
    assert [r.table for r in refresh_statistics(workspace_db.conn, min_rows=50)] == ["execution_logs"]
    assert analyzed_rows(workspace_db) == {"execution_logs": 510}


def test_cli_ingest_refreshes_statistics_and_says_so(ws, write_jsonl, make_event):
    path = write_jsonl(*executions(0, MIN_ROWS, make_event))
    result = runner.invoke(app, ["ingest", str(path), "-w", str(ws.root), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["analyzed"] == ["execution_logs"]
    again = runner.invoke(app, ["ingest", str(path), "-w", str(ws.root), "--json"])
    assert json.loads(again.stdout)["analyzed"] == []      # nothing stored, nothing to refresh


def test_cli_ingest_says_when_it_refreshed(ws, write_jsonl, make_event):
    path = write_jsonl(*executions(0, MIN_ROWS, make_event))
    result = runner.invoke(app, ["ingest", str(path), "-w", str(ws.root)])
    assert ("planner statistics refreshed for execution_logs "
            "(new, or grown by a quarter since the last refresh)") in result.stdout.splitlines()


def test_statistics_and_the_store_do_not_import_each_other():
    """The store refreshes statistics after an upgrade; statistics needs only the clock."""
    import ast

    from tests.support.paths import REPO

    tree = ast.parse((REPO / "engine/telemetry/statistics.py").read_text(encoding="utf-8"))
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "engine.telemetry.store" not in modules and "engine.clock" in modules
