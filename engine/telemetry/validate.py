"""Check one decoded event against the contract: a fast path and a precise error path.

Most events are valid, so they go through the strict pydantic models (a few
microseconds each). Only an event the models refuse is run through the JSON Schemas in
``schemas/events/`` with a compiled jsonschema validator, whose best error names the
field path and says why in the schema's words (``duration_ms: -5 is less than the
minimum of 0``). Both describe the same contract; a test keeps them in step.
"""

from __future__ import annotations

import difflib
import json
import math
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from typing import Any

import jsonschema
import pydantic
from referencing import Registry, Resource

from engine import resources
from engine.models import EVENT_ADAPTER, EVENT_MODELS, Event

SCHEMA_NAMES = ("event", *EVENT_MODELS)
# The compiled core validator behind the adapter: calling it directly skips a Python
# wrapper per event, which shows on a million lines.
_validate = EVENT_ADAPTER.validator.validate_python


@dataclass(frozen=True)
class Problem:
    """Why an event was refused: the field path (dotted, ``files.2``) and the reason.

    ``more`` holds the event's other problems, so a rejection lists every one of them.
    """

    field: str | None
    reason: str
    more: tuple["Problem", ...] = ()

    @property
    def all(self) -> tuple["Problem", ...]:
        return (self, *self.more)


@cache
def event_schemas() -> dict[str, dict[str, Any]]:
    """The event schemas by name (event, execution, file, error), read once."""
    folder = resources.schemas_dir() / "events"
    return {name: json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
            for name in SCHEMA_NAMES}


@cache
def validators() -> dict[str, jsonschema.protocols.Validator]:
    """Compiled validators; ``event.json`` resolves its ``$ref``s through a registry."""
    schemas = event_schemas()
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values())
    result = {}
    for name, schema in schemas.items():
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        result[name] = cls(schema, registry=registry)
    return result


def check_event(obj: Any) -> Event | Problem:
    """The validated model of ``obj``, or the first problem found with it."""
    if not isinstance(obj, dict):
        return Problem(None, f"an event must be a JSON object, not {_json_type(obj)}")
    try:
        event = _validate(obj)
    except pydantic.ValidationError as exc:
        return explain(obj, exc)
    if event.model_extra and not _all_finite(event.model_extra):
        where = _non_finite(event.model_extra)
        if where is not None:   # 1e400 reads as infinity: stored, it would be invalid JSON
            return Problem(where, "a number too large to represent (not finite)")
    return event


_FINITE = frozenset({str, int, bool, type(None)})  # values that cannot hold NaN or infinity
# json.dumps with options builds a new encoder per call; ingest calls this per event
_finite_json = json.JSONEncoder(allow_nan=False, default=str).encode


def _all_finite(value: Any) -> bool:
    """The common case, decided in C: the encoder refuses NaN and infinities. Fields of
    plain strings, integers, booleans and nulls (most extra fields) need no encoding."""
    if value.__class__ is dict and all(map(_FINITE.__contains__, map(type, value.values()))):
        return True
    try:
        _finite_json(value)
    except ValueError:
        return False
    return True


