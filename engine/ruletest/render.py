"""Readable text for test results and coverage (the CLI prints it; nothing here prints)."""

from __future__ import annotations

from engine.ruletest.coverage import PackCoverage
from engine.ruletest.runner import CaseResult, FileResult
from engine.wording import plural

INDENT = "        "


def file_header(result: FileResult) -> str:
    pack = f" ({result.pack.name})" if result.pack else ""
    return f"{result.path}{pack}"


def case_lines(result: FileResult, case: CaseResult) -> list[str]:
    """``PASS name`` or ``FAIL name`` followed by every problem, rule by rule."""
    if case.ok:
        return [f"  PASS  {case.name}"]
    where = f"{result.path}:{case.line}" if case.line else str(result.path)
    lines = [f"  FAIL  {case.name}  ({where})"]
    for outcome in case.outcomes:
        if outcome.ok:
            continue
        lines.append(f"{INDENT}rule {outcome.rule}:")
        lines.extend(f"{INDENT}  {problem}" for problem in outcome.problems)
    return lines


def error_lines(result: FileResult) -> list[str]:
    """A file that could not run (invalid, or its pack failed): ``path:line:col [field]: error: ...``."""
    error = result.error
    lines = [f"{error.location or result.path}: error: {error.message}"]
    if error.hint:
        lines.append(f"  hint: {error.hint}")
    return lines


def summary_line(results: list[FileResult]) -> str:
    passed = sum(r.passed for r in results)
    failed = sum(r.failed for r in results)
    invalid = sum(r.error is not None for r in results)
    text = f"{passed} passed, {failed} failed"
    if invalid:
        text += f", {plural(invalid, 'error')}"
    return text


def coverage_lines(report: list[PackCoverage]) -> list[str]:
    """Per pack: branches covered, then each rule's branches with the uncovered ones named."""
    lines = ["coverage (decision branches exercised by tests that check the rule):"]
    for pack in report:
        percent = 100 * pack.hit / pack.total if pack.total else 100.0
        lines.append(f"  {pack.pack:<24} {pack.hit}/{pack.total} branches ({percent:.0f}%)  {pack.path}")
        for rule in pack.rules:
            marks = ", ".join(b if b in rule.covered else f"[{b}]" for b in rule.branches)
            status = "ok" if not rule.missing else "uncovered: " + ", ".join(rule.missing)
            lines.append(f"    {rule.rule:<28} {marks}  -- {status}")
    total = sum(p.total for p in report)
    hit = sum(p.hit for p in report)
    lines.append(f"  total: {hit}/{total} branches covered" + ("" if hit == total else f", {total - hit} uncovered"))
    return lines
