"""Readable, unique names for registry documents.

A rule names what it emits (``name = concat(operation, ": ", command_template)``); a
name holding a mined template still reads ``docker build -t <*> -f <*>``. Here each
``<*>`` slot gets a name a person understands, taken from the words around it (a
``--flag``, ``key=``, ``module named``), else from the shape of the values the
document's examples put there (a file, a path, a version, a number), so the name says
what the pattern does: ``build_image: docker build -t {tag} -f {file}``. A slot whose
values all end alike (``audit/service.py``, ``billing/service.py``) keeps that ending.

Names are unique in the registry: a document whose name another document already
holds gets the first characters of its id's hash appended, which is stable across runs.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from engine.mining.slot_names import context_name, shape_name, short_flag_name

SLOT = "<*>"
MAX_NAME = 300


def slot_values(template: str, examples: Iterable[Any]) -> list[list[str]] | None:
    """The values each slot of ``template`` takes in ``examples``; None when none matches it."""
    parts = template.split(SLOT)
    if len(parts) < 2:
        return None
    pattern = re.compile("^" + "(.+?)".join(re.escape(p) for p in parts) + "$", re.S)
    found: list[list[str]] = [[] for _ in parts[1:]]
    matched = False
    for example in examples:
        hit = pattern.match(str(example)) if isinstance(example, str) else None
        if hit:
            matched = True
            for index, value in enumerate(hit.groups()):
                if value not in found[index]:
                    found[index].append(value)
    return found if matched else None


def name_slots(template: str, examples: Iterable[Any]) -> str:
    """``template`` with each slot named, e.g. ``docker build -t {tag} -f {file}``."""
    parts = template.split(SLOT)
    if len(parts) < 2:
        return template
    values = slot_values(template, list(examples)) or [[] for _ in parts[1:]]
    out, used = [parts[0]], {}
    for index, slot_vals in enumerate(values):
        before, after = "".join(out), parts[index + 1]
        name = context_name(before) or short_flag_name(before, slot_vals)
        suffix = "" if name else _common_suffix(slot_vals)
        core = [v[: len(v) - len(suffix)] for v in slot_vals] if suffix else slot_vals
        name = name or shape_name(core) or "value"
        count = used.get(name, 0) + 1
        used[name] = count
        out.append("{" + (name if count == 1 else f"{name}{count}") + "}" + suffix + after)
    return "".join(out)


def _common_suffix(values: list[str]) -> str:
    """The ending every value shares, from a separator on (``/service.py``), when it leaves a stem."""
    if len(values) < 2:
        return ""
    shortest = min(values, key=len)
    size = 0
    while size < len(shortest) and len({v[len(v) - size - 1] for v in values}) == 1:
        size += 1
    suffix = shortest[len(shortest) - size:] if size else ""
    cut = min((suffix.find(sep) for sep in "/." if sep in suffix), default=-1)
    if cut < 0:
        return ""
    suffix = suffix[cut:]
    return suffix if all(len(v) > len(suffix) for v in values) else ""


def readable_name(name: str, fields: dict[str, Any], key: dict[str, Any]) -> str:
    """The rule's name with every template in it given named slots (from the examples)."""
    if SLOT not in name:
        return name[:MAX_NAME]
    samples = {"examples": [], "resolutions": []}
    for field, value in fields.items():
        if field in samples and isinstance(value, list):
            samples[field] = value
    templates = [str(v) for source in (fields, key) for k, v in source.items()
                 if isinstance(v, str) and SLOT in v and ("template" in k or k in ("resolution", "text"))]
    result = name
    named_already = fields.get("template")
    for template in sorted(set(templates), key=len, reverse=True):
        if template not in result:
            continue
        if isinstance(named_already, str) and SLOT not in named_already and "{" in named_already \
                and "\n" not in named_already and len(named_already) <= 200:
            result = result.replace(template, named_already)   # a generated template names its slots
            continue
        examples = samples["resolutions"] if "resolution" in _field_of(template, fields, key) else samples["examples"]
        named = name_slots(template, examples)
        if SLOT in named:
            continue
        result = result.replace(template, named)
    if SLOT in result:   # templates the examples do not cover: name the slots by position
        result = _number_slots(result)
    return result[:MAX_NAME]


def _field_of(template: str, fields: dict[str, Any], key: dict[str, Any]) -> str:
    for source in (fields, key):
        for name, value in source.items():
            if value == template:
                return name
    return ""


def _number_slots(text: str) -> str:
    parts = text.split(SLOT)
    return parts[0] + "".join("{" + ("value" if i == 0 else f"value{i + 1}") + "}" + part
                              for i, part in enumerate(parts[1:]))


def unique_name(name: str, doc_id: str, taken: set[str]) -> str:
    """``name``, or ``name [hash]`` when another document holds it (stable: from the id)."""
    if name not in taken:
        return name
    tag = doc_id.rsplit("-", 1)[-1][:4]
    candidate = f"{name} [{tag}]"
    size = 4
    while candidate in taken and size < len(doc_id):
        size += 2
        candidate = f"{name} [{doc_id.rsplit('-', 1)[-1][:size]}]"
    return candidate[-MAX_NAME:] if len(candidate) > MAX_NAME else candidate
