"""Turn an evaluation run's findings into registry documents, index rows and audit rows.

Each finding maps, through its (kind, decision), to a status and a folder (see
``layout``). Its document is identified by a stable id, so a second run with the same
findings plans no change at all: no file is rewritten and no row touched. A human
decision outranks the engine: the engine still refreshes fields, metrics and evidence
and writes down what it would have decided, but leaves the status alone. Anti-pattern
findings that decide ``quarantine`` also quarantine their subject when it is a pattern.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.store import Store

from engine.errors import Location, ValidationFailure
from engine.registry import index
from engine.registry.changes import ChangeSet
from engine.registry.files import plain
from engine.registry.ids import canonical_json, is_safe_id, pattern_id, quarantine_id
from engine.registry.kinds import EXTRAS, status_dependent
from engine.registry.names import readable_name, unique_name
from engine.registry.layout import (DOCUMENT_KINDS, IGNORED_KINDS, PATTERN_KINDS, QUARANTINE_ENTRY,
                                    engine_status)
from engine.registry.versions import revise
from engine.registry.warnings import failing_values
from engine.results import EMIT_KINDS, Finding, RunInfo

OUTCOMES = ("created", "updated", "unchanged", "skipped")
ENGINE = "engine"


@dataclass
class EmitSummary:
    """What a run did (or, dry, would do) to the registry."""

    dry_run: bool = False
    counts: dict[str, dict[str, dict[str, int]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(lambda: dict.fromkeys(OUTCOMES, 0))))
    documents: list[str] = field(default_factory=list)   # written (or to be written), relative
    removed: list[str] = field(default_factory=list)     # old copies of documents that moved
    quarantined: list[str] = field(default_factory=list)  # subjects quarantined by this run
    decisions: int = 0                                    # audit rows recorded
    ignored: int = 0                                      # findings of kinds handled elsewhere

    def count(self, kind: str, decision: str, outcome: str) -> None:
        self.counts[kind][decision][outcome] += 1

    def total(self, outcome: str) -> int:
        return sum(c[outcome] for by_decision in self.counts.values() for c in by_decision.values())

    @property
    def changed(self) -> bool:
        return bool(self.documents or self.removed or self.decisions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            **{outcome: self.total(outcome) for outcome in OUTCOMES},
            "by_kind": {kind: {decision: dict(c) for decision, c in sorted(by.items())}
                        for kind, by in sorted(self.counts.items())},
            "documents": list(self.documents), "removed": list(self.removed),
            "quarantined": list(self.quarantined), "decisions": self.decisions,
            "ignored": self.ignored,
        }


def apply_findings(db: Store, patterns_dir: Path, run: RunInfo,
                   findings: list[Finding]) -> EmitSummary:
    """Write the documents and rows the findings call for; with ``run.dry_run`` only count.

    Every document is planned and validated before anything is written, so an invalid
    finding stops the run with an error naming it and the registry stays as it was.
    Anti-pattern findings go last, so they quarantine the subject's newest version.
    """
    changes = ChangeSet(db, patterns_dir)
    summary = EmitSummary(dry_run=run.dry_run)
    ordered = sorted(findings, key=lambda f: f.kind == "anti_pattern")
    if run.dry_run:
        for finding in ordered:
            _apply(changes, run, finding, summary)
        pending = changes.pending()
        summary.documents = [e.path for e in pending]
        summary.removed = [e.original_path for e in pending
                           if e.original_path and e.original_path != e.path]
        summary.decisions = len(changes.audits)
        return summary
    with changes.locked():
        for finding in ordered:
            _apply(changes, run, finding, summary)
    done = changes.done
    summary.documents, summary.removed, summary.decisions = done.written, done.removed, done.decisions
    return summary


def _apply(changes: ChangeSet, run: RunInfo, finding: Finding, summary: EmitSummary) -> None:
    kind, decision = finding.kind, finding.decision
    if kind in IGNORED_KINDS:
        summary.ignored += 1
        return
    status = _engine_status(finding)
    if status is None:
        summary.count(kind, decision, "skipped")
        return
    doc_id = pattern_id(finding.pack_id, finding.rule, plain(finding.key))
    existing = changes.current(doc_id)
    content = _content(finding, doc_id, status)
    content["name"] = _unique(changes, content["name"], doc_id)
    if kind == "pattern_candidate":
        lookback = (run.params.get(finding.pack) or {}).get("lookback")
        content["warnings"] = failing_values(changes.db, content["key"], content["fields"], now=run.now,
                                             lookback_ms=lookback)
    held = _held_by(existing, kind)
    if held:
        for name in ("status", "decided_by", "reason", "quarantine"):
            content[name] = existing.get(name)
    note = finding.reason
    if kind == "anti_pattern":
        note = _quarantine_subject(changes, run, finding, doc_id, content, summary, note)
        note = _anti_pattern_status(changes, run, doc_id, existing, content, held, note)
        status = content["engine"]["status"]
    if held and existing["status"] != status:
        note = f"{finding.reason}; the engine would set {status}, kept {existing['status']} ({held})"
    content.update(status_dependent(kind, content))
    document, changed = revise(existing, content, ts=run.now, run_id=run.run_id, actor=ENGINE,
                               reason=note)
    if changed:
        _put(changes, document, finding)
    previous_opinion = ((existing or {}).get("engine") or {}).get("status")
    if existing is None or existing["status"] != document["status"] or previous_opinion != status:
        changes.audit(ts=run.now, run_id=run.run_id, pattern_id=doc_id, pack=finding.pack,
                      rule=finding.rule, decision=decision,
                      previous_status=existing["status"] if existing else None,
                      actor=ENGINE, reason=note)
    summary.count(kind, decision, "created" if existing is None else
                  "updated" if changed else "unchanged")


def _unique(changes: ChangeSet, name: str, doc_id: str) -> str:
    """The name, made unique in the registry when another document already holds it."""
    taken = set()
    candidate = name
    while True:
        owner = changes.name_owner(candidate)
        if owner is None or owner == doc_id:
            return candidate
        taken.add(candidate)
        candidate = unique_name(name, doc_id, taken)


def _put(changes: ChangeSet, document: dict[str, Any], finding: Finding) -> None:
    """Plan a document; a schema failure names the rule that emitted it, and the field."""
    try:
        changes.put(document)
    except ValidationFailure as exc:
        raise ValidationFailure(
            f"the {finding.kind} emitted for group {canonical_json(plain(finding.key))} is invalid: "
            f"{exc.message}",
            Location(f"{finding.pack}.{finding.rule}", field=exc.location.field if exc.location else None),
            hint="check what the rule emits for this field") from exc


def _engine_status(finding: Finding) -> str | None:
    """The status the finding's decision gives; None for skip; an error for nonsense."""
    where = Location(f"{finding.pack}.{finding.rule}", field="kind")
    if finding.kind not in DOCUMENT_KINDS:
        raise ValidationFailure(f"the registry writes no document of kind {finding.kind!r}", where,
                                hint=f"kinds: {', '.join(DOCUMENT_KINDS + IGNORED_KINDS)}")
    if finding.decision == "skip":
        return None
    status = engine_status(finding.kind, finding.decision)
    if status is None:
        raise ValidationFailure(
            f"decision {finding.decision!r} does not apply to {finding.kind}",
            Location(f"{finding.pack}.{finding.rule}", field="decision"),
            hint=f"{finding.kind} accepts: {', '.join(EMIT_KINDS.get(finding.kind, ()))}")
    return status


