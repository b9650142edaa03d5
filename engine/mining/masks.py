"""Masks: the variable values (numbers, IPs, paths, dates, ...) recognised in a text.

Masks are data: the built-in ones live in ``masks.yaml`` beside this module, users add
theirs in the workspace config (``masks: [{name, regex, replacement?}]``). They are
compiled into two alternations (masks that can span words, masks within a word), so
masking is a couple of regex scans however many masks there are. A user's regex is
checked before it is used (see ``engine.mining.regex_safety``) so that a catastrophic
pattern is rejected with an error naming the mask, instead of hanging ingest.
"""

from __future__ import annotations

import json
import re
import sys
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from types import FunctionType
from typing import Any, ClassVar, Final

import yaml

from engine.errors import AutopatternError, Location
from engine.mining.regex_safety import (check_regex, digit_blind, first_chars_class,
                                        rejected_before, required_chars, required_sets,
                                        shortest_match, spans_whitespace)

SLOT: Final = "<*>"
CACHE_LIMIT: Final = 200_000
MAX_WORD: Final = 256  # longer words are one value as a whole
# Masks that span words are tried after a character like this: a plain ASCII class (the
# regex engine scans for it with a bitmap), and not a word character beyond ASCII either
# (``LEAD_NOT_WORD``, checked only where a mask could start, after the first-character test).
WORD_LEAD: Final = r"[^a-zA-Z0-9_.\-]"
LEAD_NOT_WORD: Final = r"(?<!\w)"
NOT_ASCII: Final = r"[^\x00-\x7f]"
# (beside the package's ``__init__``: this module's own ``__file__`` is not its source's
# path once compiled, see ``engine.mining.native``)
BUILTIN_MASKS_PATH = Path(sys.modules["engine.mining"].__file__ or ".").with_name("masks.yaml")
_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def has_ascii_digit(text: str) -> bool:
    """Whether ``text`` holds one of 0-9 (compiled, a loop over a word's characters
    costs less than a call into the regex engine)."""
    for char in text:
        code = ord(char)
        if 48 <= code <= 57:
            return True
    return False


# Whether this module runs compiled (mypyc): a few loops over a word's characters have
# a second form, C calls that win when Python interprets the loop (same results)
COMPILED: Final = not isinstance(has_ascii_digit, FunctionType)
_ANYTHING: Final = re.compile(r"")


def ascii_mode_agrees(text: str) -> bool:
    r"""Whether a regex compiled with ``re.ASCII`` matches ``text`` exactly as in Unicode
    mode (case-insensitive patterns aside): the text is ASCII and holds none of
    ``\x1c``-``\x1f``, the only ASCII characters Unicode mode counts as ``\s``. There
    ``\w``, ``\d``, ``\s`` and ``\b`` are table lookups instead of Unicode database calls.
    (Four substring searches: ``str.isprintable`` calls a function per character.)"""
    return (text.isascii() and "\x1c" not in text and "\x1d" not in text
            and "\x1e" not in text and "\x1f" not in text)


class MaskError(AutopatternError):
    """A mask definition is invalid or unsafe."""


@dataclass(frozen=True)
class Mask:
    """One named mask. ``replacement`` None means "a slot whose value is a parameter"."""

    name: str
    regex: str
    replacement: str | None = None


Span = tuple  # (start, end, Mask)


@dataclass(frozen=True)
class MaskedPiece:
    """A piece of a text: literal text, or a slot value found by the mask ``mask``."""

    text: str
    mask: str | None = None  # None: literal text


LONG_WORD: Final = Mask("long_word", r"\S{257,}")  # what a word over MAX_WORD counts as


