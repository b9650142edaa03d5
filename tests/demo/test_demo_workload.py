"""The demo workload has the shapes the automations are meant to find."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone

import pytest

from engine.demo.workload import generate_events
from engine.telemetry.validate import check_event

NOW = datetime(2026, 11, 24, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def events():
    return list(generate_events(seed=7, now=NOW, days=42))


def _executions(events, pattern_id=None, operation=None):
    return [e for e in events if e["type"] == "execution"
            and (pattern_id is None or e.get("pattern_id") == pattern_id)
            and (operation is None or e["operation"] == operation)]


def _failure_rate(runs):
    return sum(e["status"] == "failure" for e in runs) / len(runs)


def test_every_event_is_valid_unique_in_order_and_inside_the_window(events):
    assert all(not hasattr(check_event(e), "reason") for e in events)
    assert len({(e["type"], e["id"]) for e in events}) == len(events)
    stamps = [e["ts"] for e in events]
    assert stamps == sorted(stamps)
    start = (NOW - timedelta(days=42)).strftime("%Y-%m-%dT%H:%M:%S")
    assert stamps[0] >= start and stamps[-1] < NOW.strftime("%Y-%m-%dT%H:%M:%S")


def test_now_off_midnight_bounds_both_ends():
    now = datetime(2026, 11, 24, 15, 30, tzinfo=timezone.utc)
    stamps = [e["ts"] for e in generate_events(seed=1, now=now, days=3)]
    assert stamps[0] >= "2026-11-21T15:30" and stamps[-1] < "2026-11-24T15:30"


def test_scale_multiplies_volume():
    small = sum(1 for _ in generate_events(seed=7, now=NOW, days=14, scale=1))
    large = sum(1 for _ in generate_events(seed=7, now=NOW, days=14, scale=4))
    assert 3.3 < large / small < 4.7


def test_several_actors_and_repeated_commands(events):
    execs = _executions(events)
    assert len({e["actor"] for e in execs}) >= 5
    poetry = [e["command"] for e in execs if e["operation"] == "add_dependency"]
    assert len(poetry) > 100 and len(set(poetry)) > 20
    assert all(c.startswith("poetry add ") and "@^" in c for c in poetry)


def test_the_four_patterns_have_their_stories(events):
    healthy = _executions(events, "pat-scaffold-service")
    failing = _executions(events, "pat-deploy-preview")
    stale = _executions(events, "pat-legacy-migrate")
    degrading = _executions(events, "pat-generate-client")
    assert _failure_rate(healthy) < 0.08
    assert 0.4 <= _failure_rate(failing) <= 0.6
    assert max(e["ts"] for e in stale) < (NOW - timedelta(days=28)).isoformat()
    early = [e for e in degrading if e["ts"] < (NOW - timedelta(days=21)).isoformat()]
    late = [e for e in degrading if e["ts"] >= (NOW - timedelta(days=7)).isoformat()]
    assert _failure_rate(early) < 0.08 and _failure_rate(late) > 0.25


def test_files_come_in_batches_of_similar_content(events):
    handlers = [e for e in events if e["type"] == "file" and e["path"].startswith("src/handlers/")]
    by_day = defaultdict(list)
    for e in handlers:
        by_day[e["ts"][:10]].append(e)
    assert by_day and all(len(batch) >= 3 for batch in by_day.values())
    assert all("class " in e["content"] and "Handler(Handler)" in e["content"] for e in handlers)


def test_errors_with_fixes_and_without(events):
    errors = [e for e in events if e["type"] == "error"]
    missing = [e for e in errors if e["message"].startswith("ModuleNotFoundError")]
    assert len(missing) >= 10
    assert all(e["resolution"] == "pip install " + e["message"].split("'")[1] for e in missing)
    assert sum(e["resolved"] for e in missing) / len(missing) > 0.8
    assert any(e.get("resolution") == "retry" for e in errors)
    unfixed = Counter(e["message"] for e in errors if "resolution" not in e)
    assert unfixed.most_common(1)[0][1] >= 3


def test_there_is_noise(events):
    one_offs = [op for op, n in Counter(e["operation"] for e in _executions(events)).items()
                if n == 1]
    assert len(one_offs) >= 20
