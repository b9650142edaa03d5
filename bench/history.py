"""Growth with history: the same recent window, evaluated over 1x and over Fx the rows.

The old history is made in SQL, not through ingest: every telemetry row of the base
workspace is copied F-1 times, each copy shifted back by a whole number of workload
spans (so no copy falls inside any rule's window) and given ids of its own. Indexes are
dropped for the copy and rebuilt after, which is how a bulk load is done anyway.

Both workspaces are evaluated with retention widened to keep the whole history (the
same ``--set`` for both): with the shipped 90 days, the first run would delete the
history and the comparison would be of nothing.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from bench.common import Result, paired, timed
from bench.evaluate_measure import run_autopattern
from engine.store import as_store
from engine.telemetry.statistics import refresh_statistics
from engine.workspace import Workspace, load_workspace

GOAL = 1.2
TABLES = ("execution_logs", "file_events", "error_events")
MAX_KEEP_DAYS = 3650  # the retention params' upper bound


def retention_assignments(factor: int, days: int) -> list[str]:
    keep = factor * (days + 1) + 1
    if keep > MAX_KEEP_DAYS:
        raise ValueError(f"--history-factor {factor}: the history would span {keep} days, "
                         f"beyond retention's longest setting ({MAX_KEEP_DAYS} days)")
    return [f"retention.keep_executions={keep}d", f"retention.keep_errors={keep}d"]


def checkpoint(db_path: Path) -> None:
    """Fold the WAL into the database file so a file copy is the whole database."""
    conn = sqlite3.connect(str(db_path))
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def build_history(base: Workspace, root: Path, factor: int, days: int) -> Workspace:
    """A copy of ``base`` whose telemetry tables hold ``factor`` times its rows."""
    if root.exists():
        shutil.rmtree(root)
    checkpoint(base.db_path)
    shutil.copytree(base.root, root, ignore=shutil.ignore_patterns("*-wal", "*-shm"))
    ws = load_workspace(root)
    conn = sqlite3.connect(str(ws.db_path), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = OFF")
        with as_store(conn).transaction():
            indexes = _drop_indexes(conn)
            for table in TABLES:
                _copy_shifted(conn, table, factor, days)
            for sql in indexes:
                conn.execute(sql)
        refresh_statistics(conn, force=True)    # as the ingest of that much history would
    finally:
        conn.close()
    return ws


def _drop_indexes(conn: sqlite3.Connection) -> list[str]:
    marks = ", ".join("?" for _ in TABLES)
    found = conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                         f"AND sql IS NOT NULL AND tbl_name IN ({marks})", TABLES).fetchall()
    for name, _sql in found:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in found]


def _copy_shifted(conn: sqlite3.Connection, table: str, factor: int, days: int) -> None:
    columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")') if row[1] != "seq"]
    originals = conn.execute(f'SELECT MAX(seq) FROM "{table}"').fetchone()[0] or 0
    for k in range(1, factor):
        shift = f"-{k * (days + 1)} days"
        select = []
        for column in columns:
            if column == "id" or column == "execution_id":
                select.append(f'"{column}" || \'~h{k}\'')
            elif column == "ts":
                select.append(f"strftime('%Y-%m-%dT%H:%M:%fZ', \"ts\", '{shift}')")
            else:
                select.append(f'"{column}"')
        names = ", ".join(f'"{c}"' for c in columns)
        conn.execute(f'INSERT INTO "{table}" ({names}) SELECT {", ".join(select)} '
                     f'FROM "{table}" WHERE seq <= ?', (originals,))


def measure_growth(base: Workspace, root: Path, now: datetime, repeat: int, factor: int,
                   days: int, executions: int) -> Result:
    assignments = retention_assignments(factor, days)
    build_s, history = timed(lambda: build_history(base, root, factor, days))
    run_autopattern(base, now, assignments)      # warm-ups, as for the evaluate measure
    run_autopattern(history, now, assignments)
    mine, base_spread, ratio = paired(
        repeat,
        lambda: timed(lambda: run_autopattern(history, now, assignments))[0],
        lambda: timed(lambda: run_autopattern(base, now, assignments))[0],
        lambda a, b: a / b)
    rows = _count(history.db_path, "execution_logs")
    notes = [f"history factor {factor}: {rows:,} executions in the DB vs {executions:,}"
             + ("" if factor == 10 else " (the issue asks for 10x; scaled down with --history-factor)"),
             f"retention widened for both runs: {' '.join(assignments)}"]
    return Result(f"growth: {factor}x history vs 1x, same window", "s", mine, base_spread, ratio,
                  f"<= {GOAL}x", ratio.median <= GOAL, notes,
                  {"factor": factor, "executions_in_db": rows, "build_seconds": round(build_s, 1),
                   "db_bytes": history.db_path.stat().st_size})


def _count(db_path: Path, table: str) -> int:
    conn = sqlite3.connect(str(db_path))
    try:
        return conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
    finally:
        conn.close()
