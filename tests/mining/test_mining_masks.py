"""Masks as data: what they recognise, how users extend them, and unsafe regexes refused."""

from __future__ import annotations

import time

import pytest

from engine.mining.masks import COMPILED, MaskError, build_mask_set, builtin_masks
from engine.mining.regex_safety import check_regex
from engine.mining.signature import content_signature


@pytest.mark.parametrize("text,masked", [
    ("No module named 'lxml'", "No module named '<*>'"),
    ("connect to 10.0.0.12:8080 failed", "connect to <*> failed"),
    ("read /var/log/app/x.log", "read <*>"),
    ("pytest tests/unit/test_a.py -q", "pytest <*> -q"),
    ("id 3f2b8c1e-0d4a-4b1e-9c7d-1a2b3c4d5e6f done", "id <*> done"),
    ("commit 9fceb02d0ae598e95dc970b74767f19372d61af8", "commit <*>"),
    ("at 2024-05-01T10:00:00Z took 250 ms", "at <*> took <*>"),
    ("blk_-1608999687919862906 ok", "blk_<*> ok"),
    ("poetry add httpx@^2.1.0", "poetry add httpx@<*>"),
    ("see https://example.com/a?b=1 now", "see <*> now"),
    ("plain words only", "plain words only"),
])
def test_builtin_masks(text, masked):
    assert build_mask_set().apply(text)[0] == masked


def test_user_masks_come_first_and_may_keep_literal_text():
    masks = build_mask_set([
        {"name": "ticket", "regex": r"JIRA-\d+"},
        {"name": "color", "regex": r"\x1b\[[0-9;]*m", "replacement": ""},
    ])
    masked, values, names = masks.apply("fix JIRA-123 \x1b[31mnow")
    assert (masked, values, names) == ("fix <*> now", ["JIRA-123"], ["ticket"])


@pytest.mark.parametrize("regex", [r"(a+)+b", r"(a|ab)*c", r"(\w+\s?)*$", r"(.*a){20}", r"(x*)*y"])
def test_catastrophic_regexes_are_refused_quickly(regex):
    start = time.perf_counter()
    with pytest.raises(MaskError) as caught:
        build_mask_set([{"name": "bad", "regex": regex}], source="autopattern.yaml")
    assert time.perf_counter() - start < 5
    message = str(caught.value)
    assert "autopattern.yaml" in message and "masks[0].regex" in message and "'bad'" in message


def test_the_probe_catches_what_the_analysis_cannot_prove():
    # A polynomial blow-up the static rules let through: the probe times it out.
    problem = check_regex(r"\d*\d*\d*\d*\d*\d*\d*\d*\d*\d*\d*\d*x")
    assert problem is not None and "catastrophic" in problem


@pytest.mark.parametrize("entry,field", [
    ({"name": "x", "regex": "("}, "masks[0].regex"),
    ({"name": "x"}, "masks[0].regex"),
    ({"name": "bad name", "regex": "a"}, "masks[0].name"),
    ({"name": "x", "regex": "a*"}, "masks[0].regex"),       # matches the empty string
    ({"name": "x", "regex": "(?P<n>a)"}, "masks[0].regex"),
    ({"name": "x", "regex": r"(a)\1"}, "masks[0].regex"),
    ({"name": "x", "regex": "a", "colour": 1}, "masks[0]"),
    ("just a string", "masks[0]"),
])
def test_invalid_masks_name_the_field(entry, field):
    with pytest.raises(MaskError) as caught:
        build_mask_set([entry])
    assert f"[{field}]" in str(caught.value)


def test_duplicate_and_non_list_masks():
    with pytest.raises(MaskError, match="defined twice"):
        build_mask_set([{"name": "a", "regex": "x"}, {"name": "a", "regex": "y"}])
    from engine.mining.masks import parse_masks
    with pytest.raises(MaskError, match="must be a list"):
        parse_masks({"name": "a"})


def test_builtin_masks_pass_their_own_checks():
    for mask in builtin_masks():
        assert check_regex(mask.regex, probe=False) is None, mask.name


def test_content_signature_keeps_shape_not_values():
    one = "# Billing\nname: billing\nversion: 1.2.0\ndeps:\n  - a\n  - b\n"
    two = "# Search\n\nname: search\nversion: 0.9.1\ndeps:\n  - x\n"
    other = "def main():\n    return 1\n"
    assert content_signature(one) == content_signature(two)
    assert content_signature(one) != content_signature(other)
    assert "billing" not in content_signature(one)


