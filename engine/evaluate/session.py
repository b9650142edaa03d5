"""Evaluate a workspace: load and check its packs, run them, hand findings to the outputs.

This is what `autopattern evaluate` and the demo call. A run gets an id and a fixed
`now`; it is recorded in `evaluation_runs` with its effective params so `explain` can
say later which rule, run and params produced a pattern.
"""

from __future__ import annotations

import difflib

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Mapping

from engine.clock import format_ts, utc_now_text
from engine.errors import EvaluationError, Location
from engine.evaluate.params import PROFILE_KEY, effective_params, parse_assignment, profile_name, profile_overrides
from engine.evaluate.runner import RuleResult, prepare, run_pack
from engine.language import ast
from engine.language.loader import load_packs, require_valid
from engine.models import MAX_YEAR, MIN_YEAR
from engine.results import RunInfo
from engine.workspace import Workspace

# A handler applies one pack's results of the kinds it is registered for:
# (db, workspace, run, pack, results, evaluation) -> None; it records what it did in the
# evaluation (``registry`` per pack, or ``extras``).
OutputHandler = Callable[[Any, Workspace, RunInfo, ast.Pack, list[RuleResult], "Evaluation"], None]


@dataclass(frozen=True)
class Outputs:
    """What the findings of a run become, handed in by whoever opens the run.

    The session runs rules and never imports what acts on their findings (the registry,
    the report, retention): those sit above it and are passed down as this table
    (``engine.outputs.OUTPUTS`` is the standard one), so imports point one way.

    ``handlers`` maps an emit kind to its handler. After each pack's rules, every
    distinct handler is called once, in the table's order, with that pack's results of
    its kinds (maybe none: a handler may still record a per-pack summary). Results of a
    kind without a handler stay in the evaluation and act on nothing. ``before`` runs
    once before the first rule of a real (not dry) run and may return a summary, kept
    in the evaluation's extras under ``upgrade``.
    """

    handlers: Mapping[str, OutputHandler] = field(default_factory=dict)
    before: Callable[[Any, Workspace, RunInfo], dict[str, Any] | None] | None = None

    def apply(self, db, ws: Workspace, run: RunInfo, pack: ast.Pack, results: list[RuleResult],
              evaluation: "Evaluation") -> None:
        handlers: list[OutputHandler] = []
        for handler in self.handlers.values():
            if handler not in handlers:
                handlers.append(handler)
        for handler in handlers:
            mine = [r for r in results if self.handlers.get(r.kind) is handler]
            handler(db, ws, run, pack, mine, evaluation)


@dataclass
class Evaluation:
    run: RunInfo
    results: list[RuleResult]
    packs: list[ast.Pack]
    registry: dict[str, Any] = field(default_factory=dict)   # per pack: the registry's summary
    extras: dict[str, Any] = field(default_factory=dict)     # report / retention outcomes
    profile: str | None = None                               # the params profile of the run

    @property
    def findings(self):
        return [f for r in self.results for f in r.findings]

    def to_json(self) -> dict[str, Any]:
        return {
            "run_id": self.run.run_id, "now": self.run.now, "dry_run": self.run.dry_run,
            "profile": self.profile, "params": self.run.params,
            "rules": [{"pack": r.pack, "pack_id": r.pack_id, "rule": r.rule, "kind": r.kind,
                       "elapsed_ms": round(r.elapsed_ms, 2), "decisions": r.counts(),
                       "findings": [_finding_json(f) for f in r.findings]} for r in self.results],
            "registry": self.registry, **self.extras,
        }


def _finding_json(finding) -> dict[str, Any]:
    return {"key": finding.key, "decision": finding.decision, "reason": finding.reason,
            "fields": finding.fields, "lets": finding.lets, "evidence": finding.evidence}


def parse_now(text: str | None) -> datetime:
    if not text:
        return datetime.now(timezone.utc)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise EvaluationError(f"--now {text!r} is not an RFC 3339 / ISO 8601 time "
                              "(e.g. 2026-11-24T12:00:00Z)") from exc
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    # Windows reach back from now; year 1 minus 30 days is no date at all. Events are
    # bounded to these years too, so a now outside them could match nothing anyway.
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise EvaluationError(f"--now {text!r} is outside the years {MIN_YEAR}..{MAX_YEAR}")
    return moment


