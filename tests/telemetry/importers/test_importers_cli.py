"""End to end through the command line: `ingest` on each format, and `watch`."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.cli import app
from tests.support import factories

runner = CliRunner()


@pytest.fixture
def ws_path(tmp_path) -> Path:
    root = tmp_path / "ws"
    result = runner.invoke(app, ["init", str(root), "--no-rules"])
    assert result.exit_code == 0, result.output
    return root


def _ingest(ws: Path, *args: str):
    return runner.invoke(app, ["ingest", "-w", str(ws), "--json", *args])


def _query(ws: Path, sql: str, params=()):
    with sqlite3.connect(ws / "autopattern.db") as conn:
        return conn.execute(sql, params).fetchall()


def test_a_folder_of_twenty_ci_reports_with_a_flaky_test(ws_path, tmp_path):
    reports = factories.write_ci_junit_reports(tmp_path / "reports", runs=20, flaky_failures=8)
    result = _ingest(ws_path, str(tmp_path / "reports"))  # no --format: detected
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    executions = 20 * reports.tests_per_run
    assert summary["stored_by_type"] == {"execution": executions, "file": 0,
                                         "error": reports.flaky_failures}
    assert _query(ws_path, "SELECT operation, SUM(status = 'failure'), COUNT(*) FROM execution_logs "
                      "WHERE source = 'junit' GROUP BY operation HAVING SUM(status = 'failure') > 0") \
        == [(reports.flaky_operation, reports.flaky_failures, 20)]

    again = _ingest(ws_path, str(tmp_path / "reports"))
    assert again.exit_code == 0
    assert json.loads(again.stdout)["stored"] == 0
    assert json.loads(again.stdout)["duplicates"] == executions + reports.flaky_failures


@pytest.mark.parametrize("name, fmt, stored", [
    ("otlp_traces.jsonl", "otlp", {"execution": 4, "error": 2}),
    ("otlp_base64.json", None, {"execution": 1}),
    ("junit_surefire.xml", None, {"execution": 4, "error": 1}),
    ("gha_combined.json", "github-actions", {"execution": 3}),
])
def test_ingest_each_format(ws_path, data_dir, name, fmt, stored):
    args = [str(data_dir / name)] + (["--format", fmt] if fmt else [])
    result = _ingest(ws_path, *args)
    summary = json.loads(result.stdout)
    assert {k: v for k, v in summary["stored_by_type"].items() if v} == stored
    assert result.exit_code == (1 if summary["rejected"] else 0)
    source = fmt or {"otlp_base64.json": "otlp", "junit_surefire.xml": "junit"}[name]
    assert _query(ws_path, "SELECT DISTINCT source FROM execution_logs") == [(source,)]


def test_unmappable_records_are_rejected_with_their_location(ws_path, data_dir, tmp_path):
    rejects = tmp_path / "rejects.jsonl"
    result = runner.invoke(app, ["ingest", "-w", str(ws_path), str(data_dir / "gha_jobs.json"),
                                 str(data_dir / "junit_malformed.xml"), "--rejects", str(rejects)])
    assert result.exit_code == 1
    assert "gha_jobs.json:1 $.jobs[1]: job is still running" in result.stdout
    assert "junit_malformed.xml:6:5: malformed XML: mismatched tag" in result.stdout
    lines = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert len(lines) == 3
    assert json.loads(lines[0]["raw"])["id"] == 399444497  # the job, ready to re-feed later
    assert _query(ws_path, "SELECT COUNT(*) FROM execution_logs") == [(7,)]


def test_an_undetectable_file_is_a_clear_error(ws_path, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    result = runner.invoke(app, ["ingest", "-w", str(ws_path), str(path)])
    assert result.exit_code == 2
    assert f"{path}: error: cannot tell the format" in result.stderr
    assert "Traceback" not in result.output


def test_watch_help_is_documented():
    result = runner.invoke(app, ["watch", "--help"])
    assert result.exit_code == 0
    for option in ("--max-content-bytes", "--batch-seconds", "--workspace", "gitignore"):
        assert option in result.stdout


def _wait_for(condition, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.slow
@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_watch_command_stores_batches_and_stops_cleanly(ws_path, tmp_path, stop_signal):
    tree = tmp_path / "tree"
    (tree / "src").mkdir(parents=True)
    (tree / ".gitignore").write_text("*.tmp\n")
    autopattern = shutil.which("autopattern", path=str(Path(sys.executable).parent))
    process = subprocess.Popen([autopattern, "watch", str(tree), "-w", str(ws_path),
                                "--batch-seconds", "0.2"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr.readline().startswith("watching ")
        (tree / "src" / "job.py").write_text("print('x')\n")
        (tree / "scratch.tmp").write_text("ignored")
        assert _wait_for(lambda: _stored(ws_path) >= 1)
        (tree / "src" / "late.py").write_text("written just before the signal\n")
        process.send_signal(stop_signal)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert _query(ws_path, "SELECT path, action, source FROM file_events ORDER BY seq") == [
        ("src/job.py", "created", "watch"), ("src/late.py", "created", "watch")]
    assert "  1 file event (1 created): 1 stored, 0 duplicates, 0 rejected" in out
    assert "stopped: 2 file events" in err


def _stored(ws: Path) -> int:
    try:
        return _query(ws, "SELECT COUNT(*) FROM file_events")[0][0]
    except sqlite3.OperationalError:
        return 0


FAILURE_RATES = ("SELECT operation, COUNT(*), SUM(status = 'failure') FROM execution_logs "
                 "GROUP BY operation")


@pytest.mark.parametrize("writer, name", [("write_otlp_export", "traces.json"),
                                          ("write_github_actions_export", "actions.json")])
def test_exports_of_twenty_runs_with_a_flaky_operation(ws_path, tmp_path, writer, name):
    export = getattr(factories, writer)(tmp_path / name, runs=20, flaky_failures=8)
    result = _ingest(ws_path, str(export.path))
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["stored_by_type"] == {"execution": export.executions, "file": 0,
                                         "error": export.errors}
    rates = {operation: (count, failures)
             for operation, count, failures in _query(ws_path, FAILURE_RATES)}
    assert rates[export.flaky_operation] == (20, 8)
    assert all(rates[operation] == (20, 0) for operation in export.stable_operations)
    assert all(rates[operation] == (20, 8) for operation in export.containing_operations)
    assert set(rates) == {export.flaky_operation, *export.stable_operations,
                          *export.containing_operations}


@pytest.mark.parametrize("writer", ["write_ci_junit_reports", "write_otlp_export",
                                    "write_github_actions_export"])
def test_evaluate_quarantines_the_flaky_operation_and_nothing_healthy(tmp_path, writer):
    """The issue's "done when": ingest what CI left behind, evaluate, read the registry."""
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    target = tmp_path / ("reports" if writer == "write_ci_junit_reports" else "export.json")
    written = getattr(factories, writer)(target, runs=20, flaky_failures=8)
    assert _ingest(ws, str(target)).exit_code == 0
    result = runner.invoke(app, ["evaluate", "anti_patterns", "-w", str(ws),
                                 "--now", "2024-05-05T00:00:00Z"])
    assert result.exit_code == 0, result.output
    quarantined = {subject for (subject,) in _query(
        ws, "SELECT subject FROM anti_patterns WHERE subject_kind = 'operation' AND quarantined = 1")}
    flagged = {subject for (subject,) in _query(
        ws, "SELECT subject FROM anti_patterns WHERE subject_kind = 'operation'")}
    expected = {written.flaky_operation, *getattr(written, "containing_operations", [])}
    assert quarantined == flagged == expected


