"""The miner's fast paths give exactly what the plain paths they short-cut give.

Each shortcut (a text split once for both mask passes, a shape cache that skips its
bookkeeping after its trial, a new template's families registered in one update)
exists only for speed; these tests run the same texts through the shortcut and through
the path it replaces and require the same masked forms, templates and ids.
"""

from __future__ import annotations

import re
from itertools import count

from hypothesis import given, settings, strategies as st

from bench.synthetic_logs import generate
from engine.mining.masks import ShapeCache, build_mask_set
from engine.mining.miner import Preparer
from engine.mining.native import source_module

# The reference subclasses the miner, which a compiled class does not allow: both miners
# of that test run from the source (the compiled one is checked against it elsewhere).
_source = source_module("miner")
Miner, Family = _source.Miner, _source.Family

_TEXTS = [
    "proxy.cse.cuhk.edu.hk:5070 close, 451 bytes sent, 18846 bytes (18.4 KB) received, lifetime <1 sec",
    "session opened for user root by (uid=0)",
    "No module named 'lxml' in /srv/app/a.py",
    "Sun Jul  3 10:05:25 2005 started worker7",
    "name[17] state 'Active now' x=<*> (<*>)",
    "",
    "   spaced    out\ttext  ",
]


def _texts():
    return _TEXTS + generate(0).contents[:600] + generate(3).contents[:600]


def test_one_split_serves_both_passes():
    masks, plain = build_mask_set(), build_mask_set()
    for text in _texts():
        normal = " ".join(text.split())
        assert masks.mask_words(text.split()) == plain.mask(normal), text


def test_the_shape_cache_answers_the_same_after_its_trial():
    cache = ShapeCache()
    for index in range(ShapeCache.TRIAL + 10):
        cache.put(b"shape", "masked")
        assert cache.get(b"shape") == "masked"
        assert cache.get(b"other") is None
    assert cache.active
    preparer, fresh = Preparer("message", build_mask_set()), build_mask_set()
    for text in _texts() * 2:  # past the trial, and again from the caches
        expected = Preparer("message", fresh).prepare(text).masked
        assert preparer.prepare(text).masked == expected, text


class _LoopOnly(Miner):
    """The reference: every template registered position by position (no shortcut)."""

    def _join_families(self, cluster, merge):
        self._missed = None
        return super()._join_families(cluster, merge)


def _families(miner):
    return {key: (sorted(f.members), sorted(f.values), f.merged) if isinstance(f, Family) else f
            for key, f in miner._families.items()}


def test_a_new_templates_families_are_registered_as_the_loop_would():
    masks = build_mask_set()
    ids_a, ids_b = count(1), count(1)
    fast = Miner("message", masks, lambda template: next(ids_a))
    loop = _LoopOnly("message", masks, lambda template: next(ids_b))
    for text in _texts():
        assert fast.add(text).cluster.id == loop.add(text).cluster.id, text
    assert fast.to_state() == loop.to_state()
    assert _families(fast) == _families(loop)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["(", ")", "[", "]", "{", "}", "<", ">", "<*>", "a", "_",
                                 " ", "1", "é", "."]), max_size=12).map("".join))
def test_the_bracket_fold_is_the_plain_look_behind_rule(text):
    """Bracket first, look-behind after (a scan for brackets) folds what the plain rule
    does: a bracket not preceded by a word character, ``]`` or ``)``."""
    from engine.mining.miner import _BRACKETED

    plain = re.compile(r"(?<![\w\]\)])[(\[{<]<\*>[)\]}>]")
    assert _BRACKETED.sub("<*>", text) == plain.sub("<*>", text)


_DIGIT, _LETTER = re.compile(r"\d"), re.compile(r"[A-Za-z]")


def _token_kind_by_regex(token: str) -> int:
    """The definition ``_token_kind`` computes in one pass over the characters."""
    if token == "<*>":
        return 0
    if "<*>" in token or _DIGIT.search(token):
        return 2
    return 1 if _LETTER.search(token) else 0


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["<*>", "a", "Z", "7", "٣", "é", "ß", "_", "-", ":",
                                           "<", "*", ">", "Ⅳ", "²"]),
                          st.characters()), max_size=8).map("".join))
def test_a_tokens_kind_is_its_regex_definition(token):
    """Compiled and source alike (``\\d`` is any decimal digit: Arabic-Indic ٣ counts,
    superscript ² and the numeral Ⅳ do not)."""
    from engine.mining.miner import _token_kind
    assert _token_kind(token) == _source._token_kind(token) == _token_kind_by_regex(token)


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(["message", "path", "content"]),
       st.lists(st.sampled_from(["a", "<*>x", "x<*>", "<", "<*", "*>", "b:", "", "<*>"]),
                min_size=1, max_size=7))
def test_a_family_of_one_reads_its_token_back_from_its_key(kind, tokens):
    """A family of one keeps its template's tokens joined, not its token: the token is
    where the key (the same tokens, that one a slot) first differs, whatever the
    tokens look like around a slot, and empty ones (a path's ``a//b``)."""
    from engine.mining.miner import Miner as CompiledMiner, _family_keys
    if kind == "message":
        tokens = [t for t in tokens if t] or ["a"]  # words split on spaces are never empty
    miner = CompiledMiner(kind, build_mask_set(), lambda template: 1)
    whole = miner._join(tokens)
    assert miner._tokens(whole) == tokens
    for position, key in enumerate(_family_keys(whole, tokens)):
        if tokens[position] != "<*>":  # a slot's family is one the template heads
            assert miner._one_token(key, whole) == tokens[position]


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=12))
def test_has_ascii_digit_is_the_class_search(text):
    from engine.mining.masks import has_ascii_digit
    assert has_ascii_digit(text) == bool(re.search("[0-9]", text))
