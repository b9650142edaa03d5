"""Files as other tools write them, through `autopattern ingest`: every case is stored or
explained (issue 18). The corpus is written here, shaped like the real files: TestNG and
mocha timestamps, jest-junit's empty names, container-structure-test's nanosecond times,
a report whose mtime is in the future, proto3 JSON without default fields, Jaeger's and
Tempo's query-API wrappers, a single GitHub Actions run object, gzip, and a user's
mixed folder with empty, binary and unknown files.
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.cli import app

runner = CliRunner()


@pytest.fixture
def shipped_ws_path(tmp_path) -> Path:
    root = tmp_path / "ws"
    result = runner.invoke(app, ["init", str(root)])
    assert result.exit_code == 0, result.output
    return root


def _ingest(ws: Path, *args: str, as_json: bool = True):
    return runner.invoke(app, ["ingest", "-w", str(ws), *(["--json"] if as_json else []), *args])


def _rows(ws: Path, sql: str, params=()):
    with sqlite3.connect(ws / "autopattern.db") as conn:
        return conn.execute(sql, params).fetchall()


def _attrs(ws: Path, operation: str) -> dict:
    (raw,) = _rows(ws, "SELECT attrs FROM execution_logs WHERE operation = ?", (operation,))[0]
    return json.loads(raw)


# ------------------------------------------------------------------ the corpus
TESTNG = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite hostname="build-7" failures="0" tests="2" name="Command line suite" time="1.5"
           errors="0" timestamp="2021-03-07T10:36:56 UTC" skipped="0">
  <testcase classname="com.acme.PaymentTest" name="charges" time="0.5"/>
  <testcase classname="com.acme.PaymentTest" name="refunds" time="1.0"/>
</testsuite>
"""

MOCHA = """<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="Mocha Tests" time="0.3" tests="2" failures="1">
  <testsuite name="Root Suite" timestamp="Sat, 03 Dec 2022 23:10:07 GMT" tests="0" time="0"/>
  <testsuite name="cart" timestamp="Sat, 03 Dec 2022 23:10:07 GMT" tests="2" file="test/cart.js" time="0.3" failures="1">
    <testcase name="cart adds" time="0.1" classname="adds"/>
    <testcase name="cart removes" time="0.2" classname="removes">
      <failure message="expected 1 to equal 0" type="AssertionError">AssertionError: expected 1 to equal 0</failure>
    </testcase>
  </testsuite>
</testsuites>
"""

UNREADABLE_TIMESTAMP = """<testsuite name="legacy" timestamp="the day before yesterday" tests="1">
  <testcase classname="legacy" name="still runs" time="0.2"/>
</testsuite>
"""

JEST_EMPTY_NAMES = """<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="jest tests" tests="2" failures="0" time="1.2">
  <testsuite name="App" errors="0" failures="0" skipped="0" timestamp="2024-05-04T14:30:00" time="1.2" tests="2">
    <testcase classname="" name="" time="0.4"/>
    <testcase classname="App renders" name="App renders" time="0.8"/>
  </testsuite>
</testsuites>
"""

STRUCTURE_TEST = """<testsuites failures="0" tests="1" time="999638317">
  <testsuite>
    <testcase name="File Existence Test: /app" time="999638317"/>
  </testsuite>
</testsuites>
"""

DOTNET_WITH_COMMIT = """<testsuites>
  <testsuite name="Api.Tests" timestamp="2022-12-03T23:10:07.1234567+01:00" tests="1">
    <properties>
      <property name="GIT_COMMIT" value="9f2c1e0"/>
    </properties>
    <testcase classname="Api.Tests.Health" name="Ok" time="0.25"/>
  </testsuite>
</testsuites>
"""

NO_TIMESTAMP = """<testsuite name="future"><testcase classname="clock" name="skewed" time="1"/></testsuite>
"""


