"""Run checked packs against the store: compile, bind, execute, read rows into Findings.

Each rule is one query; evidence for each emitted group is a second, indexed query that
lists the newest events behind it. Nothing here writes the registry: the caller hands
the findings on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Iterator

from engine.store import Store

from engine.compile.sql import CompiledRule, compile_rule
from engine.errors import EvaluationError
from engine.evaluate.findings import resolve_bindings, row_to_finding
from engine.evaluate.sqlfunctions import register
from engine.language import ast
from engine.results import Finding


@dataclass
class RuleResult:
    pack: str
    pack_id: str
    rule: str
    kind: str
    findings: list[Finding]
    elapsed_ms: float
    compiled: CompiledRule = field(repr=False)

    def counts(self) -> dict[str, int]:
        tally: dict[str, int] = {}
        for finding in self.findings:
            tally[finding.decision] = tally.get(finding.decision, 0) + 1
        return tally


def prepare(db: Store) -> None:
    """Make the catalog's functions callable: SQLite gets them from Python, per connection;
    PostgreSQL has them as SQL functions created by the store's migrations."""
    if db.dialect == "sqlite":
        register(db.conn)


def dialect_of(db) -> str:
    """The SQL dialect of a store."""
    return getattr(db, "dialect", "sqlite")


def sql_for(compiled: CompiledRule, dialect: str, what: str = "query") -> str:
    """One statement of a compiled rule in ``dialect``'s SQL.

    what: ``query`` | ``explain`` | ``evidence:NAME`` | ``retention``. A compiler that
    renders per dialect answers ``compiled.sql_for(dialect, what)``; one that only
    writes SQLite text is refused on any other store, naming why.
    """
    render = getattr(compiled, "sql_for", None)
    if render is not None:
        return render(dialect, what)
    if dialect != "sqlite":
        raise EvaluationError(f"this compiler renders rules for SQLite only, not {dialect}",
                              hint="evaluate against a SQLite store (sqlite:///path.db)")
    if what == "query":
        return compiled.sql
    if what == "explain":
        return compiled.explain_sql
    if what == "retention":
        return (f'{compiled.with_sql}DELETE FROM "{compiled.table}" WHERE "seq" IN (SELECT "src"."seq" '
                f'FROM "{compiled.table}" AS "src" WHERE {compiled.where_sql})')
    return compiled.evidence_sql[what.split(":", 1)[1]]


def used(compiled: CompiledRule, what: str, sql: str, values: dict[str, Any]) -> dict[str, Any]:
    """The values of the parameters one statement binds."""
    names = getattr(compiled, "params_for", None)
    if names is not None:
        return {name: values[name] for name in names(what)}
    return {k: v for k, v in values.items() if f":{k}" in sql}


def run_rule(db: Store, pack: ast.Pack, rule: ast.Rule, params: dict[str, Any],
             now: datetime, compiled: CompiledRule | None = None) -> RuleResult:
    compiled = compiled or compile_rule(pack, rule)
    values = resolve_bindings(compiled.bindings, params, now)
    sql = sql_for(compiled, dialect_of(db))
    started = time.perf_counter()
    findings = [row_to_finding(pack, rule, compiled, row, evidence_for(db, compiled, row, values))
                for row in query(db, sql, used(compiled, "query", sql, values), f"{pack.name}.{rule.name}")]
    elapsed = (time.perf_counter() - started) * 1000
    return RuleResult(pack.name, pack.pack_id, rule.name, rule.emit.kind, findings, elapsed, compiled)


def query(db: Store, sql: str, values: dict[str, Any], what: str) -> Iterator[dict[str, Any]]:
    try:
        cursor = db.execute(sql, values)
    except Exception as exc:  # driver errors carry no location: name the rule
        store = "SQLite" if db.dialect == "sqlite" else "PostgreSQL"
        raise EvaluationError(f"rule {what} failed in {store}: {exc}") from exc
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row))


def evidence_for(db: Store, compiled: CompiledRule, row: dict[str, Any],
                 values: dict[str, Any]) -> dict[str, list[Any]]:
    keys = {bind: row[f"k{i}"] for i, bind in enumerate(compiled.key_binds)}
    bound = {**values, **keys}
    found = {}
    for name in compiled.evidence_sql:
        what = f"evidence:{name}"
        sql = sql_for(compiled, dialect_of(db), what)
        found[name] = [r[0] for r in db.execute(sql, used(compiled, what, sql, bound))]
    return found


def run_pack(db: Store, pack: ast.Pack, params: dict[str, Any], now: datetime,
             rules: list[str] | None = None, on_rule: Callable[[RuleResult], None] | None = None) -> list[RuleResult]:
    results = []
    for rule in pack.rules:
        if rules and rule.name not in rules:
            continue
        result = run_rule(db, pack, rule, params, now)
        results.append(result)
        if on_rule:
            on_rule(result)
    return results
