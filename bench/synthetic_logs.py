"""Synthetic log statements with known templates: a test set no miner rule was read off.

Loghub has only so many systems, and the eight on this machine were read while the
miner was written. This generator makes as many further "systems" as wanted, each from
a seed: a set of log statements (the templates) whose variable parts are known by
construction, and lines drawn from them with a skewed frequency (a few statements make
most lines, many are rare), as real logs are.

What the statements vary, because these are where miners go wrong on unseen text:

* **tokenisation**: values glued to constants inside one token (``key=value``,
  ``name[17]``, ``job_123``, ``(value)``, ``host:port``, ``"Error <*>"``: a quoted
  string whose first word is fixed and the rest varies), separators ``,`` ``:`` ``-``;
* **enumerations**: a word that takes a handful of values (a state, a verb, a level) is
  part of the statement, not a variable: ``state Active`` and ``state Inactive`` are two
  templates, as the Loghub ground truth keeps them; also as the first word of a quoted
  phrase whose rest varies (``"Started <*>"`` and ``"Stopped <*>"``);
* **real variables**: numbers, decimals, hex ids, IPs, paths, sizes, durations, words
  drawn from a large pool (user and host names), ids mixing letters and digits, and free
  text of one to four words.

A statement's ground-truth template writes each variable as ``<*>`` in place, with its
glue kept literal (``user=<*>``, ``"Error <*>"``). The words are made-up syllable words, so
no English-language rule can help. Fixed seed 0 is the *design* set; other seeds are
held out (never looked at while tuning).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SLOT = "<*>"
_ONSETS = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
           "st", "tr", "pl", "cr", "sh", "ch", "gr", "br", "fl"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ou", "ea"]
_CODAS = ["", "", "n", "r", "s", "t", "l", "x", "nd", "rk", "ng"]


@dataclass
class SyntheticSystem:
    name: str
    contents: list[str]
    truth_ids: list[str]
    truth_templates: list[str]


class _Words:
    """Made-up words, distinct within one generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def word(self, capital: bool = False) -> str:
        while True:
            syllables = self.rng.randint(1, 3)
            text = "".join(self.rng.choice(_ONSETS) + self.rng.choice(_VOWELS)
                           + self.rng.choice(_CODAS) for _ in range(syllables))
            if len(text) >= 3 and text not in self.used:
                self.used.add(text)
                return text.capitalize() if capital else text


# --- variables: (how the truth writes it, how a value is drawn) ------------------------

def _variables(rng: random.Random, words: _Words) -> dict:
    users = [words.word() for _ in range(rng.randint(150, 400))]
    hosts = [f"{words.word()}-{rng.randint(1, 99)}.{words.word()}.{rng.choice(['com', 'net', 'io'])}"
             for _ in range(200)]
    folders = [words.word() for _ in range(40)]
    exts = ["log", "txt", "json", "dat", "cfg"]

    def path(r):
        depth = r.randint(2, 5)
        return "/" + "/".join(r.choice(folders) for _ in range(depth)) + "." + r.choice(exts)

    def free(r):
        return " ".join(r.choice(users) for _ in range(r.randint(1, 4)))

    return {
        "int": lambda r: str(r.choice([r.randint(0, 9), r.randint(10, 999), r.randint(1000, 10**7)])),
        "neg": lambda r: str(r.randint(-5000, 5000)),
        "float": lambda r: f"{r.uniform(0, 1000):.{r.randint(1, 4)}f}",
        "hex": lambda r: "0x" + "".join(r.choice("0123456789abcdef") for _ in range(r.randint(4, 12))),
        "digest": lambda r: "".join(r.choice("0123456789abcdef") for _ in range(r.choice([16, 32, 40]))),
        "ip": lambda r: ".".join(str(r.randint(1, 254)) for _ in range(4)),
        "ipport": lambda r: ".".join(str(r.randint(1, 254)) for _ in range(4)) + f":{r.randint(1, 65535)}",
        "path": path,
        "size": lambda r: f"{r.randint(1, 999)}{r.choice(['', '.' + str(r.randint(0, 9))])} "
                          f"{r.choice(['KB', 'MB', 'GB'])}",
        "duration": lambda r: f"{r.randint(1, 5000)}{r.choice(['ms', ' ms', 's', ' sec'])}",
        "user": lambda r: r.choice(users),
        "host": lambda r: r.choice(hosts),
        "ident": lambda r: f"{r.choice(folders)}{r.randint(0, 999)}",
        "free": free,
    }


# --- statements ------------------------------------------------------------------------