def load_workspace_packs(ws: Workspace, names: list[str] | None = None,
                         rules_dir: Path | None = None) -> list[ast.Pack]:
    packs = require_valid(load_packs([rules_dir or ws.rules_dir]))
    if not packs:
        raise EvaluationError(f"no rule packs in {rules_dir or ws.rules_dir}",
                              hint="run `autopattern init` to copy the shipped packs")
    if names:
        known = {p.name: p for p in packs} | {p.pack_id: p for p in packs if p.pack_id}
        missing = [n for n in names if n not in known]
        if missing:
            raise EvaluationError(f"unknown pack {missing[0]!r}; packs: {', '.join(p.name for p in packs)}")
        wanted = {known[n].name for n in names}
        packs = [p for p in packs if p.name in wanted]
    return packs


def run_params(ws: Workspace, packs: list[ast.Pack], assignments: list[str], *,
               complete: bool = False, profile: str | None = None) -> dict[str, dict[str, Any]]:
    """Each pack's params: defaults, the config's `params`, the profile's, then `--set`.

    The profile is ``profile`` (a run's ``--profile``), else the config's ``profile:``.
    ``complete`` says ``packs`` are all the workspace's packs, so a config key naming any
    other pack is a mistake (a typo would otherwise leave a threshold silently unset);
    a shipped profile may name packs a workspace removed.
    """
    names = {p.name for p in packs} | {p.pack_id for p in packs if p.pack_id}
    chosen = profile_name(ws, profile)
    sources = [(ws.param_overrides, "params", complete)]
    if chosen is not None:
        own = chosen in ((ws.config.get("profiles") or {}) if isinstance(ws.config.get("profiles"), dict) else {})
        sources.append((profile_overrides(ws, chosen), f"profiles.{chosen}", complete and own))
    overrides = []
    for mapping, where, strict in sources:
        for target, value in mapping.items():
            if "." not in str(target):
                raise EvaluationError(f"config {where} key {target!r} must be pack.param",
                                      Location(str(ws.config_path), field=f"{where}.{target}"))
            pack, param = str(target).split(".", 1)
            if pack not in names:
                if strict:
                    close = difflib.get_close_matches(pack, sorted(names), n=1)
                    raise EvaluationError(f"config {where} key {target!r}: no pack named {pack!r} in the workspace"
                                          + (f" (did you mean {close[0]!r}?)" if close else ""),
                                          Location(str(ws.config_path), field=f"{where}.{target}"))
                if where != "params":
                    continue
            pack = next((p.name for p in packs if pack in (p.name, p.pack_id)), pack)
            origin = str(ws.config_path) + (f" ({where})" if where != "params" else "")
            overrides.append((pack, param, value, origin))
    for text in assignments:
        pack, param, value = parse_assignment(text)
        if pack not in {p.name for p in packs} and pack not in {p.pack_id for p in packs}:
            raise EvaluationError(f"--set {text!r}: no pack named {pack!r} in this run")
        pack = next((p.name for p in packs if pack in (p.name, p.pack_id)), pack)
        overrides.append((pack, param, value, "--set"))
    return effective_params(packs, overrides)


def config_problems(ws: Workspace, packs: list[ast.Pack]) -> list[EvaluationError]:
    """What is wrong with autopattern.yaml's params and profiles for these packs (all of them).

    Each value is converted and range-checked as a run would, so `check` catches
    ``approve_at: "high"`` before `evaluate` does. Every profile is tried, not only the
    selected one, since any may be chosen with --profile.
    """
    from engine.evaluate.params import profiles

    problems: list[EvaluationError] = []
    try:
        names = [None, *sorted(profiles(ws.config, str(ws.config_path)))]
    except EvaluationError as exc:
        return [exc]
    seen: set[str] = set()
    for name in names:
        try:
            run_params(ws, packs, [], complete=True, profile=name)
        except EvaluationError as exc:
            if str(exc) not in seen:
                seen.add(str(exc))
                problems.append(exc)
    return problems


