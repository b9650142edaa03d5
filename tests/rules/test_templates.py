"""AUTO-008 templates: literal parts and named slots for the groups AUTO-001/-002 drafted."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from engine.cli import app
from engine.evaluate.templates import add_templates
from engine.registry import decide, list_patterns
from engine.results import Finding
from engine.registry.files import read_document
from tests.support.pack_events import ago, execution, file, findings

PACKAGES = [("httpx", "^0.27"), ("rich", "^13.7"), ("pydantic", "^2.6"), ("orjson", "^3.10")]


def poetry_adds(pairs=PACKAGES):
    return [execution("add_dependency", f"poetry add {name}@{version}", ts=ago(hours=2 + i))
            for i, (name, version) in enumerate(pairs)]


def migrations(count=3):
    tables = ["orders", "users", "invoices", "events"]
    return [file(f"migrations/{n:04d}_add_column.sql",
                 f"-- add region to {tables[n]}\nALTER TABLE {tables[n]} ADD COLUMN region TEXT;\n",
                 ts=ago(hours=3 + n)) for n in range(count)]


def documents(shipped_ws):
    return [read_document(p) for p in sorted((shipped_ws.patterns_dir / "templates").glob("*.yaml"))]


def test_commands_of_a_drafted_pattern_get_a_template(ingest, evaluate, shipped_ws, snapshot):
    ingest(poetry_adds())
    evaluate("execution_patterns", "templates")
    [document] = documents(shipped_ws)
    assert document["template"] == "poetry add {package}@{version}"
    assert document["slots"] == [{"name": "package", "values": ["httpx", "rich", "pydantic", "orjson"]},
                                 {"name": "version", "values": ["^0.27", "^13.7", "^2.6", "^3.10"]}]
    assert "members" not in document["fields"] and document["fields"]["built_from"] == 4
    assert {k: document[k] for k in ("kind", "status", "name", "template", "slots", "evidence")} == snapshot


def test_a_batch_of_files_gets_a_multi_line_template(ingest, evaluate, shipped_ws, snapshot):
    ingest(migrations())
    evaluate("file_patterns", "templates")
    [document] = documents(shipped_ws)
    assert document["template"].splitlines()[1] == "ALTER TABLE {table} ADD COLUMN region TEXT;"
    assert {k: document[k] for k in ("name", "template", "slots")} == snapshot


def test_work_without_a_candidate_gets_no_template(ingest, evaluate, shipped_ws):
    ingest(poetry_adds() + migrations())
    assert findings(evaluate("templates")) == []
    assert documents(shipped_ws) == []


def test_a_rejected_candidate_gets_no_template(ingest, evaluate, shipped_ws):
    ingest(poetry_adds())
    evaluate("execution_patterns")
    db = shipped_ws.open_db()
    [candidate] = list_patterns(db, kind="pattern_candidate")
    decide(db, shipped_ws.patterns_dir, candidate["id"], "reject", actor="human:test", reason="not wanted")
    db.close()
    assert findings(evaluate("templates")) == []


@pytest.mark.parametrize("pairs", [PACKAGES[:2], [PACKAGES[0]] * 4], ids=["too-few", "all-alike"])
def test_too_few_or_identical_members_get_no_template(ingest, evaluate, pairs):
    ingest(poetry_adds(pairs))
    evaluation = evaluate("execution_patterns", "templates", sets=["execution_patterns.min_similar=2"])
    assert findings(evaluation, "command_template") == []


def test_the_step_only_touches_template_findings_that_list_members():
    other = Finding("p", "X", "r", "pattern_candidate", {}, {"members": ["a 1", "a 2"]}, "draft", "")
    bare = Finding("p", "X", "r", "template", {}, {"name": "t"}, "draft", "")
    filled = Finding("p", "X", "r", "template", {}, {"members": ["run --n 1", "run --n 2"]}, "draft", "")
    assert add_templates([other, bare, filled]) == 1
    assert other.fields == {"members": ["a 1", "a 2"]} and bare.fields == {"name": "t"}
    assert filled.fields["template"] == "run --n {n}"
    assert filled.fields["slots"] == [{"name": "n", "values": ["1", "2"]}]


def test_a_second_run_changes_no_template(ingest, evaluate, shipped_ws):
    ingest(poetry_adds() + migrations())
    evaluate("execution_patterns", "file_patterns", "templates")
    again = evaluate("execution_patterns", "file_patterns", "templates")
    assert again.registry["templates"]["unchanged"] == 2
    assert again.registry["templates"]["documents"] == []


def test_cli_names_file_templates_by_their_paths_and_command_slots_by_meaning(shipped_ws, tmp_path):
    """Through the CLI: two batches under one folder get templates named apart by their
    paths (not ``files like src/{value}`` twice), and a switch (``curl -s``) names no slot."""
    events = []
    for n, name in enumerate(["billing", "search", "ledger"]):
        events.append(file(f"src/{name}/__init__.py", f"from .service import {name.title()}\n",
                           ts=ago(hours=2 + n)))
        events.append(file(f"src/{name}/service.py", f"class {name.title()}:\n    name = '{name}'\n",
                           ts=ago(hours=2 + n)))
    events += [execution("probe_status", f"curl -s https://{host}.example/health", ts=ago(hours=1 + i))
               for i, host in enumerate(["api", "web", "auth", "mail"])]
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    runner = CliRunner()
    ws = ["-w", str(shipped_ws.root)]
    assert runner.invoke(app, ["ingest", str(path), *ws]).exit_code == 0
    result = runner.invoke(app, ["evaluate", *ws, "--now", "2026-03-10T12:00:00Z"])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["patterns", "list", "--kind", "template", "--json", *ws])
    names = sorted(entry["name"] for entry in json.loads(listed.stdout))
    assert names == ["files like src/{name}/__init__.py", "files like src/{name}/service.py",
                     "template probe_status: curl -s {url}"]
