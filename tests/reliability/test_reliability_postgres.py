"""Many writers on one PostgreSQL store: four `autopattern ingest` processes on separate
connections, each handed an overlapping slice of the same events (in different orders),
store every event exactly once, give the same text the same template whichever process
saw it first, and end with exactly the templates one process reading the events in the
store's order would have. One evaluation at a time: a second waits and names the holder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.compile.sql import CompiledRule
from engine.telemetry.ingest import ingest_records
from engine.telemetry.records import SourceRecord
from engine.telemetry.store import open_database
from engine.workspace import init_workspace
from tests.support.reliability import AUTOPATTERN, NOW

WRITERS = 4
# Evaluations run beside the writers when the compiler renders PostgreSQL (issue 15a).
EVALUATES_ON_POSTGRES = hasattr(CompiledRule, "sql_for")
KINDS = (("execution_logs", "command_template_id"), ("error_events", "message_template_id"),
         ("error_events", "resolution_template_id"), ("file_events", "path_template_id"),
         ("file_events", "content_template_id"))


def _demo_lines(tmp_path: Path) -> list[str]:
    done = subprocess.run([AUTOPATTERN, "demo", "--events-only", "--days", "30",
                           "--scale", "2", "--now", NOW], capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def spawn(*args, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([AUTOPATTERN, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**(env or os.environ), "PYTHONUNBUFFERED": "1"})


def _texts(db, table: str, column: str) -> dict[frozenset[str], str]:
    """Each group of events (as in ``_grouping``) with its template's text."""
    groups: dict = {}
    for event_id, template in db.execute(
            f"SELECT e.id, t.template FROM {table} AS e JOIN templates AS t ON t.id = e.{column}"):
        groups.setdefault(template, set()).add(event_id)
    return {frozenset(ids): template for template, ids in groups.items()}


def _grouping(db, table: str, column: str) -> set[frozenset[str]]:
    """Which events share a template: the partition of event ids, whatever the ids are."""
    groups: dict = {}
    for event_id, template_id in db.execute(
            f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL"):
        groups.setdefault(template_id, set()).add(event_id)
    return {frozenset(ids) for ids in groups.values()}


@pytest.mark.slow
def test_four_ingest_processes_store_each_event_once_and_agree_on_templates(tmp_path, pg_url):
    lines = _demo_lines(tmp_path)
    ids = {json.loads(line)["id"] for line in lines}
    fifth = len(lines) // 5
    files = []
    for w in range(WRITERS):            # slice w: fifths w and w+1 (neighbours overlap)
        part = lines[w * fifth:(w + 2) * fifth] if w < WRITERS - 1 else lines[w * fifth:]
        path = tmp_path / f"slice-{w}.jsonl"
        path.write_text("\n".join(part) + "\n")
        files.append((path, len(part)))
    env = {**os.environ, "AUTOPATTERN_DATABASE_URL": pg_url}
    ws = init_workspace(tmp_path / "team", copy_rules=EVALUATES_ON_POSTGRES)
    writers = [spawn("ingest", path, "-w", ws.root, "--json", env=env) for path, _n in files]
    evaluations = []
    while EVALUATES_ON_POSTGRES and (any(p.poll() is None for p in writers) or len(evaluations) < 2):
        evaluator = spawn("evaluate", "-w", ws.root, "--now", NOW, "--json", env=env)
        evaluations.append((evaluator, *evaluator.communicate(timeout=300)))
    outputs = [(p, *p.communicate(timeout=300)) for p in writers]
    for process, _out, err in outputs + evaluations:
        assert process.returncode == 0, err.decode()
    summaries = [json.loads(out) for _p, out, _e in outputs]
    assert [s["read"] for s in summaries] == [n for _p, n in files]
    assert sum(s["stored"] for s in summaries) == len(ids)                     # nothing stored twice
    assert sum(s["duplicates"] for s in summaries) == sum(n for _p, n in files) - len(ids)

    team = open_database(pg_url)
    stored = {r[0] for t in ("execution_logs", "file_events", "error_events")
              for r in team.execute(f"SELECT id FROM {t}")}
    assert stored == ids                                                       # nothing lost
    # The same text has one template, whichever process saw it first.
    for table, text, column in (("execution_logs", "command", "command_template_id"),
                                ("error_events", "message", "message_template_id"),
                                ("file_events", "path", "path_template_id")):
        assert team.execute(f"SELECT {text} FROM {table} GROUP BY {text} "
                            f"HAVING COUNT(DISTINCT {column}) > 1").fetchall() == []
    # Template decisions are serialised through the database: each batch mines under the
    # ingest lock against what the batches before it committed, and seq follows that
    # order. So the team's templates are exactly those of one process storing the same
    # batches in the same order (a batch's rows share ingested_at, stamped under the
    # lock). Not those of any order: the miner generalises differently when texts arrive
    # in another order or other batches.
    by_id = {json.loads(line)["id"]: json.loads(line) for line in lines}
    batches: dict[str, list[tuple[int, str]]] = {}
    for table in ("execution_logs", "file_events", "error_events"):
        rows = team.execute(f"SELECT id, seq, ingested_at FROM {table} ORDER BY seq").fetchall()
        assert [r[2] for r in rows] == sorted(r[2] for r in rows)       # stamps follow the lock's order
        for event_id, seq, stamp in rows:
            batches.setdefault(stamp, []).append((seq, event_id))
    single = init_workspace(tmp_path / "single", copy_rules=False)
    one = open_database(single.db_path)
    for stamp in sorted(batches):
        records = [SourceRecord(event_id, event=by_id[event_id]) for _seq, event_id in sorted(batches[stamp])]
        assert ingest_records(one, records, batch_size=len(records) + 1).stored == len(records)
    for table, column in KINDS:
        assert _grouping(team, table, column) == _grouping(one, table, column), column
        assert _texts(team, table, column) == _texts(one, table, column), column
    if evaluations:
        assert team.scalar("SELECT COUNT(*) FROM evaluation_runs WHERE status = 'ok'") == len(evaluations)
    team.close()
    one.close()


HOLD = """
import sys, time
from engine.compile.sql import CompiledRule
from engine.telemetry.ingest import ingest_records
from engine.telemetry.records import SourceRecord
from engine.telemetry.store import open_database
db = open_database(sys.argv[1])
with db.exclusive("evaluate"):
    print("holding", flush=True)
    sys.stdin.readline()
"""


@pytest.mark.slow
@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_a_second_evaluation_waits_and_names_the_holder(tmp_path, store, request):
    ws = init_workspace(tmp_path / "ws")
    url = request.getfixturevalue("pg_url") if store == "postgres" else str(ws.db_path)
    env = {**os.environ, "AUTOPATTERN_DATABASE_URL": url}
    holder = subprocess.Popen([sys.executable, "-c", HOLD, url], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert holder.stdout.readline().strip() == "holding"
        evaluator = spawn("evaluate", "-w", ws.root, "--now", NOW, "--json", env=env)
        waiting = evaluator.stderr.readline().decode()
        assert "waiting: another evaluation holds the store" in waiting
        assert f"pid {holder.pid}" in waiting
        time.sleep(0.5)
        assert evaluator.poll() is None                   # still waiting while held
        holder.communicate("\n", timeout=30)
        out, err = evaluator.communicate(timeout=300)
    finally:
        for process in (holder,):
            if process.poll() is None:
                process.kill()
    if store == "sqlite" or b"SQLite only" not in err:
        assert evaluator.returncode == 0, err.decode()
        assert json.loads(out)["run_id"]
    else:   # this compiler renders SQLite only: the lock was still taken and released in turn
        assert evaluator.returncode == 1
