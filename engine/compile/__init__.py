"""Compile a checked rule into SQL expression trees plus bound parameters, rendered per
dialect (``sqlite``, ``postgres``) on demand. Holds no connection.

``postgres_functions_sql()`` is the SQL that creates, in a PostgreSQL store, the functions
the compiled SQL calls there (idempotent; the store's migrations execute it).
"""

from pathlib import Path

from engine.compile.nodes import DIALECTS
from engine.compile.sql import Binding, CompiledRule, OutputColumn, compile_rule

POSTGRES_FUNCTIONS = Path(__file__).with_name("postgres_functions.sql")


def postgres_functions_sql() -> str:
    return POSTGRES_FUNCTIONS.read_text(encoding="utf-8")


__all__ = ["Binding", "CompiledRule", "DIALECTS", "OutputColumn", "POSTGRES_FUNCTIONS", "compile_rule",
           "postgres_functions_sql"]
