"""Ingest throughput: autopattern's whole ingest against the barest possible load.

autopattern: read the JSONL file, validate every event, mine the templates of commands,
paths, contents, messages and fixes, deduplicate by id and store into the indexed
schema, batch by batch, exactly as ``autopattern ingest`` does.

Baseline: ``json.loads`` per line and ``executemany`` of the same columns into plain
tables (no constraints, no indexes), in batches of the same size, on a connection with
the same pragmas. Nothing is validated or mined: it is the floor any ingest stands on.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bench.common import Result, paired, timed
from bench.workload_cache import Workload
from engine import resources
from engine.telemetry.ingest import COLUMNS, TABLES, ingest_records
from engine.telemetry.jsonl import read_jsonl
from engine.telemetry.store import connect
from engine.workspace import Workspace, init_workspace, load_workspace

BATCH = 5000  # ingest_records' default batch size
GOAL = 0.35   # autopattern's events/s over the baseline's


MARKER = "bench-workload.txt"  # names the workload a kept workspace holds


def reusable_workspace(root: Path, workload: Workload) -> Workspace | None:
    """The workspace a previous run built from this very workload, if it is still there."""
    marker = root / MARKER
    if marker.is_file() and marker.read_text(encoding="utf-8") == workload.path.name:
        _refresh_rules(root)
        return load_workspace(root)
    return None


def _refresh_rules(root: Path) -> None:
    """The benchmark measures the shipped packs: replace the kept workspace's copies."""
    shipped = resources.rules_dir()
    for source in shipped.glob("*.rules"):
        shutil.copyfile(source, root / "rules" / source.name)


def ingest_workspace(root: Path, workload: Workload) -> tuple[Workspace, int]:
    """A fresh workspace holding the workload, and how many events were stored."""
    if root.exists():
        shutil.rmtree(root)
    ws = init_workspace(root)
    db = ws.open_db()
    try:
        summary = ingest_records(db, read_jsonl(workload.path), source="jsonl",
                                 extra_masks=ws.masks, batch_size=BATCH)
    finally:
        db.close()
    if summary.rejected:
        raise RuntimeError(f"the workload had {summary.rejected} rejected events: "
                           f"{summary.rejections[:3]}")
    (root / MARKER).write_text(workload.path.name, encoding="utf-8")
    return ws, summary.stored


def bare_load(db_path: Path, workload: Workload) -> int:
    """json.loads + executemany into plain tables with the same columns; rows stored."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    conn = connect(db_path)
    try:
        inserts = {}
        for kind, columns in COLUMNS.items():
            conn.execute(f"CREATE TABLE {TABLES[kind]} ({', '.join(columns)})")
            inserts[kind] = (f"INSERT INTO {TABLES[kind]} VALUES "
                             f"({', '.join('?' for _ in columns)})")
        batches: dict[str, list[tuple]] = {kind: [] for kind in COLUMNS}
        pending = stored = 0
        with open(workload.path, encoding="utf-8") as lines:
            for line in lines:
                event = json.loads(line)
                kind = event["type"]
                batches[kind].append(tuple(_plain(event.get(c)) for c in COLUMNS[kind]))
                pending += 1
                if pending >= BATCH:
                    stored += _flush(conn, inserts, batches)
                    pending = 0
        stored += _flush(conn, inserts, batches)
    finally:
        conn.close()
    return stored


def _plain(value):
    return json.dumps(value) if isinstance(value, (list, dict)) else value


def _flush(conn, inserts: dict[str, str], batches: dict[str, list[tuple]]) -> int:
    conn.execute("BEGIN IMMEDIATE")
    count = 0
    for kind, rows in batches.items():
        if rows:
            conn.executemany(inserts[kind], rows)
            count += len(rows)
            rows.clear()
    conn.execute("COMMIT")
    return count


def measure_ingest(workdir: Path, workload: Workload, repeat: int) -> tuple[Result, Workspace]:
    """The ingest row of the table, and the workspace the last repeat built (kept)."""
    built: list[Workspace] = []

    def ours() -> float:
        seconds, (ws, stored) = timed(lambda: ingest_workspace(workdir / "base", workload))
        built.append(ws)
        return stored / seconds

    def theirs() -> float:
        seconds, stored = timed(lambda: bare_load(workdir / "bare.db", workload))
        return stored / seconds

    mine, base, ratio = paired(repeat, ours, theirs, lambda a, b: a / b)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{workdir / 'bare.db'}{suffix}").unlink(missing_ok=True)
    result = Result("ingest (JSONL -> validated, mined, stored)", "events/s", mine, base, ratio,
                    f">= {GOAL}x baseline events/s", ratio.median >= GOAL,
                    details={"events": workload.events, "batch_size": BATCH})
    return result, built[-1]