def test_a_long_word_is_one_value_and_never_scanned():
    masks = build_mask_set()
    blob = "A" * 300
    assert masks.apply(f"token {blob} rejected") == ("token <*> rejected", [blob], ["long_word"])
    assert masks.mask(f"token {blob} rejected") == "token <*> rejected"


from hypothesis import given, settings, strategies as st  # noqa: E402

_PIECES = ["a", "B", "KB", "ms", "sec", "0", "7", "42", "1.5", "-", ".", ":", "/", "'", '"',
           "(", ")", "<", "@", "^", "x", "0x1f", "Sun", "Jul", "2024-01-02", "10:00:01", "_"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4).map("".join),
                min_size=1, max_size=8).map(" ".join))
def test_the_fast_path_masks_like_the_full_one(text):
    """mask() (grouping) and apply() (values) must agree, or params would misalign."""
    masks = build_mask_set()
    masked, values, _ = masks.apply(text)
    assert masks.mask(text) == masked
    assert masked.count("<*>") == len(values)


# --- the compiled passes find exactly what the masks say, one mask at a time ----------------

import re  # noqa: E402

from engine.mining.masks import MaskSet  # noqa: E402
from engine.mining.regex_safety import first_chars_class, rejected_before, spans_whitespace  # noqa: E402

_USER = [{"name": "ident", "regex": r"(?<=id=)\w+"}, {"name": "build", "regex": r"\bv\d+\b"},
         {"name": "pair", "regex": r"<<[^>]+>>"}, {"name": "accent", "regex": r"é+"}]
_USER_MASKS = tuple(build_mask_set(_USER).masks)
_MORE = _PIECES + ["id=", "v12", "<<a b>>", "é", "x_9", "(1.16 KB)", "<1 sec", "Mon Jan 2 10:00:01"]


def _reference_spans(masks, text):
    """The documented semantics, one mask and one position at a time (slow, obvious)."""
    def first_match(candidates, subject, at):
        for mask in candidates:
            found = re.compile(mask.regex).match(subject, at)
            if found:
                span = found.span("value") if "(?P<value>" in mask.regex else found.span()
                return found.end(), span, mask.name
        return None

    phrase = [m for m in masks.masks if spans_whitespace(m.regex)]
    token = [m for m in masks.masks if m not in phrase]
    out, gaps, index, start_of_gap = [], [], 0, 0
    while index < len(text):  # pass 1: phrases, where no word character precedes
        if index == 0 or not re.match(r"[\w.\-]", text[index - 1]):
            hit = first_match(phrase, text, index)
            if hit:
                end, span, name = hit
                gaps.append((start_of_gap, index))
                out.append((*span, name))
                start_of_gap, index = end, end + 1
                continue
        index += 1
    gaps.append((start_of_gap, len(text)))
    for gap_start, gap_end in gaps:  # pass 2: every word of what is left
        offset = gap_start
        for word in text[gap_start:gap_end].split(" "):
            at = 0
            while at < len(word):
                hit = first_match(token, word, at)
                if hit and hit[0] > at:
                    out.append((offset + hit[1][0], offset + hit[1][1], hit[2]))
                    at = hit[0]
                else:
                    at += 1
            offset += len(word) + 1
    return sorted((s, e, n) for s, e, n in out if s != e)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_MORE), min_size=1, max_size=4).map("".join),
                min_size=1, max_size=8).map(" ".join))
def test_the_compiled_passes_match_the_masks_one_by_one(text):
    """The derived look-behind, first-character look-ahead and lead class only skip work."""
    masks = MaskSet(list(_USER_MASKS))  # fresh caches; the user masks were probed once
    spans = sorted((s, e, m.name) for s, e, m in masks.spans(text))
    reference = _reference_spans(masks, text)
    assert spans == reference
    # the masked text too (the word pass narrows each word to the masks it can hold)
    masked, at = [], 0
    for start, end, _ in reference:
        masked += [text[at:start], "<*>"]
        at = end
    assert MaskSet(list(_USER_MASKS)).mask(text) == "".join(masked) + text[at:]


