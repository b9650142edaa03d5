"""History look-ups (work_runs, pattern_for, manual_avg_ms) read only their lookback.

Each is checked against counts made by hand over events inside and outside the
lookback, through `autopattern evaluate`, and the lookback moves with `--set`.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from engine.cli import app
from tests.support.rule_files import ingest_events, write_pack

runner = CliRunner()
NOW = "2026-11-24T00:00:00Z"


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def execution(i: int, ts: str, status: str = "success", ms: int = 100, pattern: str | None = None) -> dict:
    return {"type": "execution", "id": f"h{i}", "ts": ts, "operation": "build", "command": "make build",
            "status": status, "duration_ms": ms, "pattern_id": pattern, "actor": "ci"}


# Four runs by hand and one with pat-old about 100 days ago; two with pat-new, one failed
# run by hand and one success by hand in the last week.
EVENTS = [
    *[execution(i, f"2026-08-{10 + i:02d}T10:00:00Z", ms=1000) for i in range(4)],
    execution(4, "2026-08-20T10:00:00Z", pattern="pat-old"),
    execution(5, "2026-11-20T10:00:00Z", pattern="pat-new", ms=40),
    execution(6, "2026-11-21T10:00:00Z", pattern="pat-new", ms=60),
    execution(7, "2026-11-22T10:00:00Z", status="failure", ms=300),
    execution(8, "2026-11-23T10:00:00Z", ms=100),
    execution(9, "2026-08-21T10:00:00Z", pattern="pat-old"),
    execution(10, "2026-08-22T10:00:00Z", pattern="pat-old"),
]

PACK = '''
pack history "History"
  id "AUTO-950"
param history = 30d in 1d .. 3650d
rule work "one row per operation"
  from executions
  where ts within 7d
  group by operation
  emit report_row
    runs        = max(work_runs(operation, command_template_id, history))
    failures    = max(work_runs(operation, command_template_id, history, "failure"))
    by_hand_ms  = max(manual_avg_ms(operation, history))
    pattern     = max(pattern_for(operation, command_template_id, history))
'''


def report(workspace, *extra) -> dict:
    result = run("evaluate", "-w", workspace.root, "--now", NOW, "--dry-run", "--json", *extra)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (finding,) = [f for r in data["rules"] for f in r["findings"]]
    return finding["fields"]


def test_lookups_count_only_the_lookback(ws):
    write_pack(ws, "history", PACK)
    ingest_events(ws, EVENTS)
    fields = report(ws)
    assert fields["runs"] == 4                       # h5..h8: the 30 days before now
    assert fields["failures"] == 1
    assert fields["by_hand_ms"] == 200               # (300 + 100) / 2
    assert fields["pattern"] == "pat-new"


def test_a_longer_lookback_reaches_older_runs(ws):
    write_pack(ws, "history", PACK)
    ingest_events(ws, EVENTS)
    fields = report(ws, "--set", "history.history=120d")
    assert fields["runs"] == 11
    assert fields["failures"] == 1
    assert fields["by_hand_ms"] == pytest.approx((4 * 1000 + 300 + 100) / 6, abs=1e-3)
    assert fields["pattern"] == "pat-old"            # used 3 times, pat-new twice


def test_lookback_must_be_a_duration(ws):
    path = write_pack(ws, "bad", '''
pack bad "Bad"
  id "AUTO-951"
param n = 3
rule r "r"
  from executions
  group by operation, command_template_id
  having work_runs(operation, command_template_id) >= 3 and pattern_for(operation, command_template_id, n) is null
    and manual_avg_ms(operation, max(duration_ms)) > 1
  emit report_row
    runs = count()
''')
    result = run("check", path)
    assert result.exit_code == 1
    out = result.output
    assert "work_runs() takes 3 to 4 arguments, got 2" in out
    assert "e.g. work_runs(operation, command_template_id, 90d) >= 3" in out
    assert "argument 3 of pattern_for() is how far back it looks: a duration such as 90d or a duration param, not `n`" in out
    assert "argument 2 of manual_avg_ms() is how far back it looks" in out


def test_status_of_work_runs_must_be_constant(ws):
    path = write_pack(ws, "bad", '''
pack bad "Bad"
  id "AUTO-952"
rule r "r"
  from executions
  where work_runs(operation, command_template_id, 30d, status) >= 3
  emit report_row
    runs = count()
''')
    result = run("check", path)
    assert result.exit_code == 1
    assert "argument 4 of work_runs() must be a string or a param" in result.output


def test_retention_can_select_rows_by_a_history_lookup(ws):
    """A retention rule's DELETE carries the look-up tables its where reads."""
    write_pack(ws, "prune", '''
pack prune "Prune"
  id "AUTO-953"
rule one_offs "old runs of work done only once in the last 365 days"
  from executions
  where ts before 60d ago and work_runs(operation, command_template_id, 365d) < 5
  emit retention
    rows = count()
  decide
    delete when count() >= 1
    keep otherwise
''')
    events = [*EVENTS, {**execution(20, "2026-08-01T10:00:00Z"), "operation": "rare", "command": "rare job"}]
    ingest_events(ws, events)
    result = run("evaluate", "-w", ws.root, "--now", NOW)
    assert result.exit_code == 0, result.output
    db = ws.open_db()
    try:
        left = {row[0] for row in db.execute("SELECT id FROM execution_logs").fetchall()}
    finally:
        db.close()
    assert "h20" not in left and len(left) == len(EVENTS)
