"""Diagnostics that fix the line, and no surprise deletion, through `autopattern ingest`
and `autopattern evaluate` (issue 18, points 5 and 6)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.cli import app
from engine.workspace import init_workspace

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_every_error_of_a_line_is_reported_with_suggestions(ws, write_jsonl, tmp_path):
    path = write_jsonl(
        {"type": "execution", "id": "a", "timestamp": "2026-03-02T10:00:00Z", "operaton": "build",
         "status": "done", "duration_ms": -5},
        {"type": "execution", "id": "b", "ts": 1700000000, "operation": "x", "status": "success",
         "duration_ms": 1},
        {"type": "execution", "id": "c", "ts": 1700000000123, "operation": "x", "status": "success",
         "duration_ms": 1},
    )
    rejects = tmp_path / "rejects.jsonl"
    result = run("ingest", path, "-w", ws.root, "--rejects", rejects)
    assert result.exit_code == 1
    out = result.stdout
    assert (f"{path}:1: ts: 'ts' is a required property (the event has 'timestamp': did you mean 'ts'?); "
            "operation: 'operation' is a required property (the event has 'operaton': did you mean "
            "'operation'?); duration_ms: -5 is less than the minimum of 0; status: 'done' is not one of "
            "['success', 'failure', 'skipped']") in out
    assert (f"{path}:2: ts: 1700000000 looks like Unix epoch seconds; ts must be an RFC 3339 text: "
            'write "2023-11-14T22:13:20.000Z"') in out
    assert "with jq: .ts |= todate" in out
    assert (f"{path}:3: ts: 1700000000123 looks like Unix epoch milliseconds; ts must be an RFC 3339 "
            'text: write "2023-11-14T22:13:20.123Z"') in out
    assert ".ts |= (. / 1000 | todate)" in out

    # one name for the message, in --json and in the rejects file
    as_json = run("ingest", path, "-w", ws.root, "--json", "--rejects", tmp_path / "second.jsonl")
    first = json.loads(as_json.stdout)["rejections"][0]
    entry = json.loads(rejects.read_text().splitlines()[0])
    for item in (first, entry):
        assert item["field"] == "ts" and item["reason"].startswith("'ts' is a required property")
        assert [e["field"] for e in item["errors"]] == ["ts", "operation", "duration_ms", "status"]
    assert "error" not in entry


def test_the_fixed_rejects_file_ingests(ws, write_jsonl, make_event, tmp_path):
    path = write_jsonl(make_event("execution", id="ok"),
                       make_event("execution", id="late", duration_ms=-5),
                       make_event("execution", id="epoch", ts=1700000000))
    rejects = tmp_path / "rejects.jsonl"
    assert run("ingest", path, "-w", ws.root, "--rejects", rejects).exit_code == 1
    entries = [json.loads(line) for line in rejects.read_text().splitlines()]
    # fix the raw lines in place, as a user would
    fixed = []
    for entry in entries:
        event = json.loads(entry["raw"])
        event["duration_ms"] = abs(event["duration_ms"])
        if isinstance(event["ts"], int):
            event["ts"] = "2023-11-14T22:13:20Z"
        fixed.append(json.dumps({**entry, "raw": json.dumps(event)}))
    rejects.write_text("\n".join(fixed) + "\n")
    again = run("ingest", rejects, "-w", ws.root, "--json")
    assert again.exit_code == 0, again.output
    data = json.loads(again.stdout)
    assert (data["stored"], data["rejected"]) == (2, 0)

    # a raw line still broken is rejected again, saying where it was rejected before
    entries[0]["raw"] = entries[0]["raw"].replace('"late"', '"late-2"')
    rejects.write_text(json.dumps(entries[0]) + "\n")
    still = run("ingest", rejects, "-w", ws.root)
    assert still.exit_code == 1
    assert f"{rejects}:1 (rejected at {path}:2): duration_ms: -5 is less than the minimum of 0" in still.stdout


@pytest.fixture
def rules_ws(tmp_path: Path):
    return init_workspace(tmp_path / "rws")   # with the shipped packs, retention among them


def _old_and_new(write_jsonl, make_event, now: datetime):
    events = [make_event("execution", id=f"old-{n}", ts=(now - timedelta(days=400 + n)).strftime("%Y-%m-%dT%H:%M:%SZ"))
              for n in range(3)]
    events.append(make_event("execution", id="new", ts=(now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")))
    return write_jsonl(*events)


def test_ingest_says_what_the_next_evaluate_will_delete_and_how_to_keep_it(rules_ws, write_jsonl, make_event):
    now = datetime.now(timezone.utc)
    path = _old_and_new(write_jsonl, make_event, now)
    result = run("ingest", path, "-w", rules_ws.root)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "retention: 3 stored rows of execution_logs are past the retention window (keep_executions = 90d" in out
    assert "the next `autopattern evaluate` deletes them" in out
    assert "--set retention.keep_executions=40" in out   # a window reaching past the oldest (403 days)
    data = json.loads(run("ingest", path, "-w", rules_ws.root, "--json").stdout)
    assert data["retention"] is None                      # nothing new stored: nothing to say

    # the param the message names keeps them
    keep = [item.rstrip(",") for item in out.split() if item.startswith("retention.keep_executions=")][0]
    kept = run("evaluate", "retention", "-w", rules_ws.root, "--set", keep, "--dry-run")
    assert kept.exit_code == 0, kept.output
    assert "retention execution_logs: 0 rows, keep (0 deleted)" in kept.stdout
    # without it, the first evaluate deletes them and says they were just ingested
    gone = run("evaluate", "retention", "-w", rules_ws.root)
    assert "retention execution_logs: 3 rows, delete (3 deleted)" in gone.stdout
    assert "warning: 3 of these rows were ingested before this first evaluate and were deleted at once" \
        in gone.stdout
    assert "ingest the same files again" in gone.stdout


def test_a_routine_evaluate_after_an_old_import_is_announced_in_a_dry_run_first(rules_ws, write_jsonl, make_event):
    now = datetime.now(timezone.utc)
    assert run("evaluate", "retention", "-w", rules_ws.root).exit_code == 0   # a previous run
    path = _old_and_new(write_jsonl, make_event, now)
    assert run("ingest", path, "-w", rules_ws.root).exit_code == 0
    dry = run("evaluate", "retention", "-w", rules_ws.root, "--dry-run")
    assert "3 of these rows were ingested since the previous evaluate" in dry.stdout
    assert "would be deleted at once" in dry.stdout
    data = json.loads(run("evaluate", "retention", "-w", rules_ws.root, "--json").stdout)
    (executions,) = [o for o in data["retention"] if o["table"] == "execution_logs"]
    assert executions["deleted"] == 3 and executions["ingested_since_last_run"] == 3
    # and the next run, with nothing newly ingested, says nothing more
    quiet = run("evaluate", "retention", "-w", rules_ws.root)
    assert "warning" not in quiet.stdout


@pytest.mark.parametrize("event, expected", [
    ({"type": "exec", "id": "a"}, "type: 'exec' is not one of ['execution', 'file', 'error'] (did you mean 'execution'?)"),
    ({"type": "execution", "id": "a", "ts": "2026-01-01T00:00:00Z", "operation": "x", "status": "Sucess",
      "duration_ms": 1}, "status: 'Sucess' is not one of ['success', 'failure', 'skipped'] (did you mean 'success'?)"),
    ({"type": "execution", "id": "a", "ts": "2026-01-01T00:00:00Z", "name": "x", "status": "success",
      "duration": 1}, "operation: 'operation' is a required property (the event has 'name': did you mean 'operation'?)"),
])
def test_close_values_and_fields_are_suggested(ws, write_jsonl, event, expected):
    result = run("ingest", write_jsonl(event), "-w", ws.root)
    assert result.exit_code == 1 and expected in result.stdout, result.stdout
