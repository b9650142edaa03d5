"""The store: creation, in-place upgrades that keep every row, WAL and refusals."""

from __future__ import annotations

import sqlite3

import pytest

from engine.errors import StoreError
from engine.telemetry.migrations import LATEST_VERSION, MIGRATIONS
from engine.telemetry.store import _apply, connect, open_database, schema_version

import sqlite_utils

TABLES = {"execution_logs", "file_events", "error_events", "templates", "miner_state",
          "pattern_candidates", "anti_patterns", "error_patterns", "pattern_metrics",
          "evaluation_runs", "decisions", "schema_migrations", "ingest_runs", "planner_statistics"}
VIEWS = {"pattern_performance", "top_patterns_weekly", "pattern_candidates_summary"}


def _older_database(path, version: int) -> sqlite_utils.Database:
    """A database as an older autopattern left it: only the migrations up to ``version``."""
    db = sqlite_utils.Database(connect(path))
    for migration in MIGRATIONS:
        if migration.version <= version:
            _apply(db, migration)
    return db


def test_a_new_database_has_every_table_view_and_version(tmp_path):
    db = open_database(tmp_path / "new.db")
    assert TABLES <= set(db.table_names())
    assert VIEWS <= set(db.view_names())
    assert schema_version(db) == LATEST_VERSION
    versions = [r[0] for r in db.execute("SELECT version FROM schema_migrations ORDER BY 1")]
    assert versions == [m.version for m in MIGRATIONS]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


@pytest.mark.parametrize("start", [m.version for m in MIGRATIONS[:-1]] or [0])
def test_an_older_database_is_upgraded_in_place_keeping_rows(tmp_path, start):
    path = tmp_path / "old.db"
    old = _older_database(path, start)
    if start >= 1:
        old.conn.executemany(
            "INSERT INTO execution_logs (id, ts, operation, status, duration_ms, ingested_at) "
            "VALUES (?, ?, 'o', 'success', 1, ?)",
            [(f"e{n}", f"2026-01-0{n + 1}T00:00:00.000Z", "2026-01-10T00:00:00.000Z")
             for n in range(3)])
        old.conn.execute("INSERT INTO templates (kind, template, count) VALUES ('command', 'x <*>', 3)")
    old.close()
    db = open_database(path)
    assert schema_version(db) == LATEST_VERSION
    assert TABLES <= set(db.table_names())
    if start >= 1:
        assert [r[0] for r in db.execute("SELECT id FROM execution_logs ORDER BY id")] == \
            ["e0", "e1", "e2"]
        assert db.execute("SELECT count FROM templates").fetchone()[0] == 3
        assert db.execute("SELECT uses FROM pattern_performance").fetchall() == []


def test_an_upgrade_takes_planner_statistics_for_its_new_indexes(tmp_path):
    from engine.telemetry.statistics import MIN_ROWS

    path = tmp_path / "v5.db"
    old = _older_database(path, 5)
    old.conn.executemany(
        "INSERT INTO execution_logs (id, ts, operation, status, duration_ms, ingested_at) "
        "VALUES (?, '2026-01-01T00:00:00.000Z', ?, 'success', 1, '2026-01-10T00:00:00.000Z')",
        [(f"e{n}", f"op{n % 7}") for n in range(MIN_ROWS)])
    old.close()
    db = open_database(path)
    assert db.execute("SELECT tbl, row_count FROM planner_statistics").fetchall() == [("execution_logs", MIN_ROWS)]
    assert db.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE idx = 'idx_exec_group'").fetchone()[0] == 1


def test_opening_twice_applies_nothing_more(tmp_path):
    open_database(tmp_path / "a.db").close()
    db = open_database(tmp_path / "a.db")
    assert db.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)


def test_a_newer_database_is_refused(tmp_path):
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this autopattern"):
        open_database(path)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not SQLite\n" * 100)
    with pytest.raises(StoreError, match="cannot open telemetry database"):
        open_database(path)


def test_a_failed_migration_leaves_the_previous_version(tmp_path):
    from engine.telemetry.migrations import Migration

    db = _older_database(tmp_path / "x.db", LATEST_VERSION)
    broken = Migration(LATEST_VERSION + 1, "broken", "CREATE TABLE ok_so_far (x);\nNOT SQL;")
    with pytest.raises(sqlite3.Error):
        _apply(db, broken)
    assert schema_version(db) == LATEST_VERSION
    assert "ok_so_far" not in db.table_names()


def test_missing_database_without_create_names_the_fix(tmp_path):
    with pytest.raises(StoreError) as caught:
        open_database(tmp_path / "none.db", create=False)
    assert "autopattern init" in str(caught.value)


def test_readers_do_not_block_a_writer(tmp_path):
    path = tmp_path / "wal.db"
    writer = open_database(path)
    reader = open_database(path)
    reader.conn.execute("BEGIN")
    reader.conn.execute("SELECT COUNT(*) FROM execution_logs").fetchone()
    writer.conn.execute(
        "INSERT INTO execution_logs (id, ts, operation, status, duration_ms, ingested_at) "
        "VALUES ('w', '2026-01-01T00:00:00.000Z', 'o', 'success', 1, 'now')")
    assert reader.conn.execute("SELECT COUNT(*) FROM execution_logs").fetchone()[0] == 0
    reader.conn.execute("COMMIT")
    assert reader.conn.execute("SELECT COUNT(*) FROM execution_logs").fetchone()[0] == 1
