"""A rule file is data: quotes, SQL and code in its strings and names never reach the SQL text."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from engine.compile import compile_rule
from engine.evaluate.session import evaluate_workspace
from engine.outputs import OUTPUTS
from engine.language.checks import check_pack
from engine.language.diagnostics import DiagnosticSink
from engine.language.parser import parse_pack
from tests.support.rule_files import ingest_events, write_pack

HOSTILE = [
    '"; DROP TABLE execution_logs; --',
    "' OR 1=1 --",
    '__import__("os").system("touch /tmp/pwned")',
    "x') UNION SELECT id FROM decisions --",
    "\\\" ; ATTACH DATABASE '/tmp/evil.db' AS evil; --",
]


def quoted(payload: str) -> str:
    return '"' + payload.replace("\\", "\\\\").replace('"', '\\"') + '"'



def hostile_pack(payload: str) -> str:
    q = quoted(payload)
    return f'''
pack hostile {q}
  id {q}
param label = {q}
rule r {q}
  from executions
  where operation == {q} or command == label or starts_with(command, {q})
  group by operation
  emit report_row
    note = concat({q}, operation)
    label = label
'''


@pytest.mark.parametrize("payload", HOSTILE)
def test_strings_are_bound_never_spliced(payload):
    pack, diagnostics = parse_pack(hostile_pack(payload))
    assert diagnostics == []
    sink = DiagnosticSink("hostile.rules")
    check_pack(pack, sink)
    assert not sink.has_errors, [d.message for d in sink.items]
    compiled = compile_rule(pack, pack.rules[0])
    decoded = payload
    rendered = [compiled.sql_for(dialect, what) for dialect in ("sqlite", "postgres") for what in compiled.statements()]
    for sql in rendered:
        assert decoded not in sql
        assert "DROP" not in sql and "ATTACH" not in sql and "UNION" not in sql
    assert any(b.value == decoded for b in compiled.bindings.values())


@pytest.mark.parametrize("name", ['x"; DROP TABLE t; --', "a b", "x'y", "1abc", "sélect"])
def test_hostile_names_do_not_parse(name):
    pack, diagnostics = parse_pack(f'pack p\nrule r from executions group by {name} emit report_row\n')
    assert pack is None and diagnostics and diagnostics[0].severity == "error"


def test_hostile_rule_leaves_the_database_intact(ws):
    write_pack(ws, "hostile", hostile_pack(HOSTILE[0]))
    ingest_events(ws, [{"type": "execution", "id": "e1", "ts": "2026-11-23T00:00:00Z", "operation": HOSTILE[0],
                        "status": "success", "duration_ms": 5, "command": HOSTILE[0]}])
    result = evaluate_workspace(ws, outputs=OUTPUTS, now=datetime(2026, 11, 24, tzinfo=timezone.utc), dry_run=True)
    assert [f.fields["note"] for f in result.findings] == [HOSTILE[0] + HOSTILE[0]]
    db = ws.open_db()
    try:
        assert db["execution_logs"].count == 1
        assert "execution_logs" in db.table_names()
    finally:
        db.close()


def test_column_aliases_are_generated_not_user_names():
    pack, _ = parse_pack('pack p\nrule r from executions group by operation emit report_row weird_name = count()\n')
    compiled = compile_rule(pack, pack.rules[0])
    assert "weird_name" not in compiled.sql
