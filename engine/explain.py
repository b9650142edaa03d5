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

from engine.clock import format_ts
from engine.compile.sql import CompiledRule, compile_rule
from engine.errors import EvaluationError
from engine.evaluate.findings import condition_sentence, decide, fmt, resolve_bindings, row_to_finding
from engine.compile.nodes import check_dialect
from engine.evaluate.runner import dialect_of, evidence_for, prepare, run_statement
from engine.evaluate.params import profile_name
from engine.evaluate.session import load_workspace_packs, run_params
from engine.language import ast
from engine.language.render import to_source
from engine.workspace import Workspace
from engine.wording import plural


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
    now_source: str = "--now"                 # --now | the last run (RUN_ID) | the clock (no run yet)
    profile: str | None = None
    param_types: dict[str, str] = field(default_factory=dict)
    dialect: str = "sqlite"                   # the SQL shown is compiled for this database

    def to_json(self) -> dict[str, Any]:
        return {"kind": "rule", "pack": self.pack, "rule": self.rule, "description": self.description,
                "now": self.now, "now_source": self.now_source, "profile": self.profile,
                "params": self.params, "sql": self.sql, "dialect": self.dialect, "bindings": self.bindings,
                "having": self.having, "groups": [g.__dict__ for g in self.groups]}


def last_run(ws: Workspace) -> dict[str, Any] | None:
    """The newest finished evaluation (not a dry run): its id, now and profile."""
    if ws.store_url.dialect == "sqlite" and not ws.db_path.is_file():
        return None    # no store yet (a server store always exists once configured)
    db = ws.open_db(create=False)
    try:
        row = db.execute("SELECT id, now, params FROM evaluation_runs WHERE dry_run = 0 AND status = 'ok' "
                              "ORDER BY started_at DESC, now DESC LIMIT 1").fetchone()
    finally:
        db.close()
    if row is None:
        return None
    return {"id": row[0], "now": row[1], "profile": run_profile(row[2])}


def run_profile(params_json: str | None) -> str | None:
    """The profile a run recorded with its params (see ``engine.evaluate.params.PROFILE_KEY``)."""
    from engine.evaluate.params import PROFILE_KEY
    try:
        data = json.loads(params_json or "{}")
    except ValueError:
        return None
    return data.get(PROFILE_KEY) if isinstance(data, dict) else None


def explain_rule(ws: Workspace, target: str, *, now: datetime | None = None, assignments: list[str] | None = None,
                 key_filters: dict[str, str] | None = None, max_groups: int = 50,
                 profile: str | None = None, dialect: str | None = None) -> RuleTrace:
    """Trace a rule at ``now``; without one, at the last run's now (what the registry shows).

    The SQL it carries is rendered for ``dialect`` (``sqlite`` or ``postgres``); by default
    for the dialect of the store in use, which is also what runs. It is pretty-printed (one
    clause a line, indented), by the same generator that renders what runs.
    """
    from engine.evaluate.session import parse_now

    now_source = "--now"
    if now is None:
        last = last_run(ws)
        if last is not None:
            now, now_source = parse_now(last["now"]), f"the last run, {last['id']}"
        else:
            now, now_source = parse_now(None), "the clock (no evaluation has run yet)"
    pack_name, _, rule_name = target.partition(".")
    packs = load_workspace_packs(ws, [pack_name])
    pack = packs[0]
    rule = pack.rule(rule_name)
    if rule is None:
        raise EvaluationError(f"pack {pack.name!r} has no rule {rule_name!r}; rules: "
                              f"{', '.join(r.name for r in pack.rules)}")
    chosen = profile_name(ws, profile)
    params = run_params(ws, packs, assignments or [], profile=profile)[pack.name]
    compiled = compile_rule(pack, rule)
    values = resolve_bindings(compiled.bindings, params, now)
    db = ws.open_db()
    prepare(db)
    try:
        shown = check_dialect(dialect or dialect_of(db))
        groups = []
        for row in run_statement(db, compiled, "explain", values, target):
            if key_filters and not _matches(compiled, row, key_filters):
                continue
            groups.append(_trace_group(db, pack, rule, compiled, row, values))
            if len(groups) >= max_groups:
                break
    finally:
        db.close()
    bindings = [{"name": name, "value": values[name], "from": b.describe()} for name, b in compiled.bindings.items()]
    types = {p.name: p.default.type for p in pack.params}
    return RuleTrace(pack.name, rule.name, rule.description, format_ts(now), params, compiled.sql_for(shown, pretty=True),
                     bindings, to_source(rule.having) if rule.having is not None else "", groups, now_source, chosen,
                     types, shown)


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
                           "values": condition_sentence(index, row, decision),
                           "text": _condition_text(index, row, decision, pack)})
    decision, reason = finding.decision, finding.reason
    if not passes:
        decision, reason = "none", f"filtered out: having {to_source(rule.having)} is false"
    key_text = {c.name: row[c.alias] for c in compiled.by_role("key_text")}
    return GroupTrace(finding.key, key_text, finding.lets, finding.fields, passes, conditions, decision, reason,
                      finding.evidence)


_COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")


def _condition_text(index: int, row: dict[str, Any], decision: ast.Decision, pack) -> str:
    """``idle >= stale_after (20d >= 14d)``: the condition with its values in human units.

    The values are the ones the compiled query computed for this group (``d<i>_<j>l/r``),
    read in the order the condition's comparisons appear; a comparison against a duration
    param is shown in durations, one on a rate in %.
    """
    comparisons = [n for n in ast.walk(decision.when) if isinstance(n, ast.Binary) and n.op in _COMPARISONS]
    parts = []
    for j, comparison in enumerate(comparisons):
        left, right = row.get(f"d{index}_{j}l"), row.get(f"d{index}_{j}r")
        names = [side.name for side in (comparison.left, comparison.right) if isinstance(side, ast.NameRef)]
        kind = next((p.default.type for n in names for p in [pack.param(n)] if p is not None), None)
        name = names[0] if names else to_source(comparison.left)
        parts.append(f"{human(name, left, kind)} {comparison.op} {human(name, right, kind)}")
    text = to_source(decision.when)
    return f"{text} ({', '.join(parts)})" if parts else text


def render_rule_trace(trace: RuleTrace, *, sql: bool = False) -> str:
    """The why first (params, every group against every threshold); the SQL only when asked."""
    lines = [f"rule {trace.pack}.{trace.rule}" + (f" — {trace.description}" if trace.description else ""),
             f"now {trace.now}  (from {trace.now_source})"]
    if trace.profile:
        lines.append(f"profile {trace.profile}")
    lines.append("params  " + ", ".join(f"{name}={human(name, value, trace.param_types.get(name))}"
                                        for name, value in trace.params.items()))
    passing = sum(g.passes_having for g in trace.groups)
    lines += ["", f"groups: {len(trace.groups)} ({passing} pass having{': ' + trace.having if trace.having else ''})"]
    for group in trace.groups:
        label = ", ".join(f"{k}={human(k, v)}" for k, v in {**group.key, **group.key_text}.items()) or "(all rows)"
        lines.append("")
        lines.append(f"group {label}")
        for name, value in group.lets.items():
            lines.append(f"  let {name} = {human(name, value)}")
        lines.append(f"  having {'true' if group.passes_having else 'false'}")
        for cond in group.conditions:
            mark = "✔" if cond["holds"] else "✘"
            text = cond.get("text") or cond["values"] or cond["condition"]
            lines.append(f"  {mark} {cond['decision']} when {text}" if cond["condition"] != "otherwise"
                         else f"  · {cond['decision']} otherwise")
        lines.append(f"  => {group.decision}: {group.reason}")
        if group.evidence:
            lines.append(f"  evidence: {', '.join(group.evidence[:10])}")
    if sql:
        lines += ["", f"compiled SQL: ({trace.dialect})", _indent(trace.sql), "", "bound values:"]
        for b in trace.bindings:
            lines.append(f"  :{b['name']:<5} = {json.dumps(b['value'])}   ({b['from']})")
    else:
        lines += ["", "(add --sql for the SQL this rule runs and its bound values)"]
    return "\n".join(lines)


_DAY, _HOUR, _MINUTE, _SECOND = 86_400_000, 3_600_000, 60_000, 1000