@pytest.mark.parametrize("regex,rejected,allowed", [
    (r"(?<![\w.])\d+", "az09_.", " (-"),
    (r"(?<=@)\d+", "az09_. (", "@"),
    (r"\b[a-z]+", "az09_", " .(-"),
    (r"\b0x[0-9a-f]+|(?<![\w.])[0-9a-f]{8}", "az09_", " (-"),
    (r"\d+", "", " a0_.(-"),
    (r"(?<=\s)\d+", "a0(", " "),
    (r"(?<!\W)x", "", "a0_ (-"),          # \W is not known exactly: claim nothing
    (r"(?i)(?<=a)x", "", "aA"),           # case-blind: claim nothing
    (r"(?<![^a])x", "b (", "a"),
])
def test_rejected_before_reads_the_leading_assertions(regex, rejected, allowed):
    """Characters after which no match can start; never one after which one can."""
    found = {chr(c) for c in rejected_before(regex)}
    assert set(rejected) <= found
    assert not set(allowed) & found


def test_first_characters_see_past_an_optional_group_and_possessive_repeats():
    assert "b" in first_chars_class(r"(?:a:)?b")
    assert set("0123456789") <= set(first_chars_class(r"\d++x"))
    assert check_regex(r"(?<![\w.])\d++(?:\.\d++)?+ ?KB", probe=False) is None


@pytest.mark.parametrize("text", ["2024-01-021.51.5", "x'a b'1.2.3", "Sun Jul 3 10:05:25 2005>1.2.3"])
def test_a_word_glued_to_a_phrase_is_masked_like_its_own_word(text):
    """The slot a phrase leaves is not text: ``>`` of ``<*>`` is no version constraint."""
    masks = build_mask_set()
    masked, values, _ = masks.apply(text)
    assert masks.mask(text) == masked
    assert masked.count("<*>") == len(values)


# --- digit-blind shapes: a cache, never a change of result ------------------------------------

from engine.mining.masks import (ALL_DIGITS, NONZERO_DIGITS, DigitShape, Mask,  # noqa: E402
                                 builtin_masks, parse_masks)
from engine.mining.regex_safety import digit_blind  # noqa: E402


@pytest.mark.parametrize("regex,blind", [
    (r"[0-9]+", True), (r"\d[xX][0-9a-f]+", True), (r"[a-z\d]", True), (r"\S+", True),
    (r"[\D]x", True), (r"\W\d", True), (r"(?=\d)\w+", True), (r"[^0-9]a", True),
    (r"0x", False), (r"[1-5]", False), (r"[^5]", False), (r"[\D5]", False),
    (r"(\d)\1", False),          # a back-reference compares digits: never blind
    (r"(?>[1-5])", False), (r"(?:a|[0-4])", False),
])
def test_digit_blind_reads_every_place_a_digit_can_be_told_apart(regex, blind):
    assert digit_blind(regex) is blind


def test_the_shape_is_as_blind_as_the_masks_allow():
    assert build_mask_set().digit_shape is ALL_DIGITS   # the built-ins treat 0-9 alike
    with_zero = build_mask_set([{"name": "padded", "regex": r"\b0\d+\b"}])
    assert with_zero.digit_shape is NONZERO_DIGITS
    assert DigitShape.for_masks([Mask("low", r"\b[1-5]\b")]) is None
    assert ALL_DIGITS.of("blk_-1608 10.0.0.7") == b"blk_-0000 00.0.0.0"
    assert NONZERO_DIGITS.of("é 1608") == "é 1101"


def test_hex_numbers_take_any_digit_before_the_x():
    masks = build_mask_set()
    assert masks.apply("flags 0x1f and 3x4") == ("flags <*> and <*>", ["0x1f", "3x4"],
                                                 ["hex", "hex"])
    assert masks.mask("resized to 1920x1080") == "resized to 1920x1080"


_DIGIT_USER = [[], [{"name": "padded", "regex": r"\b0\d+\b"}],
               [{"name": "low", "regex": r"\b[1-5]\b"}]]
_DIGIT_MASKS = [parse_masks(user) + list(builtin_masks()) for user in _DIGIT_USER]  # probed once


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_DIGIT_MASKS),
       st.lists(st.lists(st.sampled_from(_MORE + ["07", "55", "3x4", "0x1f", "10.0.0.7"]),
                         min_size=1, max_size=3).map("".join), min_size=1, max_size=6).map(" ".join),
       st.randoms(use_true_random=False))
