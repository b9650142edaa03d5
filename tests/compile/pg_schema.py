"""The telemetry schema on PostgreSQL for the compiler's tests, and copying a SQLite store into it.

Test scaffolding only: the store's own PostgreSQL migrations belong to the store
(issue 15's store half). Here every SQLite migration's DDL is translated by sqlglot
(SQLite's INTEGER is 64-bit: BIGINT; REAL: DOUBLE PRECISION; views skipped: no rule
reads them), then engine/compile/postgres_functions.sql is loaded, the same file the
store's migrations execute.
"""

from __future__ import annotations

import sqlite3

import sqlglot
from sqlglot import exp

from engine.compile import postgres_functions_sql
from engine.telemetry.migrations import MIGRATIONS
from engine.telemetry.store import _statements


def translated_ddl() -> list[str]:
    statements = []
    for migration in MIGRATIONS:
        for statement in _statements(migration.sql):
            tree = sqlglot.parse_one(statement, read="sqlite")
            if isinstance(tree, exp.Create) and (tree.args.get("kind") or "").upper() == "VIEW":
                continue
            if isinstance(tree, exp.Create) and tree.find(exp.Where) is not None and "JSON" in statement.upper():
                continue   # SQLite's partial JSON index (migration 7): a speed aid, no rows of its own
            for node in tree.find_all(exp.DataType):
                if node.this == exp.DataType.Type.INT:
                    node.set("this", exp.DataType.Type.BIGINT)
                elif node.this in (exp.DataType.Type.FLOAT, exp.DataType.Type.DOUBLE):
                    node.set("this", exp.DataType.Type.DOUBLE)
            statements.append(tree.sql(dialect="postgres"))
    return statements


def create_schema(conn) -> None:
    for statement in translated_ddl():
        conn.execute(statement)
    conn.execute(postgres_functions_sql())


def copy_store(sqlite_path, conn) -> dict[str, int]:
    """Every row of every table of the SQLite store into the PostgreSQL schema; counts."""
    source = sqlite3.connect(str(sqlite_path))
    counts = {}
    try:
        tables = [r[0] for r in source.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        existing = {r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")}
        for table in tables:
            if table not in existing:
                continue
            cursor = source.execute(f'SELECT * FROM "{table}"')
            names = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
            columns = ", ".join(f'"{n}"' for n in names)
            marks = ", ".join("%s" for _ in names)
            with conn.cursor() as out:
                out.executemany(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', rows)
            counts[table] = len(rows)
    finally:
        source.close()
    return counts
