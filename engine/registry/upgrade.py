"""Bring a registry written by an older version up to date, keeping every version's history.

Older versions wrote one JSON document per file named ``<id>.json`` and used ``active``
for self-heals and anti-patterns. Upgrading rewrites each such document as YAML under
its readable name (``layout.file_name``), with the status a person acts on
(``auto_apply`` / ``ask_first``, ``quarantined`` / ``recorded``); when the status
changes, that is a new version whose history entry says so, and the old entries stay.
The JSON file is removed only after its YAML replacement is written and indexed. A
second upgrade finds nothing to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.store import Store

from engine.registry.changes import ChangeSet
from engine.registry.layout import FOLDERS, LEGACY_SUFFIX
from engine.registry.versions import revise

UPGRADE_ACTOR = "engine"


@dataclass
class UpgradeSummary:
    converted: list[str] = field(default_factory=list)        # new paths
    removed: list[str] = field(default_factory=list)          # old JSON paths
    statuses: dict[str, list[str]] = field(default_factory=dict)   # id -> [old, new]

    def to_dict(self) -> dict[str, Any]:
        return {"converted": self.converted, "removed": self.removed, "statuses": self.statuses}


def current_status(document: dict[str, Any]) -> str:
    """The status in today's vocabulary of a document an older version wrote."""
    kind, status = document.get("kind"), document.get("status")
    if kind == "self_heal" and status == "active":
        return "auto_apply" if document.get("auto_apply") else "ask_first"
    if kind == "anti_pattern" and status in ("active", "resolved"):
        return "quarantined" if document.get("quarantined") else "recorded"
    return status


def legacy_documents(db: Store, patterns_dir: Path) -> list[str]:
    """Ids of the documents still stored as JSON (by their index row, or found in a folder)."""
    ids = {row[0] for row in db.execute("SELECT id FROM pattern_candidates WHERE document_path LIKE ?",
                                        [f"%{LEGACY_SUFFIX}"]).fetchall()}
    root = Path(patterns_dir)
    for folder in FOLDERS:
        for path in (root / folder).glob(f"*{LEGACY_SUFFIX}"):
            if not path.name.startswith("."):
                ids.add(path.stem)
    return sorted(ids)


def upgrade_registry(db: Store, patterns_dir: Path, *, now: str, run_id: str | None = None,
                     dry_run: bool = False) -> UpgradeSummary:
    """Convert every JSON document to YAML (and old statuses to the current ones), all at once."""
    summary = UpgradeSummary()
    ids = legacy_documents(db, patterns_dir)
    if not ids:
        return summary
    changes = ChangeSet(db, patterns_dir)

    def plan() -> None:
        for doc_id in ids:
            entry = changes.entry(doc_id)
            document = entry.current
            if document is None or not (entry.original_path or "").endswith(LEGACY_SUFFIX):
                continue
            status = current_status(document)
            updated = dict(document, status=status)
            if document.get("engine") and document["engine"].get("status") in ("active", "resolved"):
                updated["engine"] = dict(document["engine"], status=status)
            if status != document["status"]:
                summary.statuses[doc_id] = [document["status"], status]
            revised, _ = revise(document, updated, ts=now, run_id=run_id, actor=UPGRADE_ACTOR,
                                reason="upgrade: the status a person acts on "
                                       f"({document['status']} -> {status}); stored as YAML")
            changes.put(revised)

    if dry_run:
        plan()
        summary.converted = [e.path for e in changes.pending()]
        summary.removed = [e.original_path for e in changes.pending() if e.original_path]
        return summary
    with changes.locked():
        plan()
    summary.converted, summary.removed = changes.done.written, changes.done.removed
    return summary
