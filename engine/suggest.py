"""AUTO-006: which registry patterns fit a new piece of work, best first, and why.

The ranking lives in the suggester pack (``rules/auto_006_suggester.rules``, rule
``rank_for_work``): its weights, minimum score and size are params, and its score is SQL.
``suggest`` only binds the work to the rule's ``query_*`` params (the operation, and the
ids of the command's and the path's templates, matched read-only against the mined
templates), runs that one rule through the evaluate engine and reads its findings.
Rejected and quarantined patterns, and patterns of quarantined work, never match the
rule's ``where``; ``suggest_with_reasons`` also says which of them matched and why they
were left out, and each suggestion carries its pattern's warnings.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any

from engine.errors import EvaluationError
from engine.evaluate.params import convert
from engine.evaluate.runner import prepare, run_rule
from engine.evaluate.session import load_workspace_packs, run_params
from engine.language import ast
from engine.registry import index
from engine.telemetry.templates import TemplateAssigner
from engine.workspace import Workspace
from engine.wording import plural

SUGGESTER_PACK = "suggester"
RANK_RULE = "rank_for_work"
NO_TEMPLATE = -1          # the query_*_id value that matches no template


@dataclass
class Suggestion:
    pattern_id: str
    name: str
    kind: str
    status: str
    score: float
    why: str                                   # one sentence: what matched and the evidence
    evidence: dict[str, Any] = field(default_factory=dict)  # uses, success rate, confidence, matches
    warnings: list[str] = field(default_factory=list)       # e.g. a slot value whose runs always fail

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Work:
    """The new work, as the suggester rule sees it."""

    operation: str | None
    command: str | None
    path: str | None
    command_template_id: int | None
    command_template: str | None
    path_template_id: int | None
    path_template: str | None


def suggest(ws: Workspace, operation: str | None = None, command: str | None = None,
            path: str | None = None, limit: int | None = 5, *, now: datetime | None = None,
            assignments: list[str] | None = None) -> list[Suggestion]:
    """Rank the approved patterns and drafts that match the work; never a rejected or quarantined one."""
    if not (operation or command or path):
        raise EvaluationError("say what the work is: an operation, a command or a file path", status=2)
    return suggest_with_reasons(ws, operation, command, path, limit, now=now, assignments=assignments)[0]


def suggest_with_reasons(ws: Workspace, operation: str | None = None, command: str | None = None,
                         path: str | None = None, limit: int | None = 5, *, now: datetime | None = None,
                         assignments: list[str] | None = None,
                         profile: str | None = None) -> tuple[list[Suggestion], list[dict[str, Any]]]:
    """``suggest``, and what it left out: each matching pattern out of service, and why."""
    if not (operation or command or path):
        raise EvaluationError("say what the work is: an operation, a command or a file path", status=2)
    pack, rule = _rank_rule(ws)
    db = ws.open_db(create=False)
    try:
        work = describe_work(db, ws, operation, command, path)
        params = run_params(ws, [pack], assignments or [], profile=profile)[pack.name]
        params.update(query_params(pack, work, limit))
        prepare(db)
        result = run_rule(db, pack, rule, params, now or datetime.now(timezone.utc))
        found = [to_suggestion(f) for f in result.findings if f.decision != "skip"]
        for item in found:
            document = index.document_of(db, ws.patterns_dir, item.pattern_id) if index.get_pattern(
                db, item.pattern_id) else None
            item.warnings = [w["message"] for w in (document or {}).get("warnings") or []]
        left_out = index.held_back(db, operation=work.operation, command_template_id=work.command_template_id,
                                   path_template_id=work.path_template_id)
    finally:
        db.close()
    return found, left_out


def describe_work(db, ws: Workspace, operation: str | None, command: str | None, path: str | None) -> Work:
    """The work with its command and path matched to known templates (nothing is learned)."""
    assigner = TemplateAssigner(db, ws.masks)
    by_command = assigner.match("command", command) if command else None
    by_path = assigner.match("path", path) if path else None
    return Work(operation, command, path,
                by_command.template_id if by_command else None, by_command.template if by_command else None,
                by_path.template_id if by_path else None, by_path.template if by_path else None)


def query_params(pack: ast.Pack, work: Work, limit: int | None) -> dict[str, Any]:
    """The rule's query_* params (and its size) bound to this work, checked like `--set` values."""
    raw = {"query_operation": work.operation or "",
           "query_template_id": NO_TEMPLATE if work.command_template_id is None else work.command_template_id,
           "query_path_template_id": NO_TEMPLATE if work.path_template_id is None else work.path_template_id}
    if limit is not None:
        raw["max_suggestions"] = limit
    values = {}
    for name, value in raw.items():
        param = pack.param(name)
        if param is None:
            raise EvaluationError(f"the {pack.name} pack has no param {name!r}: suggest cannot bind the work",
                                  hint=f"restore it from the shipped {SUGGESTER_PACK} pack")
        values[name] = convert(param, value, "suggest")
    return values


def to_suggestion(finding) -> Suggestion:
    fields, key = finding.fields, finding.key
    evidence = {name: fields.get(name) for name in ("same_template", "same_operation", "confidence", "uses",
                                                     "success_rate", "last_used")}
    evidence["same_template"] = bool(evidence["same_template"])
    evidence["same_operation"] = bool(evidence["same_operation"])
    return Suggestion(pattern_id=str(fields.get("pattern_id") or key.get("id")), name=str(key.get("name")),
                      kind=str(key.get("kind")), status=str(key.get("status")), score=fields.get("score"),
                      why=why(key.get("status"), evidence, finding.reason), evidence=evidence)


def why(status: str | None, evidence: dict[str, Any], reason: str) -> str:
    """A sentence a person can check: what matched, how the pattern has done, the decision."""
    matched = [words for flag, words in (("same_template", "same template"), ("same_operation", "same operation"))
               if evidence.get(flag)]
    facts = [f"{status} pattern", "matches the " + " and ".join(matched) if matched else "matches"]
    if evidence.get("confidence") is not None:
        facts.append(f"confidence {evidence['confidence']:.2f}")
    uses = evidence.get("uses") or 0
    if uses:
        rate = evidence.get("success_rate")
        facts.append(f"used {plural(uses, 'time')}" + (f" at {rate * 100:.0f} % success" if rate is not None else ""))
    else:
        facts.append("not used yet")
    return ", ".join(facts) + f"; {reason}"


def _rank_rule(ws: Workspace) -> tuple[ast.Pack, ast.Rule]:
    packs = load_workspace_packs(ws, [SUGGESTER_PACK])
    pack = packs[0]
    rule = next((r for r in pack.rules if r.name == RANK_RULE), None)
    if rule is None:
        raise EvaluationError(f"pack {pack.name!r} has no rule {RANK_RULE!r}: suggest has nothing to rank with",
                              hint=f"restore it from the shipped {SUGGESTER_PACK} pack")
    return pack, rule