def _span(name: str | None, span_id: str, **extra) -> dict:
    span = {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": span_id,
            "startTimeUnixNano": "1700000000000000000", "endTimeUnixNano": "1700000001000000000",
            **extra}
    if name is not None:
        span["name"] = name
    return span


def _otlp(*spans: dict) -> dict:
    return {"resourceSpans": [{"resource": {"attributes": [
        {"key": "service.name", "value": {"stringValue": "ci"}}]},
        "scopeSpans": [{"scope": {}, "spans": list(spans)}]}]}


GHA_SINGLE_RUN = {
    "id": 7001, "name": "CI", "head_branch": "main", "head_sha": "deadbeef0001", "run_number": 12,
    "event": "push", "status": "completed", "conclusion": "failure", "workflow_id": 159038,
    "run_attempt": 1, "created_at": "2024-05-02T10:00:00Z", "run_started_at": "2024-05-02T10:00:00Z",
    "updated_at": "2024-05-02T10:05:00Z", "html_url": "https://github.com/o/r/actions/runs/7001",
    "actor": {"login": "octocat"},
}


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "testng-results.xml").write_text(TESTNG)
    (folder / "mocha.xml").write_text(MOCHA)
    (folder / "legacy.xml").write_text(UNREADABLE_TIMESTAMP)
    (folder / "jest-junit.xml").write_text(JEST_EMPTY_NAMES)
    (folder / "structure-test.xml").write_text(STRUCTURE_TEST)
    with gzip.open(folder / "dotnet.xml.gz", "wt") as out:          # gzip, by content
        out.write(DOTNET_WITH_COMMIT)
    future = folder / "future.xml"
    future.write_text(NO_TIMESTAMP)
    in_2058 = datetime(2058, 1, 1, tzinfo=timezone.utc).timestamp()
    os.utime(future, (in_2058, in_2058))
    (folder / "proto3.json").write_text(json.dumps(_otlp(_span(None, "eee19b7ec3c1b174"))))
    (folder / "jaeger.json").write_text(json.dumps(
        {"result": _otlp(_span("GET /users", "eee19b7ec3c1b175", status={"code": 2}))}))
    tempo = _otlp(_span("db query", "eee19b7ec3c1b176"))
    (folder / "tempo.json").write_text(json.dumps({"batches": tempo["resourceSpans"]}))
    (folder / "run.json").write_text(json.dumps(GHA_SINGLE_RUN, indent=2))
    return folder