def test_texts_of_one_shape_mask_as_if_each_were_the_first(mask_list, text, rng):
    """Seen first, a text fills the shape caches; a text of the same shape read after it
    must get exactly what a fresh mask set gives it (with the miner's cache too)."""
    from itertools import count
    from engine.mining.miner import Miner
    other = "".join(rng.choice("0123456789") if ch.isdigit() else ch for ch in text)
    masks = MaskSet(mask_list)
    ids = count(1)
    miner = Miner("message", masks, lambda template: next(ids))
    for seen in (text, text):  # twice: the second reading comes from the caches
        masks.mask(seen), masks.spans(seen), miner.prepare(seen + " ")
    fresh = MaskSet(mask_list)
    assert masks.mask(other) == fresh.mask(other)
    assert masks.spans(other) == fresh.spans(other)
    fresh_miner = Miner("message", fresh, lambda template: next(ids))
    assert miner.prepare(other + " ").masked == fresh_miner.prepare(other + " ").masked


@pytest.mark.parametrize("regex,needed", [
    (r"\bv\d+\b", "0123456789"),
    (r"(?<=id=)\w+", "="),            # a look-behind looks inside the same word
    (r"(?<![:])[a-z]+z", "z"),        # a negative one needs nothing
    (r"(?:ab|cd)", "ac"),
    (r"a?b", "b"),
    (r"é+", ""),                      # beyond ASCII: only non-ASCII words are scanned
    (r"(?:a|)x", "x"),
    (r"(?:a|)", None),                # may be empty: no claim
    (r"(?i)abc", None),               # case-blind: no claim
    (r"[^a]+", None),
])
def test_required_chars_name_what_every_match_needs(regex, needed):
    from engine.mining.regex_safety import required_chars
    found = required_chars(regex)
    if needed is None:
        assert found is None or len(found) > 100
    else:
        assert found == frozenset(map(ord, needed))


_WORD = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"


@pytest.mark.parametrize("regex,needed", [
    (r"\bv\d+\b", ["v", "0123456789"]),
    (r"(?<=id=)\w+", ["=", "d", "i", _WORD]),        # a look-behind looks inside the word
    (r"(?:ab|cd)x", ["ac", "x"]),                  # a branch needs one of its alternatives
    (r"é+", [""]),                                 # only a character beyond ASCII meets it
    (r"[^a]+", []),
    (r"(?i)abc", None),
])
def test_required_sets_name_every_part_a_match_needs(regex, needed):
    from engine.mining.regex_safety import required_sets
    found = required_sets(regex)
    if needed is None:
        assert found is None
    else:
        assert set(found) == {frozenset(map(ord, chars)) for chars in needed}


@pytest.mark.parametrize("regex,width", [
    (r"\d{4}-\d{2}", 7), (r"(?<=@)\d+", 1), (r"a?b", 1), (r"(?:abc|d)e", 2),
    (r"\b(?:[0-9a-f]{2}:){5}[0-9a-f]{2}\b", 17),
])
def test_shortest_match_counts_what_every_match_takes(regex, width):
    from engine.mining.regex_safety import shortest_match
    assert shortest_match(regex) == width


def test_words_without_a_needed_character_are_not_scanned():
    masks = build_mask_set()
    assert masks._token.narrowed("Original").masks == ()
    assert masks.mask("Original value 12 at a:b sum:") == "Original value <*> at a:b sum:"
    if not COMPILED:  # run as source a word narrows to every mask or none
        assert masks._token.narrowed("12,").masks == masks._token.masks
        return
    assert masks._token.narrowed("sum:").masks == ()  # a URL needs "/" too, a MAC hex digits
    # the colon and hex letters a MAC address needs, but it takes 17 characters
    assert masks._token.narrowed("state:").masks == ()
    assert [mask.name for mask in masks._token.narrowed("state:reason:value").masks] == ["mac"]
    names = {mask.name for mask in masks._token.narrowed("12,").masks}
    assert names == {"hex", "version", "number"}  # none of them needs more than a digit
    assert masks.mask("Original value 12 at a:b sum:") == "Original value <*> at a:b sum:"


_LETTERED = build_mask_set([{"name": "greek", "regex": r"\balpha\b|\bbeta\b"}])


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True))
def test_a_word_of_letters_skips_the_scan_only_when_no_mask_needs_a_letter(word):
    """The built-in word masks all need a digit or punctuation: a word of ASCII letters
    is kept as it is without a search. A mask that needs a letter turns that off, and
    its words are still masked."""
    builtin = build_mask_set()
    assert builtin._token.letters_inert
    assert builtin._token.narrowed(word).masks == ()
    assert builtin.mask(word) == word
    lettered = _LETTERED  # built once: a user mask is probed in a child process
    assert not lettered._token.letters_inert
    assert lettered.mask(f"{word} beta") == f"{word if word not in ('alpha', 'beta') else '<*>'} <*>"
