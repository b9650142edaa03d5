"""Comparing what SQLite and PostgreSQL answered: the differential tests' one yardstick.

Numbers agree when equal to 1e-9 (relative or absolute); everything else must be equal
and of the same type (a 1 is not a True, a "1" not a 1). Findings agree when they have
the same rule, key, decision, reason and evidence, and the same fields and lets.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

TOLERANCE = 1e-9


def same(a: Any, b: Any) -> bool:
    """One value from each store: equal, numbers to 1e-9, containers item by item."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same(u, v) for u, v in zip(a, b))
    return type(a) is type(b) and a == b


def assert_same_value(a: Any, b: Any, label: str) -> None:
    assert same(a, b), f"{label}: SQLite {a!r} vs PostgreSQL {b!r}"


def assert_same_findings(lite: Sequence, pg: Sequence, label: str) -> int:
    """Two lists of findings, in order; returns how many were compared."""
    assert len(lite) == len(pg), (f"{label}: {len(lite)} findings on SQLite, {len(pg)} on PostgreSQL\n"
                                  f"SQLite: {[f.key for f in lite]}\nPostgreSQL: {[f.key for f in pg]}")
    for x, y in zip(lite, pg):
        where = f"{label} {x.rule} {x.key}"
        assert (x.pack, x.rule, x.kind) == (y.pack, y.rule, y.kind), where
        assert_same_value(x.key, y.key, f"{where} key")
        assert (x.decision, x.reason) == (y.decision, y.reason), \
            f"{where}: SQLite {x.decision} ({x.reason}) vs PostgreSQL {y.decision} ({y.reason})"
        assert x.evidence == y.evidence, f"{where} evidence: SQLite {x.evidence} vs PostgreSQL {y.evidence}"
        assert x.fields.keys() == y.fields.keys() and x.lets.keys() == y.lets.keys(), where
        for name in x.fields:
            assert_same_value(x.fields[name], y.fields[name], f"{where} field {name}")
        for name in x.lets:
            assert_same_value(x.lets[name], y.lets[name], f"{where} let {name}")
    return len(lite)


def assert_same_results(lite: Sequence, pg: Sequence, label: str) -> int:
    """Two runs of a pack (``RuleResult`` lists): every rule's findings; how many findings."""
    assert [r.rule for r in lite] == [r.rule for r in pg], label
    return sum(assert_same_findings(a.findings, b.findings, f"{label} {a.rule}") for a, b in zip(lite, pg))
