"""AUTO-003 error recovery: the same fix of the same error, 3+ times, becomes a self-heal."""

from __future__ import annotations

import pytest
from engine.registry.files import read_document

from tests.support.pack_events import ago, error, findings, summary

PACK = "error_recovery"
MISSING = "ModuleNotFoundError: No module named '{}'"


def fixes(outcomes: list[bool], modules=("yaml", "toml", "rich", "jwt", "attrs"), days: float = 1) -> list[dict]:
    """One error per outcome, each fixed (or not) by pip-installing the missing module."""
    return [error(MISSING.format(modules[i % len(modules)]), f"pip install {modules[i % len(modules)]}", ok,
                  ts=ago(days=days, hours=i), error_type="ModuleNotFoundError")
            for i, ok in enumerate(outcomes)]


def test_always_successful_fixes_are_auto_applied(ingest, evaluate, snapshot):
    ingest(fixes([True, True, True]))
    [found] = findings(evaluate(PACK))
    assert found.decision == "auto_apply"
    assert (found.fields["successes"], found.fields["attempts"]) == (3, 3)
    assert summary(found) == snapshot


def test_a_fix_that_sometimes_fails_needs_a_person(ingest, evaluate, snapshot):
    ingest(fixes([True, False, True, True]))
    [found] = findings(evaluate(PACK))
    assert found.decision == "manual"
    assert found.fields["success_rate"] == 0.75
    assert summary(found) == snapshot


@pytest.mark.parametrize("outcomes, expected", [
    ([True] * 9 + [False], "auto_apply"),     # 0.9: the threshold itself applies
    ([True] * 8 + [False] * 2, "manual"),     # 0.8
])
def test_the_auto_apply_threshold(ingest, evaluate, outcomes, expected):
    ingest(fixes(outcomes))
    assert [f.decision for f in findings(evaluate(PACK))] == [expected]


def test_too_few_fixes_learn_nothing(ingest, evaluate):
    ingest(fixes([True, True, False, False]))
    assert findings(evaluate(PACK)) == []


def test_unresolved_errors_and_old_fixes_do_not_count(ingest, evaluate):
    ingest([error(MISSING.format(m), ts=ago(hours=2)) for m in ("a1", "b2", "c3")]
           + fixes([True, True, True], days=120))
    assert findings(evaluate(PACK)) == []


def test_different_fixes_of_one_error_are_different_recoveries(ingest, evaluate):
    ingest(fixes([True, True, True])
           + [error(MISSING.format(m), f"conda install {m}", True, ts=ago(hours=3 + i))
              for i, m in enumerate(("numpy", "scipy", "pandas"))])
    found = findings(evaluate(PACK))
    assert sorted(f.fields["resolution_template"] for f in found) == ["conda install <*>", "pip install <*>"]


def test_the_self_heal_document(ingest, evaluate, shipped_ws):
    ingest(fixes([True, True, True, True]))
    evaluate(PACK)
    [path] = (shipped_ws.patterns_dir / "specs" / "self_heal").glob("*.yaml")
    import json
    document = read_document(path)
    assert document["auto_apply"] is True and document["status"] == "auto_apply"
    assert document["recovery"]["resolution"] == "pip install <*>"
    assert document["error"]["message_template"] == MISSING.format("<*>")
