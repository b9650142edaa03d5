"""Format detection from a file's first bytes."""

from __future__ import annotations

import pytest

from engine.errors import AutopatternError
from engine.telemetry.importers import FORMATS, read_records
from engine.telemetry.importers.detect import detect_format


@pytest.mark.parametrize("name, expected", [
    ("otlp_traces.jsonl", "otlp"),
    ("otlp_base64.json", "otlp"),
    ("otlp_malformed.jsonl", "otlp"),
    ("junit_pytest.xml", "junit"),
    ("junit_surefire.xml", "junit"),
    ("junit_jest.xml", "junit"),
    ("junit_malformed.xml", "junit"),
    ("gha_runs.json", "github-actions"),
    ("gha_jobs.json", "github-actions"),
    ("gha_combined.json", "github-actions"),
])
def test_sample_files(data_dir, name, expected):
    assert detect_format(data_dir / name) == expected
    assert expected in FORMATS


@pytest.mark.parametrize("text, name, expected", [
    ('{"type": "execution", "id": "1"}\n{"type": "error"}\n', "events.log", "jsonl"),
    ('\ufeff  <?xml version="1.0"?>\n<testsuites/>', "out.txt", "junit"),
    ("<testsuite name='x'><testcase name='a'/></testsuite>", "report", "junit"),
    ('[{"id": 1, "run_id": 2, "steps": []}]', "x.json", "github-actions"),
    # An event line whose content mentions another format: the first line decides...
    ('{"type": "file", "content": "\\"resourceSpans\\""}\n', "e.json", "jsonl"),
    # ...unless the extension says otherwise.
    ('{"type": "file", "content": "\\"resourceSpans\\""}\n', "e.otlp.jsonl", "jsonl"),
])
def test_content_decides_and_extension_breaks_ties(tmp_path, text, name, expected):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert detect_format(path) == expected


@pytest.mark.parametrize("text", ["just some words", "<html><body/></html>", '{"total_count": 3}',
                                  "   \n"])
def test_undetectable_names_the_file_and_the_formats_tried(tmp_path, text):
    path = tmp_path / "mystery.dat"
    path.write_text(text)
    with pytest.raises(AutopatternError) as caught:
        detect_format(path)
    message = str(caught.value)
    assert str(path) in message
    if text.strip():
        assert all(name in message for name in ("jsonl", "otlp", "junit", "github-actions"))
        assert "--format" in message
    else:
        assert "empty" in message


def test_read_records_detects_when_no_format_is_given(data_dir):
    records = list(read_records(data_dir / "junit_jest.xml"))
    assert [r.event["type"] for r in records] == ["execution", "execution", "error", "execution"]


def test_missing_file_is_a_user_error(tmp_path):
    with pytest.raises(AutopatternError, match="cannot read"):
        detect_format(tmp_path / "absent.xml")