def _non_finite(value: Any) -> str | None:
    """The dotted path of the first infinite or NaN number in ``value``, or None."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return path
        if isinstance(item, dict):
            stack.extend((f"{path}.{key}" if path else str(key), v) for key, v in item.items())
        elif isinstance(item, list):
            stack.extend((f"{path}.{index}" if path else str(index), v) for index, v in enumerate(item))
    return None


def explain(obj: dict[str, Any], exc: pydantic.ValidationError | None = None) -> Problem:
    """Every reason the event is invalid, in field order: the schema's words, else the model's.

    A missing required field that is close to a field the event does have (a typo, or a
    common other name such as ``timestamp`` for ``ts``) says which one was meant.
    """
    kind = obj.get("type")
    validator = validators()[kind if isinstance(kind, str) and kind in EVENT_MODELS else "event"]
    problems: list[Problem] = []
    seen: set[str | None] = set()
    for error in sorted(validator.iter_errors(obj), key=_error_order):
        for leaf in _leaves(error):
            field = _error_field(leaf)
            if field in seen:
                continue
            # A timestamp of the right shape can still be impossible (Feb 30, year 1850):
            # the model says why, the schema only that it does not match a regex.
            if field == "ts" and leaf.validator in ("pattern", "type"):
                reason = _ts_reason(obj.get("ts"), exc)
                if reason is None:
                    continue
                problems.append(Problem("ts", reason))
            else:
                problems.append(Problem(field, _with_suggestion(leaf, field, obj)))
            seen.add(field)
    if "ts" not in seen and exc is not None:
        # the schema checks a timestamp's shape; the model, that it is a date at all
        reason = next((item["msg"].removeprefix("Value error, ") for item in exc.errors()
                       if [str(part) for part in item["loc"]][1:] == ["ts"]), None)
        if reason is not None:
            seen.add("ts")
            problems.insert(0, Problem("ts", reason))
    if not problems and exc is not None:
        for item in exc.errors():
            loc = [str(part) for part in item["loc"]][1:]  # drop the union's tag
            field = ".".join(loc) or None
            if field not in seen:
                seen.add(field)
                problems.append(Problem(field, item["msg"].removeprefix("Value error, ")))
    if not problems:
        return Problem(None, "invalid event")
    return Problem(problems[0].field, problems[0].reason, tuple(problems[1:]))


def _error_order(error: jsonschema.ValidationError) -> tuple:
    return (len(error.absolute_path) > 0, [str(p) for p in error.absolute_path])


def _leaves(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """The specific errors under a combinator (the ``$ref``'d schema of the event's type)."""
    if error.context:
        return [leaf for sub in error.context for leaf in _leaves(sub)]
    return [error]


# Names producers use for a contract field; a typo is caught by similarity instead.
SYNONYMS = {
    "ts": ("timestamp", "time", "@timestamp", "datetime", "date", "created_at", "time_stamp",
           "started_at", "finished_at", "start_time", "end_time", "when"),
    "duration_ms": ("duration", "elapsed", "elapsed_ms", "duration_millis", "time_ms", "took",
                    "runtime_ms", "durationMs"),
    "operation": ("op", "name", "task", "action_name", "job", "step"),
    "status": ("state", "result", "outcome", "conclusion"),
    "message": ("msg", "error", "error_message", "text", "description"),
    "id": ("event_id", "uuid", "_id", "eventId"),
    "type": ("kind", "event_type", "eventType"),
    "path": ("file", "filename", "file_path", "filepath"),
    "action": ("change", "event", "op"),
    "command": ("cmd", "command_line", "cmdline"),
}


def _with_suggestion(error: jsonschema.ValidationError, field: str | None, obj: dict) -> str:
    message = error.message
    if error.validator == "enum" and isinstance(error.instance, str):
        options = [str(value) for value in error.validator_value]
        close = difflib.get_close_matches(error.instance.lower(), options, n=1, cutoff=0.6)
        return f"{message} (did you mean {close[0]!r}?)" if close else message
    if error.validator != "required" or not field or "." in field:
        return message
    missing = field
    present = [key for key in obj if isinstance(key, str)]
    guess = next((key for key in SYNONYMS.get(missing, ()) if key in obj), None)
    if guess is None:
        known = _known_fields(obj.get("type"))
        extras = [key for key in present if key not in known]
        close = difflib.get_close_matches(missing, extras, n=1, cutoff=0.75)
        guess = close[0] if close else None
    if guess is None:
        return message
    return f"{message} (the event has {guess!r}: did you mean {missing!r}?)"


def _known_fields(kind: Any) -> set[str]:
    name = kind if isinstance(kind, str) and kind in EVENT_MODELS else None
    if name is None:
        return {"type"}
    return set(event_schemas()[name].get("properties", {}))


def _ts_reason(value: Any, exc: pydantic.ValidationError | None) -> str | None:
    """Why ``ts`` is refused; an epoch number gets the conversion spelled out."""
    epoch = _epoch_seconds(value)
    if epoch is not None:
        unit, seconds = epoch
        try:
            moment = datetime.fromtimestamp(seconds, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            moment = None
        if moment is not None and 1970 <= moment.year <= 2100:
            text = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
            return (f"{value!r} looks like Unix epoch {unit}; ts must be an RFC 3339 text: write "
                    f"\"{text}\" (in Python: datetime.fromtimestamp({_example(value)}, timezone.utc)"
                    f".isoformat(); with jq: {_jq(unit)})")
    if exc is not None:
        for item in exc.errors():
            loc = [str(part) for part in item["loc"]][1:]
            if loc == ["ts"]:
                return item["msg"].removeprefix("Value error, ")
    if not isinstance(value, str):
        return f"{value!r} is not an RFC 3339 timestamp (a text such as \"2026-03-02T10:00:00Z\")"
    return None


def _jq(unit: str) -> str:
    divisor = {"seconds": "", "milliseconds": " / 1000", "microseconds": " / 1e6",
               "nanoseconds": " / 1e9"}[unit]
    return f".ts |= (.{divisor} | todate)" if divisor else ".ts |= todate"


def _example(value: Any) -> str:
    epoch = _epoch_seconds(value)
    assert epoch is not None
    unit = epoch[0]
    number = str(value).strip()
    return {"seconds": number, "milliseconds": f"{number} / 1000",
            "microseconds": f"{number} / 1e6", "nanoseconds": f"{number} / 1e9"}[unit]


def _epoch_seconds(value: Any) -> tuple[str, float] | None:
    """(unit, seconds) when ``value`` is a number (or digits) in a plausible epoch unit."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().replace(".", "", 1).isdigit():
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        return None
    for unit, scale in (("seconds", 1), ("milliseconds", 1e3), ("microseconds", 1e6), ("nanoseconds", 1e9)):
        seconds = value / scale
        if seconds < 4_200_000_000:  # before 2103: the first unit that gives a date is meant
            return unit, seconds
    return None


def _error_field(error: jsonschema.ValidationError) -> str | None:
    path = [str(part) for part in error.absolute_path]
    if error.validator == "required":
        # "'x' is a required property" points at the parent; name the missing field (one
        # error per missing field: the one this error is about, in the schema's order).
        missing = next((name for name in error.validator_value
                        if isinstance(error.instance, dict) and name not in error.instance
                        and error.message.startswith(f"{name!r} ")), None)
        if missing:
            path.append(missing)
    return ".".join(path) or None


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "null" if value is None else type(value).__name__