class MaskSet:
    """An ordered set of masks compiled into two regexes, applied in two passes.

    Masks that can match whitespace (dates like ``Sun Jul  3 10:05:25``, quoted text)
    run first over the whole text, tried where a word starts; the others run word by
    word, and a word's result is cached, so a word seen before costs one dict lookup.
    Within a pass the leftmost match wins, and at one position the mask listed first.
    """

    def __init__(self, masks: list[Mask]):
        self.masks = tuple(masks)
        spanning = [spans_whitespace(m.regex) for m in self.masks]
        self._phrase = compiled_masks(tuple(m for m, s in zip(self.masks, spanning) if s),
                                      WORD_LEAD)
        self._token = compiled_masks(tuple(m for m, s in zip(self.masks, spanning) if not s),
                                     None)
        self._words: dict[str, tuple[Span, ...]] = {}
        self._masked_words: dict[str, str] = {}
        # word -> where inside it a phrase could start (``_Compiled.sub_at_candidates``)
        self._phrase_starts: dict[str, tuple[int, ...]] = {}
        self._without: dict[frozenset, MaskSet] = {}
        # Texts that differ only in their digits get the same spans when no mask tells
        # 1 from 7: one dict hit instead of a scan (see ``DigitShape``).
        self.digit_shape = DigitShape.for_masks(self.masks)
        self._shapes = ShapeCache() if self.digit_shape else None   # shape -> spans
        self._word_shapes = ShapeCache() if self.digit_shape else None  # -> masked word

    def __len__(self) -> int:
        return len(self.masks)

    def spans(self, text: str) -> tuple[Span, ...]:
        """Where the masks match in ``text``: (start, end, mask), left to right."""
        shapes = self._shapes
        digit_shape = self.digit_shape
        shape: Any = None
        if shapes is not None and shapes.active and digit_shape is not None:
            shape = digit_shape.of(text)
            hit = shapes.get(shape)
            if hit is not None:
                return hit
        else:
            shapes = None
        found: list[Span] = []
        pos = 0
        for start, end, mask in self._phrase.matches(text):
            self._word_spans(text, pos, start, found)
            found.append((start, end, mask))
            pos = end
        self._word_spans(text, pos, len(text), found)
        result = tuple(found)
        if shapes is not None:
            shapes.put(shape, result)
        return result

    def mask(self, text: str) -> str:
        """Only the masked text: the hot path of the miner (values are read later, if asked).

        The same masks as ``apply``: the phrase masks tried where a match can start, and
        a lookup per word in the word cache, so a text of known words costs a few calls.
        """
        return self.mask_words(text.split(" "), text)

    def mask_words(self, words: list[str], text: str | None = None) -> str:
        """``mask`` of the text made of ``words`` joined by one space (``text``, when the
        caller has it): a text split once serves both passes when no phrase matches.
        Compiled, an ASCII text's phrase masks are tried word by word at the places a
        match can start (``_Compiled.sub_at_candidates``); else one regex scan does it."""
        phrase = self._phrase
        if phrase.regex is not None:
            spaced = " " + (" ".join(words) if text is None else text)
            if phrase.at_candidates and ascii_mode_agrees(spaced):
                replaced = phrase.sub_at_candidates(spaced, words, self._phrase_starts)
                if replaced is not None:
                    words = replaced[1:].split(" ")
            else:
                spaced, found = phrase.regex.subn(phrase.sub_with, spaced)
                if found:
                    words = spaced[1:].split(" ")
        cache = self._masked_words
        masked: list[str] = []
        for word in words:
            hit = cache.get(word)
            masked.append(hit if hit is not None else self._mask_new_word(word))
        return " ".join(masked)

    def _mask_new_word(self, word: str) -> str:
        """A word not in the cache, masked, and cached."""
        token = self._token
        if len(word) > MAX_WORD:
            return self._mask_word(word, token)
        if token.letters_inert and word.isalpha() and word.isascii():
            narrowed = _NO_MASKS  # no word mask can match letters alone: two C calls
        else:
            narrowed = token.narrowed(word)
        if not narrowed.masks:
            # most new words: they miss a character every match of each word mask needs
            # (so no digit either, and no piece around a slot could match): kept as
            # they are, without a scan
            if len(self._masked_words) < CACHE_LIMIT:
                self._masked_words[word] = word
            return word
        return self._mask_word(word, narrowed)

    def _mask_word(self, word: str, narrowed: "_Compiled") -> str:
        if SLOT in word:
            # A phrase ended or began inside this word: mask the pieces around its slot on
            # their own, as ``apply`` does, so a mask never reads the slot's ``<`` or ``>``.
            masked = SLOT.join([self._mask_piece(piece, self._token.narrowed(piece))
                                for piece in word.split(SLOT)])
        else:  # ``narrowed``: the masks this word may hold a match of (``_mask_new_word``)
            masked = self._mask_piece(word, narrowed)
        if len(self._masked_words) < CACHE_LIMIT:
            self._masked_words[word] = masked
        return masked

    def _mask_piece(self, word: str, narrowed: "_Compiled") -> str:
        if len(word) > MAX_WORD:
            return SLOT  # a blob, whole: never scanned, so no pattern can crawl over it
        shapes = self._word_shapes
        digit_shape = self.digit_shape
        if (shapes is None or digit_shape is None or not shapes.active
                or not has_ascii_digit(word)):
            return narrowed.sub(word, narrowed=True)
        # A new word that differs from a known one only in its digits (a block id, an
        # address) is masked like it when its masked form kept none of them.
        shape = digit_shape.of(word)
        masked = shapes.get(shape)
        if masked is None:
            masked = narrowed.sub(word, narrowed=True)
            if digit_shape.shared(masked):
                shapes.put(shape, masked)
        return masked

    def apply(self, text: str) -> tuple[str, list[str], list[str]]:
        """The masked text (slots as ``<*>``), the slot values and the masks that found them."""
        parts: list[str] = []
        values: list[str] = []
        names: list[str] = []
        pos = 0
        for start, end, mask in self.spans(text):
            parts.append(text[pos:start])
            if mask.replacement is None:
                parts.append(SLOT)
                values.append(text[start:end])
                names.append(mask.name)
            else:
                parts.append(mask.replacement)
            pos = end
        parts.append(text[pos:])
        return "".join(parts), values, names

    def pieces(self, text: str) -> list[MaskedPiece]:
        """The text as literal pieces and slot pieces (value and the mask that found it)."""
        masked, values, names = self.apply(text)
        out: list[MaskedPiece] = []
        for index, literal in enumerate(masked.split(SLOT)):
            if index:
                out.append(MaskedPiece(values[index - 1], names[index - 1]))
            if literal:
                out.append(MaskedPiece(literal))
        return out

    def without(self, names) -> "MaskSet":
        """The same set minus the named masks (paths are not variables in a path)."""
        names = frozenset(names) & {mask.name for mask in self.masks}
        if not names:
            return self
        if names not in self._without:
            self._without[names] = MaskSet([m for m in self.masks if m.name not in names])
        return self._without[names]

    def _word_spans(self, text: str, start: int, end: int, found: list) -> None:
        if start >= end:
            return
        cache = self._words
        offset = start
        for word in text[start:end].split(" "):
            hit = cache.get(word)
            if hit is None and len(word) > MAX_WORD:
                hit = ((0, len(word), LONG_WORD),)
            elif hit is None:
                hit = tuple(self._token.matches(word))
                if len(cache) < CACHE_LIMIT:
                    cache[word] = hit
            for s, e, mask in hit:
                found.append((offset + s, offset + e, mask))
            offset += len(word) + 1


