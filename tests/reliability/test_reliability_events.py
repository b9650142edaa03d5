"""Bad events: whatever a JSON Lines file holds, ingest accounts for every line.

Hypothesis writes files mixing valid events (some ids repeated) with broken lines:
malformed or truncated JSON, invalid UTF-8, wrong types, missing fields, absurd
timestamps, unknown types, counts too large for SQLite, NaN, megabyte lines. An oracle
built alongside each line says what must happen to it, and the test checks that
``read == stored + duplicates + rejected``, that exactly the first copy of every valid
event is stored, and that every rejection names its line and a reason.
"""

from __future__ import annotations

import io
import json
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.telemetry.ingest import TABLES, RejectsWriter, ingest_records
from engine.telemetry.jsonl import MAX_LINE_BYTES, read_jsonl
from engine.telemetry.store import open_database
from engine.workspace import init_workspace
from tests.support.reliability import query, run_cli

EXAMPLES_API = 100   # files fuzzed through ingest_records
EXAMPLES_CLI = 8    # files fuzzed through `autopattern ingest`

REQUIRED = {"execution": ("id", "ts", "type", "operation", "status", "duration_ms"),
            "file": ("id", "ts", "type", "path", "action"),
            "error": ("id", "ts", "type", "message")}
COUNT_FIELDS = {"execution": "duration_ms", "file": "size", "error": "resolution_ms"}
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
NAME = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)
ID = st.one_of(st.sampled_from(["a", "b", "c", "ex-1", "é", "a\u0000b", "'; DROP TABLE x; --"]), NAME)
UTC = timezone.utc


@dataclass(frozen=True)
class Line:
    """One line of the file and what must become of it."""

    data: bytes
    verdict: str                 # valid | invalid | blank (a line of whitespace is not an event)
    event: dict[str, Any] | None = None


# --- valid events ----------------------------------------------------------------------

@st.composite
def timestamps(draw) -> str:
    moment = draw(st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2100, 12, 30)))
    offset = draw(st.integers(-14 * 60, 14 * 60))
    zone = timezone(timedelta(minutes=offset))
    text = moment.replace(tzinfo=zone).isoformat(timespec=draw(st.sampled_from(["seconds", "milliseconds", "microseconds"])))
    return text.replace("+00:00", "Z") if draw(st.booleans()) else text


@st.composite
def valid_events(draw) -> dict[str, Any]:
    kind = draw(st.sampled_from(sorted(REQUIRED)))
    event: dict[str, Any] = {"type": kind, "id": draw(ID), "ts": draw(timestamps())}
    count = st.integers(0, 2**63 - 1)
    if kind == "execution":
        event |= {"operation": draw(NAME), "status": draw(st.sampled_from(["success", "failure", "skipped"])),
                  "duration_ms": draw(count)}
        event |= draw(st.fixed_dictionaries({}, optional={
            "command": TEXT, "pattern_id": st.none() | TEXT, "files": st.lists(TEXT, max_size=3), "actor": TEXT}))
    elif kind == "file":
        event |= {"path": draw(NAME), "action": draw(st.sampled_from(["created", "modified", "deleted"]))}
        event |= draw(st.fixed_dictionaries({}, optional={
            "size": count, "execution_id": TEXT, "content": st.text(max_size=200).filter(_no_surrogates)}))
    else:
        event |= {"message": draw(NAME)}
        event |= draw(st.fixed_dictionaries({}, optional={
            "error_type": TEXT, "execution_id": TEXT, "resolution": st.none() | TEXT,
            "resolved": st.none() | st.booleans(), "resolution_ms": count}))
    extra = draw(st.dictionaries(st.text(max_size=8).filter(lambda k: k not in _ALL_FIELDS and _no_surrogates(k)),
                                 st.none() | st.integers(-10**30, 10**30) | TEXT | st.booleans()
                                 | st.floats(allow_nan=False, allow_infinity=False), max_size=2))
    return event | extra


def _no_surrogates(text: str) -> bool:
    return not any(0xD800 <= ord(c) <= 0xDFFF for c in text)


_ALL_FIELDS = {"type", "id", "ts", "operation", "command", "status", "duration_ms", "pattern_id", "files",
               "actor", "path", "action", "size", "execution_id", "content", "message", "error_type",
               "resolution", "resolved", "resolution_ms"}


def _encode(event: dict[str, Any], ascii_only: bool) -> bytes:
    return json.dumps(event, ensure_ascii=ascii_only).encode("utf-8")


