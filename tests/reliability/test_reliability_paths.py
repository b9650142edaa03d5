"""Paths: nothing in an event, a rule or a pattern id makes autopattern touch files
outside its workspace, and a config pointing outside is refused.

Each test puts the workspace in a folder of its own and compares the whole tree around
it before and after, so a file written anywhere but inside the workspace is caught.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from engine.registry.ids import is_safe_id
from engine.workspace import init_workspace
from engine.registry.files import read_document
from tests.support.reliability import NOW, PACK, counts, execution, run_cli, write_jsonl

HOSTILE = ["../../../../tmp/evil", "/etc/passwd", "..\\..\\windows\\system32", "a/../../b", "x\u0000y",
           "~/.ssh/authorized_keys", "C:/Windows/evil", "patterns/../../outside"]
REPORT_NAME = "2026-W48"


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def _hostile_events() -> list[dict]:
    """Events whose every free text is a path that escapes, repeated so rules fire on them."""
    events = []
    for h, hostile in enumerate(HOSTILE):
        for i in range(6):
            ts = f"2026-11-2{i % 3}T1{h % 10}:00:0{i}.000Z"
            events.append({"type": "execution", "id": f"{hostile}-run-{i}", "ts": ts, "operation": hostile,
                           "command": f"cp {hostile} {hostile}/{i}", "status": "failure" if i % 3 else "success",
                           "duration_ms": 100 + i, "pattern_id": hostile if i < 5 else None,
                           "files": [hostile], "actor": hostile})
            events.append({"type": "file", "id": f"{hostile}-file-{i}", "ts": ts, "path": f"{hostile}/{i}.py",
                           "action": "created", "size": 10, "execution_id": f"{hostile}-run-{i}",
                           "content": f"# {hostile}\nimport os\n"})
            events.append({"type": "error", "id": f"{hostile}-err-{i}", "ts": ts, "message": f"cannot open {hostile}",
                           "error_type": hostile, "resolution": f"rm -rf {hostile}", "resolved": i % 3 != 0,
                           "resolution_ms": 5})
    return events


def test_hostile_events_never_lead_outside_the_workspace(tmp_path):
    box = tmp_path / "box"
    ws = init_workspace(box / "ws")
    events = write_jsonl(tmp_path / "events.jsonl", _hostile_events())
    before = _tree(tmp_path)
    assert run_cli("ingest", events, "-w", ws.root).exit_code == 0
    result = run_cli("evaluate", "-w", ws.root, "--now", NOW, "--json")
    assert result.exit_code == 0, result.output
    outside = {p for p in _tree(tmp_path) - before if not p.startswith("box/ws/")}
    assert outside == set()
    documents = [p for p in (ws.patterns_dir).rglob("*.yaml")]
    assert len(documents) >= 5   # the hostile data did produce patterns
    for path in documents:
        assert path.resolve().is_relative_to(ws.patterns_dir.resolve())
        assert is_safe_id(path.stem) or path.stem == REPORT_NAME, path
    subjects = [read_document(p).get("subject") for p in documents]
    assert any(HOSTILE[0] in json.dumps(s) for s in subjects if s)  # the hostile id is kept, as data


def test_hostile_pattern_ids_on_the_command_line_are_refused(tmp_path):
    ws = init_workspace(tmp_path / "box" / "ws", copy_rules=False)
    before = _tree(tmp_path)
    for ref in HOSTILE + ["", "..", "drafts/../../x"]:
        for command in (["show", ref], ["approve", ref, "--reason", "r"], ["quarantine", ref, "--reason", "r"]):
            result = run_cli("patterns", *command, "-w", ws.root)
            assert result.exit_code in (1, 2), result.output
    assert {p for p in _tree(tmp_path) ^ before if not p.startswith("box/ws/autopattern.db")} == set()


def test_a_rule_cannot_name_a_path(tmp_path):
    """Pack ids, rule titles and emitted names are strings: they become slugs and data, never paths."""
    ws = init_workspace(tmp_path / "box" / "ws", copy_rules=False)
    hostile = '"../../../../tmp/escape"'
    ws.rules_dir.mkdir()
    (ws.rules_dir / "hostile.rules").write_text(f'''pack hostile {hostile}
  id {hostile}
rule grab {hostile}
  from executions
  group by operation
  emit pattern_candidate
    name = concat({hostile}, operation)
    confidence = 0.9
    path = {hostile}
    evidence = sample(id, 3)
  decide
    approve when count() >= 1
    draft otherwise
''', encoding="utf-8")
    write_jsonl(tmp_path / "e.jsonl", [{"type": "execution", "id": "e1", "ts": "2026-11-20T00:00:00Z",
                                       "operation": "../x", "status": "success", "duration_ms": 1}])
    assert run_cli("ingest", tmp_path / "e.jsonl", "-w", ws.root).exit_code == 0
    before = _tree(tmp_path)
    result = run_cli("evaluate", "-w", ws.root, "--now", NOW)
    assert result.exit_code == 0, result.output
    created = _tree(tmp_path) - before
    assert created and all(p.startswith("box/ws/patterns/") for p in created)
    assert not Path("/tmp/escape").exists() and not (tmp_path / "escape").exists()


# Which commands read which configured path (the others never open it).
USES = {"database": (["ingest", "EVENTS"], ["evaluate", "--now", NOW], ["patterns", "list"]),
        "patterns": (["evaluate", "--now", NOW],),
        "rules": (["check"], ["evaluate", "--now", NOW])}


@pytest.mark.parametrize("field,value", [
    ("database", "../outside.db"), ("database", "a\u0000b.db"), ("database", ["list"]),
    ("database", "link-out/x.db"), ("patterns", "/tmp"), ("patterns", "link-out"), ("rules", "../../"),
])
def test_config_paths_outside_the_workspace_are_refused(tmp_path, field, value):
    ws = init_workspace(tmp_path / "box" / "ws")
    os.symlink(tmp_path, ws.root / "link-out")
    config = ws.config_path.read_text("utf-8")
    config = "\n".join(line for line in config.splitlines() if not line.startswith(f"{field}:"))
    ws.config_path.write_text(config + f"\n{field}: {json.dumps(value)}\n", encoding="utf-8")
    events = write_jsonl(tmp_path / "e.jsonl", [{"type": "execution", "id": "e1", "ts": "2026-11-20T00:00:00Z",
                                                "operation": "op", "status": "success", "duration_ms": 1}])
    before = _tree(tmp_path)
    for args in USES[field]:
        result = run_cli(*[events if a == "EVENTS" else a for a in args], "-w", ws.root)
        assert result.exit_code in (1, 2), (args, result.output)
        assert f"[{field}]" in result.output, (args, result.output)
    doctor = run_cli("doctor", "-w", ws.root, "--json")
    assert doctor.exit_code == 1
    assert any(p["check"] == "config" and f"[{field}]" in p["where"] for p in json.loads(doctor.stdout)["problems"])
    assert {p for p in _tree(tmp_path) ^ before if not p.startswith("box/ws/")} == set()
    assert counts(ws.root / "autopattern.db")["execution_logs"] == 0


def test_a_stored_document_path_cannot_lead_outside(tmp_path):
    """A row whose document_path escapes (a tool or the Python API wrote it) is refused:
    no command reads that file, and moving the document never deletes it."""
    ws = init_workspace(tmp_path / "box" / "ws", copy_rules=False)
    ws.rules_dir.mkdir()
    (ws.rules_dir / "reliability.rules").write_text(PACK, encoding="utf-8")
    write_jsonl(tmp_path / "e.jsonl", [execution(i, operation="op", command="make") for i in range(4)])
    assert run_cli("ingest", tmp_path / "e.jsonl", "-w", ws.root).exit_code == 0
    assert run_cli("evaluate", "-w", ws.root, "--now", NOW).exit_code == 0
    document = next(ws.patterns_dir.rglob("*.yaml"))
    doc_id = read_document(document)["id"]
    victim = tmp_path / "victim.json"
    victim.write_text(document.read_text("utf-8"), encoding="utf-8")
    document.unlink()
    conn = sqlite3.connect(ws.db_path)
    conn.execute("UPDATE pattern_candidates SET document_path = '../../../victim.json'")
    conn.commit()
    conn.close()
    for command in (["patterns", "show", doc_id], ["patterns", "reject", doc_id, "--reason", "r"],
                    ["evaluate", "--now", NOW]):
        result = run_cli(*command, "-w", ws.root)
        assert result.exit_code in (1, 2) and "leads outside the registry" in result.output, result.output
    assert victim.exists()