class DigitShape:
    """Texts read digit-blind: every digit of a set counts as the first one.

    When every mask treats those digits alike (``regex_safety.digit_blind``), texts of
    one *shape* get the same spans, and the same masked text as long as it still holds
    none of those digits (they all fell inside values). ``ALL_DIGITS`` is used when
    the masks allow; a mask with a literal ``0`` still allows ``NONZERO_DIGITS``.
    """

    def __init__(self, digits: str):
        self.digits = digits
        first = digits[0] * len(digits)
        self._bytes = bytes.maketrans(digits.encode("ascii"), first.encode("ascii"))
        self._str = str.maketrans(digits, first)

    @classmethod
    def for_masks(cls, masks) -> "DigitShape | None":
        for shape in (ALL_DIGITS, NONZERO_DIGITS):
            if all(digit_blind(m.regex, shape.digits) for m in masks):
                return shape
        return None

    def of(self, text: str) -> Any:
        """The shape (bytes for ASCII: ``bytes.translate`` is ten times ``str.translate``;
        trying the encoding costs less than asking ``isascii`` first, a method call)."""
        try:
            return text.encode("ascii").translate(self._bytes)
        except UnicodeEncodeError:
            return text.translate(self._str)

    def shared(self, masked: str) -> bool:
        """Whether ``masked`` is the masked form of every text of its shape: it kept
        none of the digits (a substring search per digit beats a class scan threefold)."""
        for digit in self.digits:
            if digit in masked:
                return False
        return True


