"""`autopattern doctor`: each kind of damage, done on purpose, is found and explained.

A healthy evaluated workspace is copied for every test, damaged one way, and the doctor
must name the damage (which check, where) with a repair, and exit 1 for an error. The
`--repair` tests show that what it calls safe to redo leaves a workspace it finds healthy.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Callable

import pytest

from engine.workspace import Workspace, init_workspace, load_workspace
from engine.registry.files import read_document
from tests.support.reliability import NOW, execution, run_cli, use_own_pack, write_jsonl


@pytest.fixture(scope="module")
def healthy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("doctor") / "healthy"
    ws = init_workspace(root)
    use_own_pack(ws.root)
    events = write_jsonl(root.parent / "events.jsonl",
                         (execution(i, operation=f"op_{i % 6}", command=f"deploy svc-{i % 6} --env prod")
                          for i in range(60)))
    assert run_cli("ingest", events, "-w", root).exit_code == 0
    assert run_cli("evaluate", "-w", root, "--now", NOW).exit_code == 0
    return root


@pytest.fixture
def healthy_copy(healthy, tmp_path) -> Workspace:
    """A copy of the healthy workspace, for the test to damage."""
    shutil.copytree(healthy, tmp_path / "ws")
    return load_workspace(tmp_path / "ws")


def sql(ws: Workspace, *statements: str) -> None:
    """Damage the database behind autopattern's back (foreign keys off, as a careless tool would)."""
    conn = sqlite3.connect(ws.db_path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    for statement in statements:
        conn.execute(statement)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def documents(ws: Workspace) -> list[Path]:
    return sorted(ws.patterns_dir.rglob("*.yaml"))


def doctor(ws: Workspace, *extra: str) -> tuple[int, dict]:
    result = run_cli("doctor", "-w", ws.root, "--json", *extra)
    return result.exit_code, json.loads(result.stdout)


def test_a_healthy_workspace_passes(healthy_copy):
    code, report = doctor(healthy_copy)
    assert (code, report["errors"], report["warnings"]) == (0, 0, 0), report["problems"]
    assert {c["name"] for c in report["checks"]} >= {"config", "rules", "schema", "integrity", "foreign-keys", "orphans",
                                                     "runs", "registry"}
    text = run_cli("doctor", "-w", healthy_copy.root)
    assert text.exit_code == 0 and "0 errors, 0 warnings" in text.stdout


def _edit_document(ws: Workspace, change: Callable[[dict], None]) -> Path:
    path = documents(ws)[0]
    document = read_document(path)
    change(document)
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _move_document(ws: Workspace) -> None:
    path = documents(ws)[0]
    path.rename(ws.patterns_dir / "trends" / path.name)


def _copy_document(ws: Workspace) -> None:
    path = documents(ws)[0]
    shutil.copy(path, ws.patterns_dir / "quarantine" / path.name)


DAMAGE: dict[str, tuple[Callable[[Workspace], object], str, str, str]] = {
    # name: (damage, check, severity, words of the message)
    "old schema": (lambda ws: sql(ws, "PRAGMA user_version = 1"), "schema", "error", "latest is"),
    "newer schema": (lambda ws: sql(ws, "PRAGMA user_version = 99"), "schema", "error", "newer"),
    "dropped view": (lambda ws: sql(ws, "DROP VIEW pattern_performance"), "schema", "error", "pattern_performance"),
    "dropped index": (lambda ws: sql(ws, "DROP INDEX idx_exec_ts"), "schema", "error", "idx_exec_ts"),
    "broken merge link": (lambda ws: sql(ws, "UPDATE templates SET merged_into = 99999 WHERE id = "
                                             "(SELECT min(id) FROM templates)"), "foreign-keys", "error", "templates"),
    "events without template": (lambda ws: sql(ws, "DELETE FROM templates WHERE kind = 'command'"), "orphans",
                                "error", "command_template_id"),
    "anti-pattern row without pattern": (lambda ws: sql(
        ws, "INSERT INTO anti_patterns (id, subject_kind, subject, failures, created, updated) "
            "VALUES ('ghost', 'operation', 'x', 3, 'now', 'now')"), "orphans", "error", "anti_patterns"),
    "interrupted run": (lambda ws: sql(ws, "INSERT INTO evaluation_runs (id, started_at, now, packs, params, status) "
                                           "VALUES ('run-killed', 'x', 'y', '[]', '{}', 'running')"),
                        "runs", "warning", "interrupted"),
    "truncated document": (lambda ws: documents(ws)[0].write_text('{"id": "x", "kind": ', encoding="utf-8"),
                           "registry", "error", "not a readable document"),
    "document breaks its schema": (lambda ws: _edit_document(ws, lambda d: d.pop("evidence")), "registry", "error",
                                   "schema"),
    "document with a wrong type": (lambda ws: _edit_document(ws, lambda d: d.update(version="two")), "registry",
                                   "error", "schema"),
    "document edited by hand": (lambda ws: _edit_document(ws, lambda d: d.update(status="rejected", decided_by="human")),
                                "registry", "error", "belongs at"),
    "document in the wrong folder": (_move_document, "registry", "error", "belongs at"),
    "second copy of a document": (_copy_document, "registry", "error", "second document"),
    "row without document": (lambda ws: documents(ws)[0].unlink(), "registry", "error", "has a row but no document"),
    "document without row": (lambda ws: sql(ws, "DELETE FROM pattern_candidates WHERE id = "
                                                "(SELECT min(id) FROM pattern_candidates)"), "registry", "error",
                             "no row in pattern_candidates"),
    "row disagrees with document": (lambda ws: sql(ws, "UPDATE pattern_candidates SET status = 'quarantined', "
                                                       "version = 7 WHERE id = (SELECT min(id) FROM pattern_candidates)"),
                                    "registry", "error", "in the database"),
    "row pointing outside the registry": (lambda ws: sql(ws, "UPDATE pattern_candidates SET document_path = "
                                                             "'../../../etc/passwd' WHERE id = (SELECT min(id) FROM "
                                                             "pattern_candidates)"), "registry", "error", "leads outside"),
    "leftover temp file": (lambda ws: (ws.patterns_dir / "drafts" / ".x.json.k2j3.tmp").write_text("{", "utf-8"),
                           "registry", "warning", "temporary file"),
    "config mask that hangs": (lambda ws: ws.config_path.write_text(
        ws.config_path.read_text("utf-8").replace("masks: []", "masks: [{name: bad, regex: '(a+)+$'}]"), "utf-8"),
        "config", "error", "masks[0].regex"),
    "broken rule file": (lambda ws: (ws.rules_dir / "broken.rules").write_text("pack p\nrule r from nowhere\n", "utf-8"),
                         "rules", "error", "ends too early"),
    "config param out of range": (lambda ws: ws.config_path.write_text(ws.config_path.read_text("utf-8").replace(
        "params: {}", 'params: {"reliability.min_runs": 0}'), "utf-8"), "rules", "error", "outside its range"),
    "missing database": (lambda ws: ws.db_path.unlink(), "config", "error", "no telemetry database"),
    "database is not a database": (lambda ws: ws.db_path.write_bytes(b"not sqlite" * 500), "database", "error",
                                   "cannot read"),
}


@pytest.mark.parametrize("name", sorted(DAMAGE))
def test_each_kind_of_damage_is_found_with_a_repair(healthy_copy, name):
    damage, check, severity, words = DAMAGE[name]
    damage(healthy_copy)
    code, report = doctor(healthy_copy)
    found = [p for p in report["problems"] if p["check"] == check and words in p["message"] + p["where"]]
    assert found, report["problems"]
    assert all(p["severity"] == severity and p["repair"] for p in found)
    assert code == (1 if severity == "error" else 0)
    text = run_cli("doctor", "-w", healthy_copy.root)
    assert "Traceback" not in text.output and "repair: " in text.stdout


def test_integrity_check_failures_are_reported(healthy_copy):
    """Overwrite the middle of an index's pages: SQLite opens the file, the check fails."""
    write_jsonl(healthy_copy.root / "more.jsonl", (execution(10_000 + i, command="x" * 300) for i in range(3000)))
    assert run_cli("ingest", healthy_copy.root / "more.jsonl", "-w", healthy_copy.root).exit_code == 0
    conn = sqlite3.connect(healthy_copy.db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = [row[0] for row in conn.execute(
        "SELECT pageno FROM dbstat WHERE name = 'idx_exec_group' AND pagetype = 'leaf'")]
    conn.close()
    raw = bytearray(healthy_copy.db_path.read_bytes())
    for page in pages[1:4]:
        start = (page - 1) * page_size + 100
        raw[start:start + 200] = b"\xff" * 200
    healthy_copy.db_path.write_bytes(bytes(raw))
    code, report = doctor(healthy_copy)
    assert code == 1
    assert any(p["check"] == "integrity" and p["severity"] == "error" for p in report["problems"]), report["problems"]


@pytest.mark.parametrize("name", ["leftover temp file", "interrupted run", "document without row",
                                  "row disagrees with document", "second copy of a document"])
def test_repair_redoes_what_is_safe_and_leaves_a_healthy_workspace(healthy_copy, name):
    DAMAGE[name][0](healthy_copy)
    assert doctor(healthy_copy)[1]["problems"]
    code, report = doctor(healthy_copy, "--repair")
    assert report["repaired"], report
    assert (code, report["problems"]) == (0, [])


def test_repair_leaves_what_needs_a_person(healthy_copy):
    path = documents(healthy_copy)[0]
    path.write_text("{", encoding="utf-8")
    code, report = doctor(healthy_copy, "--repair")
    assert code == 1 and path.read_text("utf-8") == "{"     # never deleted behind the user's back
    assert any("not a readable document" in p["message"] for p in report["problems"])


@pytest.mark.parametrize("damage", ["truncated document", "document breaks its schema", "document with a wrong type"])
def test_commands_meeting_a_damaged_document_name_it(healthy_copy, damage):
    """evaluate and the patterns commands refuse a damaged document with its path, never a traceback."""
    path = documents(healthy_copy)[0]
    doc_id = read_document(path)["id"]
    DAMAGE[damage][0](healthy_copy)
    for command in (["evaluate", "--now", NOW], ["patterns", "show", doc_id], ["patterns", "approve", doc_id, "--reason", "r"]):
        result = run_cli(*command, "-w", healthy_copy.root)
        assert result.exit_code in (1, 2), (command, result.output)
        assert str(path) in result.output, (command, result.output)
    assert path.read_text("utf-8") != ""   # left for a person to fix, not overwritten


def test_repair_keeps_a_report_temp_file_that_may_still_be_written(healthy_copy):
    """Reports are written outside the registry's lock: only an old temporary file there is dead."""
    import os
    import time

    folder = healthy_copy.patterns_dir / "reports" / "weekly"
    folder.mkdir(parents=True, exist_ok=True)
    fresh, old = folder / ".2026-W48.json.a1.tmp", folder / ".2026-W47.json.b2.tmp"
    for path in (fresh, old):
        path.write_text("{", encoding="utf-8")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    code, report = doctor(healthy_copy, "--repair")
    assert fresh.exists() and not old.exists()
    assert [p["where"] for p in report["problems"]] == [str(fresh)] and code == 0   # a warning
