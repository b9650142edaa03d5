"""The telemetry store's entry points (timestamps: ``engine.clock``).

The stores themselves live in ``engine.store`` (SQLite and PostgreSQL behind one
interface); ``open_database`` is kept as the name every stage already uses.
"""

from __future__ import annotations

BUSY_TIMEOUT_MS = 30_000


def open_database(target, *, create: bool = True):
    """Open (and if needed create or upgrade) the telemetry store at a path or URL."""
    from engine.store import open_store
    return open_store(target, create=create)


def schema_version(db) -> int:
    """The latest migration applied (a ``Store``, or a bare sqlite_utils database)."""
    from engine.store.base import Store
    return db.schema_version() if isinstance(db, Store) else _sqlite.schema_version(db)


from engine.store import sqlite as _sqlite  # noqa: E402  (re-exported below)

connect = _sqlite.connect
migrate = _sqlite.migrate
_apply = _sqlite.apply_migration
_statements = _sqlite._statements
