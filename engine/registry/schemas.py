"""The JSON Schemas of every document autopattern writes, loaded once and cached.

Schemas live in ``schemas/outputs/<kind>.json`` (Draft 2020-12) and reference each
other (``envelope.json``) through one ``referencing`` registry, so a kind schema only
states what it adds to the common envelope. A failed validation names the field path.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource

from engine import resources
from engine.errors import Location, ValidationFailure

OUTPUT_SCHEMAS = "outputs"


def schema_dir() -> Path:
    return resources.schemas_dir() / OUTPUT_SCHEMAS


@cache
def _schemas() -> dict[str, dict[str, Any]]:
    """Every output schema by name (file stem), each checked against the metaschema."""
    found = {}
    for path in sorted(schema_dir().glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        found[path.stem] = schema
    return found


@cache
def _registry() -> Registry:
    return Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in _schemas().values())


@cache
def validator(name: str) -> Draft202012Validator:
    schemas = _schemas()
    if name not in schemas:
        raise ValidationFailure(f"no output schema named {name!r}",
                                hint=f"known: {', '.join(sorted(schemas))}")
    return Draft202012Validator(schemas[name], registry=_registry())


def schema_names() -> list[str]:
    return sorted(_schemas())


def field_path(path) -> str:
    """``['history', 0, 'ts']`` -> ``history[0].ts``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def validate_document(kind: str, document: dict[str, Any], *, source: str | None = None) -> None:
    """Raise ``ValidationFailure`` naming the field when ``document`` breaks its schema.

    A quarantined document is also checked against the quarantine block's schema.
    """
    errors = list(validator(kind).iter_errors(document))
    if not errors:
        return
    # A failed envelope hides what it did evaluate, so "unevaluated property" errors
    # are noise while another error exists: report the real one.
    real = [e for e in errors if e.validator != "unevaluatedProperties"] or errors
    error = best_match(real)
    where = field_path(error.absolute_path)
    raise ValidationFailure(f"{kind} document does not match its schema at {where}: {error.message}",
                            Location(source or f"<{kind} {document.get('id', '?')}>", field=where))
