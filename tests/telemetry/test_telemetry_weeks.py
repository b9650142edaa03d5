"""One week definition: the top_patterns_weekly view names weeks as the report does (ISO
8601), on both stores, around every year end, and an existing store is upgraded to it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest
import sqlite_utils

from engine.clock import format_ts
from engine.report.weekly import iso_week
from engine.telemetry.migrations import MIGRATIONS, PG_V1_BASE
from engine.telemetry.store import _apply, connect, open_database

# Every day from Dec 24 to Jan 8 of 2015..2032: years starting on each weekday, leap
# years, ISO years of 52 and 53 weeks (2015, 2020, 2026 have a W53).
DAYS = [date(year, 12, 24) + timedelta(days=n) for year in range(2015, 2032) for n in range(16)]
TIMES = (time(0, 0), time(23, 59, 59, 999_000))


def report_week(moment: datetime) -> str:
    """The report's label of the week ``moment`` lies in (iso_week names the week an
    exclusive end closes, so it is given the instant just after)."""
    return iso_week(moment + timedelta(milliseconds=1))


def moments() -> list[datetime]:
    return [datetime.combine(day, at, tzinfo=timezone.utc) for day in DAYS for at in TIMES]


def store_executions(db, stamps: list[datetime]) -> None:
    db.executemany(
        "INSERT INTO execution_logs (id, ts, operation, status, duration_ms, ingested_at, pattern_id) "
        "VALUES (?, ?, 'o', 'success', 1, '2026-01-01T00:00:00.000Z', ?)",
        [(f"e{n}", format_ts(moment), f"p{n}") for n, moment in enumerate(stamps)])


def view_weeks(db) -> dict[str, str]:
    return dict(db.execute("SELECT pattern_id, week FROM top_patterns_weekly").fetchall())


def expected(stamps: list[datetime]) -> dict[str, str]:
    return {f"p{n}": report_week(moment) for n, moment in enumerate(stamps)}


def test_the_reference_is_the_iso_week_the_issue_names():
    assert report_week(datetime(2026, 1, 1, tzinfo=timezone.utc)) == "2026-W01"
    assert report_week(datetime(2027, 1, 1, tzinfo=timezone.utc)) == "2026-W53"
    assert report_week(datetime(2024, 12, 30, tzinfo=timezone.utc)) == "2025-W01"


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_the_view_names_the_report_s_weeks_around_year_ends(request, kind):
    db = request.getfixturevalue("memory_store" if kind == "sqlite" else "pg_db")
    stamps = moments()
    with db.transaction():
        store_executions(db, stamps)
    assert view_weeks(db) == expected(stamps)


def test_an_existing_sqlite_store_is_upgraded_to_iso_weeks(tmp_path):
    path = tmp_path / "v7.db"
    old = sqlite_utils.Database(connect(path))
    for migration in MIGRATIONS:
        if migration.version <= 7:
            _apply(old, migration)
    stamps = [datetime(2026, 1, 1, 12, tzinfo=timezone.utc), datetime(2027, 1, 1, 12, tzinfo=timezone.utc)]
    store_executions(old.conn, stamps)
    assert view_weeks(old) == {"p0": "2026-W00", "p1": "2027-W00"}   # the old %W weeks
    old.close()
    db = open_database(path)
    assert view_weeks(db) == {"p0": "2026-W01", "p1": "2026-W53"}
    assert db.execute("SELECT COUNT(*) FROM execution_logs").fetchone()[0] == 2


def test_an_existing_postgres_store_is_upgraded_to_iso_weeks(pg_url):
    db = open_database(pg_url)
    # Back to version 2: its view as PG migration 1 made it, and no record of version 3.
    start = PG_V1_BASE.index("CREATE VIEW top_patterns_weekly")
    old_view = PG_V1_BASE[start:PG_V1_BASE.index(") AS weekly;", start) + len(") AS weekly;")]
    db.conn.execute("DROP VIEW top_patterns_weekly")
    db.conn.execute(old_view)
    db.execute("DELETE FROM schema_migrations WHERE version > 2")
    stamps = [datetime(2026, 1, 1, 12, tzinfo=timezone.utc), datetime(2027, 1, 1, 12, tzinfo=timezone.utc)]
    store_executions(db, stamps)
    assert view_weeks(db) == {"p0": "2026-W00", "p1": "2027-W00"}
    db.close()
    db = open_database(pg_url)
    try:
        assert view_weeks(db) == {"p0": "2026-W01", "p1": "2026-W53"}
        assert db.scalar("SELECT MAX(version) FROM schema_migrations") == 3
    finally:
        db.close()
