"""AUTO-005 anti-patterns: recurring failures are recorded; failing too often quarantines."""

from __future__ import annotations

import json

import pytest

from tests.support.pack_events import ago, error, execution, findings, summary
from engine.registry import index
from engine.registry.files import read_document

PACK = "anti_patterns"


def runs(operation: str, failures: int, successes: int, *, pattern_id: str | None = None,
         days: float = 0) -> list[dict]:
    """``failures`` failed then ``successes`` successful runs, an hour apart."""
    statuses = ["failure"] * failures + ["success"] * successes
    return [execution(operation, f"{operation} --run {i}", status=s, pattern_id=pattern_id,
                      ts=ago(days=days, hours=i + 1)) for i, s in enumerate(statuses)]


@pytest.mark.parametrize("failures, successes, expected", [
    (3, 3, "quarantine"),    # 0.5
    (4, 6, "quarantine"),    # 0.4: the threshold itself quarantines
    (3, 7, "record"),        # 0.3
    (3, 27, "record"),       # 0.1: just worth recording
])
def test_a_failing_pattern(ingest, evaluate, failures, successes, expected):
    ingest(runs("deploy_preview", failures, successes, pattern_id="pat-deploy"))
    [found] = findings(evaluate(PACK), "failing_pattern")
    assert found.decision == expected
    assert (found.fields["failures"], found.fields["attempts"]) == (failures, failures + successes)


@pytest.mark.parametrize("failures, successes", [(2, 0), (3, 40)])
def test_too_few_failures_or_ordinary_noise_find_nothing(ingest, evaluate, failures, successes):
    ingest(runs("deploy_preview", failures, successes, pattern_id="pat-deploy"))
    assert findings(evaluate(PACK)) == []


def test_failures_before_the_lookback_do_not_count(ingest, evaluate):
    ingest(runs("deploy_preview", 5, 0, pattern_id="pat-deploy", days=31))
    assert findings(evaluate(PACK)) == []


def test_quarantine_takes_the_pattern_out_of_service(ingest, evaluate, shipped_ws, snapshot):
    ingest(runs("deploy_preview", 3, 2, pattern_id="pat-deploy"))
    evaluation = evaluate(PACK)
    [found] = findings(evaluation, "failing_pattern")
    assert summary(found) == snapshot
    db = shipped_ws.open_db()
    assert index.is_quarantined(db, "pat-deploy")
    db.close()
    assert not list((shipped_ws.patterns_dir / "anti_patterns").glob("*.yaml"))   # quarantined: it sits in quarantine/
    [entry] = [p for p in (shipped_ws.patterns_dir / "quarantine").glob("*.yaml") if read_document(p)["kind"] == "anti_pattern"]
    document = read_document(entry)
    assert document["subject"] == {"kind": "pattern", "id": "pat-deploy"}
    assert document["quarantined"] is True and "pat-deploy" in document["recommendation"]
    assert list((shipped_ws.patterns_dir / "quarantine").glob("*.yaml"))


def test_a_recorded_pattern_stays_in_service(ingest, evaluate, shipped_ws):
    ingest(runs("deploy_preview", 3, 17, pattern_id="pat-deploy"))
    evaluate(PACK)
    db = shipped_ws.open_db()
    assert not index.is_quarantined(db, "pat-deploy")
    db.close()


def test_an_approved_candidate_is_not_re_approved_over_its_quarantine(ingest, evaluate, shipped_ws):
    # AUTO-001 approves repeated work; the orchestrator then runs it as that pattern and
    # it fails half of the time: AUTO-005 quarantines it, and AUTO-001 must not undo that.
    ingest([execution("scaffold", f"scaffold --name m{i}", ts=ago(hours=40 + i)) for i in range(12)])
    evaluate("execution_patterns")
    db = shipped_ws.open_db()
    [candidate] = index.list_patterns(db, kind="pattern_candidate", status="approved")
    db.close()
    ingest(runs("scaffold", 4, 4, pattern_id=candidate["id"]))
    evaluate("anti_patterns")
    evaluate("execution_patterns")
    evaluate("execution_patterns", "anti_patterns")
    db = shipped_ws.open_db()
    assert index.status_of(db, candidate["id"]) == "quarantined"
    db.close()


def test_an_error_nobody_fixed_is_recorded(ingest, evaluate, snapshot):
    message = "PermissionError: [Errno 13] Permission denied: '/var/run/docker{}.sock'"
    ingest([error(message.format(i), ts=ago(hours=i), error_type="PermissionError") for i in range(3)]
           + [error(message.format(9), "chmod 666 /var/run/docker.sock", False, ts=ago(hours=5))])
    [found] = findings(evaluate(PACK), "unfixed_error")
    assert found.decision == "record"
    assert (found.fields["failures"], found.fields["fix_attempts"], found.fields["failure_rate"]) == (4, 1, 1)
    assert summary(found) == snapshot


@pytest.mark.parametrize("count, fixed_once, found", [(3, False, 1), (2, False, 0), (5, True, 0)])
def test_unfixed_error_thresholds(ingest, evaluate, count, fixed_once, found):
    message = "TimeoutError: preview pr-{} not ready after 300s"
    events = [error(message.format(100 + i), ts=ago(hours=i)) for i in range(count)]
    if fixed_once:
        events.append(error(message.format(999), "kubectl rollout restart", True, ts=ago(hours=9)))
    ingest(events)
    assert len(findings(evaluate(PACK), "unfixed_error")) == found


@pytest.mark.parametrize("failures, successes, expected", [
    (3, 2, "quarantine"),    # 0.6
    (3, 6, "record"),        # 0.33
    (3, 20, None),           # 0.13: ordinary noise for work without a pattern
])
def test_work_without_a_pattern(ingest, evaluate, shipped_ws, failures, successes, expected):
    ingest(runs("tests.test_checkout.test_webhook", failures, successes))
    found = findings(evaluate(PACK), "failing_operation")
    assert [f.decision for f in found] == ([expected] if expected else [])
    if expected:
        folder = "quarantine" if expected == "quarantine" else "anti_patterns"
        [path] = (shipped_ws.patterns_dir / folder).glob("*.yaml")
        document = read_document(path)
        assert document["status"] == ("quarantined" if expected == "quarantine" else "recorded")
        assert document["subject"] == {"kind": "operation", "id": "tests.test_checkout.test_webhook"}
        assert document["quarantined"] is (expected == "quarantine")
