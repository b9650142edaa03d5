"""Run rule-pack test files: each test in its own throw-away store, nothing kept.

For every test: a fresh store (same migrations as a workspace) of the kind asked for,
in memory on SQLite (the default) or in a schema of its own on a PostgreSQL server
(dropped after the test, so tests never see each other's rows); then the test's events
through the real ingest, its registry rows, the pack's params with the test's overrides
(checked like ``--set``), then ``run_pack`` at the test's ``now``. The findings are
compared with the expectations; the registry, the patterns folder and the workspace's
database are never touched.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Sequence

from engine.errors import AutopatternError, EvaluationError
from engine.evaluate.findings import resolve_bindings, row_to_finding
from engine.evaluate.params import effective_params
from engine.evaluate.runner import RuleResult, prepare, run_pack, run_statement
from engine.evaluate.session import parse_now
from engine.language import ast
from engine.language.loader import load_pack, load_packs
from engine.language.render import to_source
from engine.results import Finding
from engine.ruletest.fixtures import store_events, store_registry
from engine.ruletest.matching import RuleOutcome, check_rule
from engine.ruletest.spec import TestCase, TestFile, TestFileError, load_test_file
from engine.store import Store, StoreURL, parse_store_url, scratch_stores

MEMORY = parse_store_url(":memory:")
HELD_BACK_LIMIT = 20  # groups filtered out by `having` kept per rule, to explain a missing finding


@dataclass
class CaseResult:
    name: str
    line: int | None
    outcomes: list[RuleOutcome]
    observed: dict[str, list[str]]      # rule -> decisions it reached ([] = no finding)
    findings: dict[str, list[Finding]] = field(default_factory=dict)  # the checked rules' findings

    @property
    def ok(self) -> bool:
        return all(o.ok for o in self.outcomes)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "line": self.line, "ok": self.ok,
                "rules": [o.to_json() for o in self.outcomes], "observed": self.observed,
                "findings": {rule: [finding_json(f) for f in found] for rule, found in self.findings.items()}}


@dataclass
class FileResult:
    path: Path
    pack: ast.Pack | None = None
    pack_path: Path | None = None
    cases: list[CaseResult] = field(default_factory=list)
    error: AutopatternError | None = None   # the file is invalid: its remaining tests did not run

    @property
    def passed(self) -> int:
        return sum(c.ok for c in self.cases)

    @property
    def failed(self) -> int:
        return sum(not c.ok for c in self.cases)

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "pack": self.pack.name if self.pack else None,
                "pack_path": str(self.pack_path) if self.pack_path else None,
                "error": str(self.error) if self.error else None,
                "tests": [c.to_json() for c in self.cases]}


def run_test_file(path: Path, *, name_filter: str | None = None, masks: Sequence[dict[str, Any]] = (),
                  on_case: Callable[[FileResult, CaseResult], None] | None = None,
                  database: StoreURL = MEMORY) -> FileResult:
    """Run every test of a file (or those whose name contains ``name_filter``).

    ``masks`` are a workspace's extra template-mining masks, so events are mined into the
    same templates as `autopattern ingest` would mine them there. ``database`` says where
    each test's scratch store lives: SQLite in memory, or a PostgreSQL database (a new
    schema per test there).
    """
    result = FileResult(path)
    try:
        test_file = load_test_file(path)
        result.pack_path, result.pack = resolve_pack(test_file)
        for case in test_file.tests:
            _check_expectation_names(test_file, case, result.pack)
        selected = [c for c in test_file.tests if not name_filter or name_filter.lower() in c.name.lower()]
        if selected:
            with scratch_stores(database) as fresh:
                for case in selected:
                    outcome = run_case(test_file, case, result.pack, masks, fresh)
                    result.cases.append(outcome)
                    if on_case:
                        on_case(result, outcome)
    except AutopatternError as exc:
        result.error = exc
    return result


def resolve_pack(test_file: TestFile) -> tuple[Path, ast.Pack]:
    """The pack a test file names: a path relative to it, or a pack name or id nearby."""
    where = test_file.location(("pack",))
    target = Path(os.path.normpath(test_file.path.parent / test_file.pack))
    if test_file.pack.endswith(".rules") or target.is_file():
        return target, _valid(load_pack(target), where)
    folders = [test_file.path.parent, test_file.path.parent.parent]
    for item in load_packs([f for f in folders if f.is_dir()]):
        if item.pack and test_file.pack in (item.pack.name, item.pack.pack_id):
            return item.path, _valid(item, where)
    raise TestFileError(f"no pack named {test_file.pack!r} in {folders[0]} or {folders[1]}", where,
                        hint="give a .rules path relative to the test file, or a pack name or id")


def _valid(item, where) -> ast.Pack:
    errors = [d for d in item.diagnostics if d.severity == "error"]
    if item.pack is None or errors:
        first = errors[0].render(item.text) if errors else "cannot be read"
        raise TestFileError(f"the pack under test has errors (run `autopattern check {item.path}`):\n{first}", where)
    return item.pack


def _check_expectation_names(test_file: TestFile, case: TestCase, pack: ast.Pack) -> None:
    rules = [r.name for r in pack.rules]
    for expectation in case.expect:
        where = ("tests", case.index, "expect", expectation.rule)
        if expectation.rule not in rules:
            raise TestFileError(f"pack {pack.name!r} has no rule {expectation.rule!r} (rules: {', '.join(rules)})",
                                test_file.location(where, key=True))
        if expectation.none and (expectation.findings or expectation.count):
            raise TestFileError("none: true cannot be combined with findings or a count above 0",
                                test_file.location(where))


def run_case(test_file: TestFile, case: TestCase, pack: ast.Pack,
             masks: Sequence[dict[str, Any]] = (), fresh: Callable[[], Store] | None = None) -> CaseResult:
    results, held_back = evaluate_case(test_file, case, pack, masks, fresh)
    by_rule = {r.rule: r.findings for r in results}
    outcomes = [check_rule(e, by_rule.get(e.rule, []), held_back.get(e.rule, [])) for e in case.expect]
    observed = {r.rule: sorted({f.decision for f in r.findings}) for r in results}
    checked = {e.rule: by_rule.get(e.rule, []) for e in case.expect}
    return CaseResult(case.name, case.line, outcomes, observed, checked)


def evaluate_case(test_file: TestFile, case: TestCase, pack: ast.Pack,
                  masks: Sequence[dict[str, Any]] = (), fresh: Callable[[], Store] | None = None,
                  ) -> tuple[list[RuleResult], dict[str, list[Finding]]]:
    """The pack's results for one test, computed in an empty scratch store (``fresh()``,
    else a new SQLite database in memory), and for each checked rule the groups its
    ``having`` held back (to explain a missing finding)."""
    now = _now(test_file, case)
    params = _params(test_file, case, pack)
    if fresh is None:
        with scratch_stores(MEMORY) as memory:
            return evaluate_case(test_file, case, pack, masks, memory)
    db = fresh()
    prepare(db)
    store_events(db, test_file, case, now, masks)
    store_registry(db, test_file, case, now)
    results = run_pack(db, pack, params, now)
    checked = {e.rule for e in case.expect}
    held = {r.rule: held_back(db, pack, r, params, now) for r in results if r.rule in checked}
    return results, held


def held_back(db, pack: ast.Pack, result: RuleResult, params: dict[str, Any], now: datetime,
              limit: int = HELD_BACK_LIMIT) -> list[Finding]:
    """Groups the rule computed but its ``having`` filtered out, as findings (no evidence).

    Reuses the compiled explain query (every group, no having filter), so what a failing
    test shows is what `autopattern explain` would show.
    """
    rule = pack.rule(result.rule)
    if rule is None or rule.having is None:
        return []
    compiled = result.compiled
    values = resolve_bindings(compiled.bindings, params, now)
    rows = (row for row in run_statement(db, compiled, "explain", values, f"{pack.name}.{rule.name}") if not row["h"])
    reason = f"having {to_source(rule.having)} is false"
    return [dataclasses.replace(row_to_finding(pack, rule, compiled, row, {}), decision="none", reason=reason)
            for row in itertools.islice(rows, limit)]


def _now(test_file: TestFile, case: TestCase) -> datetime:
    try:
        return parse_now(case.now)
    except EvaluationError as exc:
        raise TestFileError(exc.message, test_file.location(("tests", case.index, "now"))) from exc


def _params(test_file: TestFile, case: TestCase, pack: ast.Pack) -> dict[str, Any]:
    overrides = [(pack.name, name, value, str(test_file.path)) for name, value in case.set.items()]
    try:
        return effective_params([pack], overrides)[pack.name]
    except EvaluationError as exc:
        name = exc.location.field.split(".")[-1] if exc.location and exc.location.field else ""
        raise TestFileError(exc.message, test_file.location(("tests", case.index, "set", name), key=True)) from exc


def finding_json(finding: Finding) -> dict[str, Any]:
    """A finding as a test file would describe it (paste-able into ``expect``)."""
    return {"key": finding.key, "fields": finding.fields, "lets": finding.lets, "decision": finding.decision,
            "reason": finding.reason, "evidence": finding.evidence}
