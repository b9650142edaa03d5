"""The PostgreSQL store: one database a whole team's machines write to at once.

Connections go through psycopg 3 (libpq), so the password comes from ``PGPASSWORD`` or
``~/.pgpass`` as for ``psql``; a password inside the URL works but is never printed.

SQL is written once for both dialects with SQLite's parameter marks (``?`` and
``:name``); ``translate`` rewrites them to psycopg's (``%s``, ``%(name)s``) once per
statement text, skipping string literals, quoted identifiers, comments and ``::`` casts.
Text already in psycopg's style (the compiler's PostgreSQL rendering) passes unchanged:
its ``%(name)s``, ``%s`` and ``%%`` are kept, and only a lone ``%`` is doubled.

JSON columns that rules read (event attrs, template params, files) are ``jsonb`` so
queries use ``->>`` and indexes; registry documents kept as JSON text stay ``text`` (their
key order is part of what is written back). Both come back to Python as text, as on
SQLite. ``numeric`` results come back as ``float``: rules compare numbers, not decimals.

Migrations are versioned in ``schema_migrations`` and applied under an advisory lock, so
processes opening a new database at the same moment migrate it once. The catalog
functions the compiler calls (``engine/compile/postgres_functions.sql``) are
(re)created whenever that file changes; its hash is kept in ``store_meta``.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
import sys
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, Sequence

from engine.errors import StoreError
from engine.store.base import Params, Store, lock_key, on_conflict, quote
from engine.store.url import StoreURL, redact

try:
    import psycopg
    from psycopg.types.numeric import FloatLoader, Int8Dumper
    from psycopg.types.string import TextLoader
except ImportError:  # pragma: no cover - psycopg is a dependency
    psycopg = None

FUNCTIONS_FILE = Path(__file__).resolve().parent.parent / "compile" / "postgres_functions.sql"
CONNECT_TIMEOUT_S = 10
WAIT_REPORT_S = 2.0     # how often a waiting lock says again who holds it

_TOKEN = re.compile(r"""
    '(?:[^']|'')*'            # a string literal
  | "(?:[^"]|"")*"            # a quoted identifier
  | --[^\n]*                  # a line comment
  | /\*.*?\*/                 # a block comment
  | ::                        # a cast, not a parameter
  | :(?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<native>%\([A-Za-z_][A-Za-z0-9_]*\)s|%s|%%)   # already psycopg's
  | (?P<q>\?)
  | (?P<pct>%)
""", re.X | re.S)


@lru_cache(maxsize=4096)
def translate(sql: str) -> str:
    """SQLite parameter marks to psycopg's (see the module docstring)."""
    def swap(match: re.Match) -> str:
        if match["name"]:
            return f"%({match['name']})s"
        if match["q"]:
            return "%s"
        if match["pct"]:
            return "%%"
        if match["native"]:
            return match[0]
        # psycopg reads % everywhere, even in literals: a lone one is doubled
        return re.sub(r"%%|%", "%%", match[0]) if match[0][:1] == "'" else match[0]
    return _TOKEN.sub(swap, sql)


def _require_driver() -> None:
    if psycopg is None:
        raise StoreError("PostgreSQL stores need the psycopg package",
                         hint="pip install 'psycopg[binary]'")


def application_name() -> str:
    """What the server shows for this session (and `evaluate` shows a waiting one):
    the command, the process and the machine."""
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    command = sys.argv[1] if program == "autopattern" and len(sys.argv) > 1 else program
    return f"autopattern {command} pid {os.getpid()} on {socket.gethostname()}"[:63]


