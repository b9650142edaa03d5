"""The compiler's PostgreSQL rendering, run on a real PostgreSQL server.

1. Every statement of every shipped rule (query, explain, evidence, retention) is
   planned by PostgreSQL (EXPLAIN with its bound values): none may fail.
2. Differential: the demo workload is ingested and evaluated twice on SQLite (so the
   registry, metrics and history tables hold rows too), every table is copied into a
   PostgreSQL store built by the store's own migrations (``autopattern store copy``'s
   ``copy_store``), and every statement of every shipped rule runs on both stores with the
   same bound values. Rows must agree: same count, same order, text equal, numbers
   equal to 1e-9 (relative or absolute).
3. Edge rows (nulls in group keys, non-ASCII and mixed-case text, a JSON key that needs
   quoting) and the catalog functions' corner cases, on both stores.

The server is the suite's own (tests/conftest.py: ``postgres_server``), with one
database for the module: the demo store in its default schema, the edge rows in a schema
of their own. Without the PostgreSQL binaries these tests skip and say why (under CI
they fail).
"""

from __future__ import annotations

import re
import sqlite3
import textwrap
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest

psycopg = pytest.importorskip("psycopg")

from engine import resources  # noqa: E402
from engine.compile import compile_rule  # noqa: E402
from engine.evaluate.findings import resolve_bindings  # noqa: E402
from engine.evaluate.sqlfunctions import register  # noqa: E402
from engine.language.loader import load_packs, require_valid  # noqa: E402
from engine.store import open_store, parse_store_url  # noqa: E402
from engine.store.copy import copy_store  # noqa: E402
from engine.store.postgres import open_postgres  # noqa: E402
from tests.support.differential import assert_same_results, same  # noqa: E402

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
MAX_GROUPS = 15          # evidence queries per rule: the first groups of its explain query


def shipped():
    packs = require_valid(load_packs([resources.rules_dir()]))
    return [(pack, rule) for pack in packs for rule in pack.rules]


def defaults(pack):
    return {p.name: p.default.value for p in pack.params}


@pytest.fixture(scope="module")
def pg_store(postgres_server):
    """The module's PostgreSQL store: a new database, migrated by the store itself."""
    url = postgres_server.create_database(f"ap_{uuid.uuid4().hex[:10]}")
    store = open_store(url)
    yield store
    store.close()


@pytest.fixture(scope="module")
def database(pg_store):
    """The PostgreSQL store's connection (compiled SQL runs on it as psycopg text)."""
    return pg_store.conn


@pytest.fixture(scope="module")
def demo_stores(pg_store, tmp_path_factory):
    """The demo workload on SQLite (ingested, evaluated twice), copied into PostgreSQL."""
    from engine.demo import run_demo
    from engine.evaluate.session import evaluate_workspace
    from engine.outputs import OUTPUTS
    from engine.workspace import load_workspace

    root = tmp_path_factory.mktemp("differential") / "ws"
    run_demo(root, now=NOW, days=42, scale=0.5)
    evaluate_workspace(load_workspace(root), outputs=OUTPUTS, now=NOW.replace(hour=18))
    lite = open_store(root / "autopattern.db")
    register(lite.conn)
    counts = {t.table: t.target_rows for t in copy_store(lite, pg_store).tables}
    assert counts["execution_logs"] > 500 and counts["pattern_candidates"] > 10, counts
    pg_store.analyze("execution_logs")
    yield lite, pg_store
    lite.close()


@pytest.fixture(scope="module")
def stores(demo_stores):
    """The two demo stores' connections: compiled SQL runs on them as the driver's text."""
    lite, pg = demo_stores
    return lite.conn, pg.conn


def run_sqlite(conn, compiled, what, values):
    cursor = conn.execute(compiled.sql_for("sqlite", what), {n: values[n] for n in compiled.params_for(what)})
    names = [d[0] for d in cursor.description] if cursor.description else []
    return names, cursor.fetchall()