ALL_DIGITS: Final = DigitShape("0123456789")
NONZERO_DIGITS: Final = DigitShape("123456789")


_TRIAL: Final = 500        # ``ShapeCache.TRIAL``
_MIN_HITS: Final = 100     # ``ShapeCache.MIN_HIT_RATE * ShapeCache.TRIAL``


class ShapeCache:
    """A bounded cache that switches itself off when texts rarely share a shape.

    Computing a shape costs a ``translate``; on streams where nearly every line is new
    (block ids, file names) that cost buys nothing, so after ``TRIAL`` lookups with
    fewer than ``MIN_HIT_RATE`` hits the cache stops being consulted. Results never
    depend on it: it only skips work whose answer is already known.
    """

    TRIAL: ClassVar[int] = _TRIAL
    MIN_HIT_RATE: ClassVar[float] = _MIN_HITS / _TRIAL

    def __init__(self) -> None:
        self.active = True
        self._data: dict[Any, Any] = {}
        self._on_trial = True
        self._lookups = self._hits = 0

    def get(self, shape: Any) -> Any:
        hit = self._data.get(shape)
        if not self._on_trial:  # kept: a lookup is all there is to it
            return hit
        self._lookups += 1
        if hit is not None:
            self._hits += 1
        if self._lookups == _TRIAL:  # module constants: compiled, a class attribute is a lookup
            self._on_trial = False
            if self._hits < _MIN_HITS:
                self.active = False
                self._data.clear()
        return hit

    def put(self, shape: Any, value: Any) -> None:
        if self.active and len(self._data) < CACHE_LIMIT:
            self._data[shape] = value


@lru_cache(maxsize=256)
def compiled_masks(masks: tuple[Mask, ...], lead: str | None,
                   narrowable: bool = True) -> "_Compiled":
    """``_Compiled(masks, lead, narrowable)``, built once per process for the same masks:
    it holds no text's results, only regexes and what was read from them, so mask sets
    share it (a new mask set, as ingest makes per batch and the benchmark per run, then
    costs no regex analysis)."""
    return _Compiled(list(masks), lead=lead, narrowable=narrowable)


