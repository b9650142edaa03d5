"""`check` against the stored telemetry: extra fields (``attrs.NAME``) no event has.

The rule language knows no database, so the checks of a pack cannot tell whether
``attrs.runer`` is a typo; this module can. It opens the workspace's store read-only
(checking never upgrades or writes it) and asks, once per source table and field,
whether any stored event has the field. A field nobody sends is a warning, not an
error: the producer may start sending it tomorrow.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from engine.language.catalog import ATTRS_PREFIX
from engine.language.checks import attr_references
from engine.language.diagnostics import Diagnostic, did_you_mean


def absent_attr_warnings(loaded, db_path: Path) -> int:
    """Append an ``attr-absent`` warning to each loaded pack for every field no stored
    event of its source has; return how many. Nothing when the store cannot be read."""
    if not db_path.is_file():
        return 0
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return 0
    added = 0
    present: dict[tuple[str, str], bool] = {}
    known: dict[str, list[str] | None] = {}
    try:
        for item in loaded:
            if item.pack is None:
                continue
            for source, ref in attr_references(item.pack):
                table = source.table
                if table is None:
                    continue
                field_name = ref.name[len(ATTRS_PREFIX):]
                key = (table, field_name)
                if key not in present:
                    present[key] = _has_field(conn, table, field_name)
                if present[key]:
                    continue
                if table not in known:
                    known[table] = _some_fields(conn, table)
                if known[table] is None:     # an older store without attrs: nothing to say
                    continue
                span = ref.span
                hint = did_you_mean(ref.name, [f"{ATTRS_PREFIX}{name}" for name in known[table] or []])
                item.diagnostics.append(Diagnostic(
                    "warning", "attr-absent",
                    f"no stored event of {source.name} has the field {field_name!r}: "
                    f"{ref.name} is null on every row", item.pack.path or str(item.path),
                    span.line if span else None, span.column if span else None,
                    span.end_column if span else None,
                    hint or "the producer may not send it yet; fields stored so far: "
                            + (", ".join(f"attrs.{name}" for name in (known[table] or [])[:12]) or "none")))
                added += 1
    finally:
        conn.close()
    return added


def sql_text_literal(text: str) -> str:
    """``text`` as a single-quoted SQL string literal (quotes doubled)."""
    return "'" + text.replace("'", "''") + "'"


def _has_field(conn: sqlite3.Connection, table: str, field_name: str) -> bool:
    path = sql_text_literal(f'$."{field_name}"')
    try:
        row = conn.execute(f'SELECT 1 FROM "{table}" WHERE json_type("attrs", {path}) IS NOT NULL '
                           'LIMIT 1').fetchone()
    except sqlite3.Error:
        return True   # cannot tell: say nothing
    return row is not None


def _some_fields(conn: sqlite3.Connection, table: str, sample: int = 2000) -> list[str] | None:
    """The extra fields of the newest stored events (a sample: this is for a hint)."""
    try:
        rows = conn.execute(f'SELECT DISTINCT "j"."key" FROM (SELECT "attrs" FROM "{table}" '
                            f'WHERE "attrs" IS NOT NULL ORDER BY "rowid" DESC LIMIT {int(sample)}) AS "t", '
                            'json_each("t"."attrs") AS "j" ORDER BY 1').fetchall()
    except sqlite3.Error:
        return None
    return [row[0] for row in rows]
