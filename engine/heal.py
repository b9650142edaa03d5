"""Self-healing look-up: the learned recovery for an error message, ready to run.

AUTO-003 learns self-heal patterns (an error's message template and the resolution
that fixed it, with its success rate). Given a new error message, ``heal`` finds its
template without learning from it, picks the best self-heal pattern in force for that
template, and fills the resolution's slots with the new message's values, using the
slot binding learned from the fixes seen so far (``pip install <*>`` learned from
``No module named '<*>'`` becomes ``pip install lxml``).

autopattern never runs the command: the orchestrator does, and reports the outcome as
an error event with ``resolved`` set, which is how the success rate keeps learning.
Rejected and quarantined patterns are never returned, nor a pattern whose subject an
anti-pattern quarantined.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from engine.store import Store

from engine.errors import AutopatternError, Location
from engine.mining.params import apply_binding, learn_binding, learn_constants
from engine.registry import index
from engine.registry.layout import SELF_HEAL_IN_FORCE
from engine.telemetry.templates import TemplateAssigner
from engine.workspace import Workspace, load_workspace
from engine.wording import plural

# Statuses of a self-heal pattern that is in force: the engine's (auto_apply, ask_first) or a person's.
IN_FORCE = SELF_HEAL_IN_FORCE


@dataclass
class Recovery:
    """What to run for an error, and why it is believed to work."""

    pattern_id: str
    command: str | None            # the resolution with the error's values filled in; None: unbound slot
    resolution_template: str       # the learned resolution, with <*> slots
    message_template: str          # the template the message matched
    message_template_id: int
    params: list[str]              # the message's slot values, in order
    auto_apply: bool               # safe to apply without asking (the pattern says so)
    success_rate: float | None
    successes: int | None
    attempts: int | None
    status: str
    why: str
    binding: dict[int, int] = field(default_factory=dict)  # resolution slot -> message slot
    alternatives: list[str] = field(default_factory=list)  # other usable patterns, best first

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["binding"] = {str(k): v for k, v in self.binding.items()}
        return data


def heal(target: Workspace | Store | str | Path, message: str) -> Recovery | None:
    """The recovery to apply for ``message``, or None when no learned recovery fits it.

    ``target`` is a workspace, its folder, or an open database of a workspace.
    Read-only: matching the message teaches the template miner nothing.
    """
    ws, db, close = _open(target)
    try:
        return find_recovery(db, ws.patterns_dir, message, ws.masks)
    finally:
        if close:
            db.close()


def find_recovery(db: Store, patterns_dir: Path, message: str,
                  masks: list[dict[str, Any]] | None = None) -> Recovery | None:
    """``heal`` on an open database and its registry folder."""
    _require_message(message)
    matched = TemplateAssigner(db, list(masks or [])).match("message", message)
    if matched is None:
        return None
    documents = [doc for doc in _self_heals(db, patterns_dir)
                 if _live(db, (doc.get("error") or {}).get("message_template_id")) == matched.template_id]
    if not documents:
        return None
    recoveries = sorted((_recovery(db, doc, matched) for doc in documents), key=_rank)
    usable = [r for r in recoveries if r.command is not None] or recoveries
    best = usable[0]
    best.alternatives = [r.pattern_id for r in usable[1:]]
    return best


def why_no_recovery(target: Workspace | str | Path, message: str) -> list[str]:
    """Why ``heal`` has nothing to apply for ``message``, as sentences a person can act on.

    The message's error may be recorded as never fixed (an anti-pattern), its learned
    recoveries may be out of service (quarantined, rejected), or it may match no known
    error at all, in which case the closest known error template is named.
    """
    ws, db, close = _open(target)
    try:
        _require_message(message)
        matched = TemplateAssigner(db, list(ws.masks or [])).match("message", message)
        if matched is None:
            closest = _closest_template(db, message)
            return ([f"the message matches no known error; the closest is {closest[0]!r} "
                     f"({closest[1]:.0%} alike)"] if closest else ["the message matches no known error"])
        notes = []
        for row in db.execute("SELECT a.id, a.failures, a.recommendation FROM anti_patterns AS a "
                              "WHERE a.subject_kind = 'error_template' AND a.subject = ? ORDER BY a.id",
                              [str(matched.template_id)]).fetchall():
            notes.append(f"{matched.template!r} is recorded as never fixed ({row[0]}: it occurred {plural(row[1], 'time')} "
                         f"and no resolution fixed it)")
        for status in ("quarantined", "rejected"):
            for row in index.list_patterns(db, kind="self_heal", status=status):
                document = index.document_of(db, ws.patterns_dir, row["id"])
                template_id = ((document or {}).get("error") or {}).get("message_template_id")
                if _live(db, template_id) == matched.template_id:
                    notes.append(f"{row['id']} ({row['name']}) matches but is {status}")
        if not notes:
            notes.append(f"no learned recovery for {matched.template!r} yet")
        return notes
    finally:
        if close:
            db.close()


# ------------------------------------------------------------------ helpers

def _require_message(message: str) -> None:
    if not isinstance(message, str) or not message.strip():
        raise AutopatternError("the error message is empty: give the message as printed",
                               hint='e.g. autopattern heal "ModuleNotFoundError: No module named \'lxml\'"')


def _closest_template(db: Store, message: str) -> tuple[str, float] | None:
    """The known error template most like ``message`` (at least half alike), and how alike."""
    import difflib

    best: tuple[str, float] | None = None
    rows = db.execute("SELECT template FROM templates WHERE kind = 'message' AND merged_into IS NULL "
                      "ORDER BY count DESC LIMIT 2000").fetchall()
    for (template,) in rows:
        matcher = difflib.SequenceMatcher(None, message, template.replace("<*>", ""), autojunk=False)
        if matcher.real_quick_ratio() < 0.5 or matcher.quick_ratio() < 0.5:
            continue
        ratio = matcher.ratio()
        if ratio >= 0.5 and (best is None or ratio > best[1]):
            best = (template, ratio)
    return best


def _open(target) -> tuple[Workspace, Store, bool]:
    if isinstance(target, Workspace):
        return target, target.open_db(create=False), True
    if isinstance(target, Store):
        path = target.url.path if target.dialect == "sqlite" else None
        if path is None:
            raise AutopatternError("heal needs a workspace, or the SQLite file inside one (its "
                                   "registry is next to it)", Location(field="target"))
        return load_workspace(Path(path).parent), target, False
    ws = load_workspace(Path(target))
    return ws, ws.open_db(create=False), True


def _self_heals(db: Store, patterns_dir: Path) -> list[dict[str, Any]]:
    """The documents of the self-heal patterns in force; a quarantine anywhere excludes one."""
    quarantined = index.quarantined_ids(db)
    documents = []
    for status in IN_FORCE:
        for row in index.list_patterns(db, kind="self_heal", status=status):
            if row["id"] in quarantined:
                continue
            document = index.document_of(db, patterns_dir, row["id"])
            if document is not None and document.get("status") in IN_FORCE:
                documents.append(document)
    return documents


def value_shape(value: str) -> set[str]:
    """The kinds of character a value is made of: letters, digits, and each other character itself."""
    return {"letter" if c.isalpha() else "digit" if c.isdigit() else c for c in value}


def _describe_shape(kinds: set[str]) -> str:
    named = [k for k in ("letter", "digit") if k in kinds]
    others = sorted(k for k in kinds if k not in ("letter", "digit"))
    words = [f"{k}s" for k in named] + [repr(k) for k in others]
    return ", ".join(words) or "nothing"


def _misfits(binding: dict[int, int], params: list[str], history: list[tuple[list[str], list[str]]]) -> list[str]:
    """Why a bound value does not fit what the fix was learned from (empty when every value fits).

    A slot learned only from bare module names (``yaml``, ``requests``) must not
    auto-apply ``lxml.etree``: a value fits when it is made of the kinds of character the
    learned values were (letters, digits, and each other character seen), and is not
    empty. An unfamiliar value is still offered, but a person confirms it first.
    """
    problems = []
    for fix_slot, message_slot in sorted(binding.items()):
        if message_slot >= len(params):
            continue
        learned = [message[message_slot] for _, message in history if message_slot < len(message)]
        if not learned:
            continue
        value = params[message_slot]
        allowed = set().union(*(value_shape(v) for v in learned))
        extra = value_shape(value) - allowed
        if extra or not value:
            examples = ", ".join(repr(v) for v in sorted(set(learned))[:3])
            problems.append(f"slot {fix_slot + 1} was learned from values like {examples} (made of "
                            f"{_describe_shape(allowed)}); {value!r} has {_describe_shape(extra) or 'no characters'}"
                            f", which none of them had")
    return problems


def _rank(recovery: Recovery) -> tuple:
    """Auto-apply first, then the best success rate, then the most fixes, then the id."""
    rate = recovery.success_rate if isinstance(recovery.success_rate, (int, float)) else 0.0
    return (not recovery.auto_apply, -rate, -(recovery.successes or 0), recovery.pattern_id)


def _live(db: Store, template_id: Any) -> int | None:
    """The template id an old id now stands for (templates merge; the older id survives)."""
    seen: set[int] = set()
    current = template_id
    while isinstance(current, int) and current not in seen:
        seen.add(current)
        row = db.execute("SELECT merged_into FROM templates WHERE id = ?", [current]).fetchone()
        if row is None or row[0] is None:
            return current
        current = row[0]
    return None


def _template_text(db: Store, template_id: int | None, fallback: str | None) -> str | None:
    row = db.execute("SELECT template FROM templates WHERE id = ?", [template_id]).fetchone() \
        if template_id is not None else None
    return row[0] if row else fallback


def _history(db: Store, message_id: int,
             resolution_id: int | None) -> list[tuple[list[str], list[str]]]:
    """(resolution params, message params) of the newest successful fixes of this pair."""
    rows = db.execute(
        "SELECT message_params, resolution_params FROM error_events "
        "WHERE message_template_id = ? AND resolution_template_id IS NOT DISTINCT FROM ? AND resolved = 1 "
        "ORDER BY ts DESC LIMIT 200", [message_id, resolution_id]).fetchall()
    return [(_params(r), _params(m)) for m, r in rows]


def _params(text: Any) -> list[str]:
    try:
        values = json.loads(text) if text else []
    except ValueError:
        return []
    return [str(v) for v in values] if isinstance(values, list) else []


def _recovery(db: Store, document: dict[str, Any], matched) -> Recovery:
    recovery = document.get("recovery") or {}
    resolution_id = _live(db, recovery.get("resolution_template_id"))
    resolution = _template_text(db, resolution_id, recovery.get("resolution")) or ""
    history = _history(db, matched.template_id, resolution_id)
    binding = learn_binding(history)
    constants = learn_constants([fix for fix, _ in history])
    command = apply_binding(resolution, binding, matched.params, constants)
    misfits = [] if command is None else _misfits(binding, matched.params, history)
    auto = bool(document.get("auto_apply")) and command is not None and not misfits
    rate = document.get("success_rate")
    why = (f"{resolution!r} fixed {matched.template!r} {document.get('successes')} of "
           f"{plural(document.get('attempts'), 'time')}" + (f" ({rate:.0%})" if isinstance(rate, (int, float)) else ""))
    if command is None:
        why += "; the message does not give a value for every slot of the resolution, so it cannot be applied"
    elif binding:
        why += "; " + ", ".join(f"slot {r + 1} of the fix takes {matched.params[m]!r} from the message"
                                for r, m in sorted(binding.items()) if m < len(matched.params))
    if misfits:
        why += "; ask first: " + "; ".join(misfits)
    else:
        why += ("; auto-apply: " + document.get("reason", "")) if auto else "; ask before applying it"
    return Recovery(pattern_id=document["id"], command=command, resolution_template=resolution,
                    message_template=matched.template, message_template_id=matched.template_id,
                    params=list(matched.params), auto_apply=auto, success_rate=rate,
                    successes=document.get("successes"), attempts=document.get("attempts"),
                    status=document["status"], why=why, binding=dict(binding))
