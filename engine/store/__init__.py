"""The telemetry store behind one interface, on SQLite or PostgreSQL (see ``base``).

``open_store`` takes a URL or a path (``url``) and returns a migrated ``Store``.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from engine.store.base import Store, quote
from engine.store.url import ENV_VAR, StoreURL, parse_store_url, redact


def open_store(target: str | Path | StoreURL, *, create: bool = True) -> Store:
    """Open (creating or upgrading as needed) the store at ``target``."""
    url = target if isinstance(target, StoreURL) else parse_store_url(target)
    if url.dialect == "postgres":
        from engine.store.postgres import open_postgres
        return open_postgres(url)
    from engine.store.sqlite import open_sqlite
    return open_sqlite(url, create=create)


@contextmanager
def scratch_store(target: str | Path | StoreURL) -> Iterator[Store]:
    """A fresh, migrated, empty store of the kind ``target`` names, thrown away on leaving.

    SQLite: a database in memory (the file ``target`` may name is never opened).
    PostgreSQL: a new schema of its own in that database, dropped afterwards, so
    scratch stores on one server never see each other's rows (`autopattern test`).
    """
    url = target if isinstance(target, StoreURL) else parse_store_url(target)
    if url.dialect == "postgres":
        from engine.store.postgres import scratch_postgres
        with scratch_postgres(url) as store:
            yield store
        return
    store = open_store(":memory:")
    try:
        yield store
    finally:
        store.close()


def as_store(target) -> Store:
    """A ``Store`` as given, or one around a raw sqlite3 connection (benchmarks, tests)."""
    if isinstance(target, Store):
        return target
    import sqlite3
    if isinstance(target, sqlite3.Connection):
        from engine.store.sqlite import SqliteStore
        return SqliteStore(target, parse_store_url(":memory:"))
    raise TypeError(f"not a store: {type(target).__name__}")


__all__ = ["ENV_VAR", "as_store", "Store", "StoreURL", "open_store", "parse_store_url", "quote", "redact",
           "scratch_store"]