def test_watch_without_a_workspace_says_how_to_make_one(tmp_path):
    (tmp_path / "tree").mkdir()
    result = runner.invoke(app, ["watch", str(tmp_path / "tree"), "-w", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "autopattern init" in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_ingest_detects_otlp_in_a_jsonl_file_and_walks_subfolders(tmp_path):
    """A collector's OTLP output named *.jsonl is read as OTLP; a folder of CI artifacts
    laid out as run-N/ is walked recursively."""
    import shutil

    from typer.testing import CliRunner

    from engine.cli import app
    from engine.workspace import init_workspace

    data = Path(__file__).parent / "data"
    ws = init_workspace(tmp_path / "ws", copy_rules=False)
    artifacts = tmp_path / "artifacts"
    (artifacts / "run-1").mkdir(parents=True)
    (artifacts / "run-2" / "otel").mkdir(parents=True)
    shutil.copy(data / "junit_pytest.xml", artifacts / "run-1" / "junit.xml")
    shutil.copy(data / "otlp_traces.jsonl", artifacts / "run-2" / "otel" / "traces.jsonl")
    result = CliRunner().invoke(app, ["ingest", str(artifacts), "-w", str(ws.root), "--json"])
    summary = json.loads(result.stdout)
    assert summary["rejected"] == 0, result.output
    db = ws.open_db()
    try:
        sources = {row[0] for row in db.execute("SELECT DISTINCT source FROM execution_logs")}
    finally:
        db.close()
    assert sources == {"junit", "otlp"}