# --- broken lines ------------------------------------------------------------------------

WRONG_VALUES = [5, 1.5, True, None, [], {}, "", "5"]
ABSURD_TS = ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1969-12-31T23:59:59Z", "2101-01-01T00:00:00Z",
             "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-24T25:00:00Z", "yesterday", "",
             "2026-11-24", 1700000000, None, "1970-01-01T00:30:00+01:00"]


@st.composite
def invalid_events(draw) -> bytes:
    """A valid event with exactly one change that the contract forbids."""
    event = draw(valid_events())
    kind = event["type"]
    how = draw(st.sampled_from(["drop", "wrong_type", "enum", "ts", "count", "type", "id", "infinite"]))
    if how == "infinite":   # an extra field of 1e400 would be stored as Infinity: invalid JSON
        text = _encode(event | {"x_big": [0.25]}, draw(st.booleans()))
        return text.replace(b'"x_big": [0.25]', b'"x_big": [' + draw(st.sampled_from([b"1e400", b"-1e999"])) + b"]")
    if how == "drop":
        del event[draw(st.sampled_from(REQUIRED[kind]))]
    elif how == "wrong_type":
        name = draw(st.sampled_from([f for f in REQUIRED[kind] if f not in ("type", "ts")]))
        wrong = [v for v in WRONG_VALUES if type(v) is not type(event[name]) or v == ""]
        if name == "duration_ms":
            wrong = [v for v in wrong if not (isinstance(v, float) and v.is_integer())]
        event[name] = draw(st.sampled_from(wrong))
    elif how == "enum":
        field = {"execution": "status", "file": "action", "error": "resolved"}[kind]
        event[field] = draw(st.sampled_from(["maybe", "SUCCESS", "exploded", 1]))
    elif how == "ts":
        event["ts"] = draw(st.sampled_from(ABSURD_TS))
    elif how == "count":
        event[COUNT_FIELDS[kind]] = draw(st.sampled_from([-1, 2**63, 10**30, 1.5, "12", True, -0.5]))
    elif how == "type":
        event["type"] = draw(st.sampled_from(["Execution", "metric", "", None, 3]))
    else:
        event["id"] = draw(st.sampled_from(["", 5, None, ["a"]]))
    return _encode(event, draw(st.booleans()))


@st.composite
def garbage(draw) -> bytes:
    event = _encode(draw(valid_events()), True)
    how = draw(st.sampled_from(["bytes", "truncated", "not_object", "bad_utf8", "nan", "trailing"]))
    if how == "bytes":
        return draw(st.binary(min_size=1, max_size=80).filter(lambda b: b"\n" not in b))
    if how == "truncated":
        return event[:draw(st.integers(1, len(event) - 1))]
    if how == "not_object":
        return draw(st.sampled_from([b"1", b"[]", b'"execution"', b"null", b"true", b"[{}]"]))
    if how == "bad_utf8":
        cut = draw(st.integers(1, len(event) - 1))
        return event[:cut] + draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"])) + event[cut:]
    if how == "nan":   # JSON has no NaN: the whole line is malformed
        return event[:-1] + draw(st.sampled_from([b', "x_nan": NaN}', b', "x_inf": -Infinity}']))
    return event + b" {}"


BIG_LINE = b'{"type": "execution", "id": "huge", "command": "' + b"x" * MAX_LINE_BYTES + b'"}'


@st.composite
def lines(draw) -> Line:
    choice = draw(st.sampled_from(["valid"] * 6 + ["invalid"] * 3 + ["garbage"] * 2 + ["blank", "big"]))
    if choice == "valid":
        event = draw(valid_events())
        return Line(_encode(event, draw(st.booleans())), "valid", event)
    if choice == "invalid":
        return Line(draw(invalid_events()), "invalid")
    if choice == "blank":
        return Line(draw(st.sampled_from([b"", b"   ", b"\t", b" \r"])), "blank")
    if choice == "big":
        return Line(BIG_LINE, "invalid")
    return Line(draw(garbage()), "invalid")   # the oracle tells a blank one by its bytes


files = st.lists(lines(), min_size=4, max_size=40)


# --- the oracle ---------------------------------------------------------------------------

@dataclass
class Expected:
    read: int
    stored: dict[str, dict[str, dict[str, Any]]]   # type -> id -> first valid event
    duplicates: int
    rejected_lines: list[int]