class _Compiled:
    """Several masks as one alternation; yields (start, end, mask) per match.

    A mask may mark the part of its match that is the value with ``(?P<value>...)``
    (``'(?P<value>[^']+)'`` keeps the quotes literal). Two cheap tests go in front of the
    alternation, both derived from the masks so they never change a result: a
    look-behind on the characters that rule out every mask (the inside of a word, for
    the built-in ones) and a look-ahead on the characters a match can start with. The
    regex engine then drops most positions after one test instead of trying every mask.
    Without a lead, a text is scanned only for the masks that can match somewhere in it
    (``narrowed``: read from the characters each mask needs), and not at all when none can.

    With ``lead`` (a character class) the pattern instead starts by consuming one
    character of that class before the mask, and the text is scanned with a space in
    front. A pattern that starts with a plain character class lets the regex engine
    jump between candidate characters in C; the phrase pass uses it to try masks only
    after a character that is not part of a word. The lead is written back unchanged.
    """

    def __init__(self, masks: list[Mask], lead: str | None = None, narrowable: bool = True):
        # narrowable: False for an alternation ``narrowed`` made (it compiles lazily)
        self._by_group = {f"_m{i}": mask for i, mask in enumerate(masks)}
        alternatives = [f"(?P<_m{i}>{mask.regex.replace('(?P<value>', f'(?P<_v{i}>')})"
                        for i, mask in enumerate(masks)]
        pattern = "|".join(alternatives)
        first = first_chars_class(pattern) if pattern else None
        # the same alternation without groups: when every match simply becomes a slot,
        # nothing needs to know which mask matched, and groups cost the engine a mark each
        bare = "|".join(f"(?:{mask.regex})" for mask in masks)
        # (beyond ASCII every character may start a match; an ASCII text has none)
        front = f"(?={first}|{NOT_ASCII})" if first else ""
        ascii_front = f"(?={first})" if first else ""
        self.lead = lead
        if lead:
            # the lead is tested first (a bitmap scan), then the first character, and only
            # then the costlier look-behind that keeps the lead out of a word
            front = f"(?P<_lead>{lead}){front}{LEAD_NOT_WORD}"
            ascii_front = f"(?P<_lead>{lead}){ascii_front}{LEAD_NOT_WORD}"
        elif masks:
            rejected = _reject_before(masks)
            front, ascii_front = rejected + front, rejected + ascii_front
        # The regexes: grouped (to know which mask matched) and bare, each also in ASCII
        # mode for texts where both modes agree (see ``ascii_mode_agrees``: about a fifth
        # of a scan's time). Case-insensitive masks keep one mode: a non-ASCII pattern
        # letter can match an ASCII one. A narrowed alternation compiles them when first
        # used: a word pass meets a few dozen mask subsets, most need one of the four.
        self._sources = (f"{front}(?:{pattern})", f"{ascii_front}(?:{pattern})",
                         f"{front}(?:{bare})", f"{ascii_front}(?:{bare})")
        self._same_on_ascii = not any(re.compile(m.regex).flags & re.IGNORECASE for m in masks)
        self.regex: re.Pattern | None = None
        self.ascii_regex: re.Pattern | None = None
        self._value_group = {f"_m{i}": f"_v{i}" for i, mask in enumerate(masks)
                             if "(?P<value>" in mask.regex}
        # per mask group: (literal replacement or None, the group of its value or None)
        self._how = {group: (mask.replacement, self._value_group.get(group))
                     for group, mask in self._by_group.items()}
        # plain: every match simply becomes a slot, so re.sub does it all in C
        self.plain = not self._value_group and all(m.replacement is None for m in masks)
        self._plain_sub: Any = None
        self._ascii_plain_sub: Any = None
        if alternatives and narrowable:
            self.regex, self.ascii_regex = self._regex(False), self._regex(True)
            if self.plain and not lead:
                self._plain(False), self._plain(True)
        # The phrase pass on ASCII texts (``sub_at_candidates``): per ASCII character,
        # whether it can be a lead, and the alternation of the masks whose match can start
        # with it (``match`` of it, or None when none can): a digit is tried for
        # timestamps, sizes and durations, not for dates or quoted text. Compiled only:
        # run as source, a loop over the words costs more than one regex scan.
        self.at_candidates = False
        self._is_lead: list[bool] = []
        self._attempt_at: list[Any] = []
        if lead and alternatives and self._same_on_ascii and COMPILED:
            self.at_candidates = True
            lead_class = re.compile(lead, re.ASCII)
            self._is_lead = [lead_class.fullmatch(chr(code)) is not None for code in range(128)]
            firsts = [first_chars_class(mask.regex) for mask in masks]
            attempts: dict[tuple[int, ...], Any] = {}
            for code in range(128):
                chosen = tuple(index for index, first in enumerate(firsts)
                               if first is None or re.fullmatch(first, chr(code), re.ASCII))
                if chosen and chosen not in attempts:
                    either = "|".join(alternatives[index] for index in chosen)
                    attempts[chosen] = re.compile(f"{LEAD_NOT_WORD}(?:{either})", re.ASCII).match
                self._attempt_at.append(attempts[chosen] if chosen else None)
        self._template = r"\g<_lead>" + SLOT if lead else SLOT
        self.sub_with = self._template if self.plain else self.replace  # what ``re.sub`` gets
        # The word pass only: which masks a word can hold a match of at all, read from
        # the characters each mask's matches need (``required_sets``). A word narrows the
        # alternation to those (most words hold none, many one or two of ten), and the
        # regex engine then tries fewer masks at each place; leaving out a mask that
        # cannot match anywhere in the word never changes which one matches first.
        self.masks = tuple(masks)  # the masks this alternation tries, in order
        self._needs_of_char: list[int] | None = None   # ASCII code -> needs it meets
        self._needs_of_mask: list[int] = []            # per mask: the needs it has
        self._width_of_mask: list[int] = []            # per mask: its shortest match
        self._widths: list[int] = []                   # those, sorted, once each
        self._bucket_of_length: list[int] = []         # a length -> its bucket of them
        self._bucket_count = 1
        self._could_any: Any = _ANYTHING.search  # ``narrowed`` run as source
        self._narrowed: dict[int, _Compiled] = {}      # needs met -> the alternation
        self.letters_inert = False
        if not lead and masks and narrowable:
            self._plan_narrowing()

    def _plan_narrowing(self) -> None:
        """Number every set of characters some mask needs; per ASCII character, the sets
        it belongs to, and per mask the sets it needs (as bits of one int). And the
        length a match takes at least, per mask: a shorter word cannot hold one (a MAC
        address takes 17 characters, ``state:`` has the colon and hex letters it needs)."""
        needs: dict[frozenset, int] = {}
        for mask in self.masks:
            bits = 0
            for chars in required_sets(mask.regex) or ():
                bits |= 1 << needs.setdefault(chars, len(needs))
            self._needs_of_mask.append(bits)
            self._width_of_mask.append(shortest_match(mask.regex))
        if not needs and max(self._width_of_mask) <= 1:
            return  # no mask needs anything: every text would narrow to all of them
        # lengths in buckets between the masks' shortest matches: bucket b holds the
        # lengths from widths[b - 1] up to widths[b] (none below the first)
        widths = self._widths = sorted(set(self._width_of_mask))
        self._bucket_count = len(widths) + 1
        self._bucket_of_length = [bisect_right(widths, length)
                                  for length in range(widths[-1] + 1)]
        table = [0] * 128
        for chars, index in needs.items():
            for code in chars:
                table[code] |= 1 << index
        self._needs_of_char = table
        # run as source: a search for any character of each mask's most selective need
        if all(self._needs_of_mask):
            union = frozenset().union(*(required_chars(mask.regex) or frozenset()
                                        for mask in self.masks))
            listed = "".join(re.escape(chr(code)) for code in sorted(union))
            self._could_any = re.compile(f"[{listed}]|{NOT_ASCII}" if listed
                                         else NOT_ASCII).search
        # no mask can match a word of ASCII letters alone: known by two C calls
        # (``isascii``, ``isalpha``) instead of a loop over its characters
        letters = 0
        for code in range(128):
            if chr(code).isalpha():
                letters |= table[code]
        self.letters_inert = not self._narrow(letters, len(widths)).masks

    def narrowed(self, text: str) -> "_Compiled":
        """The alternation of the masks that can match somewhere in ``text`` (itself when
        all can or it does not narrow; one without a regex when none can)."""
        table = self._needs_of_char
        if table is None:
            return self
        try:
            data = text.encode("ascii")
        except UnicodeEncodeError:
            return self  # the needs are read on ASCII: anything else may meet them
        if not COMPILED:
            # run as source, the loop below costs more than the scans it saves: one search
            # for a character some mask needs (``_could_any``), and all masks or none
            return self if self._could_any(text) is not None else _NO_MASKS
        met = 0
        size = len(data)
        for index in range(size):  # indexing bytes reads a plain int: 130 ns a word
            met |= table[data[index]]
        buckets = self._bucket_of_length
        bucket = buckets[size] if size < len(buckets) else buckets[-1]
        found = self._narrowed.get(met * self._bucket_count + bucket)
        if found is None:
            found = self._narrow(met, bucket)
        return found

    def _narrow(self, met: int, bucket: int) -> "_Compiled":
        shortest = self._widths[bucket - 1] if bucket else -1  # the bucket's least length
        chosen = tuple(mask for mask, needs, width in zip(self.masks, self._needs_of_mask,
                                                          self._width_of_mask)
                       if needs & met == needs and width <= shortest)
        found = self if len(chosen) == len(self.masks) else compiled_masks(chosen, None, False)
        if len(self._narrowed) >= 4096:
            self._narrowed.clear()
        self._narrowed[met * self._bucket_count + bucket] = found
        return found

    def _regex(self, ascii: bool) -> re.Pattern:
        """The grouped regex (in ASCII mode when ``ascii`` and the masks allow), compiled
        when first asked for."""
        if ascii and self._same_on_ascii:
            if self.ascii_regex is None:
                self.ascii_regex = re.compile(self._sources[1], re.ASCII)
            return self.ascii_regex
        if self.regex is None:
            self.regex = re.compile(self._sources[0])
        if not self._same_on_ascii:
            self.ascii_regex = self.regex
        return self.regex

    def _plain(self, ascii: bool) -> Any:
        """``sub`` of the bare regex (see ``_regex``)."""
        if ascii and self._same_on_ascii:
            if self._ascii_plain_sub is None:
                self._ascii_plain_sub = re.compile(self._sources[3], re.ASCII).sub
            return self._ascii_plain_sub
        if self._plain_sub is None:
            self._plain_sub = re.compile(self._sources[2]).sub
        return self._plain_sub

    def sub(self, text: str, narrowed: bool = False) -> str:
        """``text`` with every match replaced (by a slot, a literal, or a quoted slot).
        ``narrowed``: this alternation is already ``narrowed(text)``."""
        if not narrowed and self._needs_of_char is not None:
            return self.narrowed(text).sub(text, narrowed=True)
        if not self.masks:
            return text
        ascii = ascii_mode_agrees(text)
        if self.lead:
            return self._regex(ascii).sub(self.sub_with, " " + text)[1:]
        if self.plain:
            return self._plain(ascii)(SLOT, text)
        return self._regex(ascii).sub(self.replace, text)

    def matches(self, text: str):
        if self._needs_of_char is not None:
            yield from self.narrowed(text)._matches(text)
        else:
            yield from self._matches(text)

    def _matches(self, text: str):
        if not self.masks:
            return
        regex = self._regex(ascii_mode_agrees(text))
        shift = 1 if self.lead else 0
        for match in regex.finditer(" " + text if shift else text):
            group = match.lastgroup or ""
            inner = self._value_group.get(group, group)
            start, end = match.span(inner)
            if start != end:
                yield start - shift, end - shift, self._by_group[group]

    def sub_at_candidates(self, spaced: str, words: list[str],
                          starts: dict[str, tuple[int, ...]]) -> str | None:
        """``sub`` for the phrase pass on an ASCII ``spaced`` text (`` " "`` + ``words``
        joined by one space), or None when nothing matched. The regex is tried only at
        the places its lead allows: a word's first character, and inside a word after a
        lead character (``starts`` caches those offsets per word), each when it is a
        first character. A regex with a class up front makes the engine test every
        character of the text against it in turn, and start a match attempt at each
        space; here a text of known words costs a dict lookup per word and one attempt
        per candidate. As in ``sub``, a match starts at least one character after the
        last one ended (that character was its lead)."""
        attempt_at = self._attempt_at
        parts: list[str] = []
        done = 0      # spaced[:done] is in parts
        allowed = 0   # the first place the next match may start
        at = 1
        for word in words:
            offsets = starts.get(word)
            if offsets is None:
                offsets = self._starts_in(word)
                if len(starts) < CACHE_LIMIT:
                    starts[word] = offsets
            for offset in offsets:
                place = at + offset
                if place >= allowed:
                    found = attempt_at[ord(word[offset])](spaced, place)
                    if found is not None:
                        end = found.end()
                        parts.append(spaced[done:place])
                        parts.append(self._replacement(found))
                        done = end
                        allowed = end + 1
            at += len(word) + 1
        if not parts:
            return None
        parts.append(spaced[done:])
        return "".join(parts)

    def _starts_in(self, word: str) -> tuple[int, ...]:
        """Where in ``word`` (ASCII, after a space) a match could start: its first
        character, and any character right after a lead character, when some mask's
        match can start with it."""
        is_lead, attempt_at = self._is_lead, self._attempt_at
        if word.isalpha():  # letters only: no lead inside, only the first can start one
            return _FIRST_ONLY if word and attempt_at[ord(word[0])] is not None else _NO_STARTS
        found: list[int] = []
        previous_is_lead = True  # the space before the word
        data = word.encode("ascii")  # (compiled, indexing bytes reads a plain int)
        for index in range(len(data)):
            code = data[index]
            if previous_is_lead and attempt_at[code] is not None:
                found.append(index)
            previous_is_lead = is_lead[code]
        return tuple(found) if found else _NO_STARTS

    def _replacement(self, match: re.Match) -> str:
        """What replaces a match (its lead aside): a slot, a literal, or a quoted slot."""
        group = match.lastgroup or ""
        replacement, inner = self._how[group]
        if replacement is not None:
            return replacement
        if inner is None:
            return SLOT
        start, end = match.span(group)
        value_start, value_end = match.span(inner)
        string = match.string
        return string[start:value_start] + SLOT + string[value_end:end]

    def replace(self, match: re.Match) -> str:
        """The replacement of one match for ``re.sub``: its lead (group 1), written back,
        then ``_replacement``."""
        return (match[1] if self.lead else "") + self._replacement(match)


