"""Templating (AUTO-008): a parameterised template from the members of a group.

Given the commands or file contents of one group, ``build_template`` keeps what they
share as literal text and turns what differs into NAMED slots, listing the distinct
values seen in each: ``poetry add {package}@{version}`` from ``poetry add httpx@^2.1.0``
and ``poetry add rich@^1.3.4``. Multi-line texts are aligned line by line.

Slot names come, in order of preference, from the words just before the slot (a
``--flag``, ``key=``/``key:``, ``module named``: ``engine.mining.slot_names``, as the
registry names its documents), from a short flag of conventional meaning (``-t`` a tag;
``-s`` or ``-rf`` are switches and name nothing), from the mask that recognised its
values (``version``, ``path``, ``url``, ...), from the shape of the values (``n`` for
whole numbers, ``host``, ``file``, ...), from the nearest meaningful word since the
previous slot, else ``name`` for plain words and ``value`` for the rest; repeated names get a suffix (``name_2``). Pure and
deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.mining.masks import SLOT, MaskSet, build_mask_set
from engine.mining.align import generalize, opcodes, pieces_of
from engine.mining.slot_names import context_name, shape_name, short_flag_name

GENERIC_MASKS = {"number", "quoted", "dquoted"}  # too generic to name a slot
STOP_WORDS = {
    "a", "an", "the", "of", "to", "for", "in", "on", "at", "by", "from", "with", "as", "is",
    "are", "was", "named", "called", "into", "and", "or", "be", "not", "no",
}
_KEY_BEFORE = re.compile(r"([A-Za-z_][\w\-.]*)\s*[=:]$")          # key=<slot>, key: <slot>
VERB_OBJECTS = {"install": "package", "add": "package", "remove": "package",
                "uninstall": "package", "upgrade": "package"}
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Slot:
    name: str
    values: tuple[str, ...]       # distinct values, in first-seen order
    mask: str | None = None       # the mask that recognised the values, if one did


@dataclass(frozen=True)
class TemplateDraft:
    text: str                     # literal parts with {name} slots; literal braces doubled
    slots: tuple[Slot, ...]
    samples: int

    def render(self, **values: str) -> str:
        """The template filled with ``values`` (by slot name)."""
        return self.text.format(**values)


def build_template(texts: list[str], masks: MaskSet | None = None) -> TemplateDraft:
    """The template shared by ``texts`` (see the module docstring)."""
    if not texts:
        raise ValueError("build_template needs at least one text")
    masks = masks or build_mask_set()
    line_lists = [text.split("\n") for text in texts]
    if len({len(lines) for lines in line_lists}) == 1:
        rows = [_line_template([lines[i] for lines in line_lists], masks)
                for i in range(len(line_lists[0]))]
    else:
        rows = [_line_template(["\n".join(lines) for lines in line_lists], masks)]
    return _name(rows, len(texts))


def _line_template(lines: list[str], masks: MaskSet) -> list:
    """One line across texts as a list of literal strings and raw slots (values, mask)."""
    masked = [masks.apply(line) for line in lines]
    template = masked[0][0]
    for form, _, _ in masked[1:]:
        template = generalize(template, form)
    slot_values: list[list[str]] = [[] for _ in range(template.count(SLOT))]
    slot_masks: list[set] = [set() for _ in slot_values]
    for form, values, names in masked:
        for index, (value, mask) in enumerate(_slot_values(template, form, values, names)):
            slot_values[index].append(value)
            if mask:
                slot_masks[index].add(mask)
    out: list = []
    for index, literal in enumerate(template.split(SLOT)):
        if index:
            mask = next(iter(slot_masks[index - 1])) if len(slot_masks[index - 1]) == 1 else None
            out.append((slot_values[index - 1], mask))
        if literal:
            out.append(literal)
    return out


def _slot_values(template: str, form: str, values: list[str], names: list[str]):
    """(value, mask) for each slot of ``template`` in one masked line."""
    left, right = pieces_of(template), pieces_of(form)
    filled, masks_of = [], []
    value_iter = iter(zip(values, names))
    for piece in right:
        if piece == SLOT:
            value, mask = next(value_iter, ("", None))
            filled.append(value)
            masks_of.append(mask)
        else:
            filled.append(piece)
            masks_of.append(None)
    out = []
    for op, i1, i2, j1, j2 in opcodes(left, right):
        slots = sum(1 for piece in left[i1:i2] if piece == SLOT)
        if op == "equal":
            out.extend((filled[j1 + k], masks_of[j1 + k]) for k in range(i2 - i1)
                       if left[i1 + k] == SLOT)
        elif slots:
            found = {m for m in masks_of[j1:j2] if m}
            out.append(("".join(filled[j1:j2]).strip(), found.pop() if len(found) == 1 else None))
            out.extend(("", None) for _ in range(slots - 1))
    return out


def _name(rows: list[list], samples: int) -> TemplateDraft:
    used: dict[str, int] = {}
    slots: list[Slot] = []
    text_lines = []
    for row in rows:
        text = []
        for index, part in enumerate(row):
            if isinstance(part, str):
                text.append(part.replace("{", "{{").replace("}", "}}"))
                continue
            values, mask = part
            if samples > 1 and len(set(values)) == 1:  # masked, but the same everywhere
                text.append(values[0].replace("{", "{{").replace("}", "}}"))
                continue
            # the line so far, earlier slots as slots: no rule reads a word through one
            before = "".join(p if isinstance(p, str) else SLOT for p in row[:index])
            distinct = tuple(dict.fromkeys(values))
            name = _unique(_slot_name(before, list(distinct), mask), used)
            slots.append(Slot(name, distinct, mask))
            text.append("{" + name + "}")
        text_lines.append("".join(text))
    return TemplateDraft("\n".join(text_lines), tuple(slots), samples)


def _slot_name(before: str, values: list[str], mask: str | None) -> str:
    key = _KEY_BEFORE.search(before.rstrip(" '\""))
    name = (context_name(before) or (key.group(1) if key else None)
            or short_flag_name(before, values))
    if name:
        return _identifier(name)
    if mask and mask not in GENERIC_MASKS:
        return mask
    words = _WORD.findall(before.rsplit(SLOT, 1)[-1])[-3:]  # since the previous slot
    nearest = next((w.lower() for w in reversed(words) if w.lower() not in STOP_WORDS), None)
    if nearest in VERB_OBJECTS:  # pip install <slot>: what is installed
        return VERB_OBJECTS[nearest]
    shape = shape_name(values)
    if shape is not None and shape != "name":  # any plain word is a "name": says nothing
        return shape
    if nearest is not None:
        return _identifier(nearest)
    return shape or "value"


def _identifier(word: str) -> str:
    name = re.sub(r"\W+", "_", word.strip("-")).strip("_").lower()
    return name or "value"


def _unique(name: str, used: dict[str, int]) -> str:
    used[name] = used.get(name, 0) + 1
    return name if used[name] == 1 else f"{name}_{used[name]}"
