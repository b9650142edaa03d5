"""Refuse regular expressions that could hang ingest (catastrophic backtracking).

Python's ``re`` backtracks, so ``(a+)+b`` or ``(\\w|\\d)*x`` take exponential time on a
string that almost matches. A user's mask runs on every token of every event, so one
bad pattern would stall ingest forever. Two independent checks, both must pass:

1. a static analysis of the parsed pattern (``re._parser``): under a repetition that can
   run many times, a nested repetition must be delimited by a mandatory part that cannot
   be confused with it, and the alternatives of a branch must not start alike;
2. a probe: the pattern runs against adversarial strings built from its own alphabet in
   a separate process with a time budget, which catches what the analysis cannot prove.

The miner also caps the length of a token it masks, bounding even polynomial cases.
"""

from __future__ import annotations

import re
import subprocess
import sys
from functools import lru_cache

try:  # Python 3.11+
    from re import _constants as C, _parser as P
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

PROBE_SECONDS = 2.0
PROBE_LENGTH = 48
MANY = 10  # a repetition bound above which a repeat counts as "many times"
_ALPHABET = frozenset(range(128))
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
_CATEGORIES = {
    C.CATEGORY_DIGIT: frozenset(range(48, 58)),
    C.CATEGORY_SPACE: frozenset(b" \t\n\r\f\v"),
    C.CATEGORY_WORD: frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"),
}


def check_regex(regex: str, *, probe: bool = True) -> str | None:
    """Return why ``regex`` is unusable as a mask, or None when it is safe."""
    try:
        compiled = re.compile(regex)
        parsed = P.parse(regex)
    except re.error as exc:
        return f"invalid regex: {exc} (at position {exc.pos})"
    if set(compiled.groupindex) - {"value"}:
        return "the only named group allowed in a mask is (?P<value>...) (use (?:...))"
    problem = _static_problem(list(parsed))
    if problem:
        return problem
    if compiled.match("") or parsed.getwidth()[0] == 0:
        return "the regex can match the empty string"
    if probe:
        return _probe(regex)
    return None


@lru_cache(maxsize=1024)
def spans_whitespace(regex: str) -> bool:
    """Whether a match of ``regex`` may contain a space (then it runs on whole texts)."""
    return bool(_chars(list(P.parse(regex))) & _CATEGORIES[C.CATEGORY_SPACE])


@lru_cache(maxsize=1024)
def digit_blind(regex: str, digits: str = "0123456789") -> bool:
    """Whether ``regex`` treats the characters of ``digits`` alike (``\\d`` and ``[0-9]``
    do; a literal ``0``, ``[1-5]`` or a back-reference, which compares what was read, do not).

    Then reading every one of them as the first cannot change where the regex matches,
    which lets the masks cache their results by a text's digit-blind *shape*. Any
    construct the check does not know counts as not blind.
    """
    alike = frozenset(map(ord, digits))

    def blind(items) -> bool:
        for op, av in items:
            if op in (C.LITERAL, C.NOT_LITERAL):
                if av in alike:
                    return False
            elif op is C.IN:
                found = _class_digits(av) & alike
                if found and found != alike:
                    return False
            elif op in _REPEATS:
                if not blind(av[2]):
                    return False
            elif op is C.SUBPATTERN:
                if not blind(av[-1]):
                    return False
            elif op is C.ATOMIC_GROUP:
                if not blind(av):
                    return False
            elif op is C.BRANCH:
                if not all(blind(alt) for alt in av[1]):
                    return False
            elif op in (C.ASSERT, C.ASSERT_NOT):
                if not blind(av[1]):
                    return False
            elif op not in (C.ANY, C.AT):
                return False  # back-references and anything else unknown
        return True
    try:
        return blind(P.parse(regex))
    except re.error:
        return False


_DIGITS = frozenset(range(ord("0"), ord("9") + 1))
# what each category holds of the digits: all or none (\\W and \\D hold none)
_CATEGORY_DIGITS = {C.CATEGORY_DIGIT: _DIGITS, C.CATEGORY_WORD: _DIGITS,
                    C.CATEGORY_NOT_SPACE: _DIGITS, C.CATEGORY_NOT_DIGIT: frozenset(),
                    C.CATEGORY_NOT_WORD: frozenset(), C.CATEGORY_SPACE: frozenset()}


def _class_digits(items) -> frozenset:
    """Exactly the digits a character class matches."""
    return _set_chars(items, within=_DIGITS, categories=_CATEGORY_DIGITS)