def _held_by(existing: dict[str, Any] | None, kind: str) -> str | None:
    """Why the engine may not change this document's status, if it may not.

    An anti-pattern's own status follows its subject's quarantine (see
    ``_anti_pattern_status``), so only a person's decision holds it.
    """
    if existing is None:
        return None
    if existing.get("decided_by") == "human":
        return "decided by a person"
    if existing.get("status") == "quarantined" and kind != "anti_pattern":
        return "quarantined until released"
    return None


def _anti_pattern_status(changes: ChangeSet, run: RunInfo, doc_id: str, existing: dict[str, Any] | None,
                         content: dict[str, Any], held: str | None, note: str) -> str:
    """The anti-pattern's status is the decision: ``quarantined`` while its subject is, else ``recorded``.

    A pattern subject is quarantined through its own document (``_quarantine_subject``
    sets ``quarantined``). Any other subject (an operation such as a flaky test) has no
    document but this one, so the quarantine lives here: sticky like any quarantine (a
    lower failure rate later does not lift it), lifted only by a person's release, after
    which the engine does not quarantine it again on its own.
    """
    if content["subject"]["kind"] != "pattern":
        wanted = content["quarantined"] or bool(existing and existing.get("status") == "quarantined"
                                                 and existing.get("decided_by") == ENGINE)
        human = index.last_human_action(changes.db, doc_id)
        if wanted and human and human["decision"] == "release":
            wanted = False
            if content["quarantined"]:
                note = f"{note}; quarantine not applied: {human['actor']} released it"
        content["quarantined"] = wanted
    status = "quarantined" if content["quarantined"] else "recorded"
    content["engine"]["status"] = status
    if held:
        return note
    content["status"] = status
    if status == "quarantined":
        earlier = (existing or {}).get("quarantine")
        content["quarantine"] = earlier or {"since": run.now, "actor": ENGINE, "reason": content["reason"],
                                            "anti_pattern": doc_id, "previous_status": None}
    return note


def _content(finding: Finding, doc_id: str, status: str) -> dict[str, Any]:
    """The document a finding describes, as the engine alone would have it."""
    key, fields = plain(finding.key), plain(finding.fields)
    evidence = list(dict.fromkeys(str(e) for e in finding.evidence))
    name = readable_name(str(fields.get("name") or " ".join(str(v) for v in key.values()) or doc_id), fields, key)
    content = {
        "id": doc_id, "kind": finding.kind, "status": status, "name": name,
        "pack": finding.pack, "pack_id": finding.pack_id, "rule": finding.rule, "key": key,
        "confidence": fields.get("confidence"), "fields": fields, "lets": plain(finding.lets),
        "evidence": evidence, "decided_by": ENGINE, "reason": finding.reason,
        "engine": {"decision": finding.decision, "status": status, "reason": finding.reason},
        "quarantine": None,
    }
    content.update(EXTRAS[finding.kind](key, fields, evidence, finding.decision))
    return content