def expected(file: list[Line], already: dict[str, set[str]] | None = None) -> Expected:
    stored: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in TABLES}
    read = duplicates = 0
    rejected: list[int] = []
    for number, line in enumerate(file, start=1):
        data = line.data[3:] if number == 1 and line.data.startswith(b"\xef\xbb\xbf") else line.data
        if line.verdict == "blank" or not data.strip():
            continue
        read += 1
        if line.verdict == "invalid":
            rejected.append(number)
            continue
        kind, event_id = line.event["type"], line.event["id"]
        if event_id in stored[kind] or event_id in (already or {}).get(kind, set()):
            duplicates += 1
        else:
            stored[kind][event_id] = line.event
    return Expected(read, stored, duplicates, rejected)


def _content(file: list[Line]) -> bytes:
    return b"\n".join(line.data for line in file) + b"\n"


def _check_rows(db_path_or_db, expect: Expected, previously: dict[str, set[str]] | None = None) -> None:
    """Exactly the first copy of every valid event is stored (plus what was there before)."""
    for kind, table in TABLES.items():
        column = {"execution": "operation", "file": "path", "error": "message"}[kind]
        rows = (db_path_or_db.execute(f"SELECT id, {column} FROM {table}").fetchall()
                if not isinstance(db_path_or_db, Path) else query(db_path_or_db, f"SELECT id, {column} FROM {table}"))
        got = {row[0]: row[1] for row in rows}
        wanted = {i: e[column] for i, e in expect.stored[kind].items()}
        if previously is not None:
            assert set(got) == set(wanted) | previously[kind]
            got = {i: v for i, v in got.items() if i in wanted}
        assert got == wanted


# --- the properties -------------------------------------------------------------------------

@settings(max_examples=EXAMPLES_API, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                            HealthCheck.data_too_large])
@given(file=files, batch_size=st.integers(1, 7))
def test_every_line_is_stored_duplicate_or_rejected_with_its_line(file, batch_size):
    expect = expected(file)
    db = open_database(":memory:")
    with tempfile.TemporaryDirectory() as folder:
        rejects_path = Path(folder) / "rejects.jsonl"
        writer = RejectsWriter(rejects_path)
        summary = ingest_records(db, read_jsonl(io.BytesIO(_content(file)), name="f.jsonl"),
                                 batch_size=batch_size, rejects=writer)
        writer.close()
        rejects = [json.loads(l) for l in rejects_path.read_text("utf-8").split("\n") if l] if writer.written else []
    assert summary.read == summary.stored + summary.duplicates + summary.rejected == expect.read
    assert summary.stored == sum(len(ids) for ids in expect.stored.values())
    assert summary.duplicates == expect.duplicates
    assert [r["line"] for r in rejects] == expect.rejected_lines
    assert all(r["reason"] and r["location"] == f"f.jsonl:{r['line']}" for r in rejects)
    _check_rows(db, expect)
    db.close()


@settings(max_examples=EXAMPLES_CLI, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.data_too_large])
@given(first=files, second=files)
def test_cli_ingest_accounts_for_every_line_across_runs(first, second):
    """Two files through `autopattern ingest --json`: the second sees the first's ids as duplicates."""
    with tempfile.TemporaryDirectory() as folder:
        ws = init_workspace(Path(folder) / "ws", copy_rules=False)
        before = expected(first)
        previously = {kind: set(ids) for kind, ids in before.stored.items()}
        for file, expect, already in ((first, before, None), (second, expected(second, previously), previously)):
            path = Path(folder) / "events.jsonl"
            path.write_bytes(_content(file))
            rejects = Path(folder) / "rejects.jsonl"
            rejects.unlink(missing_ok=True)
            result = run_cli("ingest", path, "-w", ws.root, "--json", "--rejects", rejects)
            assert result.exit_code == (1 if expect.rejected_lines else 0), result.output
            summary = json.loads(result.stdout)
            assert (summary["read"], summary["stored"], summary["duplicates"], summary["rejected"]) == (
                expect.read, sum(map(len, expect.stored.values())), expect.duplicates, len(expect.rejected_lines))
            logged = [json.loads(l)["line"] for l in rejects.read_text("utf-8").split("\n") if l] if rejects.exists() else []
            assert logged == expect.rejected_lines
            _check_rows(ws.db_path, expect, already)
        runs = query(ws.db_path, "SELECT read, stored + duplicates + rejected FROM ingest_runs")
        assert len(runs) == 2 and all(read == total for read, total in runs)