@lru_cache(maxsize=1024)
def first_chars_class(regex: str) -> str | None:
    """A character class of the ASCII characters a match can start with, or None when it
    can be anything. The analysis reads classes on ASCII, so any other character must
    stay a candidate (``\\w`` matches ``é``): the caller adds that (a class holding the
    range beyond ASCII costs ``re.compile`` a Python loop over 65,000 code points)."""
    first = _first_chars(list(P.parse(regex)))
    if len(first) >= 100 or not first:
        return None
    return "[" + "".join(re.escape(chr(c)) for c in sorted(first)) + "]"


@lru_cache(maxsize=1024)
def rejected_before(regex: str) -> frozenset:
    """Characters that, just before a position, rule out any match starting there.

    Read from the pattern's leading assertions: ``(?<![\\w.])`` rejects word characters
    and dots, ``(?<=@)`` everything but ``@``, ``\\b`` before a word character rejects
    word characters. An under-approximation (ASCII only): a character outside the set
    may still fail, one inside never matches. The masks use it as a single cheap
    look-behind in front of their alternation, so the regex engine skips the inside of
    words in one test instead of trying every mask there.
    """
    parsed = P.parse(regex)
    if parsed.state.flags & re.IGNORECASE or _sets_flags(list(parsed)):
        return frozenset()  # classes read case-blind would be wrong: claim nothing
    return frozenset(_rejected_before(list(parsed)))


@lru_cache(maxsize=1024)
def required_chars(regex: str) -> frozenset | None:
    """ASCII characters of which a string must hold one for ``regex`` to match in it.

    Read from a part every match needs (a literal, a class, a repeat run at least once;
    a branch needs one of its alternatives' sets; positive look-arounds count because
    they look inside the same string). Of several such parts, the one with the fewest
    letters is chosen, digits first: most words have letters, fewer have digits. None
    when nothing can be said (case-blind patterns, a part that may be empty). The set is
    ASCII only: a string with any other character must always be scanned.
    """
    parsed = P.parse(regex)
    if parsed.state.flags & re.IGNORECASE or _sets_flags(list(parsed)):
        return None
    found = _required(list(parsed))
    return frozenset(c for c in found if c < 128) if found is not None else None


@lru_cache(maxsize=1024)
def shortest_match(regex: str) -> int:
    """The fewest characters a match of ``regex`` takes (look-arounds take none): a text
    shorter than that cannot hold one."""
    return int(P.parse(regex).getwidth()[0])


@lru_cache(maxsize=1024)
def required_sets(regex: str) -> tuple[frozenset, ...] | None:
    """Every set of ASCII characters of which a string must hold one for ``regex`` to match
    in it: one per part every match needs (``required_chars`` keeps only the most
    selective). A string that misses any one of them cannot hold a match, so a scan for
    this regex can be skipped on it. An empty set is a part only characters beyond ASCII
    can satisfy. None when nothing can be said (case-blind patterns)."""
    parsed = P.parse(regex)
    if parsed.state.flags & re.IGNORECASE or _sets_flags(list(parsed)):
        return None
    found = {frozenset(c for c in chars if c < 128) for chars in _required_all(list(parsed))}
    return tuple(sorted(found, key=lambda chars: (_selectivity(chars), sorted(chars))))


def _required(items: list) -> frozenset | None:
    found = _required_all(items)
    return min(found, key=_selectivity) if found else None


def _required_all(items: list) -> list[frozenset]:
    """The character sets of every part of ``items`` that each match needs, in order."""
    found: list[frozenset] = []
    for op, av in items:
        if op in (C.LITERAL, C.IN):
            found.append(_chars([(op, av)]))
        elif op in _REPEATS and av[0] >= 1:
            found += _required_all(list(av[2]))
        elif op is C.SUBPATTERN:
            found += _required_all(list(av[-1]))
        elif op is C.ATOMIC_GROUP:
            found += _required_all(list(av))
        elif op is C.ASSERT:  # a positive look-around looks inside the same string
            found += _required_all(list(av[1]))
        elif op is C.BRANCH:
            alternatives = [_required(list(alt)) for alt in av[1]]
            if all(alt is not None for alt in alternatives):
                found.append(frozenset().union(*alternatives))
    return [chars for chars in found if chars]


_LETTERS = frozenset(range(65, 91)) | frozenset(range(97, 123))
_DIGIT_CODES = frozenset(range(48, 58))


def _selectivity(chars: frozenset) -> tuple:
    return (len(chars & _LETTERS), not chars <= _DIGIT_CODES, len(chars))


# --- static analysis -------------------------------------------------------------------

