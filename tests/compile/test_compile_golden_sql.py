"""The compiled SQL of every shipped rule, in both dialects, checked against golden files.

A change to the compiler or to a shipped rule shows up as a diff of readable SQL.
To accept a change: `.venv/bin/python -m tests.compile.golden_sql` (or
UPDATE_GOLDEN=1 ./run.sh test tests/compile/test_compile_golden_sql.py).
"""

from __future__ import annotations

import os

import pytest

from engine import resources
from engine.compile import compile_rule
from engine.compile.nodes import DIALECTS
from engine.language.loader import load_packs, require_valid
from tests.compile.golden_sql import GOLDEN, path_for, render, shipped_rules

REGENERATE = "run `.venv/bin/python -m tests.compile.golden_sql` to regenerate"


def test_shipped_packs_are_valid():
    require_valid(load_packs([resources.rules_dir()]))


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("pack, rule", shipped_rules(), ids=lambda x: getattr(x, "name", ""))
def test_compiled_sql_matches_golden(pack, rule, dialect):
    actual = render(compile_rule(pack, rule), dialect)
    path = path_for(dialect, pack, rule)
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {dialect}/{path.name}: {REGENERATE}"
    assert actual == path.read_text(encoding="utf-8"), f"{dialect}/{path.name} is stale: {REGENERATE}"


def test_no_stale_golden_files():
    expected = {path_for(d, pack, rule) for pack, rule in shipped_rules() for d in DIALECTS}
    stale = sorted(str(p.relative_to(GOLDEN)) for p in GOLDEN.glob("**/*.sql") if p not in expected)
    assert not stale, f"golden files of rules that no longer exist: {stale}; {REGENERATE}"


def test_golden_files_differ_where_the_dialects_do():
    """PostgreSQL text is not SQLite text renamed: the per-dialect spellings are in it."""
    pg = "\n".join(p.read_text(encoding="utf-8") for p in (GOLDEN / "postgres").glob("*.sql"))
    lite = "\n".join(p.read_text(encoding="utf-8") for p in (GOLDEN / "sqlite").glob("*.sql"))
    for sqlite_only in ("INDEXED BY", "JULIANDAY", "TOTAL(", "AP_PERCENTILE", " IS :"):
        assert sqlite_only in lite and sqlite_only not in pg, sqlite_only
    for postgres_only in ("PERCENTILE_CONT", "COLLATE \"C\"", "%(p0)s", "AS DOUBLE PRECISION"):
        assert postgres_only in pg and postgres_only not in lite, postgres_only