_NO_MASKS: Final = _Compiled([], narrowable=False)  # what a text no mask can match narrows to
_NO_STARTS: Final[tuple[int, ...]] = ()
_FIRST_ONLY: Final[tuple[int, ...]] = (0,)


def _reject_before(masks: list[Mask]) -> str:
    """A look-behind for the characters before which no mask of ``masks`` can match."""
    rejected = frozenset.intersection(*(rejected_before(m.regex) for m in masks))
    if not rejected:
        return ""
    return "(?<![" + "".join(re.escape(chr(c)) for c in sorted(rejected)) + "])"


@cache
def builtin_masks() -> tuple[Mask, ...]:
    """The masks shipped in masks.yaml (trusted: not probed, but still compiled)."""
    data = yaml.safe_load(BUILTIN_MASKS_PATH.read_text(encoding="utf-8")) or {}
    return tuple(parse_masks(data.get("masks") or [], source=str(BUILTIN_MASKS_PATH),
                             probe=False))


def parse_masks(raw: Any, *, source: str = "autopattern.yaml", field: str = "masks",
                probe: bool = True) -> list[Mask]:
    """Validate mask definitions (as found in YAML) and return them as ``Mask`` objects.

    Every problem raises ``MaskError`` naming the source file and the field
    (``masks[2].regex``), never a traceback and never a regex that could hang ingest.
    """
    if not isinstance(raw, list):
        raise MaskError("masks must be a list of {name, regex, replacement?}",
                        Location(source, field=field))
    masks, seen = [], set()
    for index, entry in enumerate(raw):
        where = f"{field}[{index}]"
        if not isinstance(entry, dict):
            raise MaskError("a mask must be a mapping with name and regex",
                            Location(source, field=where))
        unknown = set(entry) - {"name", "regex", "replacement", "description"}
        if unknown:
            raise MaskError(f"unknown key(s) {', '.join(sorted(map(str, unknown)))} in a mask",
                            Location(source, field=where),
                            hint="a mask has name, regex and optionally replacement")
        name = entry.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            raise MaskError(f"mask name {name!r} must be an identifier (letters, digits, _)",
                            Location(source, field=f"{where}.name"))
        if name in seen:
            raise MaskError(f"mask {name!r} is defined twice", Location(source, field=f"{where}.name"))
        seen.add(name)
        regex = entry.get("regex")
        if not isinstance(regex, str) or not regex:
            raise MaskError(f"mask {name!r}: regex must be a non-empty string",
                            Location(source, field=f"{where}.regex"))
        replacement = entry.get("replacement")
        if replacement is not None and not isinstance(replacement, str):
            raise MaskError(f"mask {name!r}: replacement must be a string",
                            Location(source, field=f"{where}.replacement"))
        if replacement == SLOT:
            replacement = None
        problem = check_regex(regex, probe=probe)
        if problem:
            raise MaskError(f"mask {name!r}: {problem}", Location(source, field=f"{where}.regex"),
                            hint="simplify the pattern: no nested or overlapping repetition")
        masks.append(Mask(name, regex, replacement))
    return masks


def build_mask_set(extra: list[dict] | None = None, *, source: str = "autopattern.yaml") -> MaskSet:
    """The user's masks (checked), then the built-in ones, as one compiled set."""
    user = parse_masks(extra, source=source) if extra else []
    names = {mask.name for mask in user}
    return MaskSet(user + [mask for mask in builtin_masks() if mask.name not in names])


_SHARED: dict[str, MaskSet] = {}


def shared_mask_set(extra: list[dict] | None = None, *,
                    source: str = "autopattern.yaml") -> MaskSet:
    """``build_mask_set``, once per process for the same definitions.

    Ingest opens a fresh miner for every batch; sharing the mask set keeps the user's
    masks checked once (the probe spawns a process) and the word caches warm. Safe
    because a mask set's caches are pure functions of the texts.
    """
    key = json.dumps([extra or [], source], sort_keys=True, default=str)
    masks = _SHARED.get(key)
    if masks is None:
        masks = build_mask_set(extra, source=source)
        if len(_SHARED) >= 16:
            _SHARED.clear()
        _SHARED[key] = masks
    return masks
