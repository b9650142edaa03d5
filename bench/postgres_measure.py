"""The PostgreSQL store beside SQLite (``--database postgresql://...``).

ingest    autopattern's whole ingest of the workload into the PostgreSQL database vs the
          same ingest into a SQLite file (events/s; ratio PostgreSQL over SQLite).
evaluate  every pack's whole run on the PostgreSQL store vs on the SQLite store holding
          the same events (s; ratio PostgreSQL over SQLite), goal <= 1.5x at 1M.

The database given is a throwaway one: before each ingest its ``public`` schema is
dropped and created again (the store migrates it on open). The password, if any, comes
from PGPASSWORD or ~/.pgpass. Each workspace names its store in autopattern.yaml, so
$AUTOPATTERN_DATABASE_URL is ignored here.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from bench.common import Result, paired, timed
from bench.ingest_measure import BATCH, ingest_workspace
from bench.workload_cache import Workload
from engine.store.url import parse_store_url
from engine.telemetry.ingest import ingest_records
from engine.telemetry.jsonl import read_jsonl
from engine.workspace import Workspace, init_workspace

EVALUATE_GOAL = 1.5


def empty_database(url: str) -> None:
    """Drop every table of the throwaway database (its public schema) and recreate it."""
    from engine.store.postgres import connect_postgres

    conn = connect_postgres(parse_store_url(url))
    try:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")
    finally:
        conn.close()


def ingest_postgres(root: Path, workload: Workload, url: str) -> tuple[Workspace, int]:
    """A workspace on the emptied PostgreSQL database holding the workload."""
    if root.exists():
        shutil.rmtree(root)
    empty_database(url)
    ws = init_workspace(root, database=url)
    db = ws.open_db()
    try:
        summary = ingest_records(db, read_jsonl(workload.path), source="jsonl",
                                 extra_masks=ws.masks, batch_size=BATCH)
    finally:
        db.close()
    if summary.rejected:
        raise RuntimeError(f"PostgreSQL rejected {summary.rejected} events: {summary.rejections[:3]}")
    return ws, summary.stored


def measure_postgres_ingest(workdir: Path, workload: Workload, repeat: int,
                            url: str) -> tuple[Result, Workspace, Workspace]:
    """The ingest row, and the PostgreSQL and SQLite workspaces the last repeat built."""
    built: dict[str, Workspace] = {}

    def ours() -> float:
        seconds, (ws, stored) = timed(lambda: ingest_postgres(workdir / "postgres", workload, url))
        built["postgres"] = ws
        return stored / seconds

    def theirs() -> float:
        seconds, (ws, stored) = timed(lambda: ingest_workspace(workdir / "sqlite", workload))
        built["sqlite"] = ws
        return stored / seconds

    mine, base, ratio = paired(repeat, ours, theirs, lambda a, b: a / b)
    result = Result("ingest into PostgreSQL vs into SQLite", "events/s", mine, base, ratio,
                    "reported (no goal)", None,
                    ["same workload, same validation and mining; PostgreSQL rows go by COPY, "
                     "one transaction per batch under the ingest lock"],
                    {"events": workload.events, "batch_size": BATCH})
    return result, built["postgres"], built["sqlite"]


def measure_postgres_evaluate(pg: Workspace, lite: Workspace, now: datetime, repeat: int,
                              at_full: bool) -> Result:
    from engine.evaluate.session import evaluate_workspace
    from engine.outputs import OUTPUTS

    def run(ws: Workspace) -> float:
        return timed(lambda: evaluate_workspace(ws, outputs=OUTPUTS, now=now))[0]

    try:
        run(pg)                # warm-up on both: the registry's first writes
    except Exception as exc:   # e.g. a compiler that renders SQLite only
        return Result("evaluate all packs on PostgreSQL vs on SQLite", "s", None, None, None,
                      f"<= {EVALUATE_GOAL}x", None, [f"not measured: {exc}"])
    run(lite)
    mine, base, ratio = paired(repeat, lambda: run(pg), lambda: run(lite), lambda a, b: a / b)
    return Result("evaluate all packs on PostgreSQL vs on SQLite", "s", mine, base, ratio,
                  f"<= {EVALUATE_GOAL}x at 1M executions",
                  (ratio.median <= EVALUATE_GOAL) if at_full else None,
                  [] if at_full else ["goal judged only at 1M executions (--scale full)"])
