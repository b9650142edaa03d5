"""The report's history queries (engine/report/history.py) give the same answers on SQLite
and on PostgreSQL: the latest run of each week, a gap for a week with no run, weekly
counts as differences of cumulative metric snapshots."""

from __future__ import annotations

import json

from engine.report.history import headline_history, pattern_weeks, week_bounds


def _run(db, run_id: str, now: str, *, value: float | None = None, status: str = "ok", dry_run: int = 0) -> None:
    summary = {"performance.covered_share": {"report": 1}}
    if value is not None:
        summary["reports"] = [{"pack": "performance", "week": "?", "headline": [
            {"name": "covered_share", "value": value, "numerator": int(value * 100), "denominator": 100}]}]
    db.insert_row("evaluation_runs", {"id": run_id, "started_at": now, "finished_at": now, "now": now,
                                      "packs": "[]", "params": "{}", "dry_run": dry_run, "status": status,
                                      "summary": json.dumps(summary)})


def _snapshot(db, run_id: str, now: str, pattern: str, uses: int, successes: int, total_ms: float) -> None:
    db.insert_row("pattern_metrics", {"run_id": run_id, "pattern_id": pattern, "ts": now, "uses": uses,
                                      "successes": successes, "failures": uses - successes,
                                      "success_rate": successes / uses, "avg_duration_ms": total_ms / uses,
                                      "through_seq": 0, "duration_total_ms": total_ms, "duration_count": uses})


def _fill(db) -> None:
    with db.transaction():
        # W44: two runs, the later one counts; W45: none; W46: a dry run and a failed run only;
        # W47 and W48: one each. Snapshots are cumulative.
        _run(db, "r1", "2026-10-27T10:00:00.000Z", value=0.10)
        _run(db, "r2", "2026-11-02T00:00:00.000Z", value=0.20)          # Monday 00:00: still W44
        _run(db, "r3", "2026-11-12T00:00:00.000Z", value=0.90, dry_run=1)
        _run(db, "r4", "2026-11-13T00:00:00.000Z", value=0.80, status="failed")
        _run(db, "r5", "2026-11-23T00:00:00.000Z", value=0.40)
        _run(db, "r6", "2026-11-30T00:00:00.000Z")                      # W48: no report in this run
        _snapshot(db, "r1", "2026-10-27T10:00:00.000Z", "pat-a", 5, 5, 5000)
        _snapshot(db, "r2", "2026-11-02T00:00:00.000Z", "pat-a", 8, 7, 8000)
        _snapshot(db, "r5", "2026-11-23T00:00:00.000Z", "pat-a", 20, 15, 30000)
        _snapshot(db, "r6", "2026-11-30T00:00:00.000Z", "pat-a", 30, 24, 40000)
        _snapshot(db, "r6", "2026-11-30T00:00:00.000Z", "pat-b", 4, 2, 400)


def _check(db) -> None:
    _fill(db)
    weeks = week_bounds("2026-W48", 6)
    assert [w.name for w in weeks] == ["2026-W43", "2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48"]
    assert weeks[1].start == "2026-10-26T00:00:00.000Z" and weeks[1].end == "2026-11-02T00:00:00.000Z"
    history = headline_history(db, weeks, None)
    assert {week: run["run"] for week, run in history.items()} == {"2026-W44": "r2", "2026-W47": "r5"}
    assert history["2026-W44"]["reports"][0]["headline"][0]["value"] == 0.2
    series = pattern_weeks(db, weeks, None)
    # W44: its base week W43 has no run, so its share is unknown; W47 after the gap likewise;
    # W48 = r6 - r5
    assert series["pat-a"] == {"2026-W48": {"uses": 10, "successes": 9, "success_rate": 0.9,
                                            "avg_duration_ms": 1000.0}}
    # a pattern first seen in W48, whose week before has a run: all its uses are W48's
    assert series["pat-b"] == {"2026-W48": {"uses": 4, "successes": 2, "success_rate": 0.5,
                                            "avg_duration_ms": 100.0}}
    # the run building a report now counts although it has not finished
    with db.transaction():
        _run(db, "r7", "2026-11-16T00:00:00.000Z", status="running")
        _snapshot(db, "r7", "2026-11-16T00:00:00.000Z", "pat-a", 12, 10, 12000)
    assert pattern_weeks(db, weeks, "r7")["pat-a"]["2026-W47"]["uses"] == 8        # r5 - r7
    assert "2026-W47" not in pattern_weeks(db, weeks, None)["pat-a"]


def test_history_on_sqlite(memory_store):
    _check(memory_store)


def test_history_on_postgresql(pg_db):
    _check(pg_db)