def test_one_bad_line_of_each_kind_is_named_and_the_rest_stored(ws, tmp_path):
    good = {"type": "execution", "id": "ok", "ts": "2026-11-20T10:00:00Z", "operation": "build",
            "status": "success", "duration_ms": 5}
    bad = [b'{"type": "execution", "id": "x"', b"\xff\xfe{}", BIG_LINE,
           json.dumps(good | {"id": "big", "duration_ms": 10**30}).encode(),
           json.dumps(good | {"id": "t", "ts": "9999-01-01T00:00:00Z"}).encode(),
           json.dumps(good | {"id": "u", "type": "metric"}).encode(),
           json.dumps({k: v for k, v in good.items() if k != "status"} | {"id": "m"}).encode(),
           json.dumps(good | {"id": "w", "duration_ms": "5"}).encode(), b"[1, 2]"]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join([json.dumps(good).encode(), *bad, json.dumps(good).encode()]) + b"\n")
    result = run_cli("ingest", path, "-w", ws.root)
    assert result.exit_code == 1
    for number, reason in [(2, "malformed JSON"), (3, "invalid UTF-8"), (4, "longer than"),
                           (5, "duration_ms"), (6, "year 9999"), (7, "type"), (8, "status"),
                           (9, "duration_ms"), (10, "JSON object")]:
        assert any(line.startswith(f"  {path}:{number}: ") and reason in line
                   for line in result.stdout.splitlines()), (number, reason, result.stdout)
    assert "read 11 events" in result.stdout and "stored 1 " in result.stdout and "duplicates 1" in result.stdout
    assert query(ws.db_path, "SELECT id FROM execution_logs") == [("ok",)]


@pytest.mark.parametrize("time_value", ["1e400", "1e30", "-5", "nan", "Infinity", "x"])
def test_junit_testcase_times_out_of_range_are_rejected_not_fatal(ws, tmp_path, time_value):
    """The importers meet the same numbers: one bad testcase is a rejection, the next is stored."""
    path = tmp_path / "report.xml"
    path.write_text(f'<testsuite name="s" timestamp="2026-11-20T10:00:00"><testcase name="bad" time="{time_value}"/>'
                    '<testcase name="good" time="1.5"/></testsuite>', encoding="utf-8")
    result = run_cli("ingest", path, "--format", "junit", "-w", ws.root, "--json")
    summary = json.loads(result.stdout)
    assert result.exit_code == 1 and (summary["stored"], summary["rejected"]) == (1, 1), result.output
    assert "testcase[1]" in summary["rejections"][0]["location"]
    assert query(ws.db_path, "SELECT operation FROM execution_logs") == [("good",)]


SPAN = ('{"resourceSpans": [{"resource": {"attributes": []}, "scopeSpans": [{"spans": [%s, '
        '{"traceId": "0af7651916cd43dd8448eb211c80319c", "spanId": "b7ad6b7169203332", "name": "good", '
        '"startTimeUnixNano": "1763632800000000000", "endTimeUnixNano": "1763632801000000000"}]}]}]}')


@pytest.mark.parametrize("times", [
    '"startTimeUnixNano": "1763632800000000000", "endTimeUnixNano": "99999999999999999999999"',
    '"startTimeUnixNano": 1e400, "endTimeUnixNano": "1763632801000000000"',
    '"startTimeUnixNano": "-1", "endTimeUnixNano": "1763632801000000000"',
    '"startTimeUnixNano": "1763632800000000000", "endTimeUnixNano": "1763632801000000000", '
    '"attributes": [{"key": "big", "value": {"doubleValue": 1e400}}]',
])
def test_otlp_span_numbers_out_of_range_are_rejected_not_fatal(ws, tmp_path, times):
    path = tmp_path / "spans.json"
    path.write_text(SPAN % ('{"traceId": "0af7651916cd43dd8448eb211c80319c", "spanId": "b7ad6b7169203331", '
                            f'"name": "bad", {times}}}'), encoding="utf-8")
    result = run_cli("ingest", path, "--format", "otlp", "-w", ws.root, "--json")
    summary = json.loads(result.stdout)
    assert result.exit_code == 1 and (summary["stored"], summary["rejected"]) == (1, 1), result.output
    assert "spans[0]" in summary["rejections"][0]["location"]
    assert query(ws.db_path, "SELECT operation FROM execution_logs") == [("good",)]