def test_a_corpus_of_real_world_shaped_files_is_stored_or_explained(shipped_ws_path, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    result = _ingest(shipped_ws_path, str(corpus))
    assert result.exit_code == 0, result.output          # everything stored, some with a warning
    summary = json.loads(result.stdout)
    assert summary["rejected"] == 0 and summary["skipped"] == []
    assert summary["stored_by_type"] == {"execution": 14, "file": 0, "error": 1}

    # TestNG's "... UTC" and mocha's RFC 2822 dates are read; a case ends at start + times
    assert _rows(shipped_ws_path, "SELECT ts FROM execution_logs WHERE operation = 'com.acme.PaymentTest.refunds'") \
        == [("2021-03-07T10:36:57.500Z",)]
    assert _rows(shipped_ws_path, "SELECT ts, status FROM execution_logs WHERE operation = 'cart removes'") \
        == [("2022-12-03T23:10:07.300Z", "failure")]
    assert _rows(shipped_ws_path, "SELECT ts FROM execution_logs WHERE operation = 'Api.Tests.Health.Ok'") \
        == [("2022-12-03T22:10:07.373Z",)]                 # 7 fraction digits, +01:00
    assert _attrs(shipped_ws_path, "Api.Tests.Health.Ok")["commit"] == "9f2c1e0"

    warnings = {w["location"].split(" ")[0].split(":")[0]: w["message"] for w in summary["warnings"]}
    assert summary["warned"] == len(summary["warnings"]) == 4
    # an unreadable timestamp: stored at the fallback (file mtime), and said so
    assert "'the day before yesterday' is not a time format autopattern reads" in warnings[str(corpus / "legacy.xml")]
    assert "stored at the file mtime" in warnings[str(corpus / "legacy.xml")]
    assert _attrs(shipped_ws_path, "legacy.still runs")["ts_source"].startswith("file mtime (timestamp 'the day")
    # jest-junit's classname="" name="": kept under a name made of file and position
    assert "testcase has an empty name attribute and an empty classname" in warnings[str(corpus / "jest-junit.xml")]
    assert _rows(shipped_ws_path, "SELECT COUNT(*) FROM execution_logs WHERE operation = "
                     "'jest-junit.xml/testsuite[1]/testcase[1]'") == [(1,)]
    # nanoseconds in time="": read as such, not as 31.7 years
    assert "read as nanoseconds" in warnings[str(corpus / "structure-test.xml")]
    assert "31.7 years" in warnings[str(corpus / "structure-test.xml")]
    assert _rows(shipped_ws_path, "SELECT duration_ms FROM execution_logs WHERE operation = 'File Existence Test: /app'") \
        == [(1000,)]
    # an mtime in 2058: the cases are stored at the ingest time instead
    assert "modification time 2058-01-01" in warnings[str(corpus / "future.xml")]
    (ts,) = _rows(shipped_ws_path, "SELECT ts FROM execution_logs WHERE operation = 'clock.skewed'")[0]
    assert ts[:4] == str(datetime.now(timezone.utc).year)

    # OTLP: a span without "name" (proto3 default) is valid; Jaeger and Tempo wrappers read
    assert _rows(shipped_ws_path, "SELECT COUNT(*) FROM execution_logs WHERE operation = '(unnamed span)'") == [(1,)]
    assert _rows(shipped_ws_path, "SELECT status FROM execution_logs WHERE operation = 'GET /users'") == [("failure",)]
    assert _rows(shipped_ws_path, "SELECT source FROM execution_logs WHERE operation = 'db query'") == [("otlp",)]
    # GitHub Actions: one run object, as GET /repos/{o}/{r}/actions/runs/{id} returns it
    assert _rows(shipped_ws_path, "SELECT id, status, source FROM execution_logs WHERE operation = 'CI'") \
        == [("gha:run:7001:1", "failure", "github-actions")]
    assert _attrs(shipped_ws_path, "CI")["commit"] == "deadbeef0001"

    text = _ingest(shipped_ws_path, str(corpus), as_json=False)   # again: all duplicates, warnings printed
    assert text.exit_code == 0
    assert "stored 0" in text.stdout and "stored with a warning:" in text.stdout
    assert f"{corpus / 'structure-test.xml'}:3 testsuite[1]/testcase[1]" in text.stdout


def test_a_mixed_folder_is_read_in_one_run_and_the_unreadable_files_listed(shipped_ws_path, tmp_path):
    folder = tmp_path / "mixed"
    (folder / "ci" / "run-1").mkdir(parents=True)
    (folder / "ci" / "run-1" / "junit.xml").write_text(TESTNG)
    (folder / "events.jsonl").write_text(json.dumps(
        {"type": "execution", "id": "e1", "ts": "2026-03-02T10:00:00Z", "operation": "build",
         "status": "success", "duration_ms": 5, "runner": "r-1"}) + "\n")
    with gzip.open(folder / "more.jsonl.gz", "wt") as out:
        out.write(json.dumps({"type": "execution", "id": "e2", "ts": "2026-03-02T10:01:00Z",
                              "operation": "build", "status": "failure", "duration_ms": 7}) + "\n")
    (folder / "empty.xml").write_text("")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "README.md").write_text("# our CI exports\n")
    (folder / "broken.json.gz").write_bytes(gzip.compress(b'{"resourceSpans": []}')[:-12])
    (folder / "latest.xml").symlink_to(folder / "gone.xml")          # a link to a deleted report
    result = _ingest(shipped_ws_path, str(folder), as_json=False)
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "stored 4 (execution 4)" in out
    assert "not read: 5 files (the others were read):" in out
    assert f"{folder / 'latest.xml'}: a broken symbolic link" in out
    assert f"{folder / 'empty.xml'}: the file is empty" in out
    assert f"{folder / 'logo.png'}: binary content" in out
    assert f"{folder / 'README.md'}: cannot tell the format of this file" in out
    assert f"{folder / 'broken.json.gz'}: cannot decompress" in out
    assert _rows(shipped_ws_path, "SELECT id FROM execution_logs WHERE source = 'jsonl' ORDER BY id") == [("e1",), ("e2",)]

    as_json = _ingest(shipped_ws_path, str(folder))
    data = json.loads(as_json.stdout)
    assert as_json.exit_code == 1 and data["stored"] == 0 and data["duplicates"] == 4
    assert sorted(Path(item["path"]).name for item in data["skipped"]) == \
        ["README.md", "broken.json.gz", "empty.xml", "latest.xml", "logo.png"]


