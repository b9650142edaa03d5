"""`attrs.NAME`: the extra fields of events, addressable in rules (issue 18, point 7).

Through the CLI: a rule grouping by attrs.runner is checked, evaluated and explained; a
field no stored event has is a warning of `check`; an invalid name is an error at its
line and column and never reaches the SQL.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from engine.cli import app
from engine.compile import compile_rule
from engine.language.catalog import SOURCES
from engine.language.checks import check_pack
from engine.language.diagnostics import DiagnosticSink
from engine.language.parser import parse_pack
from tests.support.rule_files import ingest_events, write_pack

runner = CliRunner()
NOW = "2026-12-02T00:00:00Z"

BY_RUNNER = """\
pack ci_runners "Runners"
  id "T-RUNNER"
  version 1

param min_runs = 2 in 1 .. 100 "runs of a test on a runner before it counts"

rule failing_on_runner "A test that fails on one runner"
  from executions
  where attrs.runner is not null and ts within 30d
  group by operation, attrs.runner
  having count() >= min_runs
  let failures = count(where status == "failure")
  let flagged  = count(where attrs.retried == "true")
  emit anti_pattern
    name           = concat(operation, " fails on ", attrs.runner)
    runner         = attrs.runner
    failures       = failures
    attempts       = count()
    retried        = flagged
    commits        = distinct(attrs.commit)
    recommendation = concat("look at runner ", attrs.runner)
  decide
    quarantine when failures >= 2
    record otherwise
