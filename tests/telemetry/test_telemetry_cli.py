"""`autopattern ingest` and `autopattern demo`, end to end through the CLI."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.cli import app
from tests.support.paths import REPO

runner = CliRunner()
NOW = "2026-11-24T00:00:00Z"


def run(*args: str, input: bytes | str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input)


# --- ingest ----------------------------------------------------------------------------

def test_ingest_prints_a_summary_and_exits_0(ws, write_jsonl, make_event):
    path = write_jsonl(make_event("execution"), make_event("file"), make_event("error"))
    result = run("ingest", path, "-w", ws.root)
    assert result.exit_code == 0, result.output
    assert "stored 3 (execution 1, file 1, error 1), duplicates 0, rejected 0" in result.stdout
    assert not (ws.root / "rejects").exists()
    again = run("ingest", path, "-w", ws.root)
    assert again.exit_code == 0 and "stored 0, duplicates 3, rejected 0" in again.stdout


def test_ingest_rejections_exit_1_and_go_to_the_default_rejects_file(ws, write_jsonl, make_event):
    path = write_jsonl(make_event("execution"), make_event("execution", id="b", duration_ms=-5),
                       "{oops")
    result = run("ingest", path, "-w", ws.root)
    assert result.exit_code == 1
    assert f"{path}:2: duration_ms: -5 is less than the minimum of 0" in result.stdout
    assert f"{path}:3: malformed JSON" in result.stdout
    written = list((ws.root / "rejects").glob("*.jsonl"))
    assert len(written) == 1 and str(written[0]) in result.stdout
    entries = [json.loads(line) for line in written[0].read_text().splitlines()]
    assert [(e["line"], e["field"]) for e in entries] == [(2, "duration_ms"), (3, None)]
    assert set(entries[0]) == {"location", "line", "reason", "field", "errors", "raw"}


def test_ingest_json_summary_and_explicit_rejects_path(ws, write_jsonl, make_event, tmp_path):
    path = write_jsonl(make_event("execution"), '{"type": "file"}')
    rejects = tmp_path / "out" / "bad.jsonl"
    result = run("ingest", path, "-w", ws.root, "--json", "--rejects", rejects)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["read"], data["stored"], data["rejected"]) == (2, 1, 1)
    assert data["rejections"][0]["line"] == 2 and data["rejects_path"] == str(rejects)
    assert rejects.exists()


def test_ingest_reads_stdin(ws, make_event):
    lines = "\n".join(json.dumps(make_event("execution", id=f"s{n}")) for n in range(3)) + "\n"
    result = run("ingest", "-", "-w", ws.root, "--json", input=lines)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stored"] == 3


def test_ingest_expands_a_directory(ws, tmp_path, make_event):
    folder = tmp_path / "drop"
    folder.mkdir()
    for n in range(3):
        (folder / f"part{n}.jsonl").write_text(json.dumps(make_event("execution", id=f"d{n}")) + "\n")
    (folder / ".hidden.jsonl").write_text("{not read\n")
    result = run("ingest", folder, "-w", ws.root, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stored"] == 3


def test_ingest_records_the_run(ws, write_jsonl, make_event):
    path = write_jsonl(make_event("execution"))
    run("ingest", path, "-w", ws.root)
    db = ws.open_db()
    row = dict(next(db.query("SELECT * FROM ingest_runs")))
    assert row["source"] == "jsonl" and json.loads(row["inputs"]) == [str(path)]
    assert (row["read"], row["stored"]) == (1, 1)


@pytest.mark.parametrize("args,message", [
    (["missing.jsonl"], "no such file or directory"),
    (["-", "-"], "stdin ('-') can be read only once"),
])
def test_ingest_usage_errors_exit_2(ws, args, message):
    result = run("ingest", *args, "-w", ws.root)
    assert result.exit_code == 2 and message in result.stderr
    assert "Traceback" not in result.output


def test_ingest_without_a_workspace_says_how_to_make_one(tmp_path, write_jsonl, make_event):
    path = write_jsonl(make_event("execution"))
    result = run("ingest", path, "-w", tmp_path / "nowhere")
    assert result.exit_code == 2 and "autopattern init" in result.stderr
    assert not (tmp_path / "nowhere" / "autopattern.db").exists()


def test_ingest_format_option_reads_junit(ws, tmp_path):
    report = tmp_path / "report.txt"
    report.write_text('<testsuite name="s" timestamp="2026-01-01T00:00:00">'
                      '<testcase classname="t" name="a" time="0.5"/></testsuite>')
    result = run("ingest", report, "-w", ws.root, "--format", "junit", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stored"] >= 1


# --- demo ------------------------------------------------------------------------------

def test_demo_events_only_is_deterministic():
    first = run("demo", "--events-only", "--seed", "3", "--now", NOW, "--days", "7")
    second = run("demo", "--events-only", "--seed", "3", "--now", NOW, "--days", "7")
    other = run("demo", "--events-only", "--seed", "4", "--now", NOW, "--days", "7")
    assert first.exit_code == 0 and first.stdout_bytes == second.stdout_bytes
    assert first.stdout_bytes != other.stdout_bytes
    events = [json.loads(line) for line in first.stdout.splitlines()]
    assert len(events) > 300 and {e["type"] for e in events} == {"execution", "file", "error"}


def test_demo_builds_a_workspace_that_sqlite3_can_read(tmp_path):
    target = tmp_path / "demo"
    result = run("demo", "--workspace", target, "--now", NOW)
    assert result.exit_code == 0, result.output
    assert "demo workspace ready" in result.stdout and "pat-deploy-preview" in result.stdout
    conn = sqlite3.connect(target / "autopattern.db")  # plain sqlite3, not our code
    counts = dict(conn.execute("SELECT 'executions', COUNT(*) FROM execution_logs UNION ALL "
                               "SELECT 'files', COUNT(*) FROM file_events UNION ALL "
                               "SELECT 'errors', COUNT(*) FROM error_events"))
    assert counts["executions"] > 2000 and counts["files"] > 200 and counts["errors"] > 100
    assert conn.execute("SELECT MAX(ts) FROM execution_logs").fetchone()[0] < "2026-11-24T00"
    assert (target / "autopattern.yaml").exists() and (target / "patterns").is_dir()
    rerun = run("demo", "--workspace", target, "--now", NOW, "--json", "--no-evaluate")
    data = json.loads(rerun.stdout)
    assert data["ingest"]["stored"] == 0 and data["ingest"]["duplicates"] == data["ingest"]["read"]


def test_demo_rejects_a_bad_now():
    result = run("demo", "--events-only", "--now", "tomorrow")
    assert result.exit_code == 2 and "--now" in result.stderr


@pytest.mark.slow
def test_demo_events_pipe_into_ingest(tmp_path):
    """The promise of docs/events.md (the demo): `autopattern demo --events-only > events.jsonl` then ingest it."""
    cli = Path(sys.executable).parent / "autopattern"
    events = subprocess.run([cli, "demo", "--events-only", "--now", NOW, "--days", "5"],
                            capture_output=True, check=True).stdout
    subprocess.run([cli, "init", tmp_path / "ws"], capture_output=True, check=True)
    done = subprocess.run([cli, "ingest", "-", "-w", tmp_path / "ws", "--json"], input=events,
                          capture_output=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["stored"] == events.count(b"\n")


def test_ingest_shows_progress_for_large_inputs(ws, write_jsonl, make_event, monkeypatch):
    from engine.cli import ingest_cmd

    monkeypatch.setattr(ingest_cmd, "LARGE_INPUT_BYTES", 0)
    path = write_jsonl(*(make_event("execution", id=f"p{n}") for n in range(30)))
    result = run("ingest", path, "-w", ws.root)
    assert result.exit_code == 0
    assert "ingesting" in result.stderr and "30/30" in result.stderr
    assert "ingesting" not in result.stdout


def test_ingest_of_an_unrecognisable_file_names_it(ws, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n")
    result = run("ingest", path, "-w", ws.root)
    assert result.exit_code == 2
    assert str(path) in result.stderr and "--format" in result.stderr
    assert "Traceback" not in result.output


def test_demo_refuses_a_workspace_with_real_telemetry(ws, write_jsonl, make_event):
    run("ingest", write_jsonl(make_event("execution")), "-w", ws.root)
    result = run("demo", "--workspace", ws.root, "--now", NOW)
    assert result.exit_code == 2 and "not the demo's" in result.stderr
    assert ws.open_db().execute("SELECT COUNT(*) FROM execution_logs").fetchone()[0] == 1


def test_init_creates_a_workspace_and_is_safe_to_repeat(tmp_path):
    target = tmp_path / "fresh"
    result = run("init", target, "--json")
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert Path(info["database"]).exists() and info["schema_version"] >= 2
    (target / "autopattern.yaml").write_text((target / "autopattern.yaml").read_text() + "# mine\n")
    again = run("init", target)
    assert again.exit_code == 0 and "workspace ready" in again.stdout
    assert (target / "autopattern.yaml").read_text().endswith("# mine\n")


def test_demo_now_may_be_a_bare_date():
    dated = run("demo", "--events-only", "--now", "2026-11-24", "--days", "2")
    exact = run("demo", "--events-only", "--now", NOW, "--days", "2")
    assert dated.exit_code == 0 and dated.stdout_bytes == exact.stdout_bytes


def test_default_rejects_files_never_overwrite_each_other(ws, write_jsonl, monkeypatch):
    from engine.cli import ingest_cmd

    class Frozen:  # two runs within the same second
        @staticmethod
        def now(tz=None):
            from datetime import datetime as real
            return real(2026, 1, 1, tzinfo=tz)

    monkeypatch.setattr(ingest_cmd, "datetime", Frozen)
    for _ in range(2):
        assert run("ingest", write_jsonl("{bad"), "-w", ws.root).exit_code == 1
    names = sorted(p.name for p in (ws.root / "rejects").iterdir())
    assert names == ["20260101T000000Z-2.jsonl", "20260101T000000Z.jsonl"]


def test_ingest_reads_another_format_from_stdin(ws):
    report = ('<testsuite name="s" timestamp="2026-01-01T00:00:00">'
              '<testcase classname="t" name="a" time="0.5"/>'
              '<testcase classname="t" name="b" time="0.1"><failure message="x"/></testcase>'
              '</testsuite>')
    result = run("ingest", "-", "-w", ws.root, "--format", "junit", "--json", input=report)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stored_by_type"]["execution"] == 2


@pytest.mark.parametrize("command", ["ingest", "demo"])
def test_every_option_has_help_and_is_documented(command):
    """Each option of the command appears in its --help and on the docs page of events (docs/events.md)."""
    import click
    import typer.main

    text = (REPO / "docs" / "events.md").read_text()
    cli = typer.main.get_command(app).commands[command]
    assert f"autopattern {command}" in text
    for param in cli.params:
        if isinstance(param, click.Option) and param.name != "help":
            assert param.help, param.name
            assert any(opt in text for opt in param.opts), f"{param.opts} not in docs/events.md"


def test_an_empty_jsonl_file_is_zero_events(ws, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    result = run("ingest", empty, "-w", ws.root, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["read"] == 0


def test_ctrl_c_keeps_the_stored_batches_and_says_so(ws, write_jsonl, make_event, monkeypatch):
    from engine.cli import ingest_cmd
    from engine.telemetry import ingest as ingest_module

    path = write_jsonl(*(make_event("execution", id=f"k{n}") for n in range(10)))
    real = ingest_module.ingest_records

    def interrupted(db, records, **options):
        def until_seven():
            for number, record in enumerate(records):
                if number == 7:
                    raise KeyboardInterrupt
                yield record
        return real(db, until_seven(), **{**options, "batch_size": 3})

    monkeypatch.setattr(ingest_cmd, "ingest_records", interrupted)
    result = run("ingest", path, "-w", ws.root)
    assert result.exit_code == 130 and "interrupted" in result.stderr
    assert ws.open_db().execute("SELECT COUNT(*) FROM execution_logs").fetchone()[0] == 6
    monkeypatch.setattr(ingest_cmd, "ingest_records", real)
    again = run("ingest", path, "-w", ws.root, "--json")
    assert (json.loads(again.stdout)["stored"], json.loads(again.stdout)["duplicates"]) == (4, 6)


def test_an_unwritable_rejects_path_says_so_and_keeps_earlier_batches(ws, write_jsonl, make_event, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    good = [make_event("execution", id=f"ok{i}") for i in range(5001)]       # one full batch, then one
    path = write_jsonl(*good, make_event("execution", id="bad", duration_ms=-1))
    result = run("ingest", path, "-w", ws.root, "--rejects", blocker / "rejects.jsonl")
    assert result.exit_code == 2, result.output
    assert "cannot write the rejects file" in result.output and str(blocker / "rejects.jsonl") in result.output
    assert "cannot read" not in result.output
    db = sqlite3.connect(ws.db_path)
    try:
        assert db.execute("SELECT COUNT(*) FROM execution_logs").fetchone()[0] == 5000   # the first batch
    finally:
        db.close()
