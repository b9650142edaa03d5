"""Crashes: real `autopattern ingest` and `evaluate` processes killed with SIGKILL.

Ingest is killed at several points of a large file (before the first commit, then after
1 and 3 committed batches); evaluate is killed while it queries and while it writes
the registry. After every kill the database passes ``PRAGMA integrity_check``, holds
whole batches only, every registry document is valid, and running the command again
gives what a run that was never interrupted gives.
"""

from __future__ import annotations

import json
import shutil
import signal
import time
from pathlib import Path

from engine.telemetry.ingest import ingest_records
from engine.telemetry.jsonl import read_jsonl
from engine.workspace import Workspace, init_workspace, load_workspace
from engine.registry.files import read_document
from tests.support.reliability import NOW, execution, query, run_cli, spawn, use_own_pack, write_jsonl

BATCH = 5000          # ingest's batch size: rows are committed 5000 at a time
EVENTS = 4 * BATCH
INGEST_KILL_AFTER = [None, 1 * BATCH, 3 * BATCH]   # None: before anything is committed
GROUPS = 120         # evaluate writes one document per group
EVALUATE_KILLS = ["querying", "first-document", "half-documents"]


def _rows(db_path: Path) -> int:
    try:
        return query(db_path, "SELECT count(*) FROM execution_logs")[0][0]
    except Exception:   # the file may not be readable yet while the process starts
        return -1


def _kill_when(process, ready, timeout: float = 60) -> bool:
    """SIGKILL ``process`` as soon as ``ready()``; False if it finished first."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        if ready():
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.005)
    process.wait()
    return False


def _snapshot(db_path: Path) -> list[tuple]:
    """Every stored event with the template text it was mined into (ids may differ)."""
    return query(db_path, "SELECT e.id, e.ts, e.operation, e.command, t.template, e.command_params "
                          "FROM execution_logs AS e LEFT JOIN templates AS t ON t.id = e.command_template_id "
                          "ORDER BY e.id")


def test_ingest_killed_at_four_points_then_rerun_matches_a_clean_run(tmp_path):
    events = write_jsonl(tmp_path / "events.jsonl", (execution(i) for i in range(EVENTS)))
    clean = init_workspace(tmp_path / "clean", copy_rules=False)
    db = clean.open_db()
    ingest_records(db, read_jsonl(events))
    db.close()

    ws = init_workspace(tmp_path / "ws", copy_rules=False)
    killed = 0
    for point in INGEST_KILL_AFTER:
        process = spawn("ingest", events, "-w", ws.root, "--json")
        if point is None:
            ready = lambda: True   # noqa: E731 - as soon as it runs: during start-up and the first batch
            time.sleep(0.4)
        else:
            ready = lambda point=point: _rows(ws.db_path) >= point  # noqa: E731
        killed += _kill_when(process, ready)
        assert query(ws.db_path, "PRAGMA integrity_check") == [("ok",)]
        stored = _rows(ws.db_path)
        assert stored % BATCH == 0, f"a partial batch was committed: {stored} rows"
        assert point is None or stored >= point
    assert killed == len(INGEST_KILL_AFTER)

    before = _rows(ws.db_path)
    result = run_cli("ingest", events, "-w", ws.root, "--json")
    summary = json.loads(result.stdout)
    assert result.exit_code == 0
    assert (summary["stored"], summary["duplicates"]) == (EVENTS - before, before)
    assert _snapshot(ws.db_path) == _snapshot(clean.db_path)


def _evaluation_ws(root: Path, base: Path) -> Workspace:
    """A copy of the base workspace: data ingested, nothing evaluated yet."""
    shutil.copytree(base, root)
    return load_workspace(root)


def _documents(ws: Workspace) -> dict[str, tuple]:
    """Each document's place and what it says (not the run that wrote it)."""
    found = {}
    for path in sorted(ws.patterns_dir.rglob("*.yaml")):
        document = read_document(path)
        found[path.relative_to(ws.patterns_dir).as_posix()] = (
            document["status"], document["version"], json.dumps(document["key"], sort_keys=True),
            document["confidence"], json.dumps(document["fields"], sort_keys=True))
    return found


def _index(ws: Workspace) -> list[tuple]:
    return query(ws.db_path, "SELECT id, status, version, document_path FROM pattern_candidates ORDER BY id")


def test_evaluate_killed_mid_run_leaves_valid_documents_and_a_rerun_completes(tmp_path):
    events = write_jsonl(tmp_path / "events.jsonl",
                         (execution(i, operation=f"op_{i % GROUPS}", command=f"run {i % GROUPS}")
                          for i in range(GROUPS * 3)))
    base = init_workspace(tmp_path / "base")
    use_own_pack(base.root)
    assert run_cli("ingest", events, "-w", base.root).exit_code == 0
    clean = _evaluation_ws(tmp_path / "clean", base.root)
    assert run_cli("evaluate", "-w", clean.root, "--now", NOW).exit_code == 0
    expected_documents, expected_index = _documents(clean), _index(clean)
    assert len(expected_documents) == GROUPS

    temp_files_seen = 0
    for point in EVALUATE_KILLS:
        ws = _evaluation_ws(tmp_path / point, base.root)
        process = spawn("evaluate", "-w", ws.root, "--now", NOW)
        ready = {
            "querying": lambda: bool(query(ws.db_path, "SELECT 1 FROM evaluation_runs")),
            "first-document": lambda: next(ws.patterns_dir.rglob("*.yaml"), None) is not None,
            "half-documents": lambda: sum(1 for _ in ws.patterns_dir.rglob("*.yaml")) >= GROUPS // 2,
        }[point]
        assert _kill_when(process, ready), f"evaluate finished before the kill point {point}"
        assert query(ws.db_path, "PRAGMA integrity_check") == [("ok",)]
        diagnosis = json.loads(run_cli("doctor", "-w", ws.root, "--json").stdout)
        invalid = [p for p in diagnosis["problems"] if "not a readable JSON" in p["message"]
                   or "schema" in p["message"]]
        assert invalid == [], invalid        # no document is half-written
        temp_files_seen += sum(1 for _ in ws.patterns_dir.rglob(".*.tmp"))

        rerun = run_cli("evaluate", "-w", ws.root, "--now", NOW)
        assert rerun.exit_code == 0, rerun.output
        assert list(ws.patterns_dir.rglob(".*.tmp")) == []     # the rerun swept what the kill left
        diagnosis = json.loads(run_cli("doctor", "-w", ws.root, "--json").stdout)
        assert diagnosis["errors"] == 0, diagnosis["problems"]
        assert [p["check"] for p in diagnosis["problems"]] in ([], ["runs"])   # the killed run, if recorded
        assert _documents(ws) == expected_documents
        assert _index(ws) == expected_index
    print(f"temporary files left by the kills (removed by the next run): {temp_files_seen}")
