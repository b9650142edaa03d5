"""Moving a store: copy every table of one store into another, empty one, and prove it.

The usual move is a team's SQLite file into the PostgreSQL database everyone will share
(``autopattern store copy --to postgresql://...``). Every table is copied (events,
templates, miner state, registry rows, runs, decisions, metrics, ingest runs), keeping
the keys: event ``seq`` numbers, template ids (so stored template references and
registry documents stay valid) and decision order. ``schema_migrations`` is not copied:
each store records its own migrations.

All of it is one transaction on the target: a failure (a value the target refuses, a
lost connection) leaves the target as empty as it was. After the copy the identity
counters are moved past the copied keys, and the row count of every table is compared
on both sides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from engine.errors import StoreError
from engine.store.base import Store, quote
from engine.wording import plural

SKIPPED = {"schema_migrations", "store_meta", "sqlite_stat1", "sqlite_stat4", "sqlite_sequence"}
# Tables whose integer key the target generates: counters move past the copied values.
IDENTITY = {"templates": "id", "execution_logs": "seq", "file_events": "seq", "error_events": "seq",
            "decisions": "seq", "ingest_runs": "seq"}
BATCH = 10_000


@dataclass
class TableCopy:
    table: str
    source_rows: int
    target_rows: int = 0

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows


@dataclass
class CopyReport:
    source: str
    target: str
    tables: list[TableCopy] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(t.target_rows for t in self.tables)

    def to_dict(self) -> dict:
        return {"source": self.source, "target": self.target, "rows": self.rows,
                "tables": {t.table: {"source": t.source_rows, "target": t.target_rows}
                           for t in self.tables}}


def tables_to_copy(source: Store, target: Store) -> list[str]:
    """The source's tables the target also has, templates first (events point at them)."""
    wanted = [t for t in source.table_names() if t not in SKIPPED]
    missing = sorted(set(wanted) - set(target.table_names()))
    if missing:
        raise StoreError(f"the target store has no table {missing[0]!r}",
                         hint="both stores must be at the latest schema: open each with this autopattern")
    return sorted(wanted, key=lambda t: (t != "templates", t))


def copy_store(source: Store, target: Store,
               progress: Callable[[str, int, int], None] | None = None) -> CopyReport:
    """Copy every table of ``source`` into the empty ``target``; verify the row counts.

    ``progress(table, copied, total)`` is called after each batch.
    """
    report = CopyReport(source.url.redacted, target.url.redacted)
    tables = tables_to_copy(source, target)
    filled = [t for t in tables if target.scalar(f"SELECT COUNT(*) FROM {quote(t)}")]
    if filled:
        raise StoreError(f"the target store is not empty (table {filled[0]} has rows)",
                         hint="copy into a new, empty database: nothing is merged or overwritten")
    try:
        with target.transaction(lock="ingest"):
            for table in tables:
                report.tables.append(_copy_table(source, target, table, progress))
            for table, column in IDENTITY.items():
                if table in tables:
                    _move_counter(target, table, column)
    except target.errors as exc:
        raise StoreError(f"copy failed, nothing was written to the target: {exc}") from exc
    for item in report.tables:
        item.target_rows = target.scalar(f"SELECT COUNT(*) FROM {quote(item.table)}")
    wrong = [t for t in report.tables if not t.ok]
    if wrong:
        raise StoreError(f"row counts differ after the copy: {wrong[0].table} has "
                         f"{plural(wrong[0].source_rows, 'row')} in the source, {wrong[0].target_rows} in the target")
    return report


def _copy_table(source: Store, target: Store, table: str,
                progress: Callable[[str, int, int], None] | None) -> TableCopy:
    theirs = set(target.columns(table))
    columns = [c for c in source.columns(table) if c in theirs]
    total = source.scalar(f"SELECT COUNT(*) FROM {quote(table)}")
    item = TableCopy(table, total)
    names = ", ".join(quote(c) for c in columns)
    order = quote(IDENTITY.get(table) or columns[0])
    deferred: list[tuple] = []   # templates' merged_into: set once every template exists
    cursor = source.execute(f"SELECT {names} FROM {quote(table)} ORDER BY {order}")
    copied = 0
    while True:
        rows = cursor.fetchmany(BATCH)
        if not rows:
            break
        if table == "templates" and "merged_into" in columns:
            at = columns.index("merged_into")
            deferred += [(row[at], row[columns.index("id")]) for row in rows if row[at] is not None]
            rows = [(*row[:at], None, *row[at + 1:]) for row in rows]
        target.insert_rows(table, columns, rows, conflict=None)
        copied += len(rows)
        if progress:
            progress(table, copied, total)
    if deferred:
        target.executemany('UPDATE "templates" SET "merged_into" = ? WHERE "id" = ?', deferred)
    if progress and total == 0:
        progress(table, 0, 0)
    return item


def _move_counter(target: Store, table: str, column: str) -> None:
    if target.dialect != "postgres":
        return   # SQLite's rowid keys follow the largest stored key on their own
    target.execute(
        f"SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT MAX({quote(column)}) "
        f"FROM {quote(table)}), 0) + 1, false)", [table, column])
