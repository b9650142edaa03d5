"""AUTO-002 file patterns: similar files created within 24 h become batch candidates."""

from __future__ import annotations

import pytest

from tests.support.pack_events import ago, file, findings, summary

PACK = "file_patterns"


def migration(n: int, hours: float, table: str = "orders") -> dict:
    return file(f"migrations/{n:04d}_add_column.sql",
                f"-- add c{n} to {table}\nALTER TABLE {table} ADD COLUMN c{n} TEXT;\n", ts=ago(hours=hours))


def test_a_small_batch_is_a_draft(ingest, evaluate, snapshot):
    ingest([migration(1, 5), migration(2, 4), migration(3, 3)])
    [found] = findings(evaluate(PACK))
    assert found.decision == "draft"
    assert found.fields["largest_batch"] == 3
    assert summary(found) == snapshot


def test_repeated_full_batches_are_approved(ingest, evaluate, snapshot):
    events = [migration(day * 10 + i, day * 48 + i) for day in range(4) for i in range(5)]
    ingest(events)
    [found] = findings(evaluate(PACK))
    assert found.decision == "approve"
    assert found.fields["files"] == 20 and found.fields["largest_batch"] == 5
    assert summary(found) == snapshot


@pytest.mark.parametrize("apart_hours, found", [(24, 1), (23.9, 1), (24.01, 0), (48, 0)])
def test_the_24h_window_edge(ingest, evaluate, apart_hours, found):
    ingest([migration(1, 30), migration(2, 30 - apart_hours)])
    assert len(findings(evaluate(PACK))) == found


def test_one_file_or_different_shapes_find_nothing(ingest, evaluate):
    ingest([migration(1, 2),
            file("docs/0002_notes.md", "# Notes\n\n- one\n- two\n", ts=ago(hours=2)),
            file("migrations/0003_add_column.sql", "# Heading\n\nplain text\n", ts=ago(hours=1))])
    assert findings(evaluate(PACK)) == []


def test_files_older_than_the_lookback_do_not_count(ingest, evaluate):
    ingest([migration(1, 24 * 31), migration(2, 24 * 31 - 1)])
    assert findings(evaluate(PACK)) == []
    assert len(findings(evaluate(PACK, sets=["file_patterns.lookback=60d"]))) == 1


def test_the_window_is_a_param(ingest, evaluate):
    ingest([migration(1, 10), migration(2, 4)])
    assert len(findings(evaluate(PACK))) == 1
    assert findings(evaluate(PACK, sets=["file_patterns.window=2h"])) == []


def test_the_candidate_is_written_once(ingest, evaluate, shipped_ws):
    ingest([migration(1, 5), migration(2, 4)])
    first = evaluate(PACK)
    second = evaluate(PACK)
    assert first.registry[PACK]["created"] == 1
    assert second.registry[PACK]["unchanged"] == 1 and second.registry[PACK]["documents"] == []
    assert len(list((shipped_ws.patterns_dir / "drafts").glob("*.yaml"))) == 1
