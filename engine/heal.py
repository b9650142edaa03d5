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

import sqlite_utils

from engine.errors import AutopatternError, Location
from engine.mining.params import apply_binding, learn_binding, learn_constants
from engine.registry import index
from engine.registry.layout import SELF_HEAL_IN_FORCE
from engine.telemetry.templates import TemplateAssigner
from engine.workspace import Workspace, load_workspace

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


def heal(target: Workspace | sqlite_utils.Database | str | Path, message: str) -> Recovery | None:
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


def find_recovery(db: sqlite_utils.Database, patterns_dir: Path, message: str,
                  masks: list[dict[str, Any]] | None = None) -> Recovery | None:
    """``heal`` on an open database and its registry folder."""
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


# ------------------------------------------------------------------ helpers

def _open(target) -> tuple[Workspace, sqlite_utils.Database, bool]:
    if isinstance(target, Workspace):
        return target, target.open_db(create=False), True
    if isinstance(target, sqlite_utils.Database):
        row = next((r for r in target.execute("PRAGMA database_list") if r[1] == "main"), None)
        if row is None or not row[2]:
            raise AutopatternError("heal needs the database of a workspace (its registry is next to it)",
                                   Location(field="target"))
        return load_workspace(Path(row[2]).parent), target, False
    ws = load_workspace(Path(target))
    return ws, ws.open_db(create=False), True


def _self_heals(db: sqlite_utils.Database, patterns_dir: Path) -> list[dict[str, Any]]:
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


def _rank(recovery: Recovery) -> tuple:
    """Auto-apply first, then the best success rate, then the most fixes, then the id."""
    rate = recovery.success_rate if isinstance(recovery.success_rate, (int, float)) else 0.0
    return (not recovery.auto_apply, -rate, -(recovery.successes or 0), recovery.pattern_id)


def _live(db: sqlite_utils.Database, template_id: Any) -> int | None:
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


def _template_text(db: sqlite_utils.Database, template_id: int | None, fallback: str | None) -> str | None:
    row = db.execute("SELECT template FROM templates WHERE id = ?", [template_id]).fetchone() \
        if template_id is not None else None
    return row[0] if row else fallback


def _history(db: sqlite_utils.Database, message_id: int,
             resolution_id: int | None) -> list[tuple[list[str], list[str]]]:
    """(resolution params, message params) of the newest successful fixes of this pair."""
    rows = db.execute(
        "SELECT message_params, resolution_params FROM error_events "
        "WHERE message_template_id = ? AND resolution_template_id IS ? AND resolved = 1 "
        "ORDER BY ts DESC LIMIT 200", [message_id, resolution_id]).fetchall()
    return [(_params(r), _params(m)) for m, r in rows]


def _params(text: Any) -> list[str]:
    try:
        values = json.loads(text) if text else []
    except ValueError:
        return []
    return [str(v) for v in values] if isinstance(values, list) else []


def _recovery(db: sqlite_utils.Database, document: dict[str, Any], matched) -> Recovery:
    recovery = document.get("recovery") or {}
    resolution_id = _live(db, recovery.get("resolution_template_id"))
    resolution = _template_text(db, resolution_id, recovery.get("resolution")) or ""
    history = _history(db, matched.template_id, resolution_id)
    binding = learn_binding(history)
    constants = learn_constants([fix for fix, _ in history])
    command = apply_binding(resolution, binding, matched.params, constants)
    auto = bool(document.get("auto_apply")) and command is not None
    rate = document.get("success_rate")
    why = (f"{resolution!r} fixed {matched.template!r} {document.get('successes')} of "
           f"{document.get('attempts')} times" + (f" ({rate:.0%})" if isinstance(rate, (int, float)) else ""))
    if command is None:
        why += "; the message does not give a value for every slot of the resolution, so it cannot be applied"
    elif binding:
        why += "; " + ", ".join(f"slot {r + 1} of the fix takes {matched.params[m]!r} from the message"
                                for r, m in sorted(binding.items()) if m < len(matched.params))
    why += ("; auto-apply: " + document.get("reason", "")) if auto else "; ask before applying it"
    return Recovery(pattern_id=document["id"], command=command, resolution_template=resolution,
                    message_template=matched.template, message_template_id=matched.template_id,
                    params=list(matched.params), auto_apply=auto, success_rate=rate,
                    successes=document.get("successes"), attempts=document.get("attempts"),
                    status=document["status"], why=why, binding=dict(binding))
