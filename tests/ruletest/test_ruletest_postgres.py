"""Rule-pack tests on PostgreSQL: every shipped test file gives the same answers on both stores.

The differential runs each test of every shipped rule-pack test file twice, once in a
SQLite store in memory and once in a schema of its own on the suite's PostgreSQL server,
and compares every rule's findings (not only the rules the test checks): keys,
decisions, reasons, evidence, fields and lets (numbers to 1e-9), the groups a ``having``
held back, and the test's verdict. Then `autopattern test --database postgresql://...`
end to end: the shipped tests pass there, a wrong expectation fails there, the
workspace's store (AUTOPATTERN_DATABASE_URL) is followed, and no scratch schema is left.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from engine.ruletest.matching import check_rule
from engine.ruletest.runner import evaluate_case, resolve_pack
from engine.ruletest.spec import find_test_files, load_test_file
from engine.store import parse_store_url, scratch_stores
from engine.workspace import init_workspace
from tests.support.differential import assert_same_findings, assert_same_results
from tests.support.rule_files import SHIPPED_RULES, write_test

psycopg = pytest.importorskip("psycopg")

SHIPPED_TESTS = find_test_files([SHIPPED_RULES / "tests"])
MEMORY = parse_store_url(":memory:")


def _scratch_schemas(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return [r[0] for r in conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'autopattern_scratch_%'")]


@pytest.fixture(scope="module")
def pg_tests_url(postgres_server):
    """One database for this module's scratch schemas."""
    return postgres_server.create_database("ruletest_differential")


def test_the_shipped_test_files_are_all_here():
    """The differential below is parametrised by file: a new pack's test file joins it."""
    assert len(SHIPPED_TESTS) >= 10
    assert {p.name for p in SHIPPED_TESTS} >= {f"{p.stem}.test.yaml" for p in SHIPPED_RULES.glob("*.rules")}


@pytest.mark.parametrize("path", SHIPPED_TESTS, ids=lambda p: p.name.removesuffix(".test.yaml"))
def test_every_shipped_test_file_gives_the_same_answers_on_both(path: Path, pg_tests_url):
    test_file = load_test_file(path)
    _, pack = resolve_pack(test_file)
    compared = 0
    with scratch_stores(MEMORY) as in_memory, scratch_stores(pg_tests_url) as on_pg:
        for case in test_file.tests:
            compared += _compare_case(path, test_file, case, pack, in_memory, on_pg)
    assert compared > 0 or all(e.none for c in test_file.tests for e in c.expect), path.name
    assert _scratch_schemas(pg_tests_url) == []


def _compare_case(path, test_file, case, pack, in_memory, on_pg) -> int:
    label = f"{path.name} [{case.name}]"
    lite_results, lite_held = evaluate_case(test_file, case, pack, (), in_memory)
    pg_results, pg_held = evaluate_case(test_file, case, pack, (), on_pg)
    compared = assert_same_results(lite_results, pg_results, label)
    assert lite_held.keys() == pg_held.keys(), label
    for rule in lite_held:
        assert_same_findings(lite_held[rule], pg_held[rule], f"{label} held back by {rule}")
    for expectation in case.expect:   # and the verdict, expectation by expectation
        found = {r.rule: r.findings for r in lite_results}.get(expectation.rule, [])
        pg_found = {r.rule: r.findings for r in pg_results}.get(expectation.rule, [])
        lite_ok = check_rule(expectation, found, lite_held.get(expectation.rule, [])).ok
        assert lite_ok, f"{label} {expectation.rule} fails on SQLite"
        assert check_rule(expectation, pg_found, pg_held.get(expectation.rule, [])).ok == lite_ok, label
    return compared


# --- end to end through the CLI ---------------------------------------------------------------

