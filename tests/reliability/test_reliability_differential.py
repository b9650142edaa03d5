"""The reliability fuzz corpus on both stores: same accounting, same findings, same decisions.

The corpus is this suite's own strategies: mutated shipped packs (test_reliability_rules:
tokens deleted, inserted, swapped, duplicated, nested, random unicode), packs holding
hostile strings (quotes, SQL, code, format marks), and files of fuzzed events
(test_reliability_events: valid events with odd text, timestamps and counts up to
2**63 - 1, mixed with broken lines; and the same valid events pulled into a few groups
within the packs' windows, so that rules aggregate them). Each example runs on a SQLite store and on a
PostgreSQL store (a schema of its own on the suite's server) and everything that comes
out is compared: ingest's accounting line by line, the templates mined, and every rule's findings (keys,
decisions, reasons, evidence, fields and lets to 1e-9). A statement one store refuses
must be refused by the other as well.

The one input the stores treat differently on purpose: PostgreSQL text cannot hold the
NUL character, so an event holding one is rejected there with that reason (and stored
on SQLite). The events test checks that these are the only extra rejections, and
gives SQLite the same file with those lines blank before comparing the rules.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import resources
from engine.demo import demo_records
from engine.errors import AutopatternError
from engine.evaluate.runner import prepare, run_pack
from engine.language.checks import check_pack
from engine.language.diagnostics import DiagnosticSink
from engine.language.loader import load_packs, require_valid
from engine.language.parser import parse_pack
from engine.store import scratch_store, scratch_stores
from engine.telemetry.ingest import ingest_records
from engine.telemetry.jsonl import read_jsonl
from engine.telemetry.records import SourceRecord
from tests.support.differential import assert_same_results
from tests.reliability.test_reliability_events import files, valid_events
from tests.reliability.test_reliability_rules import HOSTILE, _hostile_pack, mutated_packs

psycopg = pytest.importorskip("psycopg")

NOW = datetime(2026, 11, 24, tzinfo=timezone.utc)
MUTANTS = 120        # mutated packs drawn; those that pass `check` are run on both stores
HOSTILE_PACKS = 25   # hostile strings, each in a pack run on both stores
EVENT_FILES = 20     # fuzzed event files, each ingested and evaluated on both stores
SETTINGS = dict(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much])
SHIPPED = require_valid(load_packs([resources.rules_dir()]))
NUL_REASON = "NUL character"


def defaults(pack):
    return {p.name: p.default.value for p in pack.params}


@pytest.fixture(scope="module")
def pair(postgres_server):
    """The demo's events (21 days) ingested into a SQLite store and a PostgreSQL store."""
    url = postgres_server.create_database("reliability_differential")
    with scratch_store(":memory:") as lite, scratch_store(url) as pg:
        for store in (lite, pg):
            summary = ingest_records(store, demo_records(7, NOW, 21, 0.25), source="demo")
            assert summary.stored > 200 and not summary.rejected
            prepare(store)
        yield lite, pg


def run_both(lite, pg, pack, label: str) -> int | None:
    """The pack on both stores; how many findings were compared, None when both refused it."""
    outcomes = []
    for store in (lite, pg):
        try:
            outcomes.append(run_pack(store, pack, defaults(pack), NOW))
        except AutopatternError as exc:   # e.g. a statement the database refuses
            if store.in_transaction:
                store.conn.rollback()
            outcomes.append(exc)
    refused = [isinstance(o, Exception) for o in outcomes]
    assert refused[0] == refused[1], f"{label}: SQLite {outcomes[0]!r:.300} vs PostgreSQL {outcomes[1]!r:.300}"
    if refused[0]:
        return None
    return assert_same_results(outcomes[0], outcomes[1], label)


def _valid_pack(text: str):
    pack, diagnostics = parse_pack(text)
    if pack is None or any(d.severity == "error" for d in diagnostics):
        return None
    sink = DiagnosticSink("fuzzed.rules")
    check_pack(pack, sink)
    return None if sink.has_errors else pack


def test_mutated_packs_give_the_same_findings_on_both(pair):
    lite, pg = pair
    seen: Counter = Counter()

    @settings(max_examples=MUTANTS, **SETTINGS)
    @given(text=mutated_packs())
    def check(text):
        pack = _valid_pack(text)
        if pack is None:
            seen["invalid"] += 1
            return
        found = run_both(lite, pg, pack, f"mutant of {pack.name}")
        seen["refused" if found is None else "compared"] += 1
        seen["findings"] += found or 0

    check()
    print(f"mutants: {dict(seen)}")
    assert seen["compared"] >= 15 and seen["findings"] >= 50, seen


def test_hostile_strings_give_the_same_findings_on_both(pair):
    lite, pg = pair
    seen: Counter = Counter()

    @settings(max_examples=HOSTILE_PACKS, **SETTINGS)
    @given(value=HOSTILE)
    def check(value):
        pack = _valid_pack(_hostile_pack(value))
        assert pack is not None, value
        found = run_both(lite, pg, pack, f"hostile {value!r}")
        assert found is not None, value
        seen["compared"] += 1
        seen["findings"] += found

    check()
    assert seen["compared"] == HOSTILE_PACKS and seen["findings"] > 0, seen