def human(name: str, value: Any, kind: str | None = None) -> str:
    """A value as a person reads it: ``30d``, ``2.2 min``, ``44 %``; plain numbers without exponents.

    ``kind`` is the param's type when known; otherwise the name says (``*_ms``,
    ``*duration*``, ``idle``: milliseconds; ``*rate*``, ``*share*``: a rate).
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return fmt(value)
    lowered = name.lower()
    if kind == "duration" or lowered.endswith("_ms") or "duration" in lowered or lowered in ("idle", "age"):
        return duration_text(value)
    if ("rate" in lowered or "share" in lowered) and 0 <= value <= 1:
        return f"{value * 100:.3g} %"
    if isinstance(value, float) and abs(value) >= 10_000:
        return f"{value:,.0f}"
    return fmt(value)


def duration_text(ms: float) -> str:
    """Milliseconds as ``30d``, ``12h``, ``15 min`` when whole, else ``2.2 min``, ``3.5 d``, ``250 ms``."""
    size = abs(ms)
    for unit, label, exact in ((_DAY, " d", "d"), (_HOUR, " h", "h"), (_MINUTE, " min", " min"), (_SECOND, " s", " s")):
        if size >= unit:
            count = ms / unit
            return f"{int(count)}{exact}" if count == int(count) else f"{count:.1f}{label}"
    return f"{ms:.0f} ms"


def explain_pattern(ws: Workspace, pattern_id: str) -> dict[str, Any]:
    from engine.registry.index import close_matches, decisions_for

    from engine.registry.decisions import RegistryError, require_pattern

    db = ws.open_db()
    try:
        try:
            pattern = require_pattern(db, pattern_id)
        except RegistryError as exc:
            if exc.message.startswith("no pattern"):
                close = close_matches(db, pattern_id)
                raise EvaluationError(f"no pattern or rule {pattern_id!r}",
                                      hint=f"did you mean {', '.join(close)}?" if close else
                                      "use PACK.RULE for a rule, or `autopattern patterns list` for ids and names")
            raise
        pattern_id = pattern["id"]
        run = None
        if pattern.get("last_run_id"):
            row = db.execute("SELECT id, now, params, packs, started_at FROM evaluation_runs WHERE id = ?",
                                  (pattern["last_run_id"],)).fetchone()
            if row:
                params = json.loads(row[2]).get(pattern["pack"], {})
                run = {"id": row[0], "now": row[1], "params": params, "started_at": row[4],
                       "profile": run_profile(row[2])}
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
            cursor = db.execute(f'SELECT {columns} FROM "{table}" WHERE id IN ({marks})', part)
            names = [d[0] for d in cursor.description]
            found.extend({"table": table, **dict(zip(names, r))} for r in cursor)
    return found


def render_pattern_trace(trace: dict[str, Any]) -> str:
    p = trace["pattern"]
    lines = [f"pattern {p['id']}  ({p['kind']}, {p['status']}, decided by {p.get('decided_by', 'engine')})",
             f"  name        {p['name']}", f"  produced by {p['pack']}.{p['rule']}",
             f"  confidence  {fmt(p.get('confidence'))}",
             f"  group key   {json.dumps(p.get('key'), ensure_ascii=False, sort_keys=True)}"]
    run = trace.get("run")
    if run:
        lines.append(f"  last run    {run['id']} (now {run['now']})")
        if run.get("profile"):
            lines.append(f"  profile     {run['profile']}")
        lines.append("  params      " + ", ".join(f"{k}={human(k, v, _duration_param(k, v))}"
                                                  for k, v in run["params"].items()))
    lines.append(f"  evidence    {plural(len(p.get('evidence') or []), 'event')}")
    for event in trace["evidence_events"][:20]:
        detail = event.get("command") or event.get("message") or event.get("path") or ""
        lines.append(f"    {event['ts']}  {event['id']}  {event.get('status') or event.get('action') or ''}  {detail}")
    if trace["decisions"]:
        lines.append("  decisions:")
        for d in trace["decisions"]:
            lines.append(f"    {d['ts']}  {d['decision']:<11} by {d['actor']}: {d['reason']}")
    return "\n".join(lines)


def _duration_param(name: str, value: Any) -> str | None:
    """A stored run keeps values, not types: a whole number of hours or more named like a window is one."""
    windows = ("lookback", "recent", "before", "history", "window", "stale_after", "period", "keep")
    if isinstance(value, int) and value >= _HOUR and value % _HOUR == 0 and any(w in name for w in windows):
        return "duration"
    return None


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())