def test_nothing_readable_exits_2_naming_every_file(shipped_ws_path, tmp_path):
    (tmp_path / "a.txt").write_text("hello")
    (tmp_path / "b.bin").write_bytes(b"\x00\x01\x02")
    result = runner.invoke(app, ["ingest", "-w", str(shipped_ws_path), str(tmp_path / "a.txt"), str(tmp_path / "b.bin"),
                                 str(tmp_path / "missing.xml")])
    assert result.exit_code == 2
    assert f"{tmp_path / 'a.txt'}: error: cannot tell the format" in result.stderr
    assert f"{tmp_path / 'b.bin'}: error: binary content" in result.stderr
    assert f"{tmp_path / 'missing.xml'}: error: no such file or directory" in result.stderr


def test_a_missing_input_next_to_good_ones_is_listed_not_fatal(shipped_ws_path, tmp_path):
    good = tmp_path / "report.xml"
    good.write_text(TESTNG)
    result = _ingest(shipped_ws_path, str(good), str(tmp_path / "missing.xml"))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["stored"] == 2
    assert data["skipped"] == [{"path": str(tmp_path / "missing.xml"), "reason": "no such file or directory",
                                "partly": False}]


def _pytest_report(commit: str, outcome: str, stamp: str) -> str:
    failure = '<failure message="AssertionError: timeout">assert False</failure>' if outcome == "failure" else ""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" errors="0" failures="0" skipped="0" tests="2" time="1.0"
    timestamp="{stamp}" hostname="ci">
  <properties><property name="git.commit" value="{commit}"/></properties>
  <testcase classname="tests.test_checkout" name="test_webhook" time="0.5">{failure}</testcase>
  <testcase classname="tests.test_checkout" name="test_total" time="0.5"/>
