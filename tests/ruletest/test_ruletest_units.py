"""The pieces of `autopattern test`: value matching, mismatch wording, branches, relative times."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from engine.language.parser import parse_pack
from engine.results import Finding
from engine.ruletest.coverage import NO_FINDING, branches
from engine.ruletest.fixtures import resolve_time
from engine.ruletest.matching import agrees, check_rule, mismatches
from engine.ruletest.spec import RuleExpectation, field_path

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


def finding(**overrides) -> Finding:
    base = dict(pack="p", pack_id="P-1", rule="r", kind="pattern_candidate", key={"operation": "build"},
                fields={"name": "build", "confidence": 0.72, "occurrences": 3, "examples": ["a", "b"]},
                decision="draft", reason="otherwise (not confidence >= approve_at (0.72 >= 0.8))",
                evidence=["e1", "e2"], lets={"success_rate": 1.0})
    base.update(overrides)
    return Finding(**base)


@pytest.mark.parametrize("expected, actual, ok", [
    (3, 3, True), (3, 3.0000001, True), (3, 3.01, False),
    (0.72, 0.72, True), ("a", "a", True), ("a", "b", False),
    (None, None, True), (None, 0, False),
    (True, True, True), (True, 1, True), (False, 0, True), (True, 0, False), (True, "yes", False),
    (["a", "b"], ["a", "b"], True), (["a"], ["a", "b"], False), ([1, 2], [1.0, 2.0], True),
    ({"approx": 0.79, "tolerance": 0.01}, 0.7857, True), ({"approx": 0.79, "tolerance": 0.001}, 0.7857, False),
    ({"approx": 1}, "1", False),
    ({"min": 0.5}, 0.5, True), ({"min": 0.5, "max": 0.6}, 0.7, False), ({"max": 0}, None, False),
    ({"contains": "make"}, "make all", True), ({"contains": "x"}, "make all", False),
    ({"contains": "b"}, ["a", "b"], True),
])
def test_agrees(expected, actual, ok):
    assert agrees(expected, actual) is ok


@pytest.mark.parametrize("matcher, lines", [
    ({"decision": "approve"},
     ["decision: expected approve, got draft: otherwise (not confidence >= approve_at (0.72 >= 0.8))"]),
    ({"fields": {"confidence": {"approx": 0.9, "tolerance": 0.1}}},
     ["fields.confidence: expected 0.9 ± 0.1, got 0.72"]),
    ({"key": {"operation": "deploy"}}, ['key.operation: expected "deploy", got "build"']),
    ({"key": {"name": "build"}}, []),  # a key may be named by its emitted text
    ({"lets": {"nope": 1}}, ["lets.nope: expected 1, but the finding has no let 'nope' (has: success_rate)"]),
    ({"reason_contains": "approve_at (0.72"}, []),
    ({"evidence_contains": ["e3"]}, ["evidence: expected 'e3' among ['e1', 'e2']"]),
    ({"fields": {"occurrences": 3, "examples": ["a", "b"]}, "decision": "draft"}, []),
])
def test_mismatches_name_each_difference(matcher, lines):
    assert mismatches(matcher, finding()) == lines


def test_each_expected_finding_takes_a_different_finding():
    two = [finding(), finding(key={"operation": "test"}, fields={"name": "test"}, decision="approve")]
    ok = check_rule(RuleExpectation("r", findings=[{"decision": "approve"}, {"decision": "draft"}]), two)
    assert ok.ok
    twice = check_rule(RuleExpectation("r", findings=[{"decision": "draft"}, {"decision": "draft"}]), two)
    assert not twice.ok
    assert twice.problems[0] == "expected finding #2: {decision: draft}"
    assert "closest: test -> approve" in twice.problems[1]


def test_in_order_requires_the_order():
    two = [finding(), finding(fields={"name": "test"}, decision="approve")]
    expectation = RuleExpectation("r", findings=[{"decision": "approve"}, {"decision": "draft"}], in_order=True)
    outcome = check_rule(expectation, two)
    assert not outcome.ok
    assert "not after the previous expected one (in_order)" in outcome.problems[1]


def test_none_and_count_list_the_actual_findings():
    outcome = check_rule(RuleExpectation("r", none=True), [finding()])
    assert outcome.problems == ["expected no finding, got 1 finding:",
                                "  build -> draft: otherwise (not confidence >= approve_at (0.72 >= 0.8))"]
    counted = check_rule(RuleExpectation("r", count=0), [finding()] * 7)
    assert counted.problems[0] == "count: expected 0 findings, got 7:"
    assert counted.problems[-1] == "  ... and 2 more"
    assert check_rule(RuleExpectation("r", count=0), []).ok


RULES = """
pack p "P"
param at = 0.5 in 0 .. 1 "threshold"
rule grouped "g"
  from executions
  group by operation
  let share = rate(status == "success")
  emit pattern_candidate
    name = operation
    confidence = share
  decide
    approve when share >= at
    draft otherwise
rule whole "w"
  from executions
  emit retention
    rows = count()
  decide
    delete when count() >= 1
    keep otherwise
rule plain "p"
  from executions
  group by operation
  emit suggestion
    name = operation
"""


def test_branches_are_decisions_plus_no_finding_when_the_rule_groups():
    pack, diagnostics = parse_pack(RULES, "p.rules")
    assert pack is not None, diagnostics
    rules = {r.name: r for r in pack.rules}
    assert branches(rules["grouped"]) == ["approve", "draft", NO_FINDING]
    assert branches(rules["whole"]) == ["delete", "keep"]
    assert branches(rules["plain"]) == ["suggest", NO_FINDING]


@pytest.mark.parametrize("text, stored", [
    ("now", "2026-11-24T12:00:00.000Z"),
    ("now-3d", "2026-11-21T12:00:00.000Z"),
    ("now - 2h30m", "2026-11-24T09:30:00.000Z"),
    ("now+1w", "2026-12-01T12:00:00.000Z"),
    ("now-1.5h", "2026-11-24T10:30:00.000Z"),
    ("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"),  # absolute times are left to ingest
])
def test_relative_times(text, stored):
    assert resolve_time(text, NOW) == stored


@pytest.mark.parametrize("path, text", [
    ((), "<document>"), (("pack",), "pack"), (("tests", 0, "expect", "r"), "tests[0].expect.r"),
    (("tests", 2, "events", 1, "ts"), "tests[2].events[1].ts"),
])
def test_field_path(path, text):
    assert field_path(path) == text


def test_a_held_back_group_is_shown_only_when_it_is_the_closest():
    held = finding(key={"operation": "lint"}, fields={"name": "lint", "occurrences": 2}, decision="none",
                   reason="having count() >= min_similar is false")
    expect = RuleExpectation("r", findings=[{"fields": {"name": "lint", "occurrences": 3}}])
    alone = check_rule(expect, [], [held])
    assert alone.problems[-2:] == [
        "  closest group held back (having count() >= min_similar is false): lint",
        "    fields.occurrences: expected 3, got 2"]
    other = check_rule(expect, [finding()], [held])   # "build" is further from the expectation
    assert "closest group held back" in "\n".join(other.problems)
    nearer = check_rule(RuleExpectation("r", findings=[{"fields": {"name": "build", "occurrences": 4}}]),
                        [finding()], [held])
    assert "held back" not in "\n".join(nearer.problems)
