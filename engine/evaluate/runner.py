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


def for_dialect(compiled: CompiledRule, dialect: str) -> CompiledRule:
    """The compiled rule with its SQL rendered for ``dialect``.

    The compiler renders SQLite by default; for another dialect it offers
    ``sql_for(dialect)``, returning the same rule (sql, evidence_sql, explain_sql,
    with_sql, where_sql) in that dialect's SQL.
    """
    if dialect == "sqlite":
        return compiled
    render = getattr(compiled, "sql_for", None)
    if render is None:
        raise EvaluationError(f"this compiler renders rules for SQLite only, not {dialect}",
                              hint="evaluate against a SQLite store (sqlite:///path.db)")
    return render(dialect)


def run_rule(db: Store, pack: ast.Pack, rule: ast.Rule, params: dict[str, Any],
             now: datetime, compiled: CompiledRule | None = None) -> RuleResult:
    compiled = for_dialect(compiled or compile_rule(pack, rule), db.dialect)
    values = resolve_bindings(compiled.bindings, params, now)
    started = time.perf_counter()
    findings = [row_to_finding(pack, rule, compiled, row, evidence_for(db, compiled, row, values))
                for row in query(db, compiled.sql, values, f"{pack.name}.{rule.name}")]
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
    return {name: [r[0] for r in db.execute(sql, _used(sql, bound))]
            for name, sql in compiled.evidence_sql.items()}


def _used(sql: str, values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if f":{k}" in sql}


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
