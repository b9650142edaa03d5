"""The pydantic models and the JSON Schemas in schemas/events/ describe one contract."""

from __future__ import annotations

import copy
import re
from typing import Any

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.models import EVENT_ADAPTER, EVENT_MODELS, TS_PATTERN
from engine.telemetry.validate import check_event, event_schemas, validators


def _schema_view(prop: dict[str, Any]) -> dict[str, Any]:
    """Types, enum and minimum of a schema property, in a comparable shape."""
    if "anyOf" in prop:
        types: set[str] = set()
        view: dict[str, Any] = {}
        for option in prop["anyOf"]:
            sub = _schema_view(option)
            types |= sub.pop("types")
            view.update(sub)
        return {"types": types, **view}
    types = prop.get("type", [])
    types = {types} if isinstance(types, str) else set(types)
    view = {"types": types}
    if "enum" in prop:
        view["enum"] = sorted(prop["enum"])
        view["types"] = view["types"] or {"string"}
    if "const" in prop:
        view["enum"] = [prop["const"]]
        view["types"] = view["types"] or {"string"}
    if "minimum" in prop or "ge" in prop:  # pydantic writes `ge` for an annotated bound
        view["minimum"] = prop.get("minimum", prop.get("ge"))
    if prop.get("type") == "array":
        view["items"] = prop["items"]["type"]
    return view


@pytest.mark.parametrize("kind", sorted(EVENT_MODELS))
def test_required_fields_agree(kind):
    schema = event_schemas()[kind]
    model = EVENT_MODELS[kind]
    required = {name for name, f in model.model_fields.items() if f.is_required()}
    # `type` has a default in the model (it picks the class) but is required on the wire.
    assert set(schema["required"]) == required | {"type"}


@pytest.mark.parametrize("kind", sorted(EVENT_MODELS))
def test_field_types_enums_and_minimums_agree(kind):
    ours = event_schemas()[kind]["properties"]
    pydantics = EVENT_MODELS[kind].model_json_schema()["properties"]
    assert set(ours) == set(pydantics)
    for name, prop in ours.items():
        expected = _schema_view(prop)
        generated = _schema_view(pydantics[name])
        if name == "ts":
            assert prop["pattern"] == TS_PATTERN and generated["types"] == {"string"}
            continue
        if generated["types"] == {"string", "null"} and expected["types"] == {"string"}:
            # absent-only fields: the model's None default is never validated, and an
            # explicit null is refused (checked behaviourally below)
            generated["types"] = {"string"}
        if generated["types"] == {"integer", "null"} or generated["types"] == {"array", "null"}:
            generated["types"] -= {"null"}
        assert generated == expected, name


@pytest.mark.parametrize("kind,field", [
    ("execution", "command"), ("execution", "files"), ("execution", "actor"),
    ("file", "size"), ("file", "content"), ("error", "error_type"), ("error", "resolution_ms"),
])
def test_explicit_null_is_refused_by_both(kind, field, make_event):
    event = make_event(kind, **{field: None})
    assert not validators()[kind].is_valid(event)
    with pytest.raises(pydantic.ValidationError):
        EVENT_ADAPTER.validate_python(event)


@pytest.mark.parametrize("kind,field", [
    ("execution", "pattern_id"), ("error", "resolution"), ("error", "resolved"),
])
def test_nullable_fields_accept_null_in_both(kind, field, make_event):
    event = make_event(kind, **{field: None})
    assert validators()[kind].is_valid(event)
    EVENT_ADAPTER.validate_python(event)


def test_event_schema_dispatches_on_type(make_event):
    event_validator = validators()["event"]
    assert event_validator.is_valid(make_event("file"))
    assert not event_validator.is_valid(make_event("file", action="renamed"))
    assert not event_validator.is_valid({"type": "metric", "id": "m"})
    assert not event_validator.is_valid(make_event("execution", duration_ms=-1))


def test_timestamp_pattern_bounds_years():
    pattern = re.compile(TS_PATTERN)
    assert pattern.match("1970-01-01T00:00:00Z") and pattern.match("2100-12-31T23:59:59.5+01:00")
    assert not pattern.match("1969-12-31T23:59:59Z") and not pattern.match("2101-01-01T00:00:00Z")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=5)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(EVENT_MODELS)), data=st.data())
def test_model_and_schema_give_the_same_verdict(kind, data, make_event):
    """Mutate a valid event (drop, retype or add a field): both must accept or both refuse."""
    event = copy.deepcopy(make_event(kind))
    fields = sorted(event)
    action = data.draw(st.sampled_from(["drop", "replace", "add"]))
    if action == "drop":
        del event[data.draw(st.sampled_from(fields))]
    elif action == "replace":
        event[data.draw(st.sampled_from(fields))] = data.draw(JSON_VALUES)
    else:
        event[data.draw(st.text(min_size=1, max_size=8))] = data.draw(JSON_VALUES)
    schema_ok = validators()["event"].is_valid(event)
    model_ok = not hasattr(check_event(event), "reason")
    assert schema_ok == model_ok, event