def run_postgres(conn, compiled, what, values):
    cursor = conn.execute(compiled.sql_for("postgres", what), {n: values[n] for n in compiled.params_for(what)})
    names = [d.name for d in cursor.description] if cursor.description else []
    return names, cursor.fetchall()


def assert_same_rows(what, lite, pg):
    lite_names, lite_rows = lite
    pg_names, pg_rows = pg
    assert lite_names == pg_names, what
    assert len(lite_rows) == len(pg_rows), f"{what}: {len(lite_rows)} rows on SQLite, {len(pg_rows)} on PostgreSQL"
    for index, (x, y) in enumerate(zip(lite_rows, pg_rows)):
        for name, u, v in zip(lite_names, x, y):
            assert same(u, v), f"{what} row {index} column {name}: SQLite {u!r} vs PostgreSQL {v!r}"


@pytest.mark.parametrize("pack, rule", shipped(), ids=lambda x: getattr(x, "name", ""))
def test_every_statement_plans_on_postgres(database, pack, rule):
    compiled = compile_rule(pack, rule)
    values = resolve_bindings(compiled.bindings, defaults(pack), NOW)
    values.update({bind: None for bind in compiled.key_binds})
    for what in compiled.statements():
        sql = compiled.sql_for("postgres", what)
        params = {n: values[n] for n in compiled.params_for(what)}
        try:
            database.execute("EXPLAIN " + sql, params)
        except psycopg.Error as exc:
            pytest.fail(f"{pack.name}.{rule.name} {what} fails on PostgreSQL: {exc}\n{sql}")


@pytest.mark.parametrize("pack, rule", shipped(), ids=lambda x: getattr(x, "name", ""))
def test_same_rows_on_sqlite_and_postgres(stores, pack, rule):
    lite, pg = stores
    compiled = compile_rule(pack, rule)
    values = resolve_bindings(compiled.bindings, defaults(pack), NOW)
    label = f"{pack.name}.{rule.name}"
    assert_same_rows(f"{label} query", run_sqlite(lite, compiled, "query", values),
                     run_postgres(pg, compiled, "query", values))
    names, groups = run_sqlite(lite, compiled, "explain", values)
    assert_same_rows(f"{label} explain", (names, groups), run_postgres(pg, compiled, "explain", values))
    for group in groups[:MAX_GROUPS]:
        row = dict(zip(names, group))
        keyed = {**values, **{bind: row[f"k{i}"] for i, bind in enumerate(compiled.key_binds)}}
        for what in (w for w in compiled.statements() if w.startswith("evidence:")):
            assert_same_rows(f"{label} {what} {row.get('k0')!r}", run_sqlite(lite, compiled, what, keyed),
                             run_postgres(pg, compiled, what, keyed))
    if compiled.table:
        _same_retention(lite, pg, compiled, values, label)


def _same_retention(lite, pg, compiled, values, label):
    """The retention DELETE removes as many rows on both (rolled back on both)."""
    lite.execute("SAVEPOINT retention")
    try:
        deleted_lite = lite.execute(compiled.sql_for("sqlite", "retention"),
                                    {n: values[n] for n in compiled.params_for("retention")}).rowcount
    finally:
        lite.execute("ROLLBACK TO retention")
        lite.execute("RELEASE retention")
    with pg.transaction(force_rollback=True):
        deleted_pg = pg.execute(compiled.sql_for("postgres", "retention"),
                                {n: values[n] for n in compiled.params_for("retention")}).rowcount
    assert deleted_lite == deleted_pg, f"{label} retention: {deleted_lite} vs {deleted_pg}"


@pytest.mark.parametrize("pack", list({p.name: p for p, _ in shipped()}.values()), ids=lambda p: p.name)
def test_same_findings_on_sqlite_and_postgres(demo_stores, pack):
    """The evaluate runner itself (queries, evidence, findings, decisions and reasons) on both."""
    from engine.evaluate.runner import prepare, run_pack

    lite, pg = demo_stores
    prepare(lite)
    prepare(pg)
    on_lite = run_pack(lite, pack, defaults(pack), NOW)
    on_pg = run_pack(pg, pack, defaults(pack), NOW)
    assert_same_results(on_lite, on_pg, pack.name)