def _static_problem(items: list) -> str | None:
    for op, av in items:
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            low, high, body = av
            body = list(body)
            if op is not getattr(C, "POSSESSIVE_REPEAT", None) and _is_many(high):
                problem = _repeat_body_problem(body)
                if problem:
                    return problem
            problem = _static_problem(body)
        elif op is C.SUBPATTERN:
            problem = _static_problem(list(av[-1]))
        elif op is C.BRANCH:
            problem = next(filter(None, (_static_problem(list(alt)) for alt in av[1])), None)
        elif op is getattr(C, "ATOMIC_GROUP", None):
            problem = None  # atomic groups never backtrack into themselves
        elif op in (C.ASSERT, C.ASSERT_NOT):
            problem = _static_problem(list(av[1]))
        elif op is C.GROUPREF or op is getattr(C, "GROUPREF_EXISTS", None):
            return "back-references are not allowed in a mask"
        else:
            problem = None
        if problem:
            return problem
    return None


def _is_many(high) -> bool:
    return high is C.MAXREPEAT or high > MANY


def _repeat_body_problem(body: list) -> str | None:
    """Why the body of a many-times repetition can be split ambiguously, if it can."""
    inner = list(_repeats(body))
    if inner:
        inner_chars = frozenset().union(*(_chars(list(b)) for b in inner))
        delimited = any(_mandatory(op, av) and not (_chars([(op, av)]) & inner_chars)
                        for op, av in body)
        if not delimited:
            return "nested repetition (like (a+)+) can backtrack catastrophically"
    for branch in _branches(body):
        firsts = [_first_chars(list(alt)) for alt in branch]
        for i, left in enumerate(firsts):
            if any(left & right for right in firsts[i + 1:]):
                return ("alternatives that can start alike under a repetition (like (a|ab)*) "
                        "can backtrack catastrophically")
    return None


def _repeats(items: list):
    """Every repetition with more than one iteration nested anywhere in ``items``."""
    for op, av in items:
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):  # a possessive repeat never backtracks
            if av[1] is C.MAXREPEAT or av[1] > 1:
                yield av[2]
            yield from _repeats(list(av[2]))
        elif op is C.SUBPATTERN:
            yield from _repeats(list(av[-1]))
        elif op is C.BRANCH:
            for alt in av[1]:
                yield from _repeats(list(alt))


def _branches(items: list):
    for op, av in items:
        if op is C.BRANCH:
            yield av[1]
            for alt in av[1]:
                yield from _branches(list(alt))
        elif op is C.SUBPATTERN:
            yield from _branches(list(av[-1]))
        elif op in _REPEATS:
            yield from _branches(list(av[2]))


def _mandatory(op, av) -> bool:
    if op in (C.LITERAL, C.IN, C.NOT_LITERAL, C.ANY):
        return True
    if op in _REPEATS:
        return av[0] >= 1 and av[1] == av[0] and all(_mandatory(*i) for i in av[2])
    if op is C.SUBPATTERN:
        return all(_mandatory(*i) for i in av[-1])
    return False


def _chars(items: list) -> frozenset:
    """An over-approximation (on ASCII) of the characters ``items`` can consume."""
    out: set = set()
    for op, av in items:
        if op is C.LITERAL:
            out.add(av)
        elif op in (C.NOT_LITERAL, C.ANY):
            return _ALPHABET
        elif op is C.IN:
            out |= _set_chars(av)
        elif op in _REPEATS:
            out |= _chars(list(av[2]))
        elif op is C.SUBPATTERN:
            out |= _chars(list(av[-1]))
        elif op is C.ATOMIC_GROUP:
            out |= _chars(list(av))
        elif op is C.BRANCH:
            for alt in av[1]:
                out |= _chars(list(alt))
    return frozenset(out)


def _first_chars(items: list) -> frozenset:
    """An over-approximation of the characters a match of ``items`` can start with."""
    out: set = set()
    for op, av in items:
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue
        if op in _REPEATS:
            out |= _first_chars(list(av[2]))
            if av[0] == 0:
                continue
            return frozenset(out)
        if op in (C.SUBPATTERN, C.ATOMIC_GROUP):
            first = _first_chars(list(av[-1] if op is C.SUBPATTERN else av))
            out |= first
            if first is _ALPHABET:  # the group can match empty: what follows may start
                continue
            return frozenset(out)
        if op is C.BRANCH:
            for alt in av[1]:
                out |= _first_chars(list(alt))
            return frozenset(out)
        out |= _chars([(op, av)])
        return frozenset(out)
    return _ALPHABET  # can match empty: anything may follow


