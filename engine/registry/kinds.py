"""What each kind of document adds to the envelope, pulled from what the rule emitted.

Rules name their emitted fields freely, so each kind looks for a few documented names
(first one present wins, the group key before the fields) and falls back to what the
envelope already knows. Values are left as emitted: the schemas reject a wrong type
with the field's path rather than this module guessing.
"""

from __future__ import annotations

from typing import Any, Callable

from engine.registry.ids import canonical_json


def first(key: dict[str, Any], fields: dict[str, Any], *names: str) -> Any:
    """The first of ``names`` present (not null) in the group key, then in the fields."""
    for source in (key, fields):
        for name in names:
            if source.get(name) is not None:
                return source[name]
    return None


def _int(value: Any) -> Any:
    """Whole floats (SQLite sums) become ints; anything else is left for the schema to judge."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _ratio(part: Any, whole: Any) -> Any:
    if isinstance(part, (int, float)) and isinstance(whole, (int, float)) and whole:
        return part / whole
    return None


def self_heal(key: dict, fields: dict, evidence: list[str], decision: str) -> dict[str, Any]:
    successes = _int(first(key, fields, "successes", "fixes", "count"))
    if successes is None:
        successes = len(evidence)
    attempts = _int(first(key, fields, "attempts", "total", "tries"))
    if attempts is None:
        attempts = successes
    rate = first(key, fields, "success_rate", "rate")
    if rate is None:
        rate = _ratio(successes, attempts)
    return {
        "auto_apply": decision == "auto_apply",
        "error": {
            "message_template": first(key, fields, "message_template", "error_template", "message"),
            "message_template_id": _int(first(key, fields, "message_template_id")),
            "error_type": first(key, fields, "error_type"),
        },
        "recovery": {
            "resolution": first(key, fields, "resolution", "recovery", "resolution_template"),
            "resolution_template_id": _int(first(key, fields, "resolution_template_id")),
        },
        "successes": successes,
        "attempts": attempts,
        "success_rate": rate,
    }


def subject_of(key: dict, fields: dict) -> dict[str, str]:
    """What an anti-pattern is about: a pattern, an error template, an operation, or its group."""
    for kind, names in (("pattern", ("pattern_id",)),
                        ("error_template", ("message_template_id", "message_template")),
                        ("operation", ("operation",))):
        value = first(key, fields, *names)
        if value is not None:
            return {"kind": kind, "id": str(value)}
    return {"kind": "group", "id": canonical_json(key)}


def anti_pattern(key: dict, fields: dict, evidence: list[str], decision: str) -> dict[str, Any]:
    failures = _int(first(key, fields, "failures", "failure_count", "count"))
    if failures is None:
        failures = len(evidence)
    attempts = _int(first(key, fields, "attempts", "uses", "total"))
    rate = first(key, fields, "failure_rate")
    if rate is None:
        rate = _ratio(failures, attempts)
    return {
        "subject": subject_of(key, fields),
        "failures": failures,
        "attempts": attempts,
        "failure_rate": rate,
        "recommendation": first(key, fields, "recommendation"),
        "quarantined": decision == "quarantine",   # emit corrects it for pattern subjects
    }


def suggestion(key: dict, fields: dict, evidence: list[str], decision: str) -> dict[str, Any]:
    target = first(key, fields, "pattern_id", "target")
    action = first(key, fields, "action")
    if action not in ("use_pattern", "draft_pattern"):
        action = "use_pattern" if target is not None else "draft_pattern"
    return {"action": action, "target": None if target is None else str(target)}


def trend(key: dict, fields: dict, evidence: list[str], decision: str) -> dict[str, Any]:
    subject = first(key, fields, "pattern_id", "subject")
    return {"direction": first(key, fields, "direction", "trend"),
            "subject": None if subject is None else str(subject)}


def template(key: dict, fields: dict, evidence: list[str], decision: str) -> dict[str, Any]:
    slots = first(key, fields, "slots")
    if isinstance(slots, dict):
        slots = [{"name": str(name), "values": values if isinstance(values, list) else [values]}
                 for name, values in slots.items()]
    return {"template": first(key, fields, "template", "text"),
            "slots": [] if slots is None else slots}


def _none(key: dict, fields: dict, evidence: list[str], decision: str) -> dict[str, Any]:
    return {}


EXTRAS: dict[str, Callable[..., dict[str, Any]]] = {
    "pattern_candidate": _none,
    "batch_pattern": _none,
    "self_heal": self_heal,
    "anti_pattern": anti_pattern,
    "suggestion": suggestion,
    "trend": trend,
    "template": template,
}


def status_dependent(kind: str, document: dict[str, Any]) -> dict[str, Any]:
    """Fields that follow the status, so a document never contradicts its own status.

    A self-heal is auto-applied when its status says so (``auto_apply``) or a person
    approved it (they vouch for it); rejected, quarantined or ``ask_first``, it is not.
    An anti-pattern's ``quarantined`` flag is its status.
    """
    status = document["status"]
    if kind == "self_heal":
        return {"auto_apply": status in ("approved", "auto_apply")}
    if kind == "anti_pattern":
        return {"quarantined": status == "quarantined"}
    return {}
