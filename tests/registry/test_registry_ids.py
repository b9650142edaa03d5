"""Ids are stable, distinct per group, and safe as file names whatever the key holds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.registry.ids import SAFE_ID, pattern_id, quarantine_id, slug


def test_id_is_readable_and_stable():
    key = {"operation": "scaffold_module", "command_template_id": 7}
    first = pattern_id("AUTO-001", "repeated_execution", key)
    assert first.startswith("auto-001-repeated-execution-")
    assert first == pattern_id("AUTO-001", "repeated_execution", dict(reversed(list(key.items()))))


def test_id_differs_per_key_rule_and_pack():
    key = {"operation": "a"}
    ids = {pattern_id("AUTO-001", "r", key), pattern_id("AUTO-001", "r", {"operation": "b"}),
           pattern_id("AUTO-001", "r2", key), pattern_id("AUTO-002", "r", key)}
    assert len(ids) == 4


def test_rules_sharing_a_truncated_slug_get_distinct_ids():
    long_rule = "x" * 60
    assert pattern_id("P", long_rule + "a", {}) != pattern_id("P", long_rule + "b", {})


def test_traversal_in_names_and_keys_cannot_escape():
    made = pattern_id("../../etc", "../passwd", {"path": "../../../etc/passwd", "x": "/"})
    assert SAFE_ID.match(made) and "/" not in made and ".." not in made
    assert SAFE_ID.match(quarantine_id("../../evil"))
    assert SAFE_ID.match(pattern_id("", "", {}))


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text(), st.dictionaries(st.text(), st.one_of(st.text(), st.integers(), st.none())))
def test_any_input_gives_a_safe_id(pack_id, rule, key):
    assert SAFE_ID.match(pattern_id(pack_id, rule, key))


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_quarantine_ids_are_safe(subject):
    assert SAFE_ID.match(quarantine_id(subject))


def test_slug_cuts_at_word_boundary():
    assert slug("Hello, World!") == "hello-world"
    assert slug("alpha-beta-gamma", max_length=12) == "alpha-beta"
