"""How PostgreSQL plans the compiled SQL: the shapes that keep it within reach of SQLite.

Rendering checks run anywhere; plan checks run EXPLAIN on the suite's own server
(tests/conftest.py: ``pg_db``) over a table large enough for the planner to choose.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from engine.compile import compile_rule
from engine.evaluate.findings import resolve_bindings
from engine.language.checks import check_pack
from engine.language.diagnostics import DiagnosticSink
from engine.language.parser import parse_pack

NOW = datetime(2026, 11, 24, tzinfo=timezone.utc)

PACK = '''pack plans
  version 1
param history = 90d in 1d .. 365d
rule busy "patterns in use"
  from executions
  where pattern_id is not null and ts within history
  group by pattern_id
  emit trend
    name      = pattern_id
    direction = "flat"
    uses      = count()
    commands  = sample(command, 5)
  decide
    flag when count() >= 1
rule templated "work with a candidate"
  from executions
  where command is not null and ts within history and candidate_status in ("approved", "draft")
  group by operation, command_template_id
  emit trend
    name      = operation
    direction = "flat"
    members   = sample(command, 5)
  decide
    flag when count() >= 1
rule used "runs of patterns"
  from pattern_usage
  group by pattern_id
  emit trend
    name      = pattern_id
    direction = "flat"
    runs      = count(run_id)
  decide
    flag when count() >= 1
'''


def compiled(name: str):
    pack, diagnostics = parse_pack(PACK)
    assert pack is not None and not [d for d in diagnostics if d.severity == "error"], diagnostics
    sink = DiagnosticSink("plans.rules")
    check_pack(pack, sink)
    assert not sink.has_errors, sink
    return pack, compile_rule(pack, next(r for r in pack.rules if r.name == name))


def order_by(sql: str) -> str:
    return " ".join(sql[sql.rindex("ORDER BY"):].split())


def sorts_the_rows(plan: str) -> bool:
    """Whether a plan sorts the scanned rows in full (a Sort node over "src"; an
    Incremental Sort of rows that come sorted by time is fine)."""
    lines = plan.splitlines()
    return any(re.search(r"(^|->)\s*Sort\s+\(", line) and "src." in lines[i + 1]
               for i, line in enumerate(lines[:-1]))


def test_evidence_of_a_not_null_time_column_sorts_as_its_index_on_postgres():
    _, rule = compiled("busy")
    for name in ("commands", "evidence"):
        pg = order_by(rule.sql_for("postgres", f"evidence:{name}"))
        lite = order_by(rule.sql_for("sqlite", f"evidence:{name}"))
        # no NULLS LAST on PostgreSQL: its DESC default (nulls first) is the index read backwards
        assert "NULLS" not in pg and pg.startswith('ORDER BY "src"."ts" COLLATE "C" DESC,'), pg
        assert "NULLS" not in lite and lite.startswith('ORDER BY "src"."ts" DESC,'), lite


def test_a_time_column_that_can_be_null_keeps_sqlites_null_order():
    _, rule = compiled("used")      # a pattern without runs has no run_ts (LEFT JOIN)
    pg = order_by(rule.sql_for("postgres", "evidence:evidence"))
    assert pg.startswith('ORDER BY "src"."ts" COLLATE "C" DESC NULLS LAST,'), pg
    assert "NULLS" not in pg.split(",", 1)[1], pg     # the value: never null (the WHERE says so)


def test_evidence_reads_the_newest_rows_from_the_index(pg_db):
    """At a few thousand runs per pattern the planner reads the pattern's index backwards
    and stops at the limit, instead of sorting every run of the group."""
    pg_db.execute(
        "INSERT INTO execution_logs (id, ts, operation, command, status, duration_ms, pattern_id, ingested_at) "
        "SELECT 'e' || g, to_char(TIMESTAMP '2026-11-01' + g * INTERVAL '1 second', "
        "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), 'build', 'make ' || g, 'success', g % 100, "
        "'pat-' || (g % 2), '2026-11-24T00:00:00.000Z' FROM generate_series(1, 20000) AS g")
    pg_db.analyze("execution_logs")
    pack, rule = compiled("busy")
    values = resolve_bindings(rule.bindings, {p.name: p.default.value for p in pack.params}, NOW)
    for name in ("commands", "evidence"):
        what = f"evidence:{name}"
        bound = {n: values.get(n) for n in rule.params_for(what)} | {"key0": "pat-1"}
        plan = "\n".join(r[0] for r in pg_db.execute("EXPLAIN " + rule.sql_for("postgres", what), bound))
        assert "Index Scan Backward" in plan, plan
        assert not sorts_the_rows(plan), plan
        rows = [r[0] for r in pg_db.execute(rule.sql_for("postgres", what), bound)]
        assert len(rows) == rule.evidence_sizes[name]
        assert rows[0] == ("make 19999" if name == "commands" else "e19999")


def test_a_lookup_keyed_by_the_group_reads_the_key_parameters_in_evidence():
    _, rule = compiled("templated")
    pg = rule.sql_for("postgres", "evidence:members")
    lite = rule.sql_for("sqlite", "evidence:members")
    assert 'JSONB_BUILD_ARRAY(CAST(%(key0)s AS TEXT), CAST(%(key1)s AS DOUBLE PRECISION))' in pg
    assert 'JSONB_BUILD_ARRAY("src"."operation"' in rule.sql_for("postgres", "query")     # per row there
    assert '"h0"."operation" IS "src"."operation"' in lite                              # SQLite: as before


def test_evidence_behind_a_lookup_filter_reads_the_index(pg_db):
    """A per-row look-up in the WHERE hid how many rows it keeps: PostgreSQL guessed a
    few and sorted every row of the group. Keyed by the group's parameters it is tested
    once and the newest rows come from the index."""
    pg_db.execute(
        "INSERT INTO execution_logs (id, ts, operation, command, command_template_id, status, duration_ms, "
        "ingested_at) SELECT 'e' || g, to_char(TIMESTAMP '2026-11-01' + g * INTERVAL '1 second', "
        "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), 'op-' || (g % 3), 'make ' || g, g % 3, 'success', 1, "
        "'2026-11-24T00:00:00.000Z' FROM generate_series(1, 30000) AS g")
    for n, status in ((1, "approved"), (2, "rejected")):
        pg_db.execute("INSERT INTO pattern_candidates (id, kind, pack, rule, group_key, name, status, created, updated) "
                      "VALUES (?, 'pattern_candidate', 'p', 'r', ?, 'n', ?, 'x', 'x')",
                      [f"c{n}", f'{{"command_template_id": {n}, "operation": "op-{n}"}}', status])
    pg_db.analyze("execution_logs")
    pack, rule = compiled("templated")
    values = resolve_bindings(rule.bindings, {p.name: p.default.value for p in pack.params}, NOW)
    groups = [r for r in pg_db.execute(rule.sql_for("postgres"), {n: values.get(n) for n in rule.params_for("query")})]
    assert [(g[0], g[1]) for g in groups] == [("op-1", 1)]
    for key, expected in (((("op-1", 1)), "make 29998"), (("op-2", 2), None)):
        bound = {n: values.get(n) for n in rule.params_for("evidence:members")} | {"key0": key[0], "key1": key[1]}
        sql = rule.sql_for("postgres", "evidence:members")
        plan = "\n".join(r[0] for r in pg_db.execute("EXPLAIN " + sql, bound))
        assert "Index Scan Backward" in plan and "One-Time Filter" in plan and not sorts_the_rows(plan), plan
        rows = [r[0] for r in pg_db.execute(sql, bound)]
        assert rows[:1] == ([expected] if expected else []), rows


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_every_dialect_renders_a_not_null_order_without_changing_sqlite(dialect):
    from engine.compile import nodes as q
    from sqlglot import exp

    for descending in (True, False):
        term = q.ordered(q.col("ts"), descending, nullable=False)
        text = q.render(q.select(exp.Star(), from_=q.table("t", "src"), order=[term]), dialect)
        assert "NULLS" not in text and ("DESC" in text) == descending, text


def test_the_commit_index_on_postgres_matches_what_the_compiler_writes(pg_db):
    """PostgreSQL migration 2's partial index is used by the flaky-tests rule only while its
    WHERE is the compiled condition (as SQLite's migration 7 for SQLite)."""
    from sqlglot import exp

    from engine import resources
    from engine.compile import nodes as q
    from engine.language.loader import load_pack
    from engine.telemetry.migrations import PG_V2_ATTR_COMMIT_INDEX

    attrs = exp.Column(this=exp.to_identifier("attrs", quoted=True))
    compiled_text = q.render(q.JsonValue(this=attrs, key="commit", as_text=True), "postgres")
    assert f"WHERE ({compiled_text}) IS NOT NULL;" in PG_V2_ATTR_COMMIT_INDEX
    pg_db.execute(
        "INSERT INTO execution_logs (id, ts, operation, status, duration_ms, attrs, ingested_at) "
        "SELECT 'e' || g, to_char(TIMESTAMP '2026-11-01' + g * INTERVAL '1 second', "
        "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), 'test_' || (g % 5), CASE WHEN g % 3 = 0 THEN 'failure' "
        "ELSE 'success' END, 1, CASE WHEN g % 500 = 0 THEN jsonb_build_object('commit', 'c' || (g % 7)) END, "
        "'2026-11-24T00:00:00.000Z' FROM generate_series(1, 20000) AS g")
    pg_db.analyze("execution_logs")
    pack = load_pack(resources.rules_dir() / "flaky_tests.rules").pack
    rule = compile_rule(pack, pack.rules[0])
    values = resolve_bindings(rule.bindings, {p.name: p.default.value for p in pack.params},
                              datetime(2026, 11, 24, tzinfo=timezone.utc))
    bound = {n: values[n] for n in rule.params_for("query")}
    plan = "\n".join(r[0] for r in pg_db.execute("EXPLAIN " + rule.sql_for("postgres"), bound))
    assert "idx_exec_attr_commit" in plan, plan
    rows = pg_db.execute(rule.sql_for("postgres"), bound).fetchall()
    assert rows and all(row[1].startswith("c") for row in rows)


def test_burst_is_one_aggregate_per_group_on_postgres(pg_db):
    """burst() is the ordered-set aggregate ap_burst_within on PostgreSQL: the same answers as
    SQLite's aggregate (nulls skipped, no rows 0, ties inside the window), and a rule that
    names it many times gets one aggregate PostgreSQL computes once (not a function per mention)."""
    from engine.evaluate.sqlfunctions import Burst

    rows = [(0,), (10,), (20,), (20,), (100,), (None,)]
    values = ", ".join(f"({'NULL' if v is None else v}::float8)" for (v,) in rows)
    got = pg_db.execute(
        f"SELECT ap_burst_within(20) WITHIN GROUP (ORDER BY v), "
        f"ap_burst_within(20) WITHIN GROUP (ORDER BY v) FILTER (WHERE v > 50), "
        f"ap_burst_within(20) WITHIN GROUP (ORDER BY v) FILTER (WHERE v > 500), "
        f"ap_burst_within(0) WITHIN GROUP (ORDER BY v) FROM (VALUES {values}) AS t(v)").fetchone()
    expected = []
    for keep, width in ((lambda v: True, 20), (lambda v: v > 50, 20), (lambda v: v > 500, 20), (lambda v: True, 0)):
        burst = Burst()
        for (v,) in rows:
            if v is None or keep(v):
                burst.step(v, width)
        expected.append(burst.finalize())
    assert list(got) == expected == [4, 1, 0, 2]

    pack, diagnostics = parse_pack(PACK.replace('''    runs      = count(run_id)''', '''    runs      = count(run_id)
    largest   = burst(run_ts, 1h)
    later     = burst(run_ts, 1h where run_status == "failure")'''))
    rule = compile_rule(pack, next(r for r in pack.rules if r.name == "used"))
    sql = rule.sql_for("postgres")
    assert "AP_BURST(" not in sql and sql.count("AP_BURST_WITHIN(") == 2