def test_the_differential_covers_findings(stores):
    """Guard against a vacuous comparison: most shipped rules return groups here."""
    lite, _ = stores
    with_groups = 0
    for pack, rule in shipped():
        compiled = compile_rule(pack, rule)
        values = resolve_bindings(compiled.bindings, defaults(pack), NOW)
        if run_sqlite(lite, compiled, "explain", values)[1]:
            with_groups += 1
    assert with_groups >= 18, with_groups


# ------------------------------------------------------------------ edge rows and functions
EDGE_PACK = textwrap.dedent('''\
    pack edges "edge cases of the catalog functions"
      id "EDGE-1"
      version 1

    param wide = 2h in 1m .. 30d "burst window"

    rule by_key "null keys, text order, every function"
      from executions
      where ts within 30d
      group by operation, command_template_id, actor
      let spread_ = spread(duration_ms)
      order by actor desc, operation
      emit trend
        direction = "flat"
        runs      = count()
        fails     = count(where status == "failure")
        share     = rate(status == "success")
        total     = sum(duration_ms)
        mean      = avg(duration_ms)
        lo        = min(command)
        hi        = max(command)
        kinds     = distinct(status)
        p90       = percentile(duration_ms, 0.9)
        mid       = median(duration_ms)
        sd        = stdev(duration_ms)
        sp        = spread_
        bursty    = burst(ts, wide)
        clamped   = clamp(avg(duration_ms), 100, 2000)
        ramped    = ramp(count(), 1, 4)
        rounded   = round(avg(duration_ms) / 7, 3)
        absolute  = abs(0 - sum(duration_ms))
        smallest  = least(count(), 3, max(duration_ms))
        largest   = greatest(count(), min(duration_ms))
        nullsafe  = least(count(), avg(duration_ms where status == "none"))
        first     = coalesce(max(pattern_id), "none")
        ratio_    = ratio(count(where status == "failure"), count(where status == "skipped"))
        name      = slug(operation, actor, "Ünïcode Name!")
        joined    = concat(operation, "/", actor, "/", count())
        low       = lower(max(actor))
        starts    = starts_with(max(command), "mk")
        has       = contains(max(command), "Ü")
        old       = age(min(ts))
        in_hours  = hours(sum(duration_ms))
        in_days   = days(age(min(ts)))
        remainder = count() % 3
        recurs    = work_runs(operation, command_template_id, 30d)
        recurs_ok = work_runs(operation, command_template_id, 30d, "success")
        baseline  = manual_avg_ms(operation, 30d)
        pattern   = pattern_for(operation, command_template_id, 30d)
      decide
        flag when count() >= 2 and not (actor is null)
        skip otherwise
''')


