"""Aligning templates with texts: pure string functions the miner and templating share.

A template and a masked text are compared as *pieces* (words, runs of spaces, single
punctuation marks, slots), so ``(<*>)`` and ``()`` align on their brackets. Everything
here is a pure function of strings; the costly ones are memoised.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from engine.mining.masks import SLOT, ascii_mode_agrees

PIECES: Final = re.compile(r"<\*>|\w+|\s+|[^\w\s]")
# ASCII mode where it means the same (see ``masks.ascii_mode_agrees``)
_PIECES_ASCII: Final = re.compile(PIECES.pattern, re.ASCII)


def pieces_of(text: str) -> list[str]:
    """The text's pieces: slots, runs of word characters, runs of spaces, punctuation."""
    if ascii_mode_agrees(text):
        return _PIECES_ASCII.findall(text)
    return PIECES.findall(text)


def skeleton_of(masked: str) -> str:
    """The masked form without its slots (spaces collapsed): what stays the same."""
    bare = masked.replace(SLOT, "")
    while "  " in bare:  # each pass halves every run of spaces: one or two passes, in C
        bare = bare.replace("  ", " ")
    return bare


def bracket_slots(masked: str, values: list[str]) -> tuple[str, list[str]]:
    """Fold brackets around a lone slot into it: ``(<*>)`` -> ``<*>``, value ``(1.2 KB)``;
    not when glued to what precedes (``name[<*>]`` keeps its brackets: the name is constant)."""
    pieces = re.split(r"(<\*>)", masked)
    out_values, values_iter, out = [], iter(values), []
    for index, piece in enumerate(pieces):
        if piece != SLOT:
            out.append(piece)
            continue
        value = next(values_iter, "")
        before, after = out[-1] if out else "", pieces[index + 1] if index + 1 < len(pieces) else ""
        pair = before[-1:] + after[:1]
        glued = before[-2:-1].isalnum() or before[-2:-1] in ("_", "]", ")")
        if pair in ("()", "[]", "{}", "<>") and not glued:
            out[-1] = before[:-1]
            pieces[index + 1] = after[1:]
            value = pair[0] + value + pair[1]
        out.append(SLOT)
        out_values.append(value)
    return "".join(out), out_values


def generalize(template: str, other: str) -> str:
    """The most specific template covering both: differing stretches become one slot.

    A slot keeps the spaces around the stretch it replaces, so values never start or
    end with a space (``a b`` and ``a b c`` give ``a b <*>``, not ``a b<*>``). When one
    already covers the other it is the answer, without aligning anything.
    """
    if template == other or covers(template, other):
        return template
    if covers(other, template):
        return other
    return _align(template, other)


def _align(template: str, other: str) -> str:
    """``generalize`` by aligning the two texts' pieces (the costly part)."""
    left, right = pieces_of(template), pieces_of(other)
    out: list[str] = []
    for op, i1, i2, j1, j2 in opcodes(left, right):
        if op == "equal":
            pieces = left[i1:i2]
        else:
            sides = [side for side in (left[i1:i2], right[j1:j2]) if side]
            pieces = [SLOT]
            if all(side[0].isspace() for side in sides):
                pieces.insert(0, " ")
            if all(side[-1].isspace() for side in sides) and not all(len(s) == 1 for s in sides):
                pieces.append(" ")
        for piece in pieces:
            if piece == SLOT and out and out[-1] == SLOT:
                continue
            if piece.isspace() and out and out[-1].isspace():
                continue
            out.append(piece)
    return "".join(out)


def opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """How ``a`` becomes ``b``: (op, i1, i2, j1, j2) steps, ``op`` one of equal, replace,
    delete, insert, exactly as ``difflib.SequenceMatcher(None, a, b, autojunk=False)
    .get_opcodes()`` gives them (the same longest-match recursion and tie-breaking; a
    property test holds it to difflib). Written here so that it is compiled with the
    miner: difflib's runs as bytecode, the largest share of an alignment's time."""
    where: dict[str, list[int]] = {}   # each piece of b -> its positions, ascending
    for index, piece in enumerate(b):
        found = where.get(piece)
        if found is None:
            where[piece] = [index]
        else:
            found.append(index)
    blocks: list[tuple[int, int, int]] = []
    queue = [(0, len(a), 0, len(b))]
    while queue:
        alo, ahi, blo, bhi = queue.pop()
        i, j, k = _longest_match(a, where, alo, ahi, blo, bhi)
        if k:
            blocks.append((i, j, k))
            if alo < i and blo < j:
                queue.append((alo, i, blo, j))
            if i + k < ahi and j + k < bhi:
                queue.append((i + k, ahi, j + k, bhi))
    blocks.sort()
    merged: list[tuple[int, int, int]] = []   # adjacent blocks as one
    i1 = j1 = k1 = 0
    for i2, j2, k2 in blocks:
        if i1 + k1 == i2 and j1 + k1 == j2:
            k1 += k2
        else:
            if k1:
                merged.append((i1, j1, k1))
            i1, j1, k1 = i2, j2, k2
    if k1:
        merged.append((i1, j1, k1))
    merged.append((len(a), len(b), 0))
    steps: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    for ai, bj, size in merged:
        if i < ai and j < bj:
            steps.append(("replace", i, ai, j, bj))
        elif i < ai:
            steps.append(("delete", i, ai, j, bj))
        elif j < bj:
            steps.append(("insert", i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            steps.append(("equal", ai, i, bj, j))
    return steps


def _longest_match(a: list[str], where: dict[str, list[int]], alo: int, ahi: int,
                   blo: int, bhi: int) -> tuple[int, int, int]:
    """The longest run a[i:i+k] == b[j:j+k] within the bounds; of several, the one that
    starts first in ``a``, then first in ``b``; (alo, blo, 0) when nothing matches."""
    best_i, best_j, best_size = alo, blo, 0
    ending: dict[int, int] = {}   # j -> length of the match ending at (i - 1, j)
    for i in range(alo, ahi):
        now: dict[int, int] = {}
        positions = where.get(a[i])
        if positions is not None:
            for j in positions:
                if j < blo:
                    continue
                if j >= bhi:
                    break
                k = ending.get(j - 1, 0) + 1
                now[j] = k
                if k > best_size:
                    best_i, best_j, best_size = i - k + 1, j - k + 1, k
        ending = now
    return best_i, best_j, best_size


_SEP: Final = "\x00"  # joins pieces so that a plain substring search finds whole pieces only


def covers(template: str, masked: str) -> bool:
    """Whether ``template`` already covers the masked form (nothing to widen).

    It does when ``masked`` is the template with each slot filled by some run of whole
    pieces, possibly none (the spaces beside a slot belong to it). That is a glob
    match, so it runs as substring searches over the pieces joined by a separator:
    the literal stretches between slots must occur in order, the first at the start
    and the last at the end, and placing each one as early as it occurs is never wrong.
    Linear in the text, unlike an alignment, and called for most texts that reach a
    template through its skeleton or its family.
    """
    if template == masked:
        return True
    if _SEP in masked or _SEP in template:  # cannot be joined safely: align instead
        return _align(template, masked) == template
    segments = _literal_segments(template)
    if len(segments) == 1:
        return False  # no slot, and not the same text
    first, *middle, last = segments
    text = _SEP + _SEP.join(pieces_of(masked)) + _SEP
    if not text.startswith(first) or not text.endswith(last):
        return False
    # Neighbouring stretches may share a separator, never a piece: ``start`` is where
    # the last placed stretch ends, ``end`` where the final one begins (plus one).
    start, end = max(len(first) - 1, 0), len(text) - max(len(last) - 1, 0)
    for segment in middle:
        if segment:
            found = text.find(segment, start, end)
            if found < 0:
                return False
            start = found + len(segment) - 1
    return start < end


@lru_cache(maxsize=65_536)
def _literal_segments(template: str) -> tuple[str, ...]:
    """The literal stretches between the slots of ``template``, each as separator-joined
    pieces with a separator at both ends ("" where slots are only spaces apart)."""
    segments: list[list[str]] = [[]]
    for piece in pieces_of(template):
        if piece == SLOT:
            while segments[-1] and segments[-1][-1].isspace():
                segments[-1].pop()
            segments.append([])
        elif segments[-1] or not piece.isspace() or len(segments) == 1:
            segments[-1].append(piece)
    return tuple(_SEP + _SEP.join(s) + _SEP if s else "" for s in segments)


@lru_cache(maxsize=65_536)
def slot_spans(template: str, masked: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Align a template with a masked form: for each slot, the pieces it covers."""
    left, right = pieces_of(template), pieces_of(masked)
    spans: list[tuple[int, int]] = []
    for op, i1, i2, j1, j2 in opcodes(left, right):
        if op == "equal":
            spans.extend((j1 + k, j1 + k + 1) for k in range(i2 - i1) if left[i1 + k] == SLOT)
        elif op == "insert":
            if spans and spans[-1][1] == j1:  # extra text right after a slot joins it
                spans[-1] = (spans[-1][0], j2)
        else:
            slots = sum(1 for piece in left[i1:i2] if piece == SLOT)
            if slots:
                spans.append((j1, j2))
                spans.extend((j2, j2) for _ in range(slots - 1))
    return right, spans


def clear_caches() -> None:
    """Forget every memoised alignment: the benchmark times cold runs, as a new process has."""
    _literal_segments.cache_clear()
    slot_spans.cache_clear()