</testsuite></testsuites>
"""


def test_the_flaky_tests_pack_finds_a_test_that_passed_and_failed_on_one_commit(shipped_ws_path, tmp_path):
    reports = tmp_path / "reports"
    runs = [("c0ffee1", "success", "2026-11-20T10:00:00+00:00"),
            ("c0ffee1", "failure", "2026-11-20T11:00:00+00:00"),   # same commit, re-run: flaky
            ("c0ffee1", "failure", "2026-11-20T12:00:00+00:00"),
            ("beef002", "failure", "2026-11-21T10:00:00+00:00"),   # a new commit that fails only
            ("beef003", "success", "2026-11-22T10:00:00+00:00")]
    for number, (commit, outcome, stamp) in enumerate(runs, 1):
        (reports / f"run-{number}").mkdir(parents=True)
        (reports / f"run-{number}" / "junit.xml").write_text(_pytest_report(commit, outcome, stamp))
    assert _ingest(shipped_ws_path, str(reports)).exit_code == 0
    # a GitHub job re-run on the same head_sha: one attempt failed, the next passed
    job = {"run_id": 9, "runner_name": "gh-runner-3", "head_sha": "c0ffee1", "workflow_name": "CI",
           "name": "test", "status": "completed", "started_at": "2026-11-20T10:00:00Z", "steps": []}
    jobs = {"total_count": 2, "jobs": [{**job, "id": 1, "conclusion": "failure", "completed_at": "2026-11-20T10:05:00Z"},
                                       {**job, "id": 2, "conclusion": "success", "completed_at": "2026-11-20T10:09:00Z"}]}
    (tmp_path / "jobs.json").write_text(json.dumps(jobs))
    assert _ingest(shipped_ws_path, str(tmp_path / "jobs.json")).exit_code == 0

    assert runner.invoke(app, ["check", "-w", str(shipped_ws_path)]).exit_code == 0
    result = runner.invoke(app, ["evaluate", "flaky_tests", "-w", str(shipped_ws_path), "--now", "2026-11-24T00:00:00Z",
                                 "--json"])
    assert result.exit_code == 0, result.output
    (rule,) = json.loads(result.stdout)["rules"]
    found = {(f["key"]["operation"], f["key"]["attrs.commit"]): f for f in rule["findings"]}
    assert sorted(found) == [("CI/test", "c0ffee1"), ("tests.test_checkout.test_webhook", "c0ffee1")]
    webhook = found[("tests.test_checkout.test_webhook", "c0ffee1")]
    assert webhook["decision"] == "quarantine"
    assert (webhook["fields"]["failures"], webhook["fields"]["attempts"]) == (2, 3)
    assert found[("CI/test", "c0ffee1")]["decision"] == "record"
    assert _rows(shipped_ws_path, "SELECT subject, quarantined FROM anti_patterns WHERE subject_kind = 'operation' "
                     "ORDER BY subject") == [("CI/test", 0), ("tests.test_checkout.test_webhook", 1)]

    explained = runner.invoke(app, ["explain", "flaky_tests.same_commit", "-w", str(shipped_ws_path),
                                    "--now", "2026-11-24T00:00:00Z"])
    assert "group operation=tests.test_checkout.test_webhook, attrs.commit=c0ffee1" in explained.stdout
    # the runner a GitHub job ran on is there to group by as well
    assert _attrs(shipped_ws_path, "CI/test")["runner"] == "gh-runner-3"


def test_a_gzip_file_damaged_midway_keeps_what_came_before(shipped_ws_path, tmp_path):
    import random
    rng = random.Random(7)   # incompressible-ish payload, so the damage lands past the sniffed head
    lines = [json.dumps({"type": "execution", "id": f"g{n}", "ts": "2026-03-02T10:00:00Z", "operation": "build",
                         "status": "success", "duration_ms": n, "noise": "%032x" % rng.getrandbits(128)})
             for n in range(4000)]
    data = gzip.compress(("\n".join(lines) + "\n").encode())
    damaged = tmp_path / "events.jsonl.gz"
    damaged.write_bytes(data[: len(data) * 2 // 3])
    result = _ingest(shipped_ws_path, str(damaged))
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)
    assert 0 < summary["stored"] < 4000
    (skipped,) = summary["skipped"]
    assert skipped["partly"] is True and skipped["reason"].startswith("damaged gzip data")
    stored = _rows(shipped_ws_path, "SELECT COUNT(*) FROM execution_logs")[0][0]
    assert stored == summary["stored"]
    assert _rows(shipped_ws_path, "SELECT MIN(duration_ms), MAX(duration_ms) FROM execution_logs") == [(0, stored - 1)]


def test_a_utf16_report_as_windows_powershell_writes_it_is_read(shipped_ws_path, tmp_path):
    path = tmp_path / "pester.xml"
    path.write_bytes(TESTNG.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    result = _ingest(shipped_ws_path, str(path))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stored"] == 2