def _edge_events():
    events = []
    rows = [  # operation, template text, actor, status, duration, pattern, hours ago, attrs
        ("build", "make all", "alice", "success", 1200, None, 1, {"team": "core"}),
        ("build", "make all", "alice", "failure", 1300, None, 2, {"team": "core"}),
        ("build", "make all", "Bob", "success", 1250, "pat-1", 3, {}),
        ("build", "make all", "bob", "skipped", 1000, None, 30, {"team": "Ünï"}),
        ("build", "Über build", None, "success", 10, None, 4, {"team": "z"}),
        ("build", "Über build", None, "success", 10, None, 5, {}),
        ("deploy", "kubectl apply", "Zed", "success", 5000, "pat-2", 6, {"team": "ops"}),
        ("deploy", "kubectl apply", "émile", "failure", 7000, None, 7, {}),
        ("deploy", "kubectl apply", "émile", "success", 7001, None, 8, {}),
        ("lint", "mk lint", "alice", "success", 0, None, 9, {}),
        ("lint", "mk lint", "alice", "success", 3, None, 9, {"team-lead": "O'Brien %s"}),
    ]
    for number, (operation, command, actor, status, duration, pattern, hours, attrs) in enumerate(rows):
        moment = NOW.timestamp() - hours * 3600 - number
        ts = datetime.fromtimestamp(moment, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        event = {"type": "execution", "id": f"edge-{number}", "ts": ts, "operation": operation,
                 "command": command, "status": status, "duration_ms": duration, **attrs}
        if actor:
            event["actor"] = actor
        if pattern:
            event["pattern_id"] = pattern
        events.append(event)
    return events


@pytest.fixture(scope="module")
def edge_stores(pg_store, tmp_path_factory):
    """The edge rows on SQLite, copied into a schema of their own in the module's database."""
    from tests.support.rule_files import ingest_events  # noqa: F401
    from engine.workspace import init_workspace

    ws = init_workspace(tmp_path_factory.mktemp("edges") / "ws", copy_rules=False)
    ingest_events(ws, _edge_events())
    lite = open_store(ws.db_path)
    register(lite.conn)
    pg = open_postgres(parse_store_url(pg_store.url.text), schema="edges")
    copy_store(lite, pg)
    try:
        yield ws, lite.conn, pg.conn
    finally:
        lite.close()
        pg.close()


def test_edge_rows_give_the_same_answers(edge_stores, tmp_path):
    ws, lite, pg = edge_stores
    path = Path(tmp_path) / "edges.rules"
    path.write_text(EDGE_PACK, encoding="utf-8")
    pack = require_valid(load_packs([path]))[0]
    rule = pack.rules[0]
    compiled = compile_rule(pack, rule)
    values = resolve_bindings(compiled.bindings, defaults(pack), NOW)
    lite_rows = run_sqlite(lite, compiled, "explain", values)
    assert len(lite_rows[1]) >= 6
    assert_same_rows("edges explain", lite_rows, run_postgres(pg, compiled, "explain", values))
    names, groups = lite_rows
    for group in groups:
        row = dict(zip(names, group))
        keyed = {**values, **{bind: row[f"k{i}"] for i, bind in enumerate(compiled.key_binds)}}
        assert_same_rows(f"edges evidence {group[:3]}", run_sqlite(lite, compiled, "evidence:evidence", keyed),
                         run_postgres(pg, compiled, "evidence:evidence", keyed))


def test_attrs_columns_read_the_same_on_both(edge_stores):
    """A dynamic attrs.KEY column (the catalog's attrs_column) on both stores, keys that
    need quoting in a JSON path included; the key is a literal node, never pasted."""
    from engine.compile import nodes as q
    from engine.language.catalog import SOURCES, attrs_column

    _, lite, pg = edge_stores
    assert SOURCES["executions"].column("attrs.team").name == "attrs.team"
    assert SOURCES["patterns"].column("attrs.team") is None
    columns = [q.alias(attrs_column(key).build(q), f"c{i}") for i, key in enumerate(("team", "team-lead", "nope"))]
    tree = q.select(*columns, q.col("id"), from_=q.table("execution_logs", "src"),
                    order=[q.ordered(q.Bytewise(this=q.col("id")))])
    lite_rows = lite.execute(q.render(tree, "sqlite")).fetchall()
    pg_rows = pg.execute(q.render(tree, "postgres")).fetchall()
    assert lite_rows == pg_rows
    assert ("core", None, None, "edge-0") in lite_rows and (None, "O'Brien %s", None, "edge-10") in lite_rows
    with pytest.raises(ValueError, match="double quote"):
        q.render(attrs_column('a"b').build(q), "sqlite")


def test_the_functions_file_can_run_again(database):
    """The store's migrations execute it on every upgrade: running it twice is harmless."""
    from engine.compile import postgres_functions_sql

    database.execute(postgres_functions_sql())
    database.execute(postgres_functions_sql())
    assert database.execute("SELECT ap_slug('Build', NULL, '', 'Ünï Code!'), ap_least(1, NULL), "
                            "ap_greatest(1, 2), ap_sqrt(-1e-17), ap_text(0.1 + 0.2::float8), ap_text(1e20::float8), "
                            "ap_pytext(3::float8), ap_burst(ARRAY[0, 10, 20, 100]::float8[], 20), "
                            "ap_burst(NULL::float8[], 5)").fetchone() == \
        ("build-n-code", None, 2.0, 0.0, "0.3", "1.0e+20", "3.0", 3, 0)


def test_the_sqlite_twins_agree_on_the_same_inputs():
    from engine.evaluate.sqlfunctions import Burst, slug

    assert slug("Build", None, "", "Ünï Code!") == "build-n-code"
    burst = Burst()
    for value in (0, 10, 20, 100):
        burst.step(value, 20)
    assert burst.finalize() == 3
    conn = sqlite3.connect(":memory:")
    assert conn.execute("SELECT CAST(0.1 + 0.2 AS TEXT), CAST(1e20 AS TEXT)").fetchone() == ("0.3", "1.0e+20")


# ------------------------------------------------------------------ fuzzed rules, both stores
from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PACK_TEXTS = {path.name: path.read_text(encoding="utf-8") for path in sorted(resources.rules_dir().glob("*.rules"))}
TOKEN = re.compile(r'"(?:\\.|[^"\\\n])*"|\d+(?:\.\d+)?[a-z]*|\w+|\.\.|[=!<>]=|[^\w\s]|\s+')


def _kind(token: str) -> str:
    if token[:1].isdigit():
        return "number"
    if token[:1] == '"':
        return "string"
    if token[:1].isalpha() or token[:1] == "_":
        return "name"
    return "symbol"


VOCABULARY: dict[str, list[str]] = {}
for _text in PACK_TEXTS.values():
    for _token in TOKEN.findall(_text):
        if not _token.isspace():
            VOCABULARY.setdefault(_kind(_token), [])
            if _token not in VOCABULARY[_kind(_token)]:
                VOCABULARY[_kind(_token)].append(_token)


@st.composite
def varied_packs(draw) -> str:
    """A shipped pack with a few tokens swapped for others of the same kind (names for
    names, numbers for numbers, operators for operators)."""
    tokens = TOKEN.findall(PACK_TEXTS[draw(st.sampled_from(sorted(PACK_TEXTS)))])
    places = [i for i, t in enumerate(tokens) if not t.isspace() and not t.startswith("#")]
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.sampled_from(places))
        tokens[at] = draw(st.sampled_from(VOCABULARY[_kind(tokens[at])]))
    return "".join(tokens)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.filter_too_much])
