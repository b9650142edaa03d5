"""What the commands print about counts agrees with the count ("1 rule", "1 document
written"), and `evaluate` keeps per-rule timings for -v."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from engine.cli import app
from tests.support.rule_files import ingest_events, write_pack

runner = CliRunner()
NOW = "2026-11-24T00:00:00Z"

ONE_RULE = '''
pack decide "Decide"
  id "AUTO-901"
rule candidates
  from executions
  where pattern_id is null
  group by operation
  having count() >= 2
  emit pattern_candidate
    name = slug(operation)
    confidence = rate(status == "success")
  decide
    approve when rate(status == "success") >= 0.5
    draft otherwise
'''


def build(i: int) -> dict:
    return {"type": "execution", "id": f"e{i}", "ts": f"2026-11-2{i}T10:00:00Z", "operation": "build",
            "command": f"make build --n {i}", "status": "success", "duration_ms": 100}


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def one_rule_workspace(ws):
    write_pack(ws, "decide", ONE_RULE)
    ingest_events(ws, [build(1), build(2)])
    return ws


def test_counts_of_one_are_singular(ws, tmp_path):
    one_rule_workspace(ws)
    check = run("check", "-w", ws.root)
    assert check.exit_code == 0 and "1 file, 1 rule: 0 errors, 0 warnings" in check.stdout

    evaluated = run("evaluate", "-w", ws.root, "--now", NOW)
    assert evaluated.exit_code == 0, evaluated.output
    assert "registry: 1 document written" in evaluated.stdout
    assert "1 documents" not in evaluated.stdout

    listed = run("patterns", "list", "-w", ws.root)
    assert listed.stdout.rstrip().endswith("\n1 document")

    events = tmp_path / "one.jsonl"
    events.write_text(json.dumps(build(3)) + "\n", encoding="utf-8")
    ingested = run("ingest", events, "-w", ws.root)
    assert ingested.exit_code == 0 and ingested.stdout.startswith("read 1 event in ")


def test_evaluate_prints_a_summary_and_timings_only_with_verbose(ws):
    one_rule_workspace(ws)
    quiet = run("evaluate", "-w", ws.root, "--now", NOW, "--dry-run")
    assert quiet.exit_code == 0, quiet.output
    assert re.fullmatch(r"evaluated 1 rule in \d+\.\d s \(slowest decide\.candidates: \d+ ms; "
                        r"-v for each rule\)\n", quiet.stderr), quiet.stderr
    verbose = run("evaluate", "-w", ws.root, "--now", NOW, "--dry-run", "-v")
    assert verbose.exit_code == 0, verbose.output
    assert re.fullmatch(r"  decide\.candidates: 1 finding \(\d+ ms\)\n", verbose.stderr), verbose.stderr
    assert quiet.stdout.splitlines()[1:] == verbose.stdout.splitlines()[1:]   # stdout alike, but the run id
    as_json = run("evaluate", "-w", ws.root, "--now", NOW, "--dry-run", "--json")
    assert as_json.stderr == "" and json.loads(as_json.stdout)["rules"]