def test_the_shipped_tests_pass_on_postgres_through_the_cli(cli, pg_url):
    result = cli("test", SHIPPED_RULES / "tests", "--database", pg_url, "--coverage", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["database"] == pg_url
    assert data["passed"] == sum(len(load_test_file(p).tests) for p in SHIPPED_TESTS) and data["failed"] == 0
    for pack in data["coverage"]:
        assert pack["covered"] == pack["branches"], pack
    assert _scratch_schemas(pg_url) == []


def test_a_wrong_expectation_fails_on_postgres_too(cli, pack_copy, pg_url):
    path = write_test(pack_copy / "tests", """\
        pack: ../auto_001_execution_patterns.rules
        tests:
          - name: three runs are not approved
            now: 2026-11-24T12:00:00Z
            events:
              - {type: execution, repeat: 3, ts: now-1h, operation: build, command: "make all", status: success, duration_ms: 100}
            expect:
              repeated_execution:
                - fields: {occurrences: 4}
                  decision: approve
        """, "wrong.test.yaml")
    outputs = []
    for database in ("sqlite", pg_url):
        result = cli("test", path, "--database", database)
        assert result.exit_code == 1, result.output
        assert "FAIL  three runs are not approved" in result.stdout
        assert "fields.occurrences: expected 4, got 3" in result.stdout, result.stdout
        assert "decision: expected approve, got draft" in result.stdout, result.stdout
        outputs.append(result.stdout.replace(f"tests run on {pg_url}, each in a schema of its own\n", ""))
    assert outputs[0] == outputs[1]     # the same diff, word for word
    assert _scratch_schemas(pg_url) == []


def test_the_workspace_store_decides_where_tests_run(cli, tmp_path, pack_copy, pg_url, monkeypatch):
    """AUTOPATTERN_DATABASE_URL naming PostgreSQL runs the tests there; --database sqlite
    brings them back into memory; a SQLite file is refused (tests never write one)."""
    ws = init_workspace(tmp_path / "ws", copy_rules=False)
    tests = pack_copy / "tests" / "auto_001_execution_patterns.test.yaml"
    monkeypatch.setenv("AUTOPATTERN_DATABASE_URL", pg_url)
    on_pg = cli("test", tests, "-w", ws.root, "--json")
    assert on_pg.exit_code == 0, on_pg.output
    assert json.loads(on_pg.stdout)["database"] == pg_url
    in_memory = cli("test", tests, "-w", ws.root, "--json", "--database", "sqlite")
    assert json.loads(in_memory.stdout)["database"] == "sqlite:///:memory:"
    refused = cli("test", tests, "-w", ws.root, "--database", str(tmp_path / "x.db"))
    assert refused.exit_code == 2 and "tests never write to a SQLite file" in refused.output
    assert not (tmp_path / "x.db").exists()


def test_an_unreachable_server_is_a_clear_error(cli, pack_copy):
    write_test(pack_copy / "tests", "pack: ../auto_001_execution_patterns.rules\ntests: []\n", "empty.test.yaml")
    shutil.copy(pack_copy / "tests" / "auto_001_execution_patterns.test.yaml", pack_copy / "tests" / "z.test.yaml")
    result = cli("test", pack_copy / "tests", "--database", "postgresql://nobody:secret@127.0.0.1:1/none")
    assert result.exit_code == 2, result.output
    assert result.output.count("cannot connect to PostgreSQL store postgresql://nobody:redacted@") == 1, result.output
    assert "secret" not in result.output


def test_tests_in_one_file_never_see_each_other_on_postgres(cli, pack_copy, pg_url):
    """One schema per file, emptied between its tests (identities restarted too): the
    second test sees none of the first one's events, and its templates number from 1."""
    path = write_test(pack_copy / "tests", """\
        pack: ../auto_001_execution_patterns.rules
        tests:
          - name: three runs make a finding
            now: 2026-11-24T12:00:00Z
            events:
              - {type: execution, repeat: 3, ts: now-1h, operation: build, command: "make all", status: success, duration_ms: 100}
            expect:
              repeated_execution: {count: 1}
          - name: the next test starts empty
            now: 2026-11-24T12:00:00Z
            events:
              - {type: execution, repeat: 2, ts: now-1h, operation: lint, command: "make lint", status: success, duration_ms: 100}
            expect:
              repeated_execution: {none: true}
        """, "two.test.yaml")
    result = cli("test", path, "--database", pg_url, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["passed"] == 2
    with scratch_stores(pg_url) as fresh:   # the same reuse, seen from inside
        first = fresh()
        first.execute("INSERT INTO templates (kind, template) VALUES ('command', 'x <*>')")
        second = fresh()
        assert second.scalar("SELECT COUNT(*) FROM templates") == 0
        second.execute("INSERT INTO templates (kind, template) VALUES ('command', 'y <*>')")
        assert second.scalar("SELECT id FROM templates") == 1
    assert _scratch_schemas(pg_url) == []


def test_an_invalid_test_file_leaves_no_schema_behind(cli, pack_copy, pg_url):
    """A test file found invalid half way (its second test's event is rejected by ingest)
    is reported as on SQLite, and its scratch schema is dropped all the same."""
    path = write_test(pack_copy / "tests", """\
        pack: ../auto_001_execution_patterns.rules
        tests:
          - name: fine
            now: 2026-11-24T12:00:00Z
            events:
              - {type: execution, ts: now-1h, operation: build, command: "make", status: success, duration_ms: 1}
            expect:
              repeated_execution: {none: true}
          - name: broken
            now: 2026-11-24T12:00:00Z
            events:
              - {type: execution, ts: now-1h, operation: build, status: exploded, duration_ms: 1}
            expect:
              repeated_execution: {none: true}
        """, "broken.test.yaml")
    outputs = []
    for database in ("sqlite", pg_url):
        result = cli("test", path, "--database", database)
        assert result.exit_code == 2, result.output
        assert "event rejected by ingest" in result.output and "1 passed, 0 failed, 1 error" in result.output
        outputs.append(result.output.replace(f"tests run on {pg_url}, each in a schema of its own\n", ""))
    assert outputs[0] == outputs[1]
    assert _scratch_schemas(pg_url) == []
