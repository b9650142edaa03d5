"""Counts in messages agree with their noun."""

from __future__ import annotations

import pytest

from engine.wording import plural, plural_of


@pytest.mark.parametrize("count, noun, expected", [
    (0, "rule", "0 rules"), (1, "rule", "1 rule"), (2, "rule", "2 rules"),
    (1, "document", "1 document"), (1, "finding", "1 finding"), (1, "event", "1 event"),
    (2, "batch", "2 batches"), (3, "query", "3 queries"), (2, "day", "2 days"),
    (2, "file event", "2 file events"), (2, "analysis", "2 analyses"), (1, "other finding", "1 other finding"),
])
def test_plural(count, noun, expected):
    assert plural(count, noun) == expected


def test_thousands_and_given_plurals():
    assert plural(4076, "event", thousands=True) == "4,076 events"
    assert plural(1, "event", thousands=True) == "1 event"
    assert plural(2, "person") == "2 people" and plural(2, "cactus", "cacti") == "2 cacti"
    assert plural_of("index") == "indexes" and plural_of("box") == "boxes"
