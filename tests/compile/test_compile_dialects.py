"""The compiled rule as a tree: rendering per dialect, parameters and tables read from the
tree, the process cache, and the per-dialect spellings of the portable nodes."""

from __future__ import annotations

import pytest
from sqlglot import exp

from engine.compile import compile_rule
from engine.compile import nodes as q
from engine.language.parser import parse_pack

PACK = '''pack p
  version 1
param lookback = 30d in 1d .. 90d
param min_runs = 3 in 1 .. 100
rule r "work"
  from executions
  where ts within lookback and work_runs(operation, command_template_id, 90d) >= min_runs
  group by operation
  having count() >= min_runs
  order by operation
  emit trend
    direction = "flat"
    total = sum(duration_ms)
    worst = max(command)
    evidence = sample(id, 5)
  decide
    flag when least(count(), avg(duration_ms)) >= 2
    skip otherwise
'''


def compiled_of(text: str = PACK):
    pack, diagnostics = parse_pack(text)
    assert pack is not None, diagnostics
    return compile_rule(pack, pack.rules[0])


def test_rendering_does_not_change_the_tree():
    first = compiled_of()
    pg_then_lite = (first.sql_for("postgres"), first.sql_for("sqlite"))
    fresh = compiled_of(PACK.replace("pack p", "pack p2"))   # another pack name: not the cached object
    assert fresh is not first
    assert (fresh.sql_for("postgres"), fresh.sql_for("sqlite")) == pg_then_lite
    assert q.render(first.statement("query"), "sqlite") == first.sql


def test_compiled_rules_are_cached_by_their_data():
    assert compiled_of() is compiled_of()
    edited = compiled_of(PACK.replace("count() >= min_runs", "count() >= 4"))
    assert edited is not compiled_of()
    assert "p" in edited.sql and edited.bindings != compiled_of().bindings


def test_parameters_and_history_tables_are_read_from_the_tree():
    compiled = compiled_of()
    evidence = compiled.params_for("evidence:evidence")
    assert "key0" in evidence and set(evidence) - {"key0"} <= set(compiled.bindings)
    for what in compiled.statements():
        sql = compiled.sql_for("sqlite", what)
        assert ('WITH "h0" AS MATERIALIZED' in sql) == ('"h0"' in sql), what
        for name in compiled.params_for(what):
            assert f":{name}" in sql and f"%({name})s" in compiled.sql_for("postgres", what)
    assert compiled.params_for("query") != compiled.params_for("evidence:evidence")


def test_each_dialect_spells_what_it_means():
    compiled = compiled_of()
    lite, pg = compiled.sql_for("sqlite"), compiled.sql_for("postgres")
    assert "TOTAL(" in lite and "COALESCE(SUM(CAST(" in pg
    assert "MIN(COUNT(*)" in lite and "AP_LEAST(" in pg
    assert "INDEXED BY" in lite and "INDEXED BY" not in pg
    assert 'WHERE\n' not in lite and '"h" <> 0' in pg and 'WHERE "h"' in lite
    assert 'COLLATE "C"' in pg and "COLLATE" not in lite
    assert "JSONB_OBJECT_AGG" in pg and "IS :" not in pg


def test_an_unknown_dialect_is_refused():
    with pytest.raises(ValueError, match="unknown SQL dialect 'oracle'"):
        compiled_of().sql_for("oracle")


def test_json_keys_are_literals_and_quoted_when_needed():
    node = q.JsonValue(this=q.col("attrs"), key="team lead")
    assert q.render(node, "sqlite") == """JSON_EXTRACT("src"."attrs", '$."team lead"')"""
    assert q.render(node, "postgres") == """JSONB_EXTRACT_PATH_TEXT(CAST("src"."attrs" AS JSONB), 'team lead')"""
    assert q.render(q.JsonValue(this=q.col("attrs"), key="it's"), "postgres").endswith("""'it''s')""")


def test_literal_percent_signs_are_escaped_for_the_postgres_driver():
    tree = q.select(q.text("100%"), from_=q.table("t"))
    assert q.render(tree, "postgres") == """SELECT '100%%' FROM "t\""""
    assert q.render(tree, "sqlite") == """SELECT '100%' FROM "t\""""
    assert isinstance(q.lower(q.Real(this="1.0"), "postgres"), exp.Cast)


def test_every_order_by_of_every_shipped_statement_names_its_null_placement():
    """NULL order is explicit in the tree, never left to a database's default: every ORDER
    BY term of every statement of every shipped rule, windows included, either states
    where nulls go (first, as on SQLite; PostgreSQL's text then says NULLS FIRST or NULLS
    LAST) or is a term that cannot be null (NotNullOrder), sorted in each database's
    own order so that indexes serve it."""
    import sqlglot

    from engine import resources
    from engine.language.loader import load_packs, require_valid

    terms = never_null = 0
    for pack in require_valid(load_packs([resources.rules_dir()])):
        for rule in pack.rules:
            compiled = compile_rule(pack, rule)
            for what in compiled.statements():
                tree = compiled.statement(what)
                never_null += len(list(tree.find_all(q.NotNullOrder)))
                for term in tree.find_all(exp.Ordered):
                    terms += 1
                    assert term.args.get("nulls_first") is not None, f"{pack.name}.{rule.name} {what}: {term}"
                    assert "NULLS" in sqlglot.exp.Order(expressions=[q.lower(term.copy(), "postgres")]).sql("postgres")
    assert terms >= 100 and never_null >= 1
