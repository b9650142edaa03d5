"""The compiled SQL of every shipped rule, checked against golden files.

A change to the compiler or to a shipped rule shows up as a diff of readable SQL.
To accept a change: UPDATE_GOLDEN=1 ./run.sh test tests/language/test_language_golden_sql.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from engine import resources
from engine.compile import compile_rule
from engine.language.loader import load_packs, require_valid

GOLDEN = Path(__file__).parent / "golden"


def shipped_rules():
    loaded = load_packs([resources.rules_dir()])
    return [(item.pack, rule) for item in loaded if item.ok for rule in item.pack.rules]


def test_shipped_packs_are_valid():
    require_valid(load_packs([resources.rules_dir()]))


def render(compiled) -> str:
    parts = [f"-- {compiled.pack}.{compiled.rule} (source: {compiled.source})", compiled.sql + ";", "",
             "-- bindings"]
    parts += [f"-- :{name} = {binding.describe()}" for name, binding in compiled.bindings.items()]
    for name, sql in compiled.evidence_sql.items():
        parts += ["", f"-- evidence {name}", sql + ";"]
    return "\n".join(parts) + "\n"


@pytest.mark.parametrize("pack, rule", shipped_rules(), ids=lambda x: getattr(x, "name", ""))
def test_compiled_sql_matches_golden(pack, rule):
    actual = render(compile_rule(pack, rule))
    path = GOLDEN / f"{pack.name}.{rule.name}.sql"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with UPDATE_GOLDEN=1 to create it"
    assert actual == path.read_text(encoding="utf-8")


def test_no_stale_golden_files():
    expected = {f"{pack.name}.{rule.name}.sql" for pack, rule in shipped_rules()}
    stale = sorted(p.name for p in GOLDEN.glob("*.sql") if p.name not in expected)
    assert not stale, f"golden files of rules that no longer exist: {stale}"