def _set_chars(items, within: frozenset | None = None, categories=_CATEGORIES) -> frozenset:
    """The characters a class matches: on ASCII, over-approximated for categories it
    cannot read; or exactly those of ``within`` when the categories are read exactly
    there (the digits)."""
    universe = _ALPHABET if within is None else within
    chars: set = set()
    negate = False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            chars.add(av)
        elif op is C.RANGE:
            chars |= set(range(av[0], min(av[1], 127) + 1))
        elif op is C.CATEGORY:
            chars |= categories.get(av, universe)
    if within is not None:
        chars &= within
    return universe - chars if negate else frozenset(chars)


# --- probe -----------------------------------------------------------------------------

_PROBE_SCRIPT = """
import re, sys
pattern = re.compile(sys.argv[1])
for probe in sys.stdin.read().split("\\x00"):
    pattern.search(probe)
"""


def probe_strings(regex: str) -> list[str]:
    """Near-miss inputs: long runs of the pattern's own characters, then a stray one."""
    alphabet = sorted({ch for ch in regex if ch.isprintable()} | set("a0 -./_:"))
    strings = []
    for ch in alphabet:
        strings.append(ch * PROBE_LENGTH + "\x01")
    for left, right in zip(alphabet, alphabet[1:] + alphabet[:1]):
        strings.append((left + right) * (PROBE_LENGTH // 2) + "\x01")
    strings.append("".join(alphabet) * 3 + "\x01")
    return [s for s in strings if "\x00" not in s]


def _probe(regex: str) -> str | None:
    """Run the regex on adversarial strings in a child process, within a time budget."""
    try:
        done = subprocess.run([sys.executable, "-I", "-S", "-c", _PROBE_SCRIPT, regex],
                              input="\x00".join(probe_strings(regex)), text=True,
                              capture_output=True, timeout=PROBE_SECONDS)
    except subprocess.TimeoutExpired:
        return (f"the regex takes more than {PROBE_SECONDS:g}s on a {PROBE_LENGTH}-character "
                "near-miss input (catastrophic backtracking)")
    if done.returncode != 0:
        return "the regex fails when run: " + (done.stderr.strip().splitlines() or ["?"])[-1]
    return None


# --- what rules out a match ------------------------------------------------------------

_WORD = _CATEGORIES[C.CATEGORY_WORD]


def _rejected_before(items: list) -> set:
    """``rejected_before`` of a sequence: the union over its leading assertions."""
    rejected: set = set()
    for index, (op, av) in enumerate(items):
        if op in (C.ASSERT, C.ASSERT_NOT):
            direction, body = av
            body = list(body)
            if direction != -1 or len(body) != 1 or body[0][0] not in (C.LITERAL, C.NOT_LITERAL, C.IN):
                continue  # a look-ahead, or a look-behind wider than one character
            chars = _exact_chars(body[0])
            if chars is not None:
                rejected |= chars if op is C.ASSERT_NOT else _ALPHABET - chars
        elif op is C.AT:
            rest = _first_chars(items[index + 1:])
            if av is C.AT_BOUNDARY and rest and rest <= _WORD:
                rejected |= _WORD
        elif op is C.SUBPATTERN:
            return rejected | _rejected_before(list(av[-1]))
        elif op is C.BRANCH:
            alternatives = [_rejected_before(list(alt)) for alt in av[1]]
            return rejected | set.intersection(*alternatives) if alternatives else rejected
        else:
            return rejected
    return rejected


def _exact_chars(item) -> frozenset | None:
    """The ASCII characters one literal or class matches, or None when not known exactly
    (``\\W`` and friends: ``_set_chars`` over-approximates those)."""
    op, av = item
    if op is C.LITERAL:
        return frozenset({av}) if av < 128 else frozenset()
    if op is C.NOT_LITERAL:
        return _ALPHABET - {av}
    if any(o is C.CATEGORY and a not in _CATEGORIES for o, a in av):
        return None
    return _set_chars(av)


def _sets_flags(items: list) -> bool:
    """Whether a group switches flags inline, like ``(?i:...)``."""
    for op, av in items:
        if op is C.SUBPATTERN and (av[1] or av[2]):
            return True
        children = ([av[-1]] if op is C.SUBPATTERN else [av] if op is C.ATOMIC_GROUP
                    else [av[2]] if op in _REPEATS else av[1] if op is C.BRANCH
                    else [av[1]] if op in (C.ASSERT, C.ASSERT_NOT) else [])
        if any(_sets_flags(list(child)) for child in children):
            return True
    return False
