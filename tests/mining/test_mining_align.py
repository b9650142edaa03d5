"""``covers``: when a template already covers a masked text (no widening needed); and
``opcodes``, the alignment under ``generalize``, held to difflib's."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import pytest
from hypothesis import given, settings, strategies as st

from engine.mining.align import PIECES, _align, covers, generalize, opcodes, pieces_of
from engine.mining.masks import SLOT


def reference_covers(template: str, masked: str) -> bool:
    """The same question asked another way: every piece becomes one private character and
    the template a regex whose slots (with the spaces beside them) match anything."""
    alphabet: dict[str, str] = {}

    def code(piece: str) -> str:
        return alphabet.setdefault(piece, chr(0xE000 + len(alphabet)))

    if SLOT not in template:
        return template == masked
    segments: list[list[str]] = [[]]
    for piece in PIECES.findall(template):
        if piece == SLOT:
            segments.append([])
        else:
            segments[-1].append(piece)
    for index, segment in enumerate(segments):
        if index < len(segments) - 1:
            while segment and segment[-1].isspace():
                segment.pop()
        if index > 0:
            while segment and segment[0].isspace():
                segment.pop(0)
    pattern = ".*".join(re.escape("".join(map(code, s))) for s in segments)
    return re.fullmatch(pattern, "".join(map(code, PIECES.findall(masked))), re.S) is not None


@pytest.mark.parametrize("template, masked, expected", [
    ("a <*> b", "a x y b", True),
    ("a <*> b", "a b", True),              # an empty slot takes one of its spaces along
    ("a <*>", "a", True),
    ("<*> close, <*> bytes sent", "host.example:<*> close, 12 KB bytes sent", True),
    ("a <*> b", "a x c", False),
    ("a<*>b", "ab", False),                 # "ab" is one word: a slot never splits a word
    ("a <*> a", "a", False),                # the first and last stretch cannot share a piece
    ("a b <*>", "a <*> <*>", False),        # a literal never covers a slot
    ("no slot", "no slot here", False),
    ("x <*> y <*> z", "x 1 y y 2 z", True),
    ("<*> a b <*> b <*>", "a b", False),   # stretches in order, never overlapping
    ("<*> a b <*> b <*>", "a b b", True),
])
def test_covers_examples(template, masked, expected):
    assert covers(template, masked) is expected
    assert reference_covers(template, masked) is expected


_PIECE = st.sampled_from(["a", "b", "x-y", "(", ")", "c:", ":", SLOT, "1", "\x00"])
_TEXT = st.lists(st.tuples(_PIECE, st.sampled_from(["", " "])), max_size=8).map(
    lambda parts: "".join(p + s for p, s in parts).strip())


@settings(max_examples=400, deadline=None)
@given(_TEXT, _TEXT)
def test_covers_is_a_glob_match_and_accepts_whatever_alignment_accepts(template, masked):
    """Agrees with the regex reference, and never asks to widen a template that the
    alignment would leave unchanged (it may accept more: alignment is a heuristic)."""
    if _align(template, masked) == template:
        assert covers(template, masked)
    if "\x00" not in masked + template:  # texts that cannot be joined fall back to _align
        assert covers(template, masked) == reference_covers(template, masked)
        widened = generalize(template, masked)
        assert covers(widened, template) and covers(widened, masked)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", " ", "<*>", "(", ")"]), max_size=14),
       st.lists(st.sampled_from(["a", "b", "c", " ", "<*>", "(", ")"]), max_size=14))
def test_opcodes_are_difflibs(a, b):
    """The compiled alignment gives difflib's edit script, step for step (same longest
    match, same ties), on short sequences over a small alphabet, where ties abound."""
    assert opcodes(a, b) == SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def test_opcodes_are_difflibs_on_long_piece_lists():
    """Past 200 pieces difflib would drop popular pieces unless told not to (autojunk):
    the miner never lets it, and ``opcodes`` never drops any."""
    a = pieces_of("x = 1 , y = 2 , " * 40 + "end")
    b = pieces_of("x = 1 , z = 2 , " * 38 + "finish")
    assert len(a) > 200 and len(b) > 200
    assert opcodes(a, b) == SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from([" ", "  ", "   ", "<*>", "a", "b:"]), max_size=12).map("".join))
def test_a_skeleton_is_the_masked_form_without_slots_and_with_single_spaces(masked):
    from engine.mining.align import skeleton_of
    assert skeleton_of(masked) == re.sub(r" {2,}", " ", masked.replace(SLOT, ""))
