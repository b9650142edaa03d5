"""AUTO-007: degrading, improving and stale patterns flagged, steady ones skipped,
too-little-data ones left out; trend documents name their pattern and keep a history."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from engine.registry.files import read_document

from tests.support.pack_env import NOW, execution, findings


def runs(prefix: str, pattern: str, days: list[float], ok: list[bool], duration_ms: int = 1000) -> list[dict]:
    return [execution(f"{prefix}-{i}", d, "op_" + pattern, f"run {pattern}", "success" if good else "failure",
                      duration_ms, pattern_id=pattern) for i, (d, good) in enumerate(zip(days, ok))]


BEFORE = [8, 10, 12, 14, 16, 18]          # days ago: the period before (28d .. 7d ago)
RECENT = [1, 2, 3, 4]                      # this period (the last 7 days)


@pytest.fixture
def env(make_env):
    env = make_env("evolution")
    env.ingest(
        runs("deg", "pat-degrading", BEFORE + RECENT, [True] * 6 + [False, False, True, False])
        + runs("imp", "pat-improving", BEFORE + RECENT, [False, False, True, False, False, True] + [True] * 4)
        + runs("std", "pat-steady", BEFORE + RECENT, [True] * 10)
        + runs("slow", "pat-slow", BEFORE, [True] * 6, 1000) + runs("slow2", "pat-slow", RECENT, [True] * 4, 2000)
        + runs("old", "pat-stale", [20, 21, 22, 25], [True] * 4)
        + runs("few", "pat-few", [2, 9], [False, True]))
    return env


def by_pattern(evaluation, rule):
    return {f.fields["pattern_id"]: f for f in findings(evaluation, rule)}


def test_degrading_flags_falling_success_and_slowdown(env):
    found = by_pattern(env.evaluate(), "degrading")
    assert found["pat-degrading"].decision == "flag"
    assert found["pat-degrading"].fields["change"] == pytest.approx(0.25 - 1.0)
    assert found["pat-slow"].decision == "flag" and found["pat-slow"].fields["slowdown"] == 2.0
    assert found["pat-steady"].decision == "skip"
    assert found["pat-improving"].decision == "skip"
    assert "pat-few" not in found          # one run per period: too few to compare


def test_improving_flags_rising_success_only(env):
    found = by_pattern(env.evaluate(), "improving")
    assert found["pat-improving"].decision == "flag"
    assert {p for p, f in found.items() if f.decision == "flag"} == {"pat-improving"}


def test_stale_flags_patterns_unused_longer_than_stale_after(env):
    found = by_pattern(env.evaluate(), "stale")
    assert found["pat-stale"].decision == "flag"
    assert found["pat-stale"].fields["idle_days"] == 20.0
    assert found["pat-steady"].decision == "skip"
    relaxed = by_pattern(env.evaluate(dry_run=True, sets=["evolution.stale_after=21d"]), "stale")
    assert relaxed["pat-stale"].decision == "skip"


def test_trend_documents_refer_to_their_pattern(env, snapshot):
    env.evaluate()
    folder = env.ws.patterns_dir / "trends"
    documents = [read_document(p) for p in sorted(folder.glob("*.yaml"))]
    assert {(d["rule"], d["subject"]) for d in documents} == {
        ("degrading", "pat-degrading"), ("degrading", "pat-slow"), ("improving", "pat-improving"),
        ("stale", "pat-stale")}
    assert all(d["status"] == "flagged" and d["direction"] for d in documents)
    stable = [{k: d[k] for k in ("id", "rule", "name", "direction", "subject", "fields", "evidence", "reason")}
              for d in sorted(documents, key=lambda d: d["id"])]
    assert stable == snapshot


def test_trend_history_grows_when_the_trend_changes(env):
    env.evaluate()
    env.ingest(runs("deg-more", "pat-degrading", [0.5, 0.6], [False, False]))
    env.evaluate(now=NOW + timedelta(hours=1))
    [path] = [p for p in (env.ws.patterns_dir / "trends").glob("*.yaml")
              if read_document(p)["subject"] == "pat-degrading" and "degrading" in p.name]
    document = read_document(path)
    assert document["version"] == 2 and len(document["history"]) == 2
    changes = document["history"][-1]["changes"]
    assert changes["fields.runs_now"] == [4, 6]
    assert changes["fields.success_rate_now"] == [0.25, 0.1667]


def test_usage_stopped_compares_metric_snapshots(make_env):
    env = make_env("evolution")
    env.ingest(runs("u", "pat-used", [12, 13, 14], [True] * 3) + runs("v", "pat-busy", [12, 13, 3], [True] * 3))
    env.evaluate(now=NOW - timedelta(days=10))    # the earlier snapshot (pat-busy: 2 uses then)
    found = by_pattern(env.evaluate(), "usage_stopped")
    assert found["pat-used"].decision == "flag"
    assert found["pat-used"].fields["uses_then"] == found["pat-used"].fields["uses_now"] == 3
    assert found["pat-busy"].decision == "skip"
    assert env.query("SELECT COUNT(*) FROM pattern_metrics")[0][0] == 4
