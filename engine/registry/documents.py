"""Pydantic models of the documents in the registry (patterns/).

Every document shares one envelope (identity, status, who decided and why, evidence,
version history); each kind adds the few fields its readers need at the top level,
pulled from what the rule emitted. The JSON Schemas in ``schemas/outputs/`` say the
same for readers outside Python; the registry validates against those before writing.
"""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)   # check, never convert


class HistoryEntry(_Model):
    """One version of a document: what changed (field -> [old, new]), by whom, why."""

    version: int
    ts: str
    run_id: Optional[str]
    actor: str                      # engine | human:<name>
    status: str
    changes: dict[str, list[Any]]
    reason: str


class EngineOpinion(_Model):
    """The engine's latest decision, kept even while a human decision outranks it."""

    decision: str
    status: str
    reason: str


class Quarantine(_Model):
    since: str
    actor: str
    reason: str
    anti_pattern: Optional[str]     # the anti-pattern entry that caused it, if any
    previous_status: Optional[str]  # the status to return to on release


class Document(_Model):
    id: str
    kind: str
    status: str
    name: str
    pack: str
    pack_id: str
    rule: str
    key: dict[str, Any]
    confidence: Optional[float]
    fields: dict[str, Any]
    lets: dict[str, Any] = Field(default_factory=dict)
    evidence: list[str]
    decided_by: Literal["engine", "human"]
    reason: str
    engine: Optional[EngineOpinion] = None
    quarantine: Optional[Quarantine] = None
    created: str
    updated: str
    version: int
    history: list[HistoryEntry]


class Warning(_Model):
    """A slot value whose runs always failed inside the pattern's group."""

    slot: str
    value: str
    runs: int
    failures: int
    message: str


class PatternCandidate(Document):
    kind: Literal["pattern_candidate"] = "pattern_candidate"
    warnings: list[Warning] = Field(default_factory=list)


class BatchPattern(Document):
    kind: Literal["batch_pattern"] = "batch_pattern"


class ErrorMatch(_Model):
    message_template: Optional[str] = None
    message_template_id: Optional[int] = None
    error_type: Optional[str] = None


class Recovery(_Model):
    resolution: Optional[str] = None
    resolution_template_id: Optional[int] = None


class SelfHeal(Document):
    kind: Literal["self_heal"] = "self_heal"
    auto_apply: bool
    error: ErrorMatch
    recovery: Recovery
    successes: int
    attempts: int
    success_rate: float


class Subject(_Model):
    kind: Literal["pattern", "error_template", "operation", "group"]
    id: str


class AntiPattern(Document):
    kind: Literal["anti_pattern"] = "anti_pattern"
    subject: Subject
    failures: int
    attempts: Optional[int]
    failure_rate: Optional[float]
    recommendation: Optional[str]
    quarantined: bool


class QuarantineEntry(Document):
    kind: Literal["quarantine_entry"] = "quarantine_entry"
    subject: str


class Suggestion(Document):
    kind: Literal["suggestion"] = "suggestion"
    action: Literal["use_pattern", "draft_pattern"]
    target: Optional[str]


class Trend(Document):
    kind: Literal["trend"] = "trend"
    direction: Optional[str]
    subject: Optional[str]


class Slot(_Model):
    name: str
    values: list[Any]


class Template(Document):
    kind: Literal["template"] = "template"
    template: Optional[str]
    slots: list[Slot]


MODELS: dict[str, type[Document]] = {
    "pattern_candidate": PatternCandidate,
    "batch_pattern": BatchPattern,
    "self_heal": SelfHeal,
    "anti_pattern": AntiPattern,
    "quarantine_entry": QuarantineEntry,
    "suggestion": Suggestion,
    "trend": Trend,
    "template": Template,
}
