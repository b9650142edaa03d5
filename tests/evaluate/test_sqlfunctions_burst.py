"""burst(ts, window): the most rows of a group within one sliding window (AUTO-002)."""

from __future__ import annotations

import sqlite3

import pytest

from engine.evaluate.sqlfunctions import register

HOUR = 3_600_000


def burst(times: list[str | None], window_ms: int) -> int:
    """burst() as a rule calls it: through SQLite, over stored timestamps."""
    conn = sqlite3.connect(":memory:")
    register(conn)
    conn.execute("CREATE TABLE t (ts TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [(t,) for t in times])
    return conn.execute("SELECT ap_burst(ROUND(julianday(ts) * 86400000.0), ?) FROM t", [window_ms]).fetchone()[0]


def at(hour: float) -> str:
    day, rest = divmod(hour, 24)
    h = int(rest)
    m = round((rest - h) * 60)
    return f"2026-03-{1 + int(day):02d}T{h:02d}:{m:02d}:00.000Z"


@pytest.mark.parametrize("hours, window_h, expected", [
    ([5], 24, 1),
    ([0, 24], 24, 2),                 # exactly the window apart: inside
    ([0, 24.5], 24, 1),
    ([30, 0, 10, 20], 24, 3),         # order does not matter
    ([0, 1, 2, 50, 51, 52, 53], 24, 4),
    ([7, 7, 7], 1, 3),                # same moment
])
def test_burst(hours, window_h, expected):
    assert burst([at(h) for h in hours], window_h * HOUR) == expected


def test_no_rows_give_null_like_other_aggregates_of_values():
    assert burst([], 24 * HOUR) is None


def test_nulls_are_ignored():
    assert burst([at(1), None, at(2)], 24 * HOUR) == 2
