"""The shared JSON document reader and time helpers."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from engine.telemetry.importers.common import (
    JsonDocument, JsonProblem, iter_json_documents, ms_from_ns, parse_timestamp, rfc3339_from_ns,
)


def _read(tmp_path, text: str):
    path = tmp_path / "doc.json"
    path.write_bytes(text.encode("utf-8"))
    return [(type(item).__name__, item.value if isinstance(item, JsonDocument) else item.message,
             item.line) + ((item.column,) if isinstance(item, JsonProblem) else ())
            for item in iter_json_documents(path)]


@pytest.mark.parametrize("text, expected", [
    # JSON Lines, with blank lines and CRLF endings
    ('{"a": 1}\r\n\r\n{"b": 2}\r\n', [("JsonDocument", {"a": 1}, 1), ("JsonDocument", {"b": 2}, 3)]),
    # a pretty-printed document after blank lines, with a byte-order mark
    ('\ufeff\n\n{\n  "a": [1,\n 2]\n}\n', [("JsonDocument", {"a": [1, 2]}, 3)]),
    # documents back to back (gh api --paginate), one of them starting mid-line
    ('{\n"p": 1\n}{\n"p": 2\n}\n[3]', [("JsonDocument", {"p": 1}, 1), ("JsonDocument", {"p": 2}, 3),
                                      ("JsonDocument", [3], 6)]),
    # a broken line in JSON Lines costs that line only
    ('{"a": 1}\n{"a": \n{"a": 3}\n', [("JsonDocument", {"a": 1}, 1),
                                     ("JsonProblem", "invalid JSON: expecting value", 2, 7),
                                     ("JsonDocument", {"a": 3}, 3)]),
    # a broken pretty document names the line and column of the fault
    ('\n{\n  "a": 1,\n  "b": ?\n}\n', [("JsonProblem", "invalid JSON: expecting value", 4, 8),
                                      ]),
    ("", []),
    ("  \n\n", []),
])
def test_json_documents(tmp_path, text, expected):
    assert _read(tmp_path, text) == expected


@pytest.mark.parametrize("nanos, text", [
    (1700000000123456789, "2023-11-14T22:13:20.123456Z"),
    (1700000000000000999, "2023-11-14T22:13:20.000000Z"),
    (1, "1970-01-01T00:00:00.000000Z"),
])
def test_rfc3339_from_ns_uses_integer_arithmetic(nanos, text):
    assert rfc3339_from_ns(nanos) == text


@pytest.mark.parametrize("text, moment, naive", [
    ("2024-05-02T10:11:12Z", datetime(2024, 5, 2, 10, 11, 12, tzinfo=timezone.utc), False),
    ("2024-05-02T12:11:12+02:00", datetime(2024, 5, 2, 10, 11, 12, tzinfo=timezone.utc), False),
    ("2024-05-02T10:11:12.5", datetime(2024, 5, 2, 10, 11, 12, 500000, tzinfo=timezone.utc), True),
])
def test_parse_timestamp(text, moment, naive):
    assert parse_timestamp(text) == (moment, naive)


def test_ms_from_ns_rounds_half_up():
    assert [ms_from_ns(n) for n in (0, 499_999, 500_000, 1_500_000)] == [0, 0, 1, 2]


def test_a_broken_page_among_pretty_pages_costs_that_page_only(tmp_path):
    text = '{\n  "page": 1\n}\n{\n  "page": oops,\n  "more": [\n    1\n  ]\n}\n{\n  "page": 3\n}\n'
    assert _read(tmp_path, text) == [
        ("JsonDocument", {"page": 1}, 1),
        ("JsonProblem", "invalid JSON: expecting value", 5, 11),
        ("JsonDocument", {"page": 3}, 10),
    ]