class PostgresStore(Store):
    dialect = "postgres"

    def __init__(self, conn, url: StoreURL):
        self.conn = conn
        self.url = url
        self.errors = (psycopg.Error,)

    # --- executing ---------------------------------------------------------------------

    def execute(self, sql: str, params: Params = None):
        return self.conn.execute(translate(sql), params if params is not None else ())

    def executemany(self, sql, rows) -> int:
        rows = list(rows)
        if not rows:
            return 0
        with self.conn.cursor() as cursor:
            cursor.executemany(translate(sql), rows)
            return cursor.rowcount

    # --- transactions and locks ----------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        return self.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    @contextmanager
    def transaction(self, lock: str | None = None) -> Iterator[None]:
        with self.conn.transaction():
            if lock:
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (lock_key(lock),))
            yield

    def holder(self, name: str) -> str | None:
        """Who holds the named session lock: application name, address and since when."""
        key = lock_key(name)
        classid, objid = (key >> 32) & 0xFFFFFFFF, key & 0xFFFFFFFF
        row = self.conn.execute(
            "SELECT a.pid, a.application_name, a.client_addr::text, a.backend_start::text "
            "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = %s "
            "AND l.objid::bigint = %s AND l.objsubid = 1 AND l.pid != pg_backend_pid()",
            (classid, objid)).fetchone()
        if row is None:
            return None
        pid, app, addr, since = row
        return f"{app or 'a session'} (server pid {pid}{', from ' + addr if addr else ''}, since {since})"

    @contextmanager
    def exclusive(self, name: str, *, wait: bool = True,
                  on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        key = lock_key(name)
        got = self.conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()[0]
        if not got:
            who = self.holder(name) or "another session"
            if not wait:
                raise StoreError(f"another {name} holds the store: {who}",
                                 hint="wait for it to finish")
            if on_wait:
                on_wait(who)
            while not self.conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()[0]:
                time.sleep(0.2)
        try:
            yield
        finally:
            if not self.conn.closed:
                self.conn.execute("SELECT pg_advisory_unlock(%s)", (key,))

    # --- writing rows ----------------------------------------------------------------------

    def insert_rows(self, table: str, columns: Sequence[str], rows, *, conflict=("id",)) -> int:
        """COPY into a temporary table, then one INSERT ... SELECT (keeping the order)."""
        if not rows:
            return 0
        names = ", ".join(quote(c) for c in columns)
        staging = quote(f"staging_{table}")
        with self.transaction():
            self.conn.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {staging} ON COMMIT DELETE ROWS AS "
                f"SELECT {names}, 0::bigint AS _ord FROM {quote(table)} WITH NO DATA")
            self.conn.execute(f"TRUNCATE {staging}")
            with self.conn.cursor() as cursor:
                with cursor.copy(f"COPY {staging} ({names}, _ord) FROM STDIN") as copy:
                    for number, row in enumerate(rows):
                        copy.write_row((*row, number))
            tail = f" {on_conflict(table, columns, key=conflict, keep=None)}" if conflict else ""
            cursor = self.conn.execute(
                f"INSERT INTO {quote(table)} ({names}) SELECT {names} FROM {staging} "
                f"ORDER BY _ord{tail}")
            return cursor.rowcount

    # --- describing --------------------------------------------------------------------------

    def table_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' ORDER BY 1")]

    def view_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT table_name FROM information_schema.views WHERE table_schema = current_schema() "
            "ORDER BY 1")]

    def columns(self, table: str) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = %s ORDER BY ordinal_position", (table,))]

    def schema_version(self) -> int:
        return self.conn.execute(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]

    def json_text(self, column: str, key: str) -> str:
        return f"({column}::jsonb ->> '{key}')"

    def json_number(self, column: str, key: str) -> str:
        return (f"(CASE WHEN jsonb_typeof({column}::jsonb -> '{key}') = 'number' "
                f"THEN ({column}::jsonb ->> '{key}')::numeric END)")

    def json_length(self, column: str) -> str:
        return f"jsonb_array_length({column}::jsonb)"

    def empty(self) -> None:
        """Delete every row but the migrations' bookkeeping, restarting the identities
        (scratch stores between tests: as empty as a new schema, without migrating one)."""
        kept = {"schema_migrations", "store_meta"}
        tables = [quote(t) for t in self.table_names() if t not in kept]
        if tables:
            self.conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")

    def analyze(self, table: str) -> None:
        self.conn.execute(f"ANALYZE {quote(table)}")

    def close(self) -> None:
        self.conn.close()


