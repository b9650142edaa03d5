"""Branch coverage of rule packs by their tests.

A branch is one outcome of a rule: each decision its ``decide`` block names (the one
default decision of its kind when it has none), and "no finding" when the rule can emit
nothing (it groups or has a ``having``). The fallback a
``decide`` block without ``otherwise`` reaches is not a branch: rules usually make it
unreachable with their ``having``, and `autopattern check` warns when it is not. A test covers a branch when
it checks that rule (names it under ``expect``) and the rule reached that outcome in
the test's run: an outcome that happened but that no expectation looked at is not
counted as tested.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.evaluate.findings import default_decision
from engine.language import ast
from engine.language.loader import load_packs
from engine.ruletest.runner import FileResult

NO_FINDING = "no finding"


@dataclass
class RuleCoverage:
    rule: str
    branches: list[str]
    covered: set[str] = field(default_factory=set)

    @property
    def missing(self) -> list[str]:
        return [b for b in self.branches if b not in self.covered]


@dataclass
class PackCoverage:
    pack: str
    path: str
    rules: list[RuleCoverage]

    @property
    def total(self) -> int:
        return sum(len(r.branches) for r in self.rules)

    @property
    def hit(self) -> int:
        return sum(len(set(r.branches) & r.covered) for r in self.rules)

    def to_json(self) -> dict[str, Any]:
        return {"pack": self.pack, "path": self.path, "branches": self.total, "covered": self.hit,
                "rules": [{"rule": r.rule, "branches": r.branches, "covered": sorted(r.covered & set(r.branches)),
                           "missing": r.missing} for r in self.rules]}


def branches(rule: ast.Rule) -> list[str]:
    """Every outcome a rule can have."""
    names = [d.name for d in rule.decisions] or [default_decision(rule.emit.kind)]
    return list(dict.fromkeys(names)) + ([NO_FINDING] if can_be_silent(rule) else [])


def can_be_silent(rule: ast.Rule) -> bool:
    """Whether a rule can emit nothing: an aggregate over the whole source (no group by,
    no having) is one row even when no row matches, so it always yields one finding."""
    return bool(rule.group_by) or rule.having is not None


def measure(results: list[FileResult]) -> list[PackCoverage]:
    """Coverage of every pack tested, and of every other pack in the same rule folders."""
    packs: dict[str, tuple[ast.Pack, Path]] = {}
    for result in results:
        if result.pack is not None and result.pack_path is not None:
            packs.setdefault(result.pack.name, (result.pack, result.pack_path))
    folders = sorted({path.parent for _, path in packs.values()})
    for item in load_packs(folders) if folders else []:
        if item.ok:
            packs.setdefault(item.pack.name, (item.pack, item.path))
    report = {name: PackCoverage(name, str(path), [RuleCoverage(r.name, branches(r)) for r in pack.rules])
              for name, (pack, path) in packs.items()}
    for result in results:
        if result.pack is None:
            continue
        rules = {r.rule: r for r in report[result.pack.name].rules}
        for case in result.cases:
            for outcome in case.outcomes:
                reached = case.observed.get(outcome.rule, [])
                rules[outcome.rule].covered.update(reached or [NO_FINDING])
    return sorted(report.values(), key=lambda p: p.path)