@given(text=varied_packs())
def test_varied_rules_give_the_same_rows_on_both(stores, text):
    """Rules the shipped packs never had (valid variations of them): every statement plans
    on PostgreSQL and returns the rows SQLite returns."""
    from engine.language.checks import check_pack
    from engine.language.diagnostics import DiagnosticSink
    from engine.language.parser import parse_pack

    pack, diagnostics = parse_pack(text)
    assume(pack is not None and not [d for d in diagnostics if d.severity == "error"])
    sink = DiagnosticSink("varied.rules")
    check_pack(pack, sink)
    assume(not sink.has_errors)
    lite, pg = stores
    for rule in pack.rules:
        compiled = compile_rule(pack, rule)
        values = resolve_bindings(compiled.bindings, defaults(pack), NOW)
        label = f"{pack.name}.{rule.name} (varied)"
        try:
            on_lite = run_sqlite(lite, compiled, "explain", values)
        except sqlite3.Error:
            continue   # e.g. a duration param turned into a LIMIT: SQLite refuses it too
        assert_same_rows(label, on_lite, run_postgres(pg, compiled, "explain", values))
        names, groups = on_lite
        for group in groups[:3]:
            row = dict(zip(names, group))
            keyed = {**values, **{bind: row[f"k{i}"] for i, bind in enumerate(compiled.key_binds)}}
            for what in (w for w in compiled.statements() if w.startswith("evidence:")):
                assert_same_rows(f"{label} {what}", run_sqlite(lite, compiled, what, keyed),
                                 run_postgres(pg, compiled, what, keyed))
