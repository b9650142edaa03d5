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
    PostgreSQL has them as SQL functions created by the store's migrations
    (postgres_functions.sql)."""
    if dialect_of(db) == "sqlite":
        register(db.conn)


def dialect_of(db) -> str:
    """The SQL dialect of a store: its own ``dialect`` when it has one, else SQLite."""
    return getattr(db, "dialect", "sqlite")


def run_rule(db: Store, pack: ast.Pack, rule: ast.Rule, params: dict[str, Any],
             now: datetime, compiled: CompiledRule | None = None) -> RuleResult:
    compiled = compiled or compile_rule(pack, rule)
    values = resolve_bindings(compiled.bindings, params, now)
    started = time.perf_counter()
    findings = [row_to_finding(pack, rule, compiled, row, evidence_for(db, compiled, row, values))
                for row in run_statement(db, compiled, "query", values, f"{pack.name}.{rule.name}")]
    elapsed = (time.perf_counter() - started) * 1000
    return RuleResult(pack.name, pack.pack_id, rule.name, rule.emit.kind, findings, elapsed, compiled)


def run_statement(db: Store, compiled: CompiledRule, what: str, values: dict[str, Any],
                  label: str) -> Iterator[dict[str, Any]]:
    """Rows of one compiled statement (``query``, ``explain``...), rendered for the store's
    dialect and given the values of the parameters it binds."""
    return query(db, compiled.sql_for(dialect_of(db), what), _used(compiled, what, values), label)


def query(db: Store, sql: str, values: dict[str, Any], what: str) -> Iterator[dict[str, Any]]:
    try:
        cursor = db.execute(sql, values)
    except Exception as exc:  # database errors carry no location: name the rule
        store = "PostgreSQL" if dialect_of(db) == "postgres" else "SQLite"
        raise EvaluationError(f"rule {what} failed in {store}: {exc}") from exc
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row))


def evidence_for(db: Store, compiled: CompiledRule, row: dict[str, Any],
                 values: dict[str, Any]) -> dict[str, list[Any]]:
    keys = {bind: row[f"k{i}"] for i, bind in enumerate(compiled.key_binds)}
    bound = {**values, **keys}
    dialect = dialect_of(db)
    found = {}
    for name in compiled.evidence:
        what = f"evidence:{name}"
        found[name] = [r[0] for r in db.execute(compiled.sql_for(dialect, what), _used(compiled, what, bound))]
    return found


def _used(compiled: CompiledRule, what: str, values: dict[str, Any]) -> dict[str, Any]:
    """The values of the parameters one statement binds (its tree says which)."""
    return {name: values[name] for name in compiled.params_for(what)}


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
