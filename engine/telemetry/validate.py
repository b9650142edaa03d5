"""Check one decoded event against the contract: a fast path and a precise error path.

Most events are valid, so they go through the strict pydantic models (a few
microseconds each). Only an event the models refuse is run through the JSON Schemas in
``schemas/events/`` with a compiled jsonschema validator, whose best error names the
field path and says why in the schema's words (``duration_ms: -5 is less than the
minimum of 0``). Both describe the same contract; a test keeps them in step.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
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
    """Why an event was refused: the field path (dotted, ``files.2``) and the reason."""

    field: str | None
    reason: str


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


def _all_finite(value: Any) -> bool:
    """The common case, decided in C: the encoder refuses NaN and infinities."""
    try:
        json.dumps(value, allow_nan=False, default=str)
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
    """The clearest reason the event is invalid: the schema's, else the model's."""
    kind = obj.get("type")
    validator = validators()[kind if isinstance(kind, str) and kind in EVENT_MODELS else "event"]
    error = jsonschema.exceptions.best_match(validator.iter_errors(obj))
    if error is not None:
        field = _error_field(error)
        # A timestamp of the right shape can still be impossible (Feb 30, year 1850):
        # the model says why, the schema only that it does not match a regex.
        if not (field == "ts" and error.validator == "pattern" and exc is not None):
            return Problem(field, error.message)
    if exc is None:
        return Problem(None, "invalid event")
    first = exc.errors()[0]
    loc = [str(part) for part in first["loc"]][1:]  # drop the union's tag
    message = first["msg"].removeprefix("Value error, ")
    return Problem(".".join(loc) or None, message)


def _error_field(error: jsonschema.ValidationError) -> str | None:
    path = [str(part) for part in error.absolute_path]
    if error.validator == "required":
        # "'x' is a required property" points at the parent; name the missing field.
        missing = next((name for name in error.validator_value
                        if isinstance(error.instance, dict) and name not in error.instance), None)
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
