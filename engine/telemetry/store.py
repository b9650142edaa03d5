"""The telemetry store's entry points and its one timestamp format.

The stores themselves live in ``engine.store`` (SQLite and PostgreSQL behind one
interface); ``open_database`` is kept as the name every stage already uses.
"""

from __future__ import annotations

from datetime import datetime, timezone

BUSY_TIMEOUT_MS = 30_000


def utc_now_text() -> str:
    return format_ts(datetime.now(timezone.utc))


def format_ts(moment: datetime) -> str:
    """The one storage format of a timestamp: fixed-width UTC text with milliseconds."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    # isoformat is much faster than strftime; a UTC moment always ends in "+00:00".
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")[:-6] + "Z"


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