"""


def _run(ws, *args):
    return runner.invoke(app, [*map(str, args), "-w", str(ws.root)])


def _event(n: int, runner_name: str | None, status: str, **extra) -> dict:
    event = {"type": "execution", "id": f"e{n}", "ts": f"2026-12-01T10:{n:02d}:00Z", "operation": "tests.api",
             "status": status, "duration_ms": 10, **extra}
    if runner_name is not None:
        event["runner"] = runner_name
    return event


@pytest.fixture
def runners_ws(ws):
    write_pack(ws, "runners", BY_RUNNER)
    ingest_events(ws, [
        _event(1, "r-1", "failure", commit="a", retried=True),
        _event(2, "r-1", "failure", commit="b"),
        _event(3, "r-1", "success", commit="b"),
        _event(4, "r-2", "success", commit="a"),
        _event(5, "r-2", "success", commit="a"),
        _event(6, None, "failure"),
        _event(7, 42, "failure"),            # a number is read as its text, "42"
        _event(8, 42, "failure"),
    ])
    return ws


def test_a_rule_grouping_by_attrs_runner_is_checked_evaluated_and_explained(runners_ws):
    checked = _run(runners_ws, "check")
    assert checked.exit_code == 0, checked.output
    assert "0 errors, 0 warnings" in checked.stdout

    result = _run(runners_ws, "evaluate", "--now", NOW, "--json")
    assert result.exit_code == 0, result.output
    (rule,) = json.loads(result.stdout)["rules"]
    findings = {f["key"]["attrs.runner"]: f for f in rule["findings"]}
    assert sorted(findings) == ["42", "r-1", "r-2"]
    r1 = findings["r-1"]
    assert r1["key"] == {"operation": "tests.api", "attrs.runner": "r-1"}
    assert r1["decision"] == "quarantine"
    assert r1["fields"]["failures"] == 2 and r1["fields"]["attempts"] == 3
    assert r1["fields"]["retried"] == 1            # JSON true reads as "true"
    assert r1["fields"]["commits"] == 2 and r1["fields"]["runner"] == "r-1"
    assert sorted(r1["evidence"]) == ["e1", "e2", "e3"]
    assert findings["r-2"]["decision"] == "record"

    explained = _run(runners_ws, "explain", "ci_runners.failing_on_runner", "--now", NOW, "--sql")
    assert explained.exit_code == 0, explained.output
    out = explained.stdout
    assert """JSON_EXTRACT("src"."attrs", '$."runner"')""" in out
    assert "group operation=tests.api, attrs.runner=r-1" in out
    assert "=> quarantine: failures >= 2 (2 >= 2)" in out
    keyed = _run(runners_ws, "explain", "ci_runners.failing_on_runner", "--now", NOW, "--key", "attrs.runner=r-2")
    assert "attrs.runner=r-2" in keyed.stdout and "attrs.runner=r-1" not in keyed.stdout


def test_check_warns_about_a_field_no_stored_event_has(runners_ws):
    write_pack(runners_ws, "runners", BY_RUNNER.replace("distinct(attrs.commit)", "distinct(attrs.comit)"))
    result = _run(runners_ws, "check")
    assert result.exit_code == 0
    assert "runners.rules:20:31: warning: no stored event of executions has the field 'comit'" in result.stdout
    assert "hint: did you mean 'attrs.commit'?" in result.stdout
    assert "1 warning" in result.stdout
    assert _run(runners_ws, "check", "--strict").exit_code == 1
    without = _run(runners_ws, "check", "--no-data")
    assert without.exit_code == 0 and "0 warnings" in without.stdout


@pytest.mark.parametrize("name, message", [
    ("attrs.9lives", "invalid field name '9lives' after attrs."),
    ("attrs.", "attrs. needs a field name"),
    ("attrs.x';--", "invalid field name \"x';--\""),
    ('attrs."runner"', "invalid field name '\"runner\"'"),
    ("attrs.a$b", "invalid field name 'a$b'"),
])
def test_an_invalid_field_name_is_an_error_at_its_place(ws, name, message):
    write_pack(ws, "bad", BY_RUNNER.replace("where attrs.runner is not null", f"where {name} is null"))
    result = _run(ws, "check", "--json")
    assert result.exit_code == 1
    (diagnostic,) = [d for f in json.loads(result.stdout)["files"] for d in f["diagnostics"]
                     if d["severity"] == "error"]
    assert message in diagnostic["message"]
    assert (diagnostic["line"], diagnostic["column"]) == (9, 9)


def test_attrs_of_a_source_without_them_and_ungrouped_use_are_errors():
    text = BY_RUNNER.replace("from executions", "from patterns").replace("and ts within 30d", "")
    pack, _ = parse_pack(text, "p.rules")
    sink = DiagnosticSink("p.rules")
    check_pack(pack, sink)
    assert any(d.code == "no-attrs" for d in sink.items)
    text = BY_RUNNER.replace('concat("look at runner ", attrs.runner)', 'concat("see ", attrs.host)')
    pack, _ = parse_pack(text, "p.rules")
    sink = DiagnosticSink("p.rules")
    check_pack(pack, sink)
    assert [(d.code, d.message) for d in sink.items] == [("not-grouped", "'attrs.host' is not a group key here")]


def test_names_with_dots_and_dashes_are_one_quoted_key():
    pack, diagnostics = parse_pack(BY_RUNNER.replace("attrs.retried", "attrs.k8s.pod-name"), "p.rules")
    assert diagnostics == []
    compiled = compile_rule(pack, pack.rules[0])
    assert """'$."k8s.pod-name"'""" in compiled.sql
    assert SOURCES["executions"].column("attrs.k8s.pod-name").type == "text"
    assert SOURCES["executions"].column("attrs.bad'name") is None
    assert SOURCES["executions"].column("attrs.x'); DROP TABLE execution_logs; --") is None


def test_otlp_resource_attribute_names_are_addressable(ws):
    """service.name (OTLP) is one key with a dot in it, as the importer stores it."""
    write_pack(ws, "svc", BY_RUNNER.replace("attrs.runner", "attrs.service.name"))
    ingest_events(ws, [_event(n, None, "failure", **{"service.name": "checkout"}) for n in range(1, 4)])
    result = _run(ws, "evaluate", "--now", NOW, "--json")
    (rule,) = json.loads(result.stdout)["rules"]
    assert [f["key"] for f in rule["findings"]] == [{"operation": "tests.api", "attrs.service.name": "checkout"}]


def test_the_commit_index_matches_what_the_compiler_writes(ws):
    """Migration 7's partial index is used only while its WHERE is the compiled text."""
    from engine.language.loader import load_pack
    from engine import resources
    from engine.evaluate.findings import resolve_bindings
    from engine.telemetry.migrations import V7_ATTR_COMMIT_INDEX
    from datetime import datetime, timezone

    from sqlglot import exp
    from engine.compile import nodes as q
    attrs = exp.Column(this=exp.to_identifier("attrs", quoted=True))
    compiled_text = q.render(q.JsonValue(this=attrs, key="commit", as_text=True), "sqlite")
    assert f"WHERE ({compiled_text}) IS NOT NULL;" in V7_ATTR_COMMIT_INDEX
    pack = load_pack(resources.rules_dir() / "flaky_tests.rules").pack
    compiled = compile_rule(pack, pack.rules[0])
    values = resolve_bindings(compiled.bindings, {p.name: p.default.value for p in pack.params},
                              datetime(2026, 12, 1, tzinfo=timezone.utc))
    db = ws.open_db()
    try:
        plan = " ".join(row[3] for row in db.conn.execute("EXPLAIN QUERY PLAN " + compiled.sql, values))
    finally:
        db.close()
    assert "USING INDEX idx_exec_attr_commit" in plan, plan
