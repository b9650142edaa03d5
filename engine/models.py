"""The pydantic models shared by stages: telemetry events and the registry's rows.

The three event models are the Python face of ``schemas/events/*.json`` (a test checks
that both agree on required fields, types and enums). They are strict on purpose: a
JSON Lines file and a Python caller must be accepted or rejected the same way, so
``"5"`` is not a duration and ``1`` is not a boolean. Fields outside the contract are
kept (``extra="allow"``) and stored in the ``attrs`` column.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter

MIN_YEAR, MAX_YEAR = 1970, 2100
MAX_INT64 = 2**63 - 1  # SQLite's INTEGER: a larger count cannot be stored, so it is refused here

# RFC 3339 date-time within 1970..2100; a missing offset is read as UTC. The schemas
# carry the same pattern; only the model knows the calendar (no February 30).
TS_PATTERN = (r"^(19[7-9]\d|20\d\d|2100)-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?"
              r"([Zz]|[+-]\d{2}:\d{2})?$")
# The same shape with any year, so that a year out of range gets its own message.
_TS_SHAPE = re.compile(TS_PATTERN.replace(r"(19[7-9]\d|20\d\d|2100)", r"\d{4}", 1))
# What nearly every producer sends: UTC, ``Z``, whole seconds or milliseconds, in range.
_UTC_TEXT = re.compile(r"(?:19[7-9]\d|20\d\d|2100)-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{3})?Z",
                       re.ASCII)


def parse_ts(value: Any) -> datetime:
    """An aware UTC datetime from RFC 3339 text or a datetime; ValueError says why not.

    Text of the common form (``2026-11-24T09:30:00.125Z``) is read straight away: it is
    already UTC and its year in range, so only the calendar is left to check, which
    ``fromisoformat`` does. Anything else, a bad date of that form included, takes the
    general path, which also words the error.
    """
    if value.__class__ is str and _UTC_TEXT.fullmatch(value):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        moment = _from_text(value)
    else:
        raise ValueError("must be an RFC 3339 timestamp string")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        moment = moment.astimezone(timezone.utc)
    except OverflowError:
        raise ValueError(f"year {moment.year} is outside {MIN_YEAR}..{MAX_YEAR}") from None
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise ValueError(f"year {moment.year} is outside {MIN_YEAR}..{MAX_YEAR} (in UTC)")
    return moment


def _from_text(value: str) -> datetime:
    if not _TS_SHAPE.match(value):
        raise ValueError(f"{value!r} is not an RFC 3339 timestamp")
    try:  # the regex has vetted the shape; fromisoformat (3.11+) reads Z and offsets
        return datetime.fromisoformat(value[:-1] + "Z" if value[-1] == "z" else value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid date-time: {exc}") from None


def _integral(value: Any) -> Any:
    """JSON Schema's ``integer`` accepts 5.0; so must the model (strict mode would not)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# An optional field whose contract type has no null: absent reads as None, but pydantic
# does not validate defaults, so an explicit null is still refused, as the schema does.
ABSENT: Any = None

Timestamp = Annotated[datetime, BeforeValidator(parse_ts)]
Count = Annotated[int, BeforeValidator(_integral), Field(ge=0, le=MAX_INT64)]
Name = Annotated[str, Field(min_length=1)]


class _Event(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow", frozen=True)

    id: Name
    ts: Timestamp

    @property
    def attrs(self) -> dict[str, Any]:
        """Fields outside the contract, kept as the reporter sent them."""
        return dict(self.model_extra or {})


class ExecutionEvent(_Event):
    """One run of an operation."""

    type: Literal["execution"] = "execution"
    operation: Name
    command: str = ABSENT
    status: Literal["success", "failure", "skipped"]
    duration_ms: Count
    pattern_id: str | None = None
    files: list[str] = ABSENT
    actor: str = ABSENT


class FileEvent(_Event):
    """A file created, modified or deleted."""

    type: Literal["file"] = "file"
    path: Name
    action: Literal["created", "modified", "deleted"]
    size: Count = ABSENT
    execution_id: str = ABSENT
    content: str = ABSENT


class ErrorEvent(_Event):
    """An error and, when known, the action tried to fix it."""

    type: Literal["error"] = "error"
    message: Name
    error_type: str = ABSENT
    execution_id: str = ABSENT
    resolution: str | None = None
    resolved: bool | None = None
    resolution_ms: Count = ABSENT


Event = Annotated[Union[ExecutionEvent, FileEvent, ErrorEvent], Field(discriminator="type")]
EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)
EVENT_MODELS: dict[str, type[_Event]] = {
    "execution": ExecutionEvent, "file": FileEvent, "error": ErrorEvent,
}


# --- the registry's rows, written through the Python API -----------------------------

class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PatternCandidateRecord(_Row):
    """A row of ``pattern_candidates``: a pattern drafted by a rule or recorded by hand."""

    id: Name | None = None  # derived from pack, rule and group key when absent
    kind: Literal["execution", "file_batch", "self_heal", "anti_pattern", "template",
                  "suggestion", "trend"] = "execution"
    pack: Name = "manual"
    rule: Name = "manual"
    group_key: dict[str, Any] = Field(default_factory=dict)
    name: Name
    status: Literal["draft", "approved", "rejected", "quarantined", "auto_apply", "ask_first",
                    "recorded", "open", "flagged", "released"] = "draft"
    decided_by: Literal["engine", "human"] = "human"
    confidence: Annotated[float, Field(ge=0, le=1)] | None = None
    fields: dict[str, Any] = Field(default_factory=dict)
    evidence: list[str] = Field(default_factory=list)
    document_path: str | None = None


class AntiPatternRecord(_Row):
    """A row of ``anti_patterns``: something that keeps failing, and what to do."""

    id: Name | None = None
    subject_kind: Literal["pattern", "error_template", "operation"] = "operation"
    subject: Name
    failures: Count
    attempts: Count | None = None
    failure_rate: Annotated[float, Field(ge=0, le=1)] | None = None
    recommendation: str | None = None
    quarantined: bool = False


class ErrorPatternRecord(_Row):
    """A row of ``error_patterns``: an error and the fix that tends to work."""

    id: Name | None = None
    message_template: Name
    message_template_id: int | None = None
    resolution: str | None = None
    resolution_template_id: int | None = None
    successes: Count
    attempts: Count
    auto_apply: bool = False
    status: Literal["active", "resolved"] = "active"
