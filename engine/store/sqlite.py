"""The SQLite store: one file, WAL mode, migrated in place when opened.

Every connection gets WAL mode (readers never block the writer) and a busy timeout
(writers queue instead of failing with "database is locked"). Opening an older database
upgrades it in place, each migration in its own transaction, so a crash mid-upgrade
leaves the previous version intact.

``sqlite_utils`` stays available behind ``SqliteStore`` for code that knows it is on
SQLite (tests, benchmarks): unknown attributes and ``store[table]`` reach it. Nothing in
the engine relies on that.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import socket
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import sqlite_utils

from engine.errors import StoreError
from engine.store.base import Params, Store, on_conflict, quote
from engine.store.url import StoreURL

BUSY_TIMEOUT_MS = 30_000
# The oldest SQLite library the compiled rules run on: they read each look-up from a
# `WITH ... AS MATERIALIZED` common table expression, which SQLite parses from 3.35.0.
MIN_SQLITE = (3, 35, 0)


def check_sqlite_version(found: tuple[int, ...] | None = None,
                         needed: tuple[int, ...] = MIN_SQLITE) -> None:
    """Refuse an SQLite library too old for the compiled rules, before anything is stored.

    Checked when a store is opened rather than found as a syntax error in the first
    rule: the message names both versions and the ways out. Pure, so it can be tested
    with any version.
    """
    found = sqlite3.sqlite_version_info if found is None else found
    if tuple(found) >= tuple(needed):
        return
    have, want = ".".join(map(str, found)), ".".join(map(str, needed))
    raise StoreError(
        f"the SQLite library Python uses is version {have}; autopattern needs {want} or newer "
        "(its rules use MATERIALIZED common table expressions)",
        hint="run autopattern on a Python linked to a newer SQLite (python.org and recent "
             "Linux distributions ship 3.35+; check with `python -c 'import sqlite3; "
             "print(sqlite3.sqlite_version)'`), or use a PostgreSQL store")


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


class SqliteStore(Store):
    dialect = "sqlite"
    errors = (sqlite3.Error,)

    def __init__(self, conn: sqlite3.Connection, url: StoreURL):
        self.conn = conn
        self.url = url
        self.utils = sqlite_utils.Database(conn)

    @property
    def path(self) -> Path | None:
        return self.url.path

    # --- executing ---------------------------------------------------------------------

    def execute(self, sql: str, params: Params = None) -> sqlite3.Cursor:
        return self.conn.execute(sql, params if params is not None else ())

    def executemany(self, sql, rows) -> int:
        return self.conn.executemany(sql, rows).rowcount

    # --- transactions and locks ----------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        return self.conn.in_transaction

    @contextmanager
    def transaction(self, lock: str | None = None) -> Iterator[None]:
        conn = self.conn
        if conn.in_transaction:
            name = f"sp{id(object())}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
                raise
            conn.execute(f"RELEASE {name}")
            return
        conn.execute("BEGIN IMMEDIATE")   # the write lock: writers take turns
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @contextmanager
    def exclusive(self, name: str, *, wait: bool = True,
                  on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """``flock`` on a lock file named after the database, in the temporary folder.

        Released by the kernel if the process dies. Not beside the database: the
        workspace holds only what the user made, and not on the database file itself:
        closing another descriptor of it would drop SQLite's own POSIX locks.
        """
        if self.url.path is None:
            yield
            return
        digest = hashlib.sha1(str(self.url.path.resolve()).encode()).hexdigest()[:16]
        lock_path = Path(tempfile.gettempdir()) / f"autopattern-{digest}.{name}.lock"
        with open(lock_path, "a+", encoding="utf-8") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                if not wait:
                    raise StoreError(f"another {name} holds the store: {holder}",
                                     hint="wait for it to finish") from None
                if on_wait:
                    on_wait(holder)
                fcntl.flock(handle, fcntl.LOCK_EX)
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()} on {socket.gethostname()}\n")
            handle.flush()
            try:
                yield
            finally:
                handle.seek(0)
                handle.truncate()
                fcntl.flock(handle, fcntl.LOCK_UN)

    # --- writing rows ----------------------------------------------------------------------

    def insert_rows(self, table: str, columns: Sequence[str], rows, *, conflict=("id",)) -> int:
        if not rows:
            return 0
        tail = f" {on_conflict(table, columns, key=conflict, keep=None)}" if conflict else ""
        sql = (f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
               f"VALUES ({', '.join('?' for _ in columns)}){tail}")
        before = self.conn.total_changes
        self.conn.executemany(sql, rows)
        return self.conn.total_changes - before

    # --- describing --------------------------------------------------------------------------

    def table_names(self) -> list[str]:
        return sorted(self.utils.table_names())

    def columns(self, table: str) -> list[str]:
        return [row[1] for row in self.conn.execute(f"PRAGMA table_info({quote(table)})")]

    def schema_version(self) -> int:
        return schema_version(self)

    def json_text(self, column: str, key: str) -> str:
        return f"json_extract({column}, '$.{key}')"

    def json_number(self, column: str, key: str) -> str:
        return f"json_extract({column}, '$.{key}')"

    def json_length(self, column: str) -> str:
        return f"json_array_length({column})"

    def index_hint(self, hint: str) -> str:
        return hint

    def analyze(self, table: str) -> None:
        self.conn.execute(f"ANALYZE {quote(table)}")

    def close(self) -> None:
        self.conn.close()

    # --- SQLite-only conveniences (tests, benchmarks) ---------------------------------------

    def __getitem__(self, table: str):
        return self.utils[table]

    def __getattr__(self, name: str) -> Any:
        if name in ("conn", "url", "utils"):
            raise AttributeError(name)
        return getattr(self.utils, name)


def open_sqlite(url: StoreURL, *, create: bool = True) -> SqliteStore:
    """Open (and if needed create or upgrade) the SQLite store at ``url``."""
    check_sqlite_version()
    path = url.path
    if path is not None:
        if not path.exists() and not create:
            raise StoreError(f"no telemetry database at {path}",
                             hint="run `autopattern init` to create a workspace")
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = connect(path if path is not None else ":memory:")
        store = SqliteStore(conn, url)
        migrate(store)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open telemetry database {path or ':memory:'}: {exc}") from exc
    return store


# --- migrations ------------------------------------------------------------------------------

def schema_version(db) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db) -> list[int]:
    """Apply every migration newer than the database's version; return those applied."""
    from engine.telemetry.migrations import LATEST_VERSION, MIGRATIONS

    current = schema_version(db)
    if current > LATEST_VERSION:
        raise StoreError(
            f"the database is at schema version {current}, newer than this autopattern "
            f"({LATEST_VERSION})", hint="upgrade autopattern")
    applied = []
    for migration in MIGRATIONS:
        if migration.version <= current:
            continue
        apply_migration(db, migration)
        applied.append(migration.version)
    if applied and current > 0:
        _refresh_statistics_after_upgrade(db)
    return applied


def _refresh_statistics_after_upgrade(db) -> None:
    """An upgrade may rebuild indexes whose plans need statistics: take them now.

    Otherwise an upgraded database would run without them until the next ingest.
    """
    from engine.telemetry.statistics import refresh_statistics

    try:
        refresh_statistics(db if isinstance(db, Store) else db.conn)
    except sqlite3.OperationalError:
        pass  # busy: the next ingest refreshes them


def apply_migration(db, migration) -> None:
    """One migration in its own write transaction (a store, or a bare sqlite_utils database)."""
    from engine.clock import utc_now_text
    from engine.store import as_store

    store = as_store(db if isinstance(db, Store) else db.conn)
    with store.transaction():
        # Re-read under the write lock: another process may have migrated meanwhile.
        if schema_version(store) >= migration.version:
            return
        store.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                      "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        for statement in _statements(migration.sql):
            store.execute(statement)
        store.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                      (migration.version, migration.name, utc_now_text()))
        store.execute(f"PRAGMA user_version = {int(migration.version)}")


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
