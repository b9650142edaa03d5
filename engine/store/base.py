"""The store interface: what every stage above the database may ask of it.

Two backends implement it, SQLite (embedded, the default) and PostgreSQL (shared by a
team). Stages write SQL both accept: double-quoted identifiers, ``?`` or ``:name``
parameters, ``ON CONFLICT ... DO NOTHING / DO UPDATE``, ``CASE`` instead of booleans used
as numbers, aliased subqueries. The few places where the dialects must differ ask the
store (``json_text``, ``index_hint``) so that text lives here, once, per dialect.

Cursors are the driver's own (``sqlite3.Cursor`` or ``psycopg.Cursor``): both offer
``fetchone``, ``fetchall``, iteration, ``description`` and ``rowcount``, and both return
rows as tuples. JSON columns come back as text on both.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from typing import Any, Callable, ContextManager, Iterable, Iterator, Mapping, Sequence

from engine.store.url import StoreURL

Params = Sequence[Any] | Mapping[str, Any] | None


def quote(name: str) -> str:
    """A double-quoted identifier (both dialects), refusing names that could break out."""
    if not name or '"' in name or "\x00" in name:
        raise ValueError(f"not a usable identifier: {name!r}")
    return f'"{name}"'


def _names(columns: Iterable[str]) -> str:
    return ", ".join(quote(c) for c in columns)


def on_conflict(table: str, columns: Sequence[str], *, key: Sequence[str] = ("id",),
                keep: Sequence[str] | None = (), bump: str | None = None) -> str:
    """The one ``ON CONFLICT`` clause every insert of the engine ends with.

    On a conflict on ``key``, every column but the key and ``keep`` takes the new value
    (``bump``, an integer column, is incremented); ``keep=None``, or nothing left to
    update, keeps the stored row (``DO NOTHING``). Built here once so that every upsert
    quotes its names the same way (``quote``) on both dialects.
    """
    target = f"ON CONFLICT ({_names(key)})"
    if keep is None:
        return f"{target} DO NOTHING"
    updates = [f"{quote(c)} = excluded.{quote(c)}" for c in columns if c not in key and c not in keep]
    if bump:
        updates.append(f"{quote(bump)} = {quote(table)}.{quote(bump)} + 1")
    return f"{target} DO UPDATE SET {', '.join(updates)}" if updates else f"{target} DO NOTHING"


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for a named lock (PostgreSQL advisory locks)."""
    digest = hashlib.sha1(f"autopattern:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class Store(ABC):
    """One open connection to a telemetry store; one per thread or process."""

    dialect: str
    url: StoreURL
    errors: tuple[type[BaseException], ...]   # the driver's exception classes

    # --- executing ---------------------------------------------------------------------

    @abstractmethod
    def execute(self, sql: str, params: Params = None) -> Any:
        """Run one statement (``?`` positional or ``:name`` named parameters); a cursor."""

    @abstractmethod
    def executemany(self, sql: str, rows: Iterable[Sequence[Any] | Mapping[str, Any]]) -> int:
        """Run one statement per row; the number of rows it changed."""

    def query(self, sql: str, params: Params = None) -> Iterator[dict[str, Any]]:
        """The rows of a query as dicts keyed by column name."""
        cursor = self.execute(sql, params)
        names = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(names, row))

    def scalar(self, sql: str, params: Params = None) -> Any:
        row = self.execute(sql, params).fetchone()
        return None if row is None else row[0]

    # --- transactions and locks ----------------------------------------------------------

    @abstractmethod
    def transaction(self, lock: str | None = None) -> ContextManager[None]:
        """One write transaction, all or nothing; a savepoint when one is already open.

        ``lock`` names a lock held until the transaction ends, so writers that take it
        run one after the other (SQLite's write lock already does that for everyone).
        """

    @property
    @abstractmethod
    def in_transaction(self) -> bool:
        """Whether a transaction is open on this connection."""

    @abstractmethod
    def exclusive(self, name: str, *, wait: bool = True,
                  on_wait: Callable[[str], None] | None = None) -> ContextManager[None]:
        """Hold a named lock across transactions (one evaluator per store).

        When another process holds it, ``on_wait`` is told who; with ``wait=False`` a
        StoreError naming the holder is raised instead of waiting.
        """

    # --- writing rows ----------------------------------------------------------------------

    def upsert(self, table: str, row: Mapping[str, Any], *, key: Sequence[str] = ("id",),
               keep: Sequence[str] = (), bump: str | None = None) -> None:
        """Insert ``row``, or update every column but the key and ``keep`` on a conflict.

        ``bump`` names an integer column incremented on each update (a version).
        """
        columns = list(row)
        marks = ", ".join(f":{c}" for c in columns)
        self.execute(f"INSERT INTO {quote(table)} ({_names(columns)}) VALUES ({marks}) "
                     f"{on_conflict(table, columns, key=key, keep=keep, bump=bump)}", dict(row))

    def upsert_select(self, table: str, columns: Sequence[str], select: str, params: Params = None, *,
                      key: Sequence[str] = ("id",), keep: Sequence[str] = (),
                      bump: str | None = None) -> int:
        """``upsert`` for the rows a query returns (``columns`` in its column order); how many.

        The query must end with a ``WHERE`` (``WHERE true`` will do): SQLite would read
        the ``ON`` of ``ON CONFLICT`` after a bare ``FROM`` as a join's. It is not wrapped
        in a subquery to add one, since PostgreSQL then types a bare ``NULL`` as text.
        """
        sql = (f"INSERT INTO {quote(table)} ({_names(columns)}) {select} "
               f"{on_conflict(table, columns, key=key, keep=keep, bump=bump)}")
        return self.execute(sql, params).rowcount

    def insert_row(self, table: str, row: Mapping[str, Any]) -> None:
        """Insert one row as given (a conflict is an error)."""
        columns = list(row)
        self.execute(f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
                     f"VALUES ({', '.join(':' + c for c in columns)})", dict(row))

    @abstractmethod
    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], *,
                    conflict: Sequence[str] | None = ("id",)) -> int:
        """Bulk insert, skipping rows whose ``conflict`` key is stored; how many were new.

        ``conflict=None`` inserts every row (a conflict is then an error). PostgreSQL
        streams the rows with COPY; SQLite runs one prepared statement per row.
        """

    # --- describing --------------------------------------------------------------------------

    @abstractmethod
    def table_names(self) -> list[str]:
        """The tables of the store (not views), sorted."""

    @abstractmethod
    def columns(self, table: str) -> list[str]:
        """The columns of a table or view, in order."""

    @abstractmethod
    def schema_version(self) -> int:
        """The latest migration applied."""

    # --- per-dialect SQL ---------------------------------------------------------------------

    @abstractmethod
    def json_text(self, column: str, key: str) -> str:
        """SQL for the text of ``key`` in the JSON object held by ``column``."""

    @abstractmethod
    def json_number(self, column: str, key: str) -> str:
        """SQL for the number under ``key`` in the JSON object held by ``column`` (else NULL)."""

    @abstractmethod
    def json_length(self, column: str) -> str:
        """SQL for the length of the JSON array held by ``column``."""

    def index_hint(self, hint: str) -> str:
        """An SQLite ``INDEXED BY``/``NOT INDEXED`` hint; nothing on other dialects."""
        return ""

    @abstractmethod
    def analyze(self, table: str) -> None:
        """Refresh the planner's statistics of one table."""

    # --- lifecycle -----------------------------------------------------------------------------

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

