"""Human decisions on registry documents: approve, reject, quarantine, release.

A person's decision outranks the engine's and survives later runs: the document is
marked ``decided_by: human`` and the engine, from then on, only refreshes its fields
and notes what it would have decided. ``release`` hands the document back to the
engine: its status returns to the engine's latest opinion (for a pattern known only
from telemetry, to ``released``), and the engine will not quarantine it again on its
own until a person says otherwise. Every decision is audited with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.store import Store

from engine.clock import utc_now_text
from engine.errors import AutopatternError, Location
from engine.registry import index
from engine.registry.changes import ChangeSet
from engine.registry.kinds import status_dependent
from engine.registry.layout import ACTIONS, HUMAN_STATUS, NOT_PATTERNS, PATTERN_KINDS, QUARANTINE_ENTRY
from engine.registry.versions import revise


class RegistryError(AutopatternError):
    """A registry operation cannot be done as asked (unknown id, action not applicable)."""

    status = 1


@dataclass
class DecisionResult:
    id: str
    action: str
    previous_status: str
    status: str
    changed: bool
    documents: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def decide(db: Store, patterns_dir: Path, pattern_id: str, action: str,
           actor: str, reason: str, *, now: str | None = None) -> DecisionResult:
    """Apply a person's ``action`` to a document; a repeated decision changes nothing."""
    if action not in ACTIONS:
        raise RegistryError(f"unknown action {action!r}",
                            hint=f"choose one of {', '.join(ACTIONS)}")
    actor = actor.strip()
    if not actor or not actor.isprintable():
        raise RegistryError(f"invalid actor name {actor!r}: it must be printable and not empty")
    changes = ChangeSet(db, patterns_dir)
    with changes.locked():   # read, decide and write under one lock: no run interleaves
        result = _decide(changes, pattern_id, action, f"human:{actor}", reason, now or utc_now_text())
    result.documents, result.removed = changes.done.written, changes.done.removed
    return result


def _decide(changes: ChangeSet, pattern_id: str, action: str, actor: str, reason: str,
            ts: str) -> DecisionResult:
    row = require_pattern(changes.db, pattern_id)
    current = changes.current(row["id"])
    if current is None and not row["document_path"]:
        _check_applies(row["id"], row["kind"], action)
        return _decide_bare_row(changes.db, row, action, actor, reason, ts)
    if current is None:
        raise RegistryError(f"the document of {row['id']} is missing from the registry folder",
                            Location(str(changes.root / row["document_path"])),
                            hint="run `autopattern evaluate` to write it again")
    _check_applies(current["id"], current["kind"], action,
                   current.get("subject") if isinstance(current.get("subject"), dict) else None)
    previous = current["status"]
    updated = _decided(current, action, actor, reason, ts)
    if updated is None:
        return DecisionResult(row["id"], action, previous, previous, changed=False)
    document, _ = revise(current, updated, ts=ts, run_id=None, actor=actor, reason=f"{action}: {reason}")
    changes.put(document)
    changes.audit(ts=ts, run_id=None, pattern_id=row["id"], pack=current["pack"], rule=current["rule"],
                  decision=action, previous_status=previous, actor=actor, reason=reason)
    return DecisionResult(row["id"], action, previous, document["status"], changed=True)


def require_pattern(db: Store, pattern_id: str) -> dict[str, Any]:
    """The index row ``pattern_id`` names (an id, a unique id prefix or an exact name).

    Several matches are an error listing them; none, an error suggesting the closest ids.
    """
    if not pattern_id.strip():
        raise RegistryError("no pattern named: give an id, an id prefix or a name",
                            hint="`autopattern patterns list` shows every id and name")
    row = index.get_pattern(db, pattern_id)
    if row is not None:
        return row
    matches = index.find_patterns(db, pattern_id)
    if len(matches) == 1:
        return index.get_pattern(db, matches[0]["id"])
    if matches:
        shown = "\n".join(f"  {m['id']}  {m['name']}" for m in matches[:10])
        more = f"\n  ... and {len(matches) - 10} more" if len(matches) > 10 else ""
        raise RegistryError(f"{pattern_id!r} matches {len(matches)} patterns:\n{shown}{more}",
                            hint="give more of the id, or the exact name")
    close = index.close_matches(db, pattern_id)
    raise RegistryError(f"no pattern with id or name {pattern_id!r}",
                        hint=f"did you mean {', '.join(close)}?" if close
                        else "`autopattern patterns list` shows every id and name")


