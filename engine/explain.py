"""Explain a rule (its SQL, bound values, every group against every threshold) or a
pattern (which rule and run produced it, with which params, from which events).

Built on the same compiled query as evaluate: explain only drops the having filter and
the limit, so it shows the groups that fell short and never disagrees with evaluate.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from engine.compile.sql import CompiledRule, compile_rule
from engine.errors import EvaluationError
from engine.evaluate.findings import condition_sentence, decide, fmt, resolve_bindings, row_to_finding
from engine.evaluate.runner import evidence_for, prepare, query
from engine.evaluate.session import load_workspace_packs, run_params
from engine.language import ast
from engine.language.render import to_source
from engine.telemetry.store import format_ts
from engine.workspace import Workspace


@dataclass
class GroupTrace:
    key: dict[str, Any]
    key_text: dict[str, Any]
    lets: dict[str, Any]
    fields: dict[str, Any]
    passes_having: bool
    conditions: list[dict[str, Any]]
    decision: str
    reason: str
    evidence: list[str] = field(default_factory=list)


@dataclass
class RuleTrace:
    pack: str
    rule: str
    description: str
    now: str
    params: dict[str, Any]
    sql: str
    bindings: list[dict[str, Any]]
    having: str
    groups: list[GroupTrace]

    def to_json(self) -> dict[str, Any]:
        return {"kind": "rule", "pack": self.pack, "rule": self.rule, "description": self.description,
                "now": self.now, "params": self.params, "sql": self.sql, "bindings": self.bindings,
                "having": self.having, "groups": [g.__dict__ for g in self.groups]}


def explain_rule(ws: Workspace, target: str, *, now: datetime, assignments: list[str] | None = None,
                 key_filters: dict[str, str] | None = None, max_groups: int = 50) -> RuleTrace:
    pack_name, _, rule_name = target.partition(".")
    packs = load_workspace_packs(ws, [pack_name])
    pack = packs[0]
    rule = pack.rule(rule_name)
    if rule is None:
        raise EvaluationError(f"pack {pack.name!r} has no rule {rule_name!r}; rules: "
                              f"{', '.join(r.name for r in pack.rules)}")
    params = run_params(ws, packs, assignments or [])[pack.name]
    compiled = compile_rule(pack, rule)
    values = resolve_bindings(compiled.bindings, params, now)
    db = ws.open_db()
    prepare(db)
    try:
        groups = []
        for row in query(db, compiled.explain_sql, values, target):
            if key_filters and not _matches(compiled, row, key_filters):
                continue
            groups.append(_trace_group(db, pack, rule, compiled, row, values))
            if len(groups) >= max_groups:
                break
    finally:
        db.close()
    bindings = [{"name": name, "value": values[name], "from": b.describe()} for name, b in compiled.bindings.items()]
    return RuleTrace(pack.name, rule.name, rule.description, format_ts(now), params, compiled.sql, bindings,
                     to_source(rule.having) if rule.having is not None else "", groups)


def _matches(compiled: CompiledRule, row: dict[str, Any], filters: dict[str, str]) -> bool:
    names = {c.name: c.alias for c in compiled.columns if c.role in ("key", "key_text")}
    names |= {c.text: c.alias for c in compiled.columns if c.role in ("key", "key_text")}
    for name, wanted in filters.items():
        alias = names.get(name)
        if alias is None:
            raise EvaluationError(f"--key {name}: not a group key of this rule; keys: "
                                  f"{', '.join(sorted(set(names)))}")
        if str(row[alias]) != wanted:
            return False
    return True


def _trace_group(db, pack, rule: ast.Rule, compiled: CompiledRule, row: dict[str, Any],
                 values: dict[str, Any]) -> GroupTrace:
    passes = bool(row["h"])
    evidence = evidence_for(db, compiled, row, values) if passes else {}
    finding = row_to_finding(pack, rule, compiled, row, evidence)
    conditions = []
    for index, decision in enumerate(rule.decisions):
        if decision.when is None:
            conditions.append({"decision": decision.name, "condition": "otherwise", "holds": True, "values": ""})
            continue
        conditions.append({"decision": decision.name, "condition": to_source(decision.when),
                           "holds": bool(row[f"d{index}"]),
                           "values": condition_sentence(index, row, decision)})
    decision, reason = finding.decision, finding.reason
    if not passes:
        decision, reason = "none", f"filtered out: having {to_source(rule.having)} is false"
    key_text = {c.name: row[c.alias] for c in compiled.by_role("key_text")}
    return GroupTrace(finding.key, key_text, finding.lets, finding.fields, passes, conditions, decision, reason,
                      finding.evidence)


def render_rule_trace(trace: RuleTrace) -> str:
    lines = [f"rule {trace.pack}.{trace.rule}" + (f" — {trace.description}" if trace.description else ""),
             f"now {trace.now}", "", "compiled SQL:", _indent(trace.sql), "", "bound values:"]
    for b in trace.bindings:
        lines.append(f"  :{b['name']:<5} = {json.dumps(b['value'])}   ({b['from']})")
    passing = sum(g.passes_having for g in trace.groups)
    lines += ["", f"groups: {len(trace.groups)} ({passing} pass having{': ' + trace.having if trace.having else ''})"]
    for group in trace.groups:
        label = ", ".join(f"{k}={fmt(v)}" for k, v in {**group.key, **group.key_text}.items()) or "(all rows)"
        lines.append("")
        lines.append(f"group {label}")
        for name, value in group.lets.items():
            lines.append(f"  let {name} = {fmt(value)}")
        lines.append(f"  having {'true' if group.passes_having else 'false'}")
        for cond in group.conditions:
            mark = "✔" if cond["holds"] else "✘"
            text = cond["values"] or cond["condition"]
            lines.append(f"  {mark} {cond['decision']} when {text}" if cond["condition"] != "otherwise"
                         else f"  · {cond['decision']} otherwise")
        lines.append(f"  => {group.decision}: {group.reason}")
        if group.evidence:
            lines.append(f"  evidence: {', '.join(group.evidence[:10])}")
    return "\n".join(lines)


def explain_pattern(ws: Workspace, pattern_id: str) -> dict[str, Any]:
    from engine.registry.index import close_matches, decisions_for, get_pattern

    db = ws.open_db()
    try:
        pattern = get_pattern(db, pattern_id)
        if pattern is None:
            close = close_matches(db, pattern_id)
            raise EvaluationError(f"no pattern or rule {pattern_id!r}",
                                  hint=f"did you mean {', '.join(close)}?" if close else
                                  "use PACK.RULE for a rule, or `autopattern patterns list` for ids")
        run = None
        if pattern.get("last_run_id"):
            row = db.conn.execute("SELECT id, now, params, packs, started_at FROM evaluation_runs WHERE id = ?",
                                  (pattern["last_run_id"],)).fetchone()
            if row:
                params = json.loads(row[2]).get(pattern["pack"], {})
                run = {"id": row[0], "now": row[1], "params": params, "started_at": row[4]}
        evidence = pattern.get("evidence") or []
        events = _events(db, evidence)
        return {"kind": "pattern", "pattern": pattern, "run": run, "evidence_events": events,
                "decisions": decisions_for(db, pattern_id)}
    finally:
        db.close()


def _events(db, ids: list[str]) -> list[dict[str, Any]]:
    found = []
    for table, columns in (("execution_logs", "id, ts, operation, command, status, duration_ms, pattern_id"),
                           ("error_events", "id, ts, message, resolution, resolved"),
                           ("file_events", "id, ts, path, action")):
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            marks = ", ".join("?" for _ in part)
            cursor = db.conn.execute(f'SELECT {columns} FROM "{table}" WHERE id IN ({marks})', part)
            names = [d[0] for d in cursor.description]
            found.extend({"table": table, **dict(zip(names, r))} for r in cursor)
    return found


def render_pattern_trace(trace: dict[str, Any]) -> str:
    p = trace["pattern"]
    lines = [f"pattern {p['id']}  ({p['kind']}, {p['status']}, decided by {p.get('decided_by', 'engine')})",
             f"  name        {p['name']}", f"  produced by {p['pack']}.{p['rule']}",
             f"  confidence  {fmt(p.get('confidence'))}", f"  group key   {json.dumps(p.get('group_key'))}"]
    run = trace.get("run")
    if run:
        lines.append(f"  last run    {run['id']} (now {run['now']})")
        lines.append("  params      " + ", ".join(f"{k}={v}" for k, v in run["params"].items()))
    lines.append(f"  evidence    {len(p.get('evidence') or [])} events")
    for event in trace["evidence_events"][:20]:
        detail = event.get("command") or event.get("message") or event.get("path") or ""
        lines.append(f"    {event['ts']}  {event['id']}  {event.get('status') or event.get('action') or ''}  {detail}")
    if trace["decisions"]:
        lines.append("  decisions:")
        for d in trace["decisions"]:
            lines.append(f"    {d['ts']}  {d['decision']:<11} by {d['actor']}: {d['reason']}")
    return "\n".join(lines)


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())