def connect_postgres(url: StoreURL):
    """A psycopg connection in autocommit mode (transactions are explicit)."""
    _require_driver()
    try:
        conn = psycopg.connect(url.text, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                               application_name=application_name())
    except psycopg.Error as exc:
        message = redact(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
        hint = ("set PGPASSWORD or add the password to ~/.pgpass"
                if "password" in message.lower() else "check the server is running and the URL")
        raise StoreError(f"cannot connect to PostgreSQL store {url.redacted}: {message}",
                         hint=hint) from None
    # Rules are many statements of a second or less: LLVM compilation of their plans cost
    # more than it saved (suggester.use_pattern at 100k executions: 2.7 s with JIT, 0.1 s without).
    conn.execute("SET jit = off")
    # Every Python int is sent as bigint (SQLite's INTEGER is 64-bit), never as the
    # smallest type that holds it: psycopg would send 2 as smallint, and an overloaded
    # function (ap_text for concat) then resolves to its double precision form, "2.0".
    conn.adapters.register_dumper(int, Int8Dumper)
    for name in ("json", "jsonb"):
        conn.adapters.register_loader(name, TextLoader)
    conn.adapters.register_loader("numeric", FloatLoader)
    return conn


def open_postgres(url: StoreURL, *, migrate_schema: bool = True, schema: str | None = None) -> PostgresStore:
    """Open the store at ``url``; ``schema`` puts it in that schema of the database
    (created if missing) instead of the connection's default one."""
    conn = connect_postgres(url)
    if schema is not None:
        try:
            conn.execute(f"CREATE SCHEMA IF NOT EXISTS {quote(schema)}")
            conn.execute(f"SET search_path TO {quote(schema)}")
        except psycopg.Error as exc:
            conn.close()
            raise StoreError(f"cannot create schema {schema} in PostgreSQL store {url.redacted}: "
                             f"{redact(str(exc).strip())}",
                             hint="the role needs the CREATE privilege on the database") from None
    store = PostgresStore(conn, url)
    if migrate_schema:
        try:
            migrate(store)
        except psycopg.Error as exc:
            conn.close()
            raise StoreError(f"cannot migrate PostgreSQL store {url.redacted}: {redact(str(exc))}") from exc
    return store


# --- migrations ------------------------------------------------------------------------------

def migrate(store: PostgresStore) -> list[int]:
    """Apply every missing migration, once, whatever other process opens the store too."""
    from engine.telemetry.migrations import POSTGRES_LATEST, POSTGRES_MIGRATIONS
    from engine.clock import utc_now_text

    applied: list[int] = []
    with store.transaction(lock="migrate"):   # one migrator at a time, whoever opens the store
        store.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                      "name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        store.execute("CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        current = store.scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
        if current > POSTGRES_LATEST:
            raise StoreError(f"the database is at schema version {current}, newer than this "
                             f"autopattern ({POSTGRES_LATEST})", hint="upgrade autopattern")
        for migration in POSTGRES_MIGRATIONS:
            if migration.version <= current:
                continue
            with store.transaction():   # a savepoint per migration
                store.conn.execute(migration.sql)   # a script: the driver's own, untranslated
                store.execute("INSERT INTO schema_migrations (version, name, applied_at) "
                              "VALUES (?, ?, ?)", (migration.version, migration.name, utc_now_text()))
            applied.append(migration.version)
        install_functions(store)
    return applied


def functions_sql() -> str | None:
    return FUNCTIONS_FILE.read_text(encoding="utf-8") if FUNCTIONS_FILE.is_file() else None


def install_functions(store: PostgresStore) -> bool:
    """(Re)create the compiler's catalog functions when their definition changed."""
    text = functions_sql()
    if text is None:
        return False
    digest = hashlib.sha256(text.encode()).hexdigest()
    row = store.conn.execute("SELECT value FROM store_meta WHERE key = 'functions_sha256'").fetchone()
    if row and row[0] == digest:
        return False
    store.conn.execute(text)
    store.upsert("store_meta", {"key": "functions_sha256", "value": digest}, key=("key",))
    return True


SCRATCH_PREFIX = "autopattern_scratch_"


@contextmanager
def scratch_postgres(url: StoreURL) -> Iterator[PostgresStore]:
    """A migrated store in a new schema of its own in the database at ``url``, dropped
    (with everything in it) on leaving: nothing else in that database is read or written."""
    import uuid

    schema = f"{SCRATCH_PREFIX}{uuid.uuid4().hex[:16]}"
    store = open_postgres(url, schema=schema)
    failed = False
    try:
        yield store
    except BaseException:
        failed = True
        raise
    finally:
        try:
            if not store.conn.closed:
                if store.in_transaction:   # left open outside transaction(): abandoned, never committed
                    store.conn.rollback()
                store.conn.execute(f"DROP SCHEMA IF EXISTS {quote(schema)} CASCADE")
        except psycopg.Error:
            if not failed:   # a failure already on its way out is the one to report
                raise
        finally:
            store.close()
