"""The Python API: the same contract as the files, plus the registry's rows."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from engine.errors import ValidationFailure
from engine.models import ErrorEvent, ExecutionEvent, FileEvent
from engine.telemetry.api import Telemetry


@pytest.fixture
def telemetry(ws):
    with Telemetry(ws) as t:
        yield t


def _one(t: Telemetry, sql: str, *params):
    rows = list(t.db.query(sql, list(params)))
    assert len(rows) == 1, rows
    return rows[0]


def test_log_execution_with_keywords_defaults_id_and_ts(telemetry):
    event_id = telemetry.log_execution(operation="run_tests", command="pytest tests/api",
                                       status="success", duration_ms=5300, runner="r1")
    row = _one(telemetry, "SELECT * FROM execution_logs WHERE id = ?", event_id)
    assert row["operation"] == "run_tests" and row["source"] == "api"
    assert json.loads(row["attrs"]) == {"runner": "r1"}
    stored = datetime.fromisoformat(row["ts"])
    assert abs(stored - datetime.now(timezone.utc)) < timedelta(minutes=1)


def test_models_and_aware_datetimes_are_accepted(telemetry):
    local = datetime(2026, 3, 2, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    telemetry.log_execution(ExecutionEvent(id="m1", ts=local, operation="o", status="failure",
                                           duration_ms=1, extra_field=3))
    telemetry.record_file_event(FileEvent(id="f1", ts="2026-03-02T10:00:00Z", path="a.py",
                                          action="modified"))
    telemetry.record_error(ErrorEvent(id="r1", ts="2026-03-02T10:00:00Z", message="boom"))
    row = _one(telemetry, "SELECT ts, attrs FROM execution_logs WHERE id = 'm1'")
    assert row == {"ts": "2026-03-02T10:00:00.000Z", "attrs": '{"extra_field": 3}'}
    assert _one(telemetry, "SELECT action FROM file_events")["action"] == "modified"


@pytest.mark.parametrize("fields,field", [
    ({"status": "nope", "duration_ms": 1}, "status"),
    ({"status": "success", "duration_ms": -1}, "duration_ms"),
    ({"status": "success"}, "duration_ms"),
    ({"status": "success", "duration_ms": 1, "ts": "1900-01-01T00:00:00Z"}, "ts"),
])
def test_invalid_events_raise_naming_the_field(telemetry, fields, field):
    with pytest.raises(ValidationFailure) as caught:
        telemetry.log_execution(operation="o", **fields)
    assert caught.value.location.field == field
    assert telemetry.db.execute("SELECT COUNT(*) FROM execution_logs").fetchone()[0] == 0


def test_logging_the_same_id_twice_stores_it_once(telemetry):
    for _ in range(2):
        telemetry.log_execution(id="same", operation="o", status="success", duration_ms=1)
    assert telemetry.db.execute("SELECT COUNT(*) FROM execution_logs").fetchone()[0] == 1


def test_record_error_then_its_resolution(telemetry):
    error_id = telemetry.record_error(message="No module named 'yaml'",
                                      error_type="ModuleNotFoundError")
    telemetry.record_resolution(error_id, "pip install yaml", True, 4100)
    row = _one(telemetry, "SELECT * FROM error_events WHERE id = ?", error_id)
    assert (row["resolution"], row["resolved"], row["resolution_ms"]) == ("pip install yaml", 1, 4100)
    assert row["resolution_template_id"] is not None
    assert row["message_template_id"] is not None


def test_record_resolution_of_an_unknown_error_fails(telemetry):
    with pytest.raises(ValidationFailure, match="no error with id"):
        telemetry.record_resolution("missing", "retry", True)


def test_record_resolution_validates(telemetry):
    error_id = telemetry.record_error(message="boom")
    with pytest.raises(ValidationFailure) as caught:
        telemetry.record_resolution(error_id, "retry", True, -3)
    assert caught.value.location.field == "resolution_ms"


def test_batch_ingest_reports_rejections(telemetry):
    summary = telemetry.ingest([
        {"type": "file", "id": "f", "ts": "2026-01-01T00:00:00Z", "path": "a", "action": "created"},
        ExecutionEvent(id="e", ts="2026-01-01T00:00:00Z", operation="o", status="success",
                       duration_ms=0),
        {"type": "file", "id": "g"},
    ])
    assert (summary.stored, summary.rejected) == (2, 1)
    assert summary.rejections[0].location == "event 3"


def test_pattern_candidate_is_upserted_with_a_stable_id(telemetry):
    first = telemetry.record_pattern_candidate(name="scaffold service", confidence=0.8,
                                               evidence=["ex-1", "ex-2"])
    second = telemetry.record_pattern_candidate(name="scaffold service", confidence=0.9)
    assert first == second
    row = _one(telemetry, "SELECT * FROM pattern_candidates")
    assert (row["confidence"], row["version"], row["decided_by"]) == (0.9, 2, "human")


def test_pattern_candidate_changes_are_audited(telemetry):
    pid = telemetry.record_pattern_candidate(name="scaffold", status="draft")
    telemetry.record_pattern_candidate(name="scaffold", status="approved")
    audit = [tuple(r) for r in telemetry.db.execute(
        "SELECT pattern_id, decision, previous_status, actor FROM decisions ORDER BY seq")]
    assert audit == [(pid, "draft", None, "human:api"), (pid, "approved", "draft", "human:api")]


def test_anti_pattern_computes_its_failure_rate(telemetry):
    pid = telemetry.record_anti_pattern(subject="pat-deploy-preview", subject_kind="pattern",
                                        failures=6, attempts=10, quarantined=True,
                                        recommendation="quarantine")
    row = _one(telemetry, "SELECT * FROM anti_patterns WHERE id = ?", pid)
    assert (row["failure_rate"], row["quarantined"]) == (0.6, 1)


def test_error_pattern_checks_its_counts(telemetry):
    pid = telemetry.record_error_pattern(message_template="No module named '<*>'",
                                         resolution="pip install <*>", successes=9, attempts=10)
    assert _one(telemetry, "SELECT success_rate FROM error_patterns WHERE id = ?",
                pid)["success_rate"] == 0.9
    with pytest.raises(ValidationFailure, match="successes cannot exceed attempts"):
        telemetry.record_error_pattern(message_template="x", successes=3, attempts=2)
    with pytest.raises(ValidationFailure) as caught:
        telemetry.record_error_pattern(message_template="x", successes=-1, attempts=2)
    assert caught.value.location.field == "successes"


def test_opens_a_bare_database_path(tmp_path):
    path = tmp_path / "plain.db"
    with Telemetry(path) as t:
        t.log_execution(operation="o", status="success", duration_ms=1)
    with Telemetry(path) as t:
        assert t.db.execute("SELECT COUNT(*) FROM execution_logs").fetchone()[0] == 1
