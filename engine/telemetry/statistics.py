"""Planner statistics: when to refresh SQLite's ANALYZE tables after telemetry grows.

Rules that look back over a window per work (work_runs, pattern_for, manual_avg_ms)
stay proportional to the window only when SQLite skip-scans the (operation, template,
ts) index: it seeks each work's window instead of reading its whole history. SQLite
chooses a skip-scan only when ``sqlite_stat1`` says each leading key has many rows, so
the statistics must exist and follow the data. ANALYZE reads every index (about one
second per million executions), so it runs when a table has grown by a quarter since
the last one rather than after every ingest. Without statistics every query still
answers the same; it is only slower on long histories.

PostgreSQL's autovacuum analyzes on its own schedule; running the same bookkeeping there
gives the planner fresh statistics right after a large ingest instead of minutes later.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.clock import utc_now_text
from engine.store import as_store
from engine.wording import plural

TABLES = ("execution_logs", "file_events", "error_events")
GROWTH = 0.25          # re-analyze once a table holds this share more rows than last time
MIN_ROWS = 10_000      # below this the plans do not matter and ANALYZE is skipped


@dataclass(frozen=True)
class Refresh:
    table: str
    rows: int
    reason: str


def stale_tables(conn, *, growth: float = GROWTH,
                 min_rows: int = MIN_ROWS) -> list[Refresh]:
    """The telemetry tables whose statistics are missing or older than ``growth``."""
    conn = as_store(conn)
    stale = []
    for table in TABLES:
        max_seq = conn.execute(f'SELECT MAX("seq") FROM "{table}"').fetchone()[0] or 0
        mark = conn.execute("SELECT max_seq, row_count FROM planner_statistics WHERE tbl = ?",
                            (table,)).fetchone()
        if mark is None:
            if max_seq >= min_rows:
                stale.append(Refresh(table, max_seq, "never analyzed"))
            continue
        added = max_seq - mark[0]
        if added >= min_rows and added > growth * max(mark[1], 1):
            stale.append(Refresh(table, max_seq, f"{plural(added, 'row', thousands=True)} added since the "
                                                 f"last analysis ({plural(mark[1], 'row', thousands=True)} then)"))
    return stale


def refresh_statistics(conn, *, growth: float = GROWTH,
                       min_rows: int = MIN_ROWS, force: bool = False) -> list[Refresh]:
    """ANALYZE the stale telemetry tables (all of them with ``force``); what was refreshed.

    Runs in its own transaction after the data is committed, so a failure here (the
    database busy past its timeout) never touches what was stored.
    """
    conn = as_store(conn)
    if force:
        todo = [Refresh(t, 0, "forced") for t in TABLES]
    else:
        todo = stale_tables(conn, growth=growth, min_rows=min_rows)
    if not todo:
        return []
    with conn.transaction():
        for item in todo:
            conn.analyze(item.table)
            max_seq, rows = conn.execute(f'SELECT COALESCE(MAX("seq"), 0), COUNT(*) FROM "{item.table}"').fetchone()
            conn.upsert("planner_statistics", {"tbl": item.table, "max_seq": max_seq, "row_count": rows,
                                               "analyzed_at": utc_now_text()}, key=("tbl",))
    return todo
