"""The ASCII-mode twins of the mask and piece regexes find what the Unicode ones find
wherever ``ascii_mode_agrees`` lets them run."""

from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from engine.mining.align import PIECES
from engine.mining.masks import ascii_mode_agrees, build_mask_set

_MASKS = build_mask_set()
_REGEXES = [c.regex for c in (_MASKS._phrase, _MASKS._token)] + [PIECES]
# every ASCII character, the separators Unicode mode counts as whitespace weighted up,
# and pieces the masks look for, so that matches happen
_TEXT = st.lists(st.one_of(st.characters(max_codepoint=127),
                           st.sampled_from(["\x1c", "\x1f", " ", "12", "0x1f", "'a b'",
                                            "10:05", "KB", "/usr/lib", "ab-12", "Mon Jan"])),
                 max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_both_modes_find_the_same_where_ascii_mode_is_used(text):
    for regex in _REGEXES:
        twin = re.compile(regex.pattern, re.ASCII)
        if ascii_mode_agrees(text):
            assert ([m.span() for m in twin.finditer(" " + text)]
                    == [m.span() for m in regex.finditer(" " + text)]), (regex.pattern, text)


def test_the_separators_unicode_counts_as_space_keep_unicode_mode():
    text = "a\x1cb"
    assert not ascii_mode_agrees(text) and not ascii_mode_agrees("é")
    assert re.findall(r"\s", text) == ["\x1c"] and re.findall(r"\s", text, re.ASCII) == []
    assert ascii_mode_agrees("plain text, 12 words\tand\ttabs\n")