def _subject(changes: ChangeSet, subject: str) -> tuple[str, dict[str, Any] | None]:
    """The registry document standing for a pattern id: its own, or its quarantine entry.

    A row without a document (recorded through the Python API) cannot be versioned or
    moved, so such a pattern is quarantined through an entry, as if known from telemetry.
    """
    if is_safe_id(subject):
        own = changes.current(subject)
        if own is not None:
            return subject, own
    entry_id = quarantine_id(subject)
    return entry_id, changes.current(entry_id)


def _quarantine_subject(changes: ChangeSet, run: RunInfo, finding: Finding, anti_id: str,
                        content: dict[str, Any], summary: EmitSummary, note: str) -> str:
    """Quarantine the pattern an anti-pattern is about; set ``quarantined``; return the note.

    A person's decision on the subject (including a release) outranks the engine, so the
    engine then only says, in the anti-pattern's history, that it would quarantine it.
    """
    subject = content["subject"]
    if subject["kind"] != "pattern":
        return note
    target_id, target = _subject(changes, subject["id"])
    bare = _bare_row(changes, subject["id"], target_id)
    already = any(r is not None and r["status"] == "quarantined" for r in (target, bare))
    content["quarantined"] = already
    if finding.decision != "quarantine" or (already and bare is None):
        return note
    blocked = _why_not_quarantine(changes, target_id, target, bare)
    if blocked:
        return f"{note}; {blocked}"
    _quarantine(changes, run, finding, anti_id, target_id, target, subject["id"], content["evidence"])
    content["quarantined"] = True
    summary.quarantined.append(target_id)
    return note


def _why_not_quarantine(changes: ChangeSet, target_id: str, target: dict[str, Any] | None,
                        bare: dict[str, Any] | None) -> str | None:
    """Why the engine may not quarantine this subject, or None when it may."""
    if bare is not None and index.last_human_action(changes.db, bare["id"]):
        return f"quarantine not applied: a person decided {bare['status']}"
    if target is None:
        return None
    if target["kind"] not in PATTERN_KINDS + (QUARANTINE_ENTRY,):
        return f"not quarantined: {target_id} is a {target['kind']}, not a pattern"
    human = index.last_human_action(changes.db, target_id)
    if human and human["decision"] == "release":
        return f"quarantine not applied: {human['actor']} released it"
    if target["decided_by"] == "human":
        return f"quarantine not applied: a person decided {target['status']}"
    return None


def _quarantine(changes: ChangeSet, run: RunInfo, finding: Finding, anti_id: str, target_id: str,
                target: dict[str, Any] | None, subject: str, evidence: list[str]) -> None:
    """Plan the subject's quarantined version (a new entry when the registry has no document)."""
    if target is None:
        updated = _quarantine_entry(finding, target_id, subject, evidence)
    else:
        updated = {**target, "status": "quarantined", "decided_by": ENGINE, "reason": finding.reason}
    updated["quarantine"] = {"since": run.now, "actor": ENGINE, "reason": finding.reason,
                             "anti_pattern": anti_id,
                             "previous_status": target["status"] if target else None}
    updated.update(status_dependent(updated["kind"], updated))
    why = f"quarantined by {finding.pack_id} {finding.rule}: {finding.reason}"
    document, _ = revise(target, updated, ts=run.now, run_id=run.run_id, actor=ENGINE, reason=why)
    changes.put(document)
    changes.audit(ts=run.now, run_id=run.run_id, pattern_id=target_id, pack=finding.pack,
                  rule=finding.rule, decision="quarantine",
                  previous_status=target["status"] if target else None, actor=ENGINE, reason=why)


def _bare_row(changes: ChangeSet, subject: str, target_id: str) -> dict[str, Any] | None:
    """The row of ``subject`` recorded without a document, when it is quarantined by an entry."""
    if target_id == subject or not is_safe_id(subject):
        return None
    row = index.index_row(changes.db, "pattern_candidates", subject)
    return row if row and not row.get("document_path") else None


def _quarantine_entry(finding: Finding, entry_id: str, subject: str,
                      evidence: list[str]) -> dict[str, Any]:
    """A new record for a pattern the registry knows only from telemetry."""
    return {
        "id": entry_id, "kind": QUARANTINE_ENTRY, "status": "quarantined",
        "name": f"pattern {subject}"[:300], "pack": finding.pack, "pack_id": finding.pack_id,
        "rule": finding.rule, "key": {"pattern_id": subject}, "confidence": None,
        "fields": {"pattern_id": subject}, "lets": {}, "evidence": evidence,
        "decided_by": ENGINE, "reason": finding.reason,
        "engine": {"decision": "quarantine", "status": "quarantined", "reason": finding.reason},
        "quarantine": None, "subject": subject,
    }
