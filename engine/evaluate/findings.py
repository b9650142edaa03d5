"""Turn the rows of a compiled rule into Findings: keys, fields, decision and its reason.

The SQL computed every value; this module only reads them, so explain and evaluate
share one interpretation of a row.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from engine.clock import format_ts
from engine.compile.sql import Binding, CompiledRule
from engine.language import ast
from engine.results import EMIT_KINDS, Finding


def resolve_bindings(bindings: dict[str, Binding], params: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The value of every named parameter of a compiled rule, for this run."""
    values: dict[str, Any] = {}
    for name, binding in bindings.items():
        if binding.kind == "value":
            values[name] = binding.value
        elif binding.kind == "param":
            value = params[binding.param]
            values[name] = int(value) if isinstance(value, bool) else value
        elif binding.kind == "time":
            millis = params[binding.param] if binding.param else binding.value
            values[name] = format_ts(now - timedelta(milliseconds=millis))
        elif binding.kind == "now":
            values[name] = format_ts(now)
        else:
            raise ValueError(f"unknown binding kind {binding.kind!r}")
    return values


def default_decision(kind: str) -> str:
    choices = [d for d in EMIT_KINDS.get(kind, ()) if d != "skip"]
    return choices[0] if len(choices) == 1 else "skip"


def decide(rule: ast.Rule, row: dict[str, Any]) -> tuple[str, str]:
    """The first decision whose condition holds (or `otherwise`), and the sentence why."""
    if not rule.decisions:
        return default_decision(rule.emit.kind), "the only outcome of this kind"
    missed: list[str] = []
    for index, decision in enumerate(rule.decisions):
        if decision.when is None:
            because = "; ".join(missed) if missed else "no condition"
            return decision.name, f"otherwise (not {because})" if missed else "otherwise"
        sentence = condition_sentence(index, row, decision)
        if row.get(f"d{index}"):
            return decision.name, sentence
        missed.append(sentence)
    fallback = "keep" if rule.emit.kind == "retention" else "skip"
    return fallback, "no decision applied (not " + "; ".join(missed) + ")"


def condition_sentence(index: int, row: dict[str, Any], decision: ast.Decision) -> str:
    from engine.language.render import to_source
    from engine.compile.sql import _comparisons

    parts = []
    for j, comparison in enumerate(_comparisons(decision.when)):
        left, right = row.get(f"d{index}_{j}l"), row.get(f"d{index}_{j}r")
        parts.append(f"{fmt(left)} {comparison.op} {fmt(right)}")
    text = to_source(decision.when)
    return f"{text} ({', '.join(parts)})" if parts else text


def fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e6 else f"{value:.0f}"
    if value is None:
        return "null"
    return str(value)


def row_to_finding(pack: ast.Pack, rule: ast.Rule, compiled: CompiledRule, row: dict[str, Any],
                   evidence: dict[str, list[Any]]) -> Finding:
    key = {c.name: row[c.alias] for c in compiled.by_role("key")}
    fields: dict[str, Any] = {}
    for column in compiled.by_role("key_text"):
        fields[column.name] = row[column.alias]
    for column in compiled.by_role("field"):
        fields[column.name] = _plain(row[column.alias])
    for name, values in evidence.items():
        if name != "evidence" or compiled.evidence_field != "evidence":
            fields[name] = values
    lets = {c.name: _plain(row[c.alias]) for c in compiled.by_role("let")}
    decision, reason = decide(rule, row)
    ids = evidence.get(compiled.evidence_field or "", [])
    return Finding(pack=pack.name, pack_id=pack.pack_id, rule=rule.name, kind=rule.emit.kind, key=key,
                   fields=fields, decision=decision, reason=reason, evidence=[str(i) for i in ids], lets=lets)


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    return value
