"""OTLP JSON traces -> executions and errors."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from engine.telemetry.importers.otlp import SpanError, otlp_id, read_otlp
from engine.telemetry.ingest import ingest_records

TRACE = "5b8efff798038103d269b633813fc60c"
SPAN = "eee19b7ec3c1b174"


def _span(**overrides):
    span = {"traceId": TRACE, "spanId": SPAN, "name": "build",
            "startTimeUnixNano": "1700000000000000000",
            "endTimeUnixNano": "1700000000123456789", "status": {}}
    span.update(overrides)
    return span


def _write(tmp_path: Path, *spans, resource_attributes=(), name="trace.json") -> Path:
    document = {"resourceSpans": [{
        "resource": {"attributes": list(resource_attributes)},
        "scopeSpans": [{"scope": {"name": "tests"}, "spans": list(spans)}]}]}
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _by_id(events):
    return {event["id"]: event for event in events}


@pytest.mark.parametrize("end", ["1700000000123456789", 1700000000123456789])
def test_nanoseconds_are_kept_exactly_whether_written_as_string_or_number(tmp_path, read_all, end):
    events, errors = read_all(_write(tmp_path, _span(endTimeUnixNano=end)), "otlp")
    assert errors == []
    (execution,) = events
    assert execution["ts_unix_nano"] == 1700000000123456789
    assert execution["duration_ns"] == 123456789
    assert execution["duration_ms"] == 123
    assert execution["ts"] == "2023-11-14T22:13:20.123456Z"


@pytest.mark.parametrize("duration_ns, expected_ms", [(0, 0), (499_999, 0), (500_000, 1),
                                                      (1_499_999, 1), (2_000_000, 2)])
def test_duration_rounds_to_the_nearest_millisecond(tmp_path, read_all, duration_ns, expected_ms):
    start = 1700000000000000000
    span = _span(startTimeUnixNano=str(start), endTimeUnixNano=str(start + duration_ns))
    events, _ = read_all(_write(tmp_path, span), "otlp")
    assert events[0]["duration_ms"] == expected_ms
    assert events[0]["duration_ns"] == duration_ns


def test_sample_file_maps_spans_status_commands_and_exceptions(data_dir, read_all):
    events, errors = read_all(data_dir / "otlp_traces.jsonl", "otlp")
    assert errors == []
    executions = _by_id(e for e in events if e["type"] == "execution")
    errors_events = [e for e in events if e["type"] == "error"]

    run_tests = executions[f"otlp:{TRACE}:{SPAN}"]
    assert (run_tests["operation"], run_tests["status"], run_tests["command"]) == \
        ("run_tests", "success", "pytest -q tests/unit")
    assert run_tests["actor"] == run_tests["service.name"] == "build-agent"
    assert run_tests["attributes"] == {"process.command_line": "pytest -q tests/unit",
                                       "test.count": 412, "ci.retry": False, "cpu.load": 0.83}
    assert "parent_span_id" not in run_tests

    install = executions[f"otlp:{TRACE}:eee19b7ec3c1b175"]
    assert install["command"] == "pip install -r 'requirements dev.txt'"  # arrayValue, quoted
    assert install["parent_span_id"] == SPAN
    assert install["duration_ms"] == 10_000  # 9_999_999_999 ns rounds up

    post = executions["otlp:0af7651916cd43dd8448eb211c80319c:b7ad6b7169203331"]
    assert (post["status"], post["command"], post["status_message"]) == \
        ("failure", "/orders", "database unavailable")
    select = executions["otlp:0af7651916cd43dd8448eb211c80319c:b7ad6b7169203332"]
    assert select["status"] == "failure"  # status code written as the enum's name

    by_execution = {e["execution_id"]: e for e in errors_events}
    assert len(errors_events) == 2  # the "retry" span event is not an exception
    crash = by_execution[post["id"]]
    assert crash["message"] == "could not connect to server: Connection refused"
    assert crash["error_type"] == "psycopg2.OperationalError"
    assert crash["ts"] == "2023-11-14T22:15:00.240000Z"
    assert crash["stacktrace"].startswith("Traceback")
    # No exception.message: the type stands in for it.
    assert by_execution[select["id"]]["message"] == "TimeoutError"


def test_base64_ids_are_the_same_ids_as_hex(data_dir, read_all):
    events, errors = read_all(data_dir / "otlp_base64.json", "otlp")
    assert errors == []
    assert events[0]["id"] == f"otlp:{TRACE}:{SPAN}"
    assert events[0]["command"] == "etl.load.load_table"  # code.function


@pytest.mark.parametrize("value, size", [(TRACE, 16), (TRACE.upper(), 16), (SPAN, 8),
                                         (base64.b64encode(bytes.fromhex(TRACE)).decode(), 16),
                                         (base64.b64encode(bytes.fromhex(SPAN)).decode(), 8)])
def test_ids_are_normalised_to_lowercase_hex(value, size):
    assert otlp_id(value, size, "id") == (TRACE if size == 16 else SPAN)


@pytest.mark.parametrize("value, reason", [("", "missing"), ("0" * 32, "all zeros"),
                                           ("abc", "neither hex nor base64"),
                                           ("AAAAAAAAAAE=", "is 8 bytes, expected 16")])
def test_bad_trace_ids_are_refused_with_the_reason(value, reason):
    with pytest.raises(SpanError, match=reason):
        otlp_id(value, 16, "traceId")


def test_command_attributes_option_picks_the_first_present(tmp_path, read_all):
    attributes = [{"key": "http.route", "value": {"stringValue": "/users/{id}"}},
                  {"key": "rpc.method", "value": {"stringValue": "GetUser"}}]
    path = _write(tmp_path, _span(attributes=attributes))
    default, _ = read_all(path, "otlp")
    chosen, _ = read_all(path, "otlp", command_attributes="rpc.method, http.route")
    absent, _ = read_all(path, "otlp", command_attributes=["nothing.here"])
    assert default[0]["command"] == "/users/{id}"
    assert chosen[0]["command"] == "GetUser"
    assert "command" not in absent[0]


def test_malformed_spans_and_lines_are_per_record_errors(data_dir, read_all):
    events, errors = read_all(data_dir / "otlp_malformed.jsonl", "otlp")
    assert [e["operation"] for e in events] == ["fine"]
    messages = {record.location: record.error for record in errors}
    assert messages == {
        "otlp_malformed.jsonl:1 resourceSpans[0]/scopeSpans[0]/spans[0] 'no_times'":
            "startTimeUnixNano is missing",
        "otlp_malformed.jsonl:1 resourceSpans[0]/scopeSpans[0]/spans[1] 'backwards'":
            "endTimeUnixNano (1700000000000000100) is before startTimeUnixNano (1700000000000000200)",
        "otlp_malformed.jsonl:1 resourceSpans[0]/scopeSpans[0]/spans[3] 'bad_trace_id'":
            "traceId 'not-an-id' is neither hex nor base64",
        "otlp_malformed.jsonl:2:22": "invalid JSON: unterminated string starting",
        "otlp_malformed.jsonl:3":
            "not an OTLP trace document: expected an object with a 'resourceSpans' list",
    }
    assert all(record.raw for record in errors)  # copied into the rejects file


def test_span_without_end_time_is_an_error_not_a_crash(tmp_path, read_all):
    span = _span()
    del span["endTimeUnixNano"]
    events, errors = read_all(_write(tmp_path, span, _span(spanId="eee19b7ec3c1b176")), "otlp")
    assert len(events) == 1
    assert errors[0].error == "endTimeUnixNano is missing"


def test_ingest_stores_spans_and_errors_once(data_dir, memory_store):
    path = data_dir / "otlp_traces.jsonl"
    first = ingest_records(memory_store, read_otlp(path), source="otlp")
    again = ingest_records(memory_store, read_otlp(path), source="otlp")
    assert (first.stored, first.rejected) == (6, 0)
    assert first.stored_by_type == {"execution": 4, "file": 0, "error": 2}
    assert (again.stored, again.duplicates) == (0, 6)
    row = memory_store.execute("SELECT ts, duration_ms, status, json_extract(attrs, '$.ts_unix_nano') "
                     "FROM execution_logs WHERE operation = 'run_tests'").fetchone()
    assert row == ("2023-11-14T22:13:20.123Z", 123, "success", 1700000000123456789)
    linked = memory_store.execute("SELECT COUNT(*) FROM error_events e JOIN execution_logs x "
                        "ON x.id = e.execution_id WHERE x.status = 'failure'").fetchone()[0]
    assert linked == 2


def _request(span: dict) -> dict:
    return {"resourceSpans": [{"scopeSpans": [{"spans": [span]}]}]}


BARE_SPAN = {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174",
        "startTimeUnixNano": "1700000000000000000", "endTimeUnixNano": "1700000000500000000"}


def test_proto3_json_leaves_out_default_fields(tmp_path, read_all):
    """No "name", "kind", "status" or "attributes": each equals its default, still valid."""
    path = tmp_path / "spans.json"
    path.write_text(json.dumps(_request(BARE_SPAN)))
    events, errors = read_all(path, "otlp")
    assert errors == []
    (execution,) = events
    assert (execution["operation"], execution["status"], execution["duration_ms"]) == ("(unnamed span)", "success", 500)
    assert execution["name_missing"] is True


@pytest.mark.parametrize("wrap", [
    lambda doc: {"result": doc},                                   # Jaeger API v3
    lambda doc: {"batches": doc["resourceSpans"]},                 # Tempo
    lambda doc: {"trace": doc},
])
def test_query_api_wrappers_are_read(tmp_path, read_all, wrap):
    path = tmp_path / "trace.json"
    path.write_text(json.dumps(wrap(_request({**BARE_SPAN, "name": "GET /users"}))))
    events, errors = read_all(path)          # detected, not told
    assert errors == [] and [e["operation"] for e in events] == ["GET /users"]


def test_a_name_that_is_not_a_string_is_still_an_error(tmp_path, read_all):
    path = tmp_path / "spans.json"
    path.write_text(json.dumps(_request({**BARE_SPAN, "name": 7})))
    events, errors = read_all(path, "otlp")
    assert events == [] and errors[0].error == "span name 7 is not a string"
