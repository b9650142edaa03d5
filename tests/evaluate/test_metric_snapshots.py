"""Metric snapshots are cumulative: each adds what was stored since the one before.

Checked against a full recount of a second workspace holding the same runs, for runs
that arrive late (a time before the previous snapshot's now), runs after it, runs in
the future of a snapshot, and after retention deleted old runs ("metrics kept").
"""

from __future__ import annotations

from datetime import timedelta

from typer.testing import CliRunner

from engine.cli import app
from tests.support.pack_env import NOW, execution

runner = CliRunner()
COLUMNS = "pattern_id, uses, successes, failures, success_rate, avg_duration_ms"


def evaluate(env, now) -> None:
    result = runner.invoke(app, ["evaluate", "-w", str(env.ws.root), "--now", now.isoformat()])
    assert result.exit_code == 0, result.output


def latest(env) -> list[tuple]:
    return env.query(f"SELECT {COLUMNS} FROM pattern_metrics WHERE ts = (SELECT MAX(ts) FROM pattern_metrics) "
                     "ORDER BY pattern_id")


def run(i: int, days: float, pattern: str, status: str = "success", ms: int = 100) -> dict:
    return execution(f"m{i}", days, "deploy", "deploy app", status=status, duration_ms=ms, pattern_id=pattern)


FIRST = [run(1, 3, "pat-a"), run(2, 2, "pat-a", "failure", 300), run(3, 1, "pat-b"),
         run(4, -1, "pat-a")]                        # a day after the first snapshot's now
LATER = [run(5, 2.5, "pat-a", ms=500),               # late: before the first now, stored after it
         run(6, -0.5, "pat-b"), run(7, -1.5, "pat-c", "failure")]


def test_a_snapshot_adds_the_runs_stored_since_the_previous_one(make_env):
    incremental = make_env("evolution")
    incremental.ingest(FIRST)
    evaluate(incremental, NOW)
    assert latest(incremental) == [("pat-a", 2, 1, 1, 0.5, 200.0), ("pat-b", 1, 1, 0, 1.0, 100.0)]
    incremental.ingest(LATER)
    evaluate(incremental, NOW + timedelta(days=2))
    snapshot = latest(incremental)
    assert snapshot == [("pat-a", 4, 3, 1, 0.75, 250.0), ("pat-b", 2, 2, 0, 1.0, 100.0),
                        ("pat-c", 1, 0, 1, 0.0, 100.0)]


def test_the_cumulative_snapshot_equals_a_full_recount(make_env, tmp_path):
    from tests.support.pack_env import Env

    incremental = make_env("evolution")
    incremental.ingest(FIRST)
    evaluate(incremental, NOW)
    incremental.ingest(LATER)
    evaluate(incremental, NOW + timedelta(days=2))
    fresh = Env(tmp_path / "fresh", ("evolution",))
    fresh.ingest(FIRST + LATER)
    evaluate(fresh, NOW + timedelta(days=2))
    assert latest(incremental) == latest(fresh)


def test_metrics_are_kept_when_retention_deletes_runs(make_env):
    env = make_env("evolution", "retention")
    env.ingest(FIRST + [run(9, 200, "pat-a")])      # one run far older than 90 days
    evaluate(env, NOW)
    assert env.query("SELECT COUNT(*) FROM execution_logs WHERE id = 'm9'") == [(0,)]
    assert {row[0]: row[1] for row in latest(env)} == {"pat-a": 3, "pat-b": 1}   # m1, m2, m9
    evaluate(env, NOW + timedelta(days=1))
    assert {row[0]: row[1] for row in latest(env)} == {"pat-a": 4, "pat-b": 1}   # + m4; m9 still counted