def _check_applies(doc_id: str, kind: str, action: str, subject: dict[str, Any] | None = None) -> None:
    subject_kind, subject_id = (subject or {}).get("kind"), (subject or {}).get("id")
    if kind == QUARANTINE_ENTRY and action in ("approve", "reject"):
        raise RegistryError(f"{doc_id} records a pattern known only from telemetry; "
                            "only quarantine and release apply to it")
    if action == "release" and kind == "anti_pattern" and subject_kind == "pattern":
        raise RegistryError(f"{doc_id} is quarantined because its pattern {subject_id} is",
                            hint=f"release the pattern itself: autopattern patterns release {subject_id}")
    if action == "quarantine" and kind in NOT_PATTERNS:
        raise RegistryError(f"a {kind} is not a pattern and cannot be quarantined",
                            hint=f"quarantine applies to {', '.join(PATTERN_KINDS)}")


def _decide_bare_row(db: Store, row: dict[str, Any], action: str, actor: str,
                     reason: str, ts: str) -> DecisionResult:
    """Decide on a row recorded without a document (through the Python API): row and audit only.

    Runs inside the caller's transaction."""
    previous = row["status"]
    if action == "release":
        if row["decided_by"] != "human" and previous != "quarantined":
            return DecisionResult(row["id"], action, previous, previous, changed=False)
        status, decided_by = _status_before_people(db, row["id"]) or previous, "engine"
    else:
        status, decided_by = HUMAN_STATUS[action], "human"
        if (previous, row["decided_by"]) == (status, decided_by):
            return DecisionResult(row["id"], action, previous, previous, changed=False)
    db.execute("UPDATE pattern_candidates SET status = ?, decided_by = ?, updated = ?, "
               "version = version + 1 WHERE id = ?", [status, decided_by, ts, row["id"]])
    index.record_decision(db, ts=ts, run_id=None, pattern_id=row["id"], pack=row["pack"],
                          rule=row["rule"], decision=action, previous_status=previous,
                          actor=actor, reason=reason)
    return DecisionResult(row["id"], action, previous, status, changed=True)


def _status_before_people(db: Store, pattern_id: str) -> str | None:
    """The status a row had before the people's decisions since the last release."""
    before = None
    for decision in reversed(index.decisions_for(db, pattern_id)):
        if not decision["actor"].startswith("human:") or decision["decision"] == "release":
            break
        before = decision["previous_status"]
    return before


def _decided(document: dict[str, Any], action: str, actor: str, reason: str,
             now: str) -> dict[str, Any] | None:
    """The document after the action, or None when it already is in that state."""
    updated = dict(document)
    if action == "release":
        if document["decided_by"] != "human" and document["status"] != "quarantined":
            return None
        updated.update(status=_release_status(document), decided_by="engine", quarantine=None,
                       reason=f"released by {actor}: {reason}")
    else:
        status = HUMAN_STATUS[action]
        if document["status"] == status and document["decided_by"] == "human":
            return None
        updated.update(status=status, decided_by="human", reason=reason)
        updated["quarantine"] = ({"since": now, "actor": actor, "reason": reason, "anti_pattern": None,
                                  "previous_status": document["status"]}
                                 if action == "quarantine" else None)
    updated.update(status_dependent(document["kind"], updated))
    return updated


def _release_status(document: dict[str, Any]) -> str:
    """What the engine would say now: its latest opinion, else the status before quarantine."""
    if document["kind"] == QUARANTINE_ENTRY:
        return "released"
    if document["kind"] == "anti_pattern":
        return "recorded"
    opinion = (document.get("engine") or {}).get("status")
    if opinion:
        return opinion
    previous = (document.get("quarantine") or {}).get("previous_status")
    return previous or document["status"]
