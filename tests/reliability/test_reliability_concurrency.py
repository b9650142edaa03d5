"""Concurrency: four `autopattern ingest` processes and an `autopattern evaluate` loop on
one workspace at once. No "database is locked" reaches the user, and every event is
stored exactly once although the writers' files overlap.
"""

from __future__ import annotations

import json
import time

from engine.workspace import init_workspace
from tests.support.reliability import NOW, counts, execution, query, spawn, use_own_pack, write_jsonl

WRITERS = 4
OWN_EVENTS = 4500      # events only one writer has (6,500 lines a file: two ingest batches)
SHARED_EVENTS = 1000   # events every writer has (the overlap)


def test_four_writers_and_an_evaluator_lose_and_double_nothing(tmp_path):
    ws = init_workspace(tmp_path / "ws")
    use_own_pack(ws.root)
    shared = [execution(1_000_000 + i) for i in range(SHARED_EVENTS)]
    files = []
    for w in range(WRITERS):
        own = [execution(w * OWN_EVENTS + i) for i in range(OWN_EVENTS)]
        mixed = [event for pair in zip(own[::3], shared) for event in pair] + own   # overlap spread through the file
        files.append(write_jsonl(tmp_path / f"writer-{w}.jsonl", mixed))
    distinct = WRITERS * OWN_EVENTS + SHARED_EVENTS
    lines = sum(len(path.read_text().splitlines()) for path in files)

    started = time.perf_counter()
    writers = [spawn("ingest", path, "-w", ws.root, "--json") for path in files]
    evaluations = []
    while any(p.poll() is None for p in writers) or len(evaluations) < 2:
        evaluator = spawn("evaluate", "-w", ws.root, "--now", NOW, "--json")
        evaluations.append((evaluator, *evaluator.communicate(timeout=60)))
    outputs = [(p, *p.communicate(timeout=60)) for p in writers]
    elapsed = time.perf_counter() - started

    for process, out, err in outputs + evaluations:
        assert process.returncode == 0, err.decode()
        assert b"locked" not in err.lower() and b"traceback" not in err.lower(), err.decode()
    summaries = [json.loads(out) for _p, out, _e in outputs]
    assert all(s["read"] == s["stored"] + s["duplicates"] and s["rejected"] == 0 for s in summaries)
    assert sum(s["read"] for s in summaries) == lines
    assert sum(s["stored"] for s in summaries) == distinct                    # nothing doubled
    assert counts(ws.db_path)["execution_logs"] == distinct                   # nothing lost
    assert query(ws.db_path, "SELECT count(DISTINCT id) FROM execution_logs")[0][0] == distinct
    assert query(ws.db_path, "SELECT count(*), sum(stored) FROM ingest_runs")[0] == (WRITERS, distinct)
    assert query(ws.db_path, "SELECT count(*) FROM evaluation_runs WHERE status = 'ok'")[0][0] == len(evaluations)
    assert query(ws.db_path, "PRAGMA integrity_check") == [("ok",)]
    assert elapsed < 60   # about 10 s on an idle 2-core machine
