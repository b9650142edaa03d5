"""Ingest: every kind of rejected line, dedup, UTC, attrs, batches and crash safety."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import StoreError
from engine.telemetry.ingest import FIRST_REJECTIONS, ingest_records
from engine.telemetry.jsonl import read_jsonl
from engine.telemetry.records import SourceRecord


def _ingest(db, path: Path, **options):
    return ingest_records(db, read_jsonl(path), **options)


BAD_LINES = [  # (line, field, words the reason must contain)
    ('{"type": "execution", "id": "x",', None, "malformed JSON"),
    ('not json at all', None, "malformed JSON"),
    ('{"type": "execution", "id": "x", "ts": "2026-01-01T00:00:00Z", "operation": 5, '
     '"status": "success", "duration_ms": 1}', "operation", "not of type 'string'"),
    ('{"type": "execution", "id": "x", "ts": "2026-01-01T00:00:00Z", "operation": "o", '
     '"status": "success", "duration_ms": "12"}', "duration_ms", "not of type 'integer'"),
    ('{"type": "execution", "id": "x", "ts": "2026-01-01T00:00:00Z", "status": "success", '
     '"duration_ms": 1}', "operation", "required"),
    ('{"type": "execution", "id": "x", "ts": "2026-01-01T00:00:00Z", "operation": "o", '
     '"status": "done", "duration_ms": 1}', "status", "is not one of"),
    ('{"type": "execution", "id": "x", "ts": "2026-01-01T00:00:00Z", "operation": "o", '
     '"status": "success", "duration_ms": -5}', "duration_ms", "-5 is less than the minimum of 0"),
    ('{"type": "file", "id": "x", "ts": "2026-01-01T00:00:00Z", "path": "a", '
     '"action": "renamed"}', "action", "is not one of"),
    ('{"type": "error", "id": "x", "ts": "2026-01-01T00:00:00Z", "message": "m", '
     '"resolved": "yes"}', "resolved", "is not of type"),
    ('{"type": "execution", "id": "x", "ts": "1850-01-01T00:00:00Z", "operation": "o", '
     '"status": "success", "duration_ms": 1}', "ts", "year 1850 is outside 1970..2100"),
    ('{"type": "execution", "id": "x", "ts": "2026-02-30T00:00:00Z", "operation": "o", '
     '"status": "success", "duration_ms": 1}', "ts", "day is out of range"),
    ('{"type": "execution", "id": "x", "ts": "yesterday", "operation": "o", '
     '"status": "success", "duration_ms": 1}', "ts", "not an RFC 3339 timestamp"),
    ('{"type": "metric", "id": "x", "ts": "2026-01-01T00:00:00Z"}', "type", "is not one of"),
    ('{"id": "x", "ts": "2026-01-01T00:00:00Z"}', "type", "required"),
    ('[1, 2, 3]', None, "must be a JSON object, not an array"),
    ('"just a string"', None, "must be a JSON object, not a string"),
    ('{"type": "execution", "id": "x", "ts": "2026-01-01T00:00:00Z", "operation": "o", '
     '"status": "success", "duration_ms": NaN}', None, "malformed JSON: expected value (column"),
    (b'{"type": "execution", "id": "caf\xe9"}', None, "invalid UTF-8 at byte"),
    ("[" * 50_000 + "]" * 50_000, None, "malformed JSON: recursion limit exceeded"),
    ('{"type": "execution", "id": "x", "ts": "2026-01-01T00:00:00Z", "operation": "o\\ud800", '
     '"status": "success", "duration_ms": 1}', None, "malformed JSON"),  # SQLite cannot store it
    ('{"type": "execution", "id": "x", "ts": "2026-01-01T00:00:00Z", "operation": "o", '
     '"status": "success", "duration_ms": 1e400}', "duration_ms", "not of type 'integer'"),
]


@pytest.mark.parametrize("line,field,reason", BAD_LINES,
                         ids=[f"{i}-{r.split()[0]}" for i, (_, _, r) in enumerate(BAD_LINES)])
def test_each_bad_line_is_rejected_with_line_field_and_reason(workspace_db, write_jsonl, make_event,
                                                               tmp_path, line, field, reason):
    path = write_jsonl(make_event("execution", id="good-1"), line,
                       make_event("execution", id="good-2"))
    rejects = tmp_path / "rejects.jsonl"
    summary = _ingest(workspace_db, path, rejects_path=rejects)
    assert (summary.read, summary.stored, summary.rejected) == (3, 2, 1)
    rejection = summary.rejections[0]
    assert rejection.line == 2 and rejection.location == f"{path}:2"
    assert rejection.field == field
    assert reason in rejection.reason
    entry = json.loads(rejects.read_text(encoding="utf-8"))
    assert entry["line"] == 2 and entry["field"] == field and reason in entry["reason"]
    expected_raw = line.decode("utf-8", "backslashreplace") if isinstance(line, bytes) else line
    assert entry["raw"] == expected_raw


def test_a_huge_line_is_rejected_without_reading_it_whole(workspace_db, tmp_path, make_event):
    path = tmp_path / "big.jsonl"
    big = make_event("execution", id="big", command="x" * 5000)
    path.write_text("\n".join([json.dumps(big), json.dumps(make_event("execution", id="ok"))]) + "\n")
    summary = ingest_records(workspace_db, read_jsonl(path, max_line_bytes=1024))
    assert (summary.stored, summary.rejected) == (1, 1)
    assert summary.rejections[0].line == 1
    assert "longer than 1024 bytes" in summary.rejections[0].reason


def test_same_file_twice_is_stored_once(workspace_db, write_jsonl, make_event):
    path = write_jsonl(make_event("execution"), make_event("file"), make_event("error"))
    first = _ingest(workspace_db, path)
    second = _ingest(workspace_db, path)
    assert (first.stored, first.duplicates) == (3, 0)
    assert (second.stored, second.duplicates) == (0, 3)
    assert workspace_db.execute("SELECT COUNT(*) FROM execution_logs").fetchone()[0] == 1


@pytest.mark.parametrize("batch_size", [1, 2, 1000])
def test_duplicates_within_and_across_batches(workspace_db, write_jsonl, make_event, batch_size):
    path = write_jsonl(*(make_event("execution", id=f"e{n % 3}") for n in range(7)))
    summary = _ingest(workspace_db, path, batch_size=batch_size)
    assert (summary.read, summary.stored, summary.duplicates) == (7, 3, 4)
    # the first occurrence wins
    assert workspace_db.execute("SELECT COUNT(*) FROM execution_logs").fetchone()[0] == 3


def test_the_same_id_in_two_kinds_is_two_events(workspace_db, write_jsonl, make_event):
    path = write_jsonl(make_event("execution", id="same"), make_event("error", id="same"))
    assert _ingest(workspace_db, path).stored == 2


@pytest.mark.parametrize("ts,stored", [
    ("2026-03-02T12:30:00+02:00", "2026-03-02T10:30:00.000Z"),
    ("2026-03-02T01:00:00-05:30", "2026-03-02T06:30:00.000Z"),
    ("2026-03-02T10:30:00.123456789Z", "2026-03-02T10:30:00.123Z"),
    ("2026-03-02 10:30:00", "2026-03-02T10:30:00.000Z"),
    ("2026-03-02t10:30:00.5z", "2026-03-02T10:30:00.500Z"),
    ("2026-03-02T10:30:00.000Z", "2026-03-02T10:30:00.000Z"),
])
def test_timestamps_are_stored_in_utc(workspace_db, write_jsonl, make_event, ts, stored):
    _ingest(workspace_db, write_jsonl(make_event("execution", ts=ts)))
    assert workspace_db.execute("SELECT ts FROM execution_logs").fetchone()[0] == stored


def test_unknown_fields_are_kept_in_attrs(workspace_db, write_jsonl, make_event):
    _ingest(workspace_db, write_jsonl(make_event("execution", runner="r-4", labels={"tier": 1})))
    attrs = workspace_db.execute("SELECT attrs FROM execution_logs").fetchone()[0]
    assert json.loads(attrs) == {"runner": "r-4", "labels": {"tier": 1}}


def test_every_column_is_filled(workspace_db, write_jsonl, make_event):
    summary = _ingest(workspace_db, write_jsonl(
        make_event("execution", files=["a.py", "b.py"], pattern_id="pat-1"),
        make_event("file"), make_event("error")), source="unit")
    assert summary.stored_by_type == {"execution": 1, "file": 1, "error": 1}
    ex = dict(workspace_db.query("SELECT * FROM execution_logs").__next__())
    assert json.loads(ex["files"]) == ["a.py", "b.py"] and ex["pattern_id"] == "pat-1"
    assert ex["source"] == "unit" and ex["ingested_at"].endswith("Z")
    err = dict(workspace_db.query("SELECT * FROM error_events").__next__())
    assert (err["resolved"], err["resolution_ms"], err["resolution"]) == (1, 4000, "pip install yaml")
    fe = dict(workspace_db.query("SELECT * FROM file_events").__next__())
    assert fe["size"] == 12 and fe["content"].startswith("def f()")


def test_templates_are_assigned_at_ingest(workspace_db, write_jsonl, make_event):
    events = [make_event("error", id=f"er-{n}", message=f"No module named '{name}'",
                         resolution=f"pip install {name}")
              for n, name in enumerate(["yaml", "lxml", "toml"])]
    _ingest(workspace_db, write_jsonl(*events))
    rows = list(workspace_db.query("SELECT message_template_id, resolution_template_id, message_params "
                         "FROM error_events"))
    assert len({r["message_template_id"] for r in rows}) == 1
    assert len({r["resolution_template_id"] for r in rows}) == 1
    assert all(r["message_template_id"] is not None for r in rows)
    assert sorted(json.loads(r["message_params"])[0] for r in rows) == ["lxml", "toml", "yaml"]


def test_summary_keeps_only_the_first_rejections(workspace_db, write_jsonl):
    path = write_jsonl(*(["{broken"] * (FIRST_REJECTIONS + 5)))
    summary = _ingest(workspace_db, path)
    assert summary.rejected == FIRST_REJECTIONS + 5
    assert len(summary.rejections) == FIRST_REJECTIONS
    assert summary.rejects_path is None  # none asked for, none written


def test_no_rejects_file_when_nothing_is_rejected(workspace_db, write_jsonl, make_event, tmp_path):
    rejects = tmp_path / "r.jsonl"
    summary = _ingest(workspace_db, write_jsonl(make_event("execution")), rejects_path=rejects)
    assert summary.ok and not rejects.exists() and summary.rejects_path is None


def test_blank_lines_and_bom_are_not_events(workspace_db, tmp_path, make_event):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(make_event("execution")).encode()
                     + b"\r\n\n   \n" + json.dumps(make_event("file")).encode())
    records = list(read_jsonl(path))
    assert [r.line for r in records] == [1, 4]
    assert ingest_records(workspace_db, records).stored == 2


def test_escapes_and_unicode_are_read_faithfully(workspace_db, write_jsonl, make_event):
    text = 'caf\u00e9 \U0001F600 "quoted" \\ tab\t'
    line = json.dumps(make_event("execution", command=text))  # ASCII with \u escapes
    assert "\\ud83d\\ude00" in line and "\\u00e9" in line
    _ingest(workspace_db, write_jsonl(line))
    assert workspace_db.execute("SELECT command FROM execution_logs").fetchone()[0] == text


def test_reads_a_binary_stream(workspace_db, make_event):
    stream = io.BytesIO(json.dumps(make_event("execution")).encode() + b"\n")
    records = list(read_jsonl(stream, name="pipe"))
    assert records[0].location == "pipe:1"


def test_progress_is_reported_per_batch(workspace_db, write_jsonl, make_event):
    seen: list[int] = []
    path = write_jsonl(*(make_event("execution", id=f"e{n}") for n in range(5)), "{bad")
    ingest_records(workspace_db, read_jsonl(path), batch_size=2, progress=seen.append)
    assert seen == [2, 2, 2]


def test_a_crash_mid_stream_keeps_the_committed_batches(workspace_db, make_event):
    def records():
        for n in range(5):
            yield SourceRecord(f"mem:{n}", event=make_event("execution", id=f"e{n}"))
        raise OSError("disk went away")

    with pytest.raises(OSError):
        ingest_records(workspace_db, records(), batch_size=2)
    # batches [e0, e1] and [e2, e3] were committed; e4 was in flight
    assert workspace_db.execute("SELECT COUNT(*) FROM execution_logs").fetchone()[0] == 4
    assert not workspace_db.conn.in_transaction


def test_a_failing_batch_is_rolled_back_whole(workspace_db, make_event, monkeypatch):
    from engine.telemetry import ingest as ingest_module

    original = ingest_module.BatchWriter._row
    calls = {"n": 0}

    def flaky(self, event, ts, now):
        calls["n"] += 1
        if calls["n"] == 4:
            raise __import__("sqlite3").OperationalError("disk I/O error")
        return original(self, event, ts, now)

    monkeypatch.setattr(ingest_module.BatchWriter, "_row", flaky)
    records = [SourceRecord(f"mem:{n}", event=make_event("execution", id=f"e{n}"))
               for n in range(6)]
    with pytest.raises(StoreError, match="could not store a batch of 3 events"):
        ingest_records(workspace_db, records, batch_size=3)
    assert [r[0] for r in workspace_db.execute("SELECT id FROM execution_logs ORDER BY id")] == \
        ["e0", "e1", "e2"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=60) | st.sampled_from([b"{}", b"[]", b'{"type":"file"}', b"\xff"]),
                max_size=12))
def test_the_reader_never_raises_on_any_bytes(chunks):
    data = b"\n".join(chunk.replace(b"\n", b" ") for chunk in chunks)
    records = list(read_jsonl(io.BytesIO(data), max_line_bytes=40))
    assert all((r.event is None) != (r.error is None) for r in records)
    assert all(1 <= r.line <= len(chunks) for r in records)
    assert [r.line for r in records] == sorted({r.line for r in records})


def test_concurrent_ingests_share_templates(ws, make_event):
    """Another writer's templates, committed between two of our batches, are reused.

    Each batch reloads the miner under the write lock; a writer keeping the copy it
    loaded in its first batch would not see the other's template and mint a duplicate.
    """
    from engine.telemetry.store import open_database

    def error(prefix, n, text):
        return SourceRecord(f"{prefix}:{n}", event=make_event(
            "error", id=f"{prefix}-{n}", message=text, resolution=None))

    other = open_database(ws.db_path)

    def ours():
        for n in range(3):  # batch 1: a shape only we have
            yield error("a", n, f"No module named 'mod{n}'")
        # between our batches, another process stores a second shape
        ingest_records(other, [error("b", n, f"Timeout after {n}s talking to db")
                               for n in range(3)])
        for n in range(3, 6):  # batch 2: the other's shape
            yield error("a", n, f"Timeout after {n}s talking to db")

    ingest_records(open_database(ws.db_path), ours(), batch_size=3)
    db = open_database(ws.db_path)
    timeout_ids = {r[0] for r in db.execute(
        "SELECT DISTINCT message_template_id FROM error_events WHERE message LIKE 'Timeout%'")}
    assert len(timeout_ids) == 1
    live = db.execute("SELECT COUNT(*) FROM templates WHERE kind = 'message' "
                      "AND merged_into IS NULL").fetchone()[0]
    assert live == 2


def test_the_garbage_collector_is_paused_per_batch_and_restored(workspace_db, make_event,
                                                                 monkeypatch):
    """The GC is off while a batch is processed, on between batches and after the ingest
    (a failure included), and left off when the caller had it off."""
    import gc

    from engine.telemetry import ingest as ingest_module

    seen: list[bool] = []
    original = ingest_module.BatchWriter.write

    def write(self, batch, summary):
        seen.append(gc.isenabled())
        return original(self, batch, summary)

    monkeypatch.setattr(ingest_module.BatchWriter, "write", write)

    def records(fail: bool):
        for n in range(5):
            yield SourceRecord(f"mem:{n}", event=make_event("execution", id=f"g{fail}{n}"))
            assert gc.isenabled() == (n % 2 == 1), "on only between batches of two"
        if fail:
            raise OSError("disk went away")

    assert gc.isenabled()
    ingest_records(workspace_db, records(False), batch_size=2)
    assert seen == [False, False, False] and gc.isenabled()
    with pytest.raises(OSError):
        ingest_records(workspace_db, records(True), batch_size=2)
    assert gc.isenabled()
    gc.disable()
    try:
        ingest_records(workspace_db, [SourceRecord("mem:x", event=make_event("execution"))])
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("attrs", [
    {"runner": "r-4"}, {"a": "é ü 😀", "b": 'quote " and \\ and \n\t\x01'},
    {"n": 1, "s": "x"}, {"labels": {"tier": 1}}, {"f": 1.5, "none": None, "ok": True},
])
def test_attrs_json_is_the_encoders_text(attrs):
    from engine.telemetry.ingest import _json_object
    from engine.telemetry.templates import json_text
    assert _json_object(attrs) == json_text(attrs)


@pytest.mark.parametrize("ts", [
    "2026-03-02T10:30:00.000Z", "2026-03-02T10:30:00Z", "1970-01-01T00:00:00.000Z",
    "2100-12-31T23:59:59.999Z", "2024-02-29T12:00:00.000Z",
])
def test_the_common_timestamp_form_reads_as_the_general_parser_does(ts):
    from engine.models import _UTC_TEXT, parse_ts
    assert _UTC_TEXT.fullmatch(ts)
    general = parse_ts(ts.replace("Z", "+00:00"))   # not the fast form: the general path
    fast = parse_ts(ts)
    assert fast == general and fast.tzinfo == general.tzinfo and fast.utcoffset().total_seconds() == 0


@pytest.mark.parametrize("ts,reason", [
    ("2026-02-30T00:00:00.000Z", "is not a valid date-time: day is out of range for month"),
    ("2025-02-29T00:00:00Z", "is not a valid date-time: day is out of range for month"),
    ("2026-01-01T24:00:00.000Z", "is not a valid date-time: hour must be in 0..23"),
    ("2026-01-01T00:00:60Z", "is not a valid date-time: second must be in 0..59"),
    ("2026-01-01T00:00:00.000Z\n", "is not a valid date-time: Invalid isoformat string"),
    ("２０２６-01-01T00:00:00Z", "is not a valid date-time: Invalid isoformat string"),
])
def test_bad_timestamps_of_the_common_form_keep_their_reasons(ts, reason):
    """The fast path for ``...Z`` texts hands every bad one to the general parser, whose
    message names the text and says why (the same words as before the fast path)."""
    from engine.models import parse_ts
    with pytest.raises(ValueError) as caught:
        parse_ts(ts)
    assert str(caught.value).startswith(f"{ts!r} {reason}")


def test_a_year_out_of_range_in_the_common_form_says_so():
    from engine.models import parse_ts
    with pytest.raises(ValueError, match=r"^year 1969 is outside 1970\.\.2100 \(in UTC\)$"):
        parse_ts("1969-12-31T23:59:59.999Z")
