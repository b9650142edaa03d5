"""Compare what a test expects of a rule with the findings it produced, and say how they differ.

A matcher (one expected finding) names a subset of a finding: key and field values,
lets, the decision, words of the reason. Each matcher takes the first unused finding it
fully agrees with; when none does, the failure shows the closest finding and, line by
line, which values differ, with the actual decision's reason, so the author sees why
the rule decided otherwise.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import yaml

from engine.results import Finding
from engine.ruletest.spec import RuleExpectation
from engine.wording import plural

ABS_TOLERANCE = 1e-6   # plain numbers: equal within this (SQLite floats are rounded to 6 places)
SHOWN_FINDINGS = 5     # how many actual findings a failure lists


@dataclass
class RuleOutcome:
    rule: str
    ok: bool
    problems: list[str] = field(default_factory=list)   # readable lines, first is the headline

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "ok": self.ok, "problems": self.problems}


def check_rule(expectation: RuleExpectation, findings: list[Finding],
               held_back: list[Finding] | None = None) -> RuleOutcome:
    """Every problem of one rule's expectation against its findings (none: it passes).

    ``held_back`` are the groups the rule's ``having`` filtered out: when an expected
    finding is missing, the closest of them says why it never became a finding.
    """
    problems: list[str] = []
    if expectation.none and findings:
        problems.append(f"expected no finding, got {plural(len(findings), 'finding')}:")
        problems.extend(describe_all(findings))
    if expectation.count is not None and len(findings) != expectation.count:
        problems.append(f"count: expected {plural(expectation.count, 'finding')}, got {len(findings)}"
                        + (":" if findings else ""))
        problems.extend(describe_all(findings))
    problems.extend(_match_all(expectation, findings, held_back or []))
    return RuleOutcome(expectation.rule, not problems, problems)


def _match_all(expectation: RuleExpectation, findings: list[Finding], held_back: list[Finding]) -> list[str]:
    used: set[int] = set()
    problems: list[str] = []
    last = -1
    for number, matcher in enumerate(expectation.findings, 1):
        start = last + 1 if expectation.in_order else 0
        index = next((i for i in range(start, len(findings))
                      if i not in used and not mismatches(matcher, findings[i])), None)
        if index is not None:
            used.add(index)
            last = index
            continue
        line = expectation.finding_lines[number - 1] if number <= len(expectation.finding_lines) else None
        problems.extend(_explain_miss(number, line, matcher, findings, used, expectation.in_order))
        problems.extend(_held_back_hint(matcher, held_back, [f for i, f in enumerate(findings) if i not in used]))
    return problems


def _explain_miss(number: int, line: int | None, matcher: dict[str, Any], findings: list[Finding],
                  used: set[int], in_order: bool) -> list[str]:
    at = f" (line {line})" if line else ""
    head = f"expected finding #{number}{at}: {compact(matcher)}"
    if not findings:
        return [head, "  the rule emitted no finding"]
    if in_order and any(not mismatches(matcher, f) for i, f in enumerate(findings) if i not in used):
        return [head, "  a matching finding exists, but not after the previous expected one (in_order)"]
    if all(i in used for i in range(len(findings))):
        return [head, "  every finding was already matched by an earlier expectation"]
    candidates = [(len(mismatches(matcher, f)), i) for i, f in enumerate(findings) if i not in used]
    _, closest = min(candidates)
    lines = [head, f"  closest: {describe(findings[closest])}"]
    lines.extend(f"    {m}" for m in mismatches(matcher, findings[closest]))
    others = len(findings) - 1
    if others:
        lines.append(f"  ({plural(others, 'other finding')}: "
                     + "; ".join(describe(f) for i, f in enumerate(findings) if i != closest)[:400] + ")")
    return lines


def _held_back_hint(matcher: dict[str, Any], held_back: list[Finding], unused: list[Finding]) -> list[str]:
    """The group closest to the expectation among those the rule's `having` filtered out,
    unless a finding left is closer (then the expected group was likely not held back)."""
    if not held_back:
        return []
    checks = {k: v for k, v in matcher.items() if k in ("key", "fields", "lets")}
    distance, closest = min((len(mismatches(checks, f)), i) for i, f in enumerate(held_back))
    if unused and distance > min(len(mismatches(checks, f)) for f in unused):
        return []
    group = held_back[closest]
    lines = [f"  closest group held back ({group.reason}): {describe_group(group)}"]
    lines.extend(f"    {m}" for m in mismatches(checks, group))
    return lines


def describe_group(finding: Finding) -> str:
    name = finding.fields.get("name")
    return str(name) if name is not None else (compact(finding.key) if finding.key else "(no group key)")


def mismatches(matcher: dict[str, Any], finding: Finding) -> list[str]:
    """One line per expected value the finding does not have."""
    found: list[str] = []
    for section, actual in (("key", finding.key), ("fields", finding.fields), ("lets", finding.lets)):
        for name, expected in (matcher.get(section) or {}).items():
            problem = _value_problem(section, name, expected, actual, finding)
            if problem:
                found.append(problem)
    decision = matcher.get("decision")
    if decision is not None and decision != finding.decision:
        found.append(f"decision: expected {decision}, got {finding.decision}: {finding.reason}")
    words = matcher.get("reason_contains")
    if words is not None and words not in finding.reason:
        found.append(f"reason: expected it to contain {words!r}, got {finding.reason!r}")
    for event_id in matcher.get("evidence_contains") or []:
        if event_id not in finding.evidence:
            found.append(f"evidence: expected {event_id!r} among {finding.evidence}")
    return found


def _value_problem(section: str, name: str, expected: Any, actual: dict[str, Any], finding: Finding) -> str | None:
    where = f"{section}.{name}"
    if name not in actual and not (section == "key" and name in finding.fields):
        known = ", ".join(sorted(actual)) or "none"
        return f"{where}: expected {show(expected)}, but the finding has no {section[:-1] if section != 'key' else 'key'} {name!r} (has: {known})"
    value = actual[name] if name in actual else finding.fields[name]
    if agrees(expected, value):
        return None
    return f"{where}: expected {show(expected)}, got {show(value)}"


def agrees(expected: Any, actual: Any) -> bool:
    """Whether an actual value satisfies an expected value or value-matcher."""
    if isinstance(expected, dict):
        if "approx" in expected:
            tolerance = expected.get("tolerance", ABS_TOLERANCE)
            return _number(actual) and abs(actual - expected["approx"]) <= tolerance
        if "contains" in expected:
            return expected["contains"] in (actual if isinstance(actual, str) else json.dumps(actual))
        low, high = expected.get("min"), expected.get("max")
        return _number(actual) and (low is None or actual >= low) and (high is None or actual <= high)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected == actual or (isinstance(actual, int) and bool(actual) == expected and actual in (0, 1))
    if _number(expected) and _number(actual):
        return abs(actual - expected) <= ABS_TOLERANCE
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(agrees(e, a) for e, a in zip(expected, actual))
    return expected == actual


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def show(value: Any) -> str:
    if isinstance(value, dict) and "approx" in value:
        return f"{value['approx']} ± {value.get('tolerance', ABS_TOLERANCE)}"
    if isinstance(value, dict) and "contains" in value:
        return f"text containing {value['contains']!r}"
    if isinstance(value, dict) and ("min" in value or "max" in value):
        return f"a number in {value.get('min', '…')} .. {value.get('max', '…')}"
    return json.dumps(value, ensure_ascii=False, default=str)


def compact(value: dict[str, Any]) -> str:
    """A mapping in one line of YAML flow style: the way a test file writes it."""
    return yaml.safe_dump(value, default_flow_style=True, sort_keys=False, allow_unicode=True,
                          width=1 << 20).strip()


def describe(finding: Finding) -> str:
    """A finding in one line: what it is about, then its decision."""
    return f"{describe_group(finding)} -> {finding.decision}"


def describe_all(findings: list[Finding]) -> list[str]:
    lines = [f"  {describe(f)}: {f.reason}" for f in findings[:SHOWN_FINDINGS]]
    if len(findings) > SHOWN_FINDINGS:
        lines.append(f"  ... and {len(findings) - SHOWN_FINDINGS} more")
    return lines