def evaluate_workspace(ws: Workspace, *, outputs: Outputs, packs: list[str] | None = None,
                       now: datetime | None = None, assignments: list[str] | None = None,
                       dry_run: bool = False, on_rule: Callable[[RuleResult], None] | None = None,
                       profile: str | None = None,
                       on_wait: Callable[[str], None] | None = None) -> Evaluation:
    """Run the workspace's packs (or the named ones) and hand what they find to ``outputs``.

    ``outputs`` says what findings become (``engine.outputs.OUTPUTS``: registry documents,
    the weekly report, retention deletes; see ``Outputs``). One evaluation at a time per
    store: a second one waits for the first (``on_wait`` is told who holds the store),
    so two runs never decide on the same findings at once.
    """
    now = now or datetime.now(timezone.utc)
    selected = load_workspace_packs(ws, packs)
    params = run_params(ws, selected, assignments or [], complete=packs is None, profile=profile)
    run = RunInfo(run_id=_run_id(now), now=format_ts(now), params=params, dry_run=dry_run)
    chosen = profile_name(ws, profile)
    db = ws.open_db()
    prepare(db)
    try:
        with db.exclusive("evaluate", on_wait=on_wait):
            return _evaluate(db, ws, run, selected, params, now, on_rule, chosen, outputs)
    finally:
        db.close()


def _evaluate(db, ws: Workspace, run: RunInfo, selected: list[ast.Pack], params, now: datetime,
              on_rule, chosen: str | None, outputs: Outputs) -> Evaluation:
    from engine.evaluate import actions

    dry_run = run.dry_run
    try:
        evaluation = Evaluation(run, [], selected, profile=chosen)
        if not dry_run:
            _record_start(db, run, selected, chosen)
            before = outputs.before(db, ws, run) if outputs.before else None
            if before:
                evaluation.extras["upgrade"] = before
            actions.snapshot_metrics(db, run)
        for pack in sorted(selected, key=_stage):
            results = run_pack(db, pack, params[pack.name], now, on_rule=on_rule)
            evaluation.results.extend(results)
            outputs.apply(db, ws, run, pack, results, evaluation)
        if not dry_run:
            _record_end(db, run, "ok", evaluation)
        return evaluation
    except BaseException:
        if not dry_run:
            _record_end(db, run, "failed", None)
        raise


def _stage(pack: ast.Pack) -> int:
    """Quarantine decisions first, then detection, reports (they summarise this run's
    findings), retention last.

    Packs that emit anti-patterns (which quarantine work) run before the others, so a
    pack that must not draft or suggest quarantined work sees this run's quarantines.
    """
    kinds = {rule.emit.kind for rule in pack.rules}
    if "retention" in kinds:
        return 3
    if "report_row" in kinds:
        return 2
    return 0 if "anti_pattern" in kinds else 1


def _run_id(now: datetime) -> str:
    return f"run-{now.strftime('%Y%m%dT%H%M%SZ')}-{uuid.uuid4().hex[:8]}"


def _record_start(db, run: RunInfo, packs: list[ast.Pack], profile: str | None) -> None:
    """The run's row; its params carry the profile under ``@profile`` (no pack can be named so)."""
    recorded = {**run.params, **({PROFILE_KEY: profile} if profile else {})}
    db.execute(
        "INSERT INTO evaluation_runs (id, started_at, now, packs, params, dry_run, status) "
        "VALUES (?, ?, ?, ?, ?, ?, 'running')",
        (run.run_id, utc_now_text(), run.now, json.dumps([p.name for p in packs]),
         json.dumps(recorded, sort_keys=True), int(run.dry_run)))


def _record_end(db, run: RunInfo, status: str, evaluation: Evaluation | None) -> None:
    summary = None
    if evaluation is not None:
        summary = {r.pack + "." + r.rule: r.counts() for r in evaluation.results}
        # Each report's headline, kept with the run: the report's trend charts read it back.
        reports = [{"pack": r["pack"], "week": r["week"], "headline": r["headline"]}
                   for r in evaluation.extras.get("reports", [])]
        if reports:
            summary["reports"] = reports
    db.execute("UPDATE evaluation_runs SET finished_at = ?, status = ?, summary = ? WHERE id = ?",
                    (utc_now_text(), status, json.dumps(summary) if summary is not None else None, run.run_id))
