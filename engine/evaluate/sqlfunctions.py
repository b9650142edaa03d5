"""SQL functions SQLite lacks, registered on the connection so work stays in the query.

Percentiles are an aggregate SQLite calls row by row inside the query; slugs and square
roots are scalars evaluated once per group.
"""

from __future__ import annotations

import math
import re
import sqlite3

_NON_WORD = re.compile(r"[^a-z0-9]+")


class Percentile:
    """Linear-interpolated percentile (the 'R7' definition used by numpy and spreadsheets)."""

    def __init__(self) -> None:
        self.values: list[float] = []
        self.p = 0.5

    def step(self, value, p) -> None:
        if value is not None:
            self.values.append(float(value))
        if p is not None:
            self.p = float(p)

    def finalize(self):
        if not self.values:
            return None
        values = sorted(self.values)
        position = (len(values) - 1) * min(max(self.p, 0.0), 1.0)
        low = math.floor(position)
        high = min(low + 1, len(values) - 1)
        return values[low] + (values[high] - values[low]) * (position - low)


class Burst:
    """The most values within one sliding window of ``width`` (same unit as the values).

    Sorted once, then two pointers: the window's left edge only moves forward, so the
    cost after sorting is linear in the group's rows.
    """

    def __init__(self) -> None:
        self.values: list[float] = []
        self.width = 0.0

    def step(self, value, width) -> None:
        if value is not None:
            self.values.append(float(value))
        if width is not None:
            self.width = float(width)

    def finalize(self):
        values = sorted(self.values)
        best, left = 0, 0
        for right, value in enumerate(values):
            while value - values[left] > self.width:
                left += 1
            best = max(best, right - left + 1)
        return best


def slug(*parts) -> str:
    text = " ".join(str(p) for p in parts if p is not None and str(p) != "").lower()
    return _NON_WORD.sub("-", text).strip("-")[:80].strip("-") or "unnamed"


def _sqrt(value):
    return None if value is None else math.sqrt(max(float(value), 0.0))


def register(conn: sqlite3.Connection) -> None:
    conn.create_aggregate("ap_percentile", 2, Percentile)
    conn.create_aggregate("ap_burst", 2, Burst)
    conn.create_function("ap_slug", -1, slug, deterministic=True)
    conn.create_function("ap_sqrt", 1, _sqrt, deterministic=True)
