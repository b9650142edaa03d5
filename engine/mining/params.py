"""Parameters: binding the slots of a learned fix to the slots of a new error.

AUTO-003 learns that errors ``No module named '<*>'`` were fixed by ``pip install <*>``.
To self-heal a new ``No module named 'lxml'`` it must know *which* error value goes
into *which* fix slot. The history answers it: in the past fixes, the resolution's slot 0
held the same value as the error's slot 0 (``yaml``/``yaml``, ``rich``/``rich``), so
resolution slot 0 is bound to error slot 0, and the new fix is ``pip install lxml``.

All functions are pure: lists of params in, a mapping or a text out.
"""

from __future__ import annotations

from collections import Counter

from engine.mining.masks import SLOT
from engine.wording import plural

MIN_AGREEMENT = 0.8  # "most": share of the examples in which the two slots held one value


def learn_binding(pairs: list[tuple[list[str], list[str]]],
                  min_agreement: float = MIN_AGREEMENT) -> dict[int, int]:
    """Resolution slot -> error slot, where their values agreed in (almost) every example.

    ``pairs`` holds, per past fix, (resolution params, error params). A resolution slot
    is bound to the error slot whose value it equalled most often, when that happened in
    at least ``min_agreement`` of the examples where both slots exist. Ties go to the
    lower error slot, so the answer does not depend on dict order.
    """
    agree: Counter[tuple[int, int]] = Counter()
    seen: Counter[tuple[int, int]] = Counter()
    for resolution, error in pairs:
        for r, r_value in enumerate(resolution):
            for e, e_value in enumerate(error):
                seen[(r, e)] += 1
                if _same(r_value, e_value):
                    agree[(r, e)] += 1
    binding: dict[int, int] = {}
    for r in sorted({r for r, _ in seen}):
        scored = [(agree[(r, e)] / seen[(r, e)], -e) for (rr, e) in seen if rr == r]
        best_rate, neg_e = max(scored)
        if best_rate >= min_agreement and agree[(r, -neg_e)] > 0:
            binding[r] = -neg_e
    return binding


def learn_constants(resolutions: list[list[str]]) -> dict[int, str]:
    """Resolution slots that held one and the same value in every example."""
    if not resolutions:
        return {}
    width = min(len(params) for params in resolutions)
    constants = {}
    for slot in range(width):
        values = {params[slot] for params in resolutions}
        if len(values) == 1:
            constants[slot] = values.pop()
    return constants


def apply_binding(resolution_template: str, binding: dict[int, int], error_params: list[str],
                  constants: dict[int, str] | None = None) -> str | None:
    """The concrete resolution for a new error, or None when a slot cannot be filled.

    Each slot takes the bound error value, else the constant it always had; a slot with
    neither makes the fix unknowable (None), never a guess.
    """
    constants = constants or {}
    values = []
    for slot in range(resolution_template.count(SLOT)):
        if slot in binding and binding[slot] < len(error_params):
            values.append(error_params[binding[slot]])
        elif slot in constants:
            values.append(constants[slot])
        else:
            return None
    return fill(resolution_template, values)


def bind(resolution_template: str, history: list[tuple[list[str], list[str]]],
         error_params: list[str], min_agreement: float = MIN_AGREEMENT) -> str | None:
    """Learn the binding from ``history`` (resolution params, error params) and apply it."""
    binding = learn_binding(history, min_agreement)
    constants = learn_constants([resolution for resolution, _ in history])
    return apply_binding(resolution_template, binding, error_params, constants)


def fill(template: str, values: list[str]) -> str:
    """The template with its slots replaced by ``values``, left to right."""
    parts = template.split(SLOT)
    if len(values) != len(parts) - 1:
        raise ValueError(f"the template has {plural(len(parts) - 1, 'slot')}, got {plural(len(values), 'value')}")
    out = [parts[0]]
    for value, part in zip(values, parts[1:]):
        out.append(value)
        out.append(part)
    return "".join(out)


def _same(left: str, right: str) -> bool:
    return left == right or (left.strip("'\"") == right.strip("'\"") and left.strip("'\"") != "")
