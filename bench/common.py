"""What every benchmark measure shares: timed repeats, ratios, the result row, the machine.

The machine is shared and noisy, so a measure is never an absolute time alone: each
repeat times autopattern and its baseline back to back, the ratio is taken per repeat,
and the table shows the median ratio with its min–max over the repeats.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Callable


@dataclass
class Spread:
    """Median and min–max of several samples of one quantity."""

    median: float
    low: float
    high: float
    samples: list[float]

    @classmethod
    def of(cls, samples: list[float]) -> "Spread":
        if not samples:
            raise ValueError("a spread needs at least one sample")
        return cls(statistics.median(samples), min(samples), max(samples), list(samples))


@dataclass
class Result:
    """One row of the benchmark's table.

    ``autopattern`` and ``baseline`` are in ``unit``; ``ratio`` is autopattern over
    baseline (or the measure's own ratio, e.g. throughput); ``met`` is None when the goal
    cannot be judged at this scale or the measure was skipped.
    """

    measure: str
    unit: str
    autopattern: Spread | None
    baseline: Spread | None
    ratio: Spread | None
    goal: str
    met: bool | None
    notes: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    """Wall seconds of one call, and what it returned."""
    start = time.perf_counter()
    value = run()
    return time.perf_counter() - start, value


def paired(repeat: int, ours: Callable[[], float], theirs: Callable[[], float],
           ratio: Callable[[float, float], float]) -> tuple[Spread, Spread, Spread]:
    """Run both sides ``repeat`` times, interleaved, and the per-repeat ratio."""
    mine, base, ratios = [], [], []
    for _ in range(max(1, repeat)):
        a = ours()
        b = theirs()
        mine.append(a)
        base.append(b)
        ratios.append(ratio(a, b))
    return Spread.of(mine), Spread.of(base), Spread.of(ratios)


def machine_info() -> dict[str, Any]:
    """What the figures were taken on: they mean little without it."""
    return {
        "cores": os.cpu_count(),
        "ram_gb": round(_ram_bytes() / 2**30, 1) if _ram_bytes() else None,
        "cpu": _cpu_model(),
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }


def _ram_bytes() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"