@st.composite
def clustered_events(draw) -> list[dict]:
    """The corpus's valid events (odd text, counts up to 2**63 - 1, missing optional
    fields, extra attrs), pulled into a few operations and commands within the packs'
    windows, so rules group them, and groups hold nulls, ties and huge values."""
    events = []
    for number in range(draw(st.integers(10, 60))):
        event = draw(valid_events())
        event["id"] = f"c{number}-{event['id']}"
        event["ts"] = (NOW - timedelta(milliseconds=draw(st.integers(0, 20 * 86_400_000)))) \
            .isoformat(timespec="milliseconds").replace("+00:00", "Z")
        if event["type"] == "execution":
            event["operation"] = draw(st.sampled_from(["build", "test", "Build", "déploy"]))
            if draw(st.booleans()):
                event["command"] = draw(st.sampled_from(["make all", "make all ", "pytest -q", "pytest -q tests/"]))
            if draw(st.integers(0, 3)) == 0:
                event["duration_ms"] = draw(st.sampled_from([0, 1, 2**53 + 1, 2**62, 2**63 - 1]))
        elif event["type"] == "error":
            event["message"] = draw(st.sampled_from(["boom", "Boom", "timeout after 30s", "timeout after 31s"]))
        else:
            event["path"] = draw(st.sampled_from(["src/a.py", "src/b.py", "SRC/a.py", "src/ü.py"]))
        events.append(event)
    return events


def test_clustered_fuzzed_events_give_the_same_findings_on_both(postgres_server):
    url = postgres_server.create_database("reliability_clustered_differential")
    seen: Counter = Counter()

    @settings(max_examples=EVENT_FILES, **SETTINGS)
    @given(events=clustered_events())
    def check(events):
        lite, pg = fresh_lite(), fresh_pg()
        events = [e for e in events if "\x00" not in json.dumps(e, ensure_ascii=False)
                  and "\\u0000" not in json.dumps(e)]
        records = [SourceRecord(f"event {n}", event=e) for n, e in enumerate(events)]
        on_lite, on_pg = (ingest_records(s, records, source="fuzz") for s in (lite, pg))
        assert (on_lite.stored, on_lite.duplicates, on_lite.rejected) == \
            (on_pg.stored, on_pg.duplicates, on_pg.rejected), on_pg.rejections[:3]
        seen["stored"] += on_pg.stored
        for store in (lite, pg):
            prepare(store)
        for pack in SHIPPED:
            seen["findings"] += run_both(lite, pg, pack, f"{pack.name} on clustered events") or 0

    with scratch_stores(":memory:") as fresh_lite, scratch_stores(url) as fresh_pg:
        check()
    print(f"clustered: {dict(seen)}")
    assert seen["stored"] >= 200 and seen["findings"] >= 50, seen


def test_fuzzed_event_files_give_the_same_accounting_and_findings_on_both(postgres_server):
    url = postgres_server.create_database("reliability_events_differential")
    seen: Counter = Counter()

    @settings(max_examples=EVENT_FILES, **SETTINGS)
    @given(lines=files, extra=st.integers(0, 2))
    def check(lines, extra):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "events.jsonl"
            path.write_bytes(b"\n".join(line.data for line in lines) + b"\n")
            lite, pg = fresh_lite(), fresh_pg()
            on_pg = ingest_records(pg, read_jsonl(path), source="fuzz")
            pg_rejected = {r.location: r.reason for r in on_pg.rejections}
            nul = {int(where.rsplit(":", 1)[1]) for where, reason in pg_rejected.items() if NUL_REASON in reason}
            seen["nul"] += len(nul)
            # SQLite reads the same file with those lines blank (so line numbers stay)
            path.write_bytes(b"\n".join(b"" if number in nul else line.data
                                        for number, line in enumerate(lines, start=1)) + b"\n")
            on_lite = ingest_records(lite, read_jsonl(path), source="fuzz")
            lite_rejected = {r.location: r.reason for r in on_lite.rejections}
            assert (on_lite.read + len(nul), on_lite.stored, on_lite.duplicates) == \
                (on_pg.read, on_pg.stored, on_pg.duplicates)
            assert lite_rejected == {w: r for w, r in pg_rejected.items() if NUL_REASON not in r}
            for table in ("execution_logs", "file_events", "error_events", "templates"):
                assert lite.scalar(f'SELECT COUNT(*) FROM "{table}"') == pg.scalar(f'SELECT COUNT(*) FROM "{table}"')
            mined = 'SELECT id, kind, template, count FROM templates ORDER BY id'
            assert lite.execute(mined).fetchall() == pg.execute(mined).fetchall()
            seen["stored"] += on_pg.stored
            for store in (lite, pg):
                prepare(store)
            for pack in SHIPPED:
                seen["findings"] += run_both(lite, pg, pack, f"{pack.name} on fuzzed events") or 0
        seen["files"] += 1

    with scratch_stores(":memory:") as fresh_lite, scratch_stores(url) as fresh_pg:
        check()
    print(f"event files: {dict(seen)}")
    assert seen["files"] == EVENT_FILES and seen["stored"] >= 40 and seen["findings"] > 0, seen
