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
    ("self_heal", "auto_apply"): "auto_apply",
    ("self_heal", "manual"): "ask_first",
    ("anti_pattern", "record"): "recorded",
    ("anti_pattern", "quarantine"): "quarantined",
    ("suggestion", "suggest"): "open",
    ("trend", "flag"): "flagged",
    ("template", "draft"): "draft",
}

# What a human action sets.
HUMAN_STATUS = {"approve": "approved", "reject": "rejected", "quarantine": "quarantined"}
ACTIONS = ("approve", "reject", "quarantine", "release")

# The one vocabulary of statuses: what a listing shows is the decision a person acts on.
# (status, what it means); docs/registry.md prints this table.
STATUS_MEANINGS: dict[str, str] = {
    "draft": "a candidate or template the engine drafted; not used until approved",
    "approved": "a pattern approved by the engine (confidence >= approve_at) or by a person",
    "auto_apply": "a self-heal the orchestrator may apply without asking",
    "ask_first": "a self-heal offered, but a person confirms before it is applied",
    "quarantined": "never drafted, offered or applied: a pattern, a self-heal, or an operation "
                   "(an anti-pattern whose subject failed too often), until a person releases it",
    "recorded": "an anti-pattern noted with its recommendation; nothing is blocked",
    "rejected": "a person rejected it; the engine never revives it",
    "released": "the record of a telemetry-only pattern a person released from quarantine",
    "open": "a suggestion waiting for someone to act on it",
    "flagged": "a trend (degrading, improving, stale) worth a look",
}
STATUSES = tuple(STATUS_MEANINGS)
# Statuses under which a self-heal is in force (offered by `heal`).
SELF_HEAL_IN_FORCE = ("auto_apply", "ask_first", "approved")
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
    to ``specs/approved`` when a person did; anything quarantined (a pattern, or an
    anti-pattern that quarantined its operation or pattern) to ``quarantine``; a rejected
    pattern to ``rejected``. Other kinds stay in their own folder whatever their status.
    """
    if status == "quarantined":
        return "quarantine"
    if kind in PATTERN_KINDS:
        if status == "rejected":
            return "rejected"
    if kind in ("pattern_candidate", "batch_pattern") and status == "approved":
        return "specs/auto_approved" if decided_by == "engine" else "specs/approved"
    return _HOME[kind]


SUFFIX = ".yaml"          # registry documents; ".json" ones are from before, converted on upgrade
LEGACY_SUFFIX = ".json"


def file_name(document: dict) -> str:
    """A readable, stable file name: the name's words, then the id's hash (unique).

    ``build_image: docker build -t {tag} .`` with id ``auto-001-repeated-execution-028cb5b14a``
    is ``build-image-docker-build-t-tag-028cb5b14a.yaml``. The hash keeps two documents with
    alike names apart; renaming a document moves its file, like a status change does.
    """
    from engine.registry.ids import short_hash, slug

    doc_id = str(document["id"])
    tail = doc_id.rsplit("-", 1)[-1]
    if not (len(tail) == 10 and all(c in "0123456789abcdef" for c in tail)):
        tail = short_hash(doc_id)
    words = slug(document.get("name") or "", 60)
    return f"{words}-{tail}{SUFFIX}" if words else f"{doc_id}{SUFFIX}"


def document_path(document: dict) -> str:
    """Where a document lives in the registry (relative, posix)."""
    return f"{folder_for(document['kind'], document['status'], document['decided_by'])}/{file_name(document)}"
