"""Counts in messages: "1 rule", "2 rules", "1 query", "1,000 entries".

Every message that prints a count with its noun goes through ``plural``, so none says
"1 rules", "1 document(s)" or hand-writes its own ``'s' if n != 1``.
"""

from __future__ import annotations

# Nouns whose plural is not the singular + "s" (or "es" after s, x, z, ch, sh; "ies"
# after a consonant + y). Listed as the messages need them.
IRREGULAR = {
    "child": "children",
    "person": "people",
    "index": "indexes",
    "analysis": "analyses",
    "matrix": "matrices",
    "criterion": "criteria",
    "was": "were",
    "is": "are",
    "has": "have",
}


def plural_of(noun: str) -> str:
    """The plural form of ``noun`` (the last word of it, so "file event" -> "file events")."""
    head, _, last = noun.rpartition(" ")
    if last in IRREGULAR:
        word = IRREGULAR[last]
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        word = last + "es"
    elif last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        word = last[:-1] + "ies"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


def plural(count: int, noun: str, many: str | None = None, *, thousands: bool = False) -> str:
    """``count`` and ``noun`` in the number that agrees with it: ``plural(1, "rule")`` is
    "1 rule", ``plural(0, "rule")`` "0 rules" (English uses the plural for zero).

    ``many`` gives a plural the rules above do not know; ``thousands`` groups digits
    ("4,076 events"), as the messages about stored rows do.
    """
    number = f"{count:,}" if thousands else str(count)
    return f"{number} {noun if count == 1 else many or plural_of(noun)}"
