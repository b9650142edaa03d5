"""Where each document lives and which status each engine decision gives it.

One table says it all, so emit, human decisions and the docs cannot drift apart:
the rule's decision gives a status, and (kind, status, who decided) gives a folder.
"""

from __future__ import annotations

# Kinds the registry writes documents for (report_row and retention belong elsewhere).
DOCUMENT_KINDS = ("pattern_candidate", "batch_pattern", "self_heal", "anti_pattern",
                  "suggestion", "trend", "template")
IGNORED_KINDS = ("report_row", "retention")
# The record of a pattern known only from telemetry (an execution's pattern_id) that an
# anti-pattern rule quarantined: it is no registry document of its own, so it gets one.
QUARANTINE_ENTRY = "quarantine_entry"
ALL_KINDS = DOCUMENT_KINDS + (QUARANTINE_ENTRY,)

# Kinds that are patterns something can use, hence can be quarantined and released.
PATTERN_KINDS = ("pattern_candidate", "batch_pattern", "self_heal", "template")
# Kinds that are about patterns, not patterns themselves: nothing to quarantine.
NOT_PATTERNS = ("anti_pattern", "suggestion", "trend")

# (kind, engine decision) -> status the engine gives the document.
ENGINE_STATUS: dict[tuple[str, str], str] = {
    ("pattern_candidate", "approve"): "approved",
    ("pattern_candidate", "draft"): "draft",
    ("batch_pattern", "approve"): "approved",
    ("batch_pattern", "draft"): "draft",
    ("self_heal", "auto_apply"): "active",
    ("self_heal", "manual"): "active",
    ("anti_pattern", "record"): "active",
    ("anti_pattern", "quarantine"): "active",
    ("suggestion", "suggest"): "open",
    ("trend", "flag"): "flagged",
    ("template", "draft"): "draft",
}

# What a human action sets.
HUMAN_STATUS = {"approve": "approved", "reject": "rejected", "quarantine": "quarantined"}
ACTIONS = ("approve", "reject", "quarantine", "release")

STATUSES = ("draft", "approved", "rejected", "quarantined", "active", "open", "flagged",
            "released", "resolved")

_HOME = {
    "pattern_candidate": "drafts",
    "batch_pattern": "drafts",
    "self_heal": "specs/self_heal",
    "anti_pattern": "anti_patterns",
    "suggestion": "suggestions",
    "trend": "trends",
    "template": "templates",
    QUARANTINE_ENTRY: "quarantine",
}
FOLDERS = tuple(sorted(set(_HOME.values()) | {"specs/auto_approved", "specs/approved",
                                               "quarantine", "rejected"}))


def engine_status(kind: str, decision: str) -> str | None:
    """The status an engine decision gives; None for ``skip`` (nothing is written)."""
    return ENGINE_STATUS.get((kind, decision))


def folder_for(kind: str, status: str, decided_by: str) -> str:
    """The registry folder (relative, posix) of a document in this state.

    Approved candidates go to ``specs/auto_approved`` when the engine approved them and
    to ``specs/approved`` when a person did; a quarantined pattern to ``quarantine``; a
    rejected pattern to ``rejected``. Other kinds stay in their own folder whatever
    their status, since nothing runs them.
    """
    if kind in PATTERN_KINDS:
        if status == "quarantined":
            return "quarantine"
        if status == "rejected":
            return "rejected"
    if kind in ("pattern_candidate", "batch_pattern") and status == "approved":
        return "specs/auto_approved" if decided_by == "engine" else "specs/approved"
    return _HOME[kind]
