"""Every output schema is valid Draft 2020-12, and a bad document is named by field path."""

from __future__ import annotations

import json

import pytest

from engine.errors import ValidationFailure
from engine.registry.documents import MODELS
from engine.registry.layout import ALL_KINDS
from engine.registry.schemas import schema_dir, schema_names, validate_document, validator
from engine.registry.files import read_document


def test_every_document_kind_and_report_has_a_schema():
    names = set(schema_names())
    assert set(ALL_KINDS) <= names
    assert {"weekly_report", "explain_trace", "envelope"} <= names


@pytest.mark.parametrize("name", [p.stem for p in sorted(schema_dir().glob("*.json"))])
def test_schema_is_valid_and_compiles(name):
    schema = json.loads((schema_dir() / f"{name}.json").read_text())
    assert schema["$id"].endswith(f"/{name}.json")
    validator(name)  # checks the schema and resolves its references


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_models_and_schemas_name_the_same_fields(kind):
    """The pydantic model and the schema describe the same document: no field in one only."""
    envelope = json.loads((schema_dir() / "envelope.json").read_text())["properties"]
    own = json.loads((schema_dir() / f"{kind}.json").read_text()).get("properties", {})
    assert set(MODELS[kind].model_fields) == set(envelope) | set(own)


@pytest.fixture
def good(apply, make_finding, ws):
    apply([make_finding()])
    path = next(ws.patterns_dir.rglob("*.yaml"))
    return read_document(path)


def test_written_document_validates(good):
    validate_document("pattern_candidate", good)


@pytest.mark.parametrize("mutate, field", [
    (lambda d: d.update(confidence=1.7), "confidence"),
    (lambda d: d.update(status="lost"), "status"),
    (lambda d: d.update(id="../escape"), "id"),
    (lambda d: d["history"][0].update(ts="yesterday"), "history[0].ts"),
    (lambda d: d.update(surprise=1), "(document)"),
    (lambda d: d.pop("evidence"), "(document)"),
])
def test_bad_document_is_rejected_with_its_field_path(good, mutate, field):
    mutate(good)
    with pytest.raises(ValidationFailure) as caught:
        validate_document("pattern_candidate", good)
    assert caught.value.location.field == field
    assert field in str(caught.value)
