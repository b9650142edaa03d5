"""Any JSON or XML shape yields events or per-record errors, never an exception."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.telemetry.importers import read_records
from engine.telemetry.validate import check_event

KEYS = st.sampled_from([
    "resourceSpans", "resource", "attributes", "scopeSpans", "scope", "spans", "traceId",
    "spanId", "parentSpanId", "name", "startTimeUnixNano", "endTimeUnixNano", "status",
    "code", "events", "key", "value", "stringValue", "intValue", "arrayValue", "values",
    "kvlistValue", "timeUnixNano", "workflow_runs", "jobs", "steps", "id", "run_id",
    "runner_name", "workflow_id", "conclusion", "started_at", "completed_at", "number",
    "actor", "triggering_actor", "login", "run_started_at", "updated_at", "workflow_name",
    "kind", "message",
])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2, 2**64), st.floats(allow_nan=False),
                    st.sampled_from(["", "0", "1700000000000000000", "5b8efff798038103d269b633813fc60c",
                                     "eee19b7ec3c1b174", "success", "failure", "exception",
                                     "2024-05-02T10:00:00Z", "STATUS_CODE_ERROR", "x"]))
JSON = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=6)), max_leaves=40)


def _check(path: Path, fmt: str) -> None:
    for record in read_records(path, fmt):
        assert (record.event is None) != (record.error is None)
        if record.event is not None:
            # whatever an importer maps must be a valid event, or ingest rejects it cleanly
            check_event(record.event)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=JSON)
def test_json_importers_never_raise(document):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.json"
        wrapped = [document, {"resourceSpans": document}, {"workflow_runs": document},
                   {"jobs": document}, {"resourceSpans": [{"scopeSpans": [{"spans": [document]}]}]},
                   {"jobs": [{"id": 1, "steps": document, "runner_name": None, "run_id": 1}]}]
        for value in wrapped:
            path.write_text(json.dumps(value))
            _check(path, "otlp")
            _check(path, "github-actions")


ELEMENTS = st.sampled_from(["testsuites", "testsuite", "testcase", "failure", "error", "skipped",
                            "properties", "system-out"])
ATTRIBUTES = st.dictionaries(st.sampled_from(["name", "classname", "time", "timestamp", "message",
                                              "type", "hostname"]),
                             st.sampled_from(["", "x", "0.5", "-1", "1,2", "nan", "inf",
                                              "2024-05-02T10:00:00", "bad", "a.b"]), max_size=4)


@st.composite
def xml_trees(draw, depth=0):
    tag = draw(ELEMENTS)
    attributes = "".join(f' {k}="{v}"' for k, v in draw(ATTRIBUTES).items())
    children = draw(st.lists(xml_trees(depth + 1), max_size=3)) if depth < 3 else []
    return f"<{tag}{attributes}>{draw(st.sampled_from(['', 'text', ' ']))}{''.join(children)}</{tag}>"


@settings(max_examples=100, deadline=None)
@given(tree=xml_trees(), cut=st.integers(0, 400))
def test_junit_importer_never_raises(tree, cut):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.xml"
        for text in (tree, tree[:cut]):
            path.write_text(text)
            _check(path, "junit")
