"""Plain data passed from evaluate to the registry and the report.

A ``Finding`` is one group's outcome of one rule: the values it emitted, the decision the
rule's ``decide`` block reached, the sentence that says why, and the events behind it.
It knows nothing of SQL or files, so every later stage can consume it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# What a rule may emit, and which decisions each kind of output accepts.
# The registry maps (kind, decision) to a document status and folder.
EMIT_KINDS: dict[str, tuple[str, ...]] = {
    "pattern_candidate": ("approve", "draft", "skip"),
    "batch_pattern": ("approve", "draft", "skip"),
    "self_heal": ("auto_apply", "manual", "skip"),
    "anti_pattern": ("quarantine", "record", "skip"),
    "suggestion": ("suggest", "skip"),
    "trend": ("flag", "skip"),
    "template": ("draft", "skip"),
    "report_row": ("report", "skip"),
    "retention": ("delete", "keep"),
}


@dataclass
class Finding:
    pack: str                      # pack name, e.g. "execution_patterns"
    pack_id: str                   # e.g. "AUTO-001"
    rule: str                      # rule name within the pack
    kind: str                      # one of EMIT_KINDS
    key: dict[str, Any]            # the group-by values that identify this group
    fields: dict[str, Any]         # every emitted field (name, confidence, ...)
    decision: str                  # one of EMIT_KINDS[kind]
    reason: str                    # why, as a sentence: "confidence 0.82 >= approve_at 0.75"
    evidence: list[str] = field(default_factory=list)  # ids of the events behind it
    lets: dict[str, Any] = field(default_factory=dict)  # computed values, for explain


@dataclass
class RunInfo:
    run_id: str
    now: str                       # the run's fixed `now`, storage format
    params: dict[str, dict[str, Any]]  # effective params per pack
    dry_run: bool = False

# Fields a rule must emit for each kind of output.
EMIT_REQUIRED: dict[str, tuple[str, ...]] = {
    "pattern_candidate": ("name", "confidence"),
    "batch_pattern": ("name", "confidence"),
    "self_heal": ("name",),
    "anti_pattern": ("name", "recommendation"),
    "suggestion": ("name",),
    "trend": ("name", "direction"),
    "template": ("name",),
    "report_row": (),
    "retention": (),
}
