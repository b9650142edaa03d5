"""The telemetry store behind one interface, on SQLite or PostgreSQL (see ``base``).

``open_store`` takes a URL or a path (``url``) and returns a migrated ``Store``.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

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
    with scratch_stores(target) as fresh:
        yield fresh()


@contextmanager
def scratch_stores(target: str | Path | StoreURL) -> Iterator[Callable[[], Store]]:
    """Like ``scratch_store``, for many in a row: each call of the function given gives
    an empty store (the previous one is gone). SQLite: a new database in memory each time.
    PostgreSQL: one schema, migrated once, its tables emptied (identities restarted)
    between calls, which costs a fifth of migrating a new schema."""
    url = target if isinstance(target, StoreURL) else parse_store_url(target)
    if url.dialect == "postgres":
        from engine.store.postgres import scratch_postgres
        with scratch_postgres(url) as store:
            used = [False]

            def emptied() -> Store:
                if used[0]:
                    store.empty()
                used[0] = True
                return store
            yield emptied
        return
    opened: list[Store] = []

    def fresh() -> Store:
        while opened:
            opened.pop().close()
        opened.append(open_store(":memory:"))
        return opened[-1]
    try:
        yield fresh
    finally:
        while opened:
            opened.pop().close()


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
           "scratch_store", "scratch_stores"]
