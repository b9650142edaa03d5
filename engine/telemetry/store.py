"""The telemetry database: opening, configuring and migrating it.

Every connection gets WAL mode (readers never block the writer) and a busy timeout
(writers queue instead of failing with "database is locked"). Opening an older database
upgrades it in place, each migration in its own transaction, so a crash mid-upgrade
leaves the previous version intact.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from engine.errors import StoreError
from engine.telemetry.migrations import LATEST_VERSION, MIGRATIONS

BUSY_TIMEOUT_MS = 30_000


def utc_now_text() -> str:
    return format_ts(datetime.now(timezone.utc))


def format_ts(moment: datetime) -> str:
    """The one storage format of a timestamp: fixed-width UTC text with milliseconds."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    # isoformat is much faster than strftime; a UTC moment always ends in "+00:00".
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")[:-6] + "Z"


def connect(path: str | Path) -> sqlite3.Connection:
    """A raw sqlite3 connection configured for concurrent use (WAL, busy timeout)."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                           check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_database(path: str | Path, *, create: bool = True) -> sqlite_utils.Database:
    """Open (and if needed create or upgrade) the telemetry database at ``path``."""
    path = Path(path) if str(path) != ":memory:" else path
    if isinstance(path, Path):
        if not path.exists() and not create:
            raise StoreError(f"no telemetry database at {path}",
                             hint="run `autopattern init` to create a workspace")
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = connect(path)
        db = sqlite_utils.Database(conn)
        migrate(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open telemetry database {path}: {exc}") from exc
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database) -> list[int]:
    """Apply every migration newer than the database's version; return those applied."""
    current = schema_version(db)
    if current > LATEST_VERSION:
        raise StoreError(
            f"the database is at schema version {current}, newer than this autopattern "
            f"({LATEST_VERSION})", hint="upgrade autopattern")
    applied = []
    for migration in MIGRATIONS:
        if migration.version <= current:
            continue
        _apply(db, migration)
        applied.append(migration.version)
    if applied and current > 0:
        _refresh_statistics_after_upgrade(db)
    return applied


def _refresh_statistics_after_upgrade(db: sqlite_utils.Database) -> None:
    """An upgrade may rebuild indexes whose plans need statistics: take them now.

    Otherwise an upgraded database would run without them until the next ingest.
    """
    from engine.telemetry.statistics import refresh_statistics

    try:
        refresh_statistics(db.conn)
    except sqlite3.OperationalError:
        pass  # busy: the next ingest refreshes them


def _apply(db: sqlite_utils.Database, migration) -> None:
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Re-read under the write lock: another process may have migrated meanwhile.
        if schema_version(db) >= migration.version:
            conn.execute("ROLLBACK")
            return
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                     "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        for statement in _statements(migration.sql):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                     (migration.version, migration.name, utc_now_text()))
        conn.execute(f"PRAGMA user_version = {int(migration.version)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (sqlite3.complete_statement knows where)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