def _statement(rng: random.Random, words: _Words, kinds: list[str]) -> list[list]:
    """One log statement as parts; an enumeration part expands into one template per
    value. Each part is ("c", text) constant or ("v", kind, before, after) variable with
    its glue, or ("e", [values])."""
    parts: list = []
    length = rng.randint(2, 7)
    lead = rng.random()
    if lead < 0.3:
        parts.append(("c", f"[{words.word(capital=True)}]"))
    elif lead < 0.5:
        parts.append(("c", words.word(capital=True) + ":"))
    enum_done = False
    for index in range(length):
        roll = rng.random()
        if roll < 0.45 or index == 0:
            parts.append(("c", words.word(capital=index == 0 and rng.random() < 0.5)))
        elif roll < 0.55 and not enum_done:
            enum_done = True
            values = [words.word(capital=rng.random() < 0.3) for _ in range(rng.randint(2, 4))]
            if rng.random() < 0.3:  # the fixed first word of a quoted phrase, rest variable
                quote = rng.choice(["'", '"'])
                parts.append(("e", [quote + v for v in values]))
                parts.append(("v", "free", "", quote))
            else:
                parts.append(("e", values))
        else:
            kind = rng.choice(kinds)
            glue = rng.random()
            if kind == "free":
                quote = rng.choice(["'", '"'])
                if glue < 0.5:  # a quoted string whose first word is fixed
                    parts.append(("v", kind, f"{quote}{words.word(capital=True)} ", quote))
                else:
                    parts.append(("v", kind, quote, quote))
            elif glue < 0.15:
                parts.append(("v", kind, words.word() + "=", ""))
            elif glue < 0.25:
                parts.append(("v", kind, words.word() + "[", "]"))
            elif glue < 0.32 and kind in ("int", "hex", "digest"):
                parts.append(("v", kind, words.word() + "_", ""))
            elif glue < 0.4:
                parts.append(("v", kind, "(", ")"))
            elif glue < 0.48 and kind in ("user", "ident", "int"):
                parts.append(("v", kind, "'", "'"))
            else:
                parts.append(("v", kind, "", ""))
        if rng.random() < 0.15 and index < length - 1:
            parts.append(("c", rng.choice([",", ":", "-", "--", "|"])))
    if rng.random() < 0.2:
        parts.append(("c", rng.choice([".", "!", "..."])))
    return parts


def _render(parts: list, enum_value: str | None, rng: random.Random | None, variables: dict) -> str:
    out = []
    for part in parts:
        if part[0] == "c":
            text = part[1]
        elif part[0] == "e":
            text = enum_value
        else:
            _, kind, before, after = part
            text = before + (SLOT if rng is None else variables[kind](rng)) + after
        if text in (",", ":") and out:
            out[-1] += text
        elif text in (".", "!", "...") and out:
            out[-1] += text
        else:
            out.append(text)
    return " ".join(out)


def generate(seed: int, statements: int = 60, lines: int = 2000) -> SyntheticSystem:
    """A system of ``statements`` log statements (more templates, with enumerations
    expanded) and ``lines`` lines drawn from them. The same seed gives the same system."""
    rng = random.Random(seed)
    words = _Words(rng)
    variables = _variables(rng, words)
    kinds = rng.sample(sorted(variables), k=rng.randint(7, len(variables)))
    templates: list[tuple[list, str | None]] = []
    for _ in range(statements):
        parts = _statement(rng, words, kinds)
        enums = [p[1] for p in parts if p[0] == "e"]
        for value in (enums[0] if enums else [None]):
            templates.append((parts, value))
    # distinct truth templates only (two statements may render alike: keep the first)
    seen: dict[str, int] = {}
    unique = []
    for parts, value in templates:
        truth = _render(parts, value, None, variables)
        if truth not in seen:
            seen[truth] = len(unique)
            unique.append((parts, value, truth))
    weights = [1.0 / (rank + 1) ** 1.1 for rank in range(len(unique))]
    rng.shuffle(weights)
    contents, ids, truths = [], [], []
    for index in rng.choices(range(len(unique)), weights=weights, k=lines):
        parts, value, truth = unique[index]
        contents.append(_render(parts, value, rng, variables))
        ids.append(f"S{index}")
        truths.append(truth)
    return SyntheticSystem(f"synthetic-{seed}", contents, ids, truths)


if __name__ == "__main__":  # a look at one seed
    import sys

    system = generate(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    for text, truth in list(zip(system.contents, system.truth_templates))[:40]:
        print(f"{text}\n    {truth}")
