"""Human units for the report's figures, shared by the Markdown and the HTML renderings.

One formatter per kind of number, chosen by the column's name, so the same value prints
the same way in both renderings (the JSON keeps the raw number): shares as ``44 %``,
changes of a share as ``+5 pts``, durations as ``850 ms``, ``12 s``, ``2.9 min``, ``3.1 h``.
"""

from __future__ import annotations

from typing import Any, Callable

MISSING = "—"


def percent(value: Any) -> str:
    if value is None:
        return "n/a"
    return f"{value * 100:.0f} %"


def points(change: Any) -> str:
    """A change of a share, in percentage points, signed; ``±0 pts`` when nothing moved."""
    if change is None:
        return MISSING
    pts = round(change * 100)
    return "±0 pts" if pts == 0 else f"{pts:+d} pts"


def change(value: Any, previous: Any) -> str:
    """The change between two shares as the reader sees them: the difference of the two
    percentages as printed (57 % after 59 % reads -2 pts, not the exact -1.46)."""
    if value is None or previous is None:
        return MISSING
    pts = int(f"{value * 100:.0f}") - int(f"{previous * 100:.0f}")
    return "±0 pts" if pts == 0 else f"{pts:+d} pts"


def duration(ms: Any) -> str:
    if ms is None:
        return MISSING
    ms = float(ms)
    if abs(ms) < 1000:
        return f"{ms:.0f} ms"
    seconds = ms / 1000
    if abs(seconds) < 60:
        return f"{seconds:.1f} s" if abs(seconds) < 10 else f"{seconds:.0f} s"
    minutes = seconds / 60
    if abs(minutes) < 60:
        return f"{minutes:.1f} min"
    hours = minutes / 60
    if abs(hours) < 48:
        return f"{hours:.1f} h"
    return f"{hours / 24:.1f} d"


def hours(value: Any) -> str:
    return MISSING if value is None else duration(float(value) * 3_600_000)


def minutes(value: Any) -> str:
    return MISSING if value is None else duration(float(value) * 60_000)


def count(value: Any) -> str:
    if value is None:
        return MISSING
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def days(value: Any) -> str:
    return MISSING if value is None else f"{float(value):g} d"


def text(value: Any) -> str:
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def words(value: Any) -> str:
    """An identifier-like value (``anti_pattern``) as words (``anti pattern``)."""
    return MISSING if value is None else str(value).replace("_", " ")


def day(timestamp: str) -> str:
    """A storage timestamp as a date (``23 Nov 2026``), with the time unless it is midnight."""
    from datetime import datetime

    moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    return f"{moment.day} {moment:%b %Y}" + ("" if moment.hour == moment.minute == 0 else f" {moment:%H:%M}")


def formatter(column: str) -> Callable[[Any], str]:
    """The formatter of a column, by its name (``*_ms``, ``hours_*``, ``*_rate``, ...)."""
    if column in ("kind", "status", "direction"):
        return words
    if column.endswith("_ms"):
        return duration
    if column.startswith("hours_") or column.endswith("_hours"):
        return hours
    if column.endswith("_minutes"):
        return minutes
    if column.endswith(("_rate", "_share")) or column in ("confidence", "value", "target"):
        return percent
    if column.endswith("_days") or column.endswith("_days_ago"):
        return days
    if column in ("uses", "runs", "actors", "failures", "attempts", "successes") or column.startswith("uses_"):
        return count
    return text


def header(column: str) -> str:
    """A column's heading: its name in words, with the unit left to the cells."""
    words = {"avg_duration_ms": "mean duration", "manual_avg_ms": "by hand", "hours_saved": "time saved",
             "hours_spent": "time spent", "success_rate": "success", "actors": "people",
             "command_template": "command", "covered_by_name": "covered by", "uses_this_period": "uses this week",
             "uses_all_time": "uses in all", "approved_days_ago": "approved"}
    return words.get(column, column.replace("_", " "))


def metric_counts(metric: dict[str, Any]) -> str:
    """``101 of 543`` for a share's numerator and denominator; a metric whose definition says
    its numerator and denominator are minutes (``minutes saved / minutes by hand``) reads
    ``1.0 h saved of 1.9 h``."""
    numerator, denominator = metric.get("numerator"), metric.get("denominator")
    if numerator is None or denominator is None:
        return ""
    if "minutes saved / minutes" in (metric.get("definition") or ""):
        return f"{minutes(numerator)} saved of {minutes(denominator)}"
    return f"{count(numerator)} of {count(denominator)}"


def param(value: Any, is_duration: bool) -> str:
    """A param as a rule file writes it: durations as ``7d``, ``12h``, ``30m``, ``45s``."""
    if not is_duration or not isinstance(value, (int, float)):
        return text(value)
    for unit, ms in (("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000)):
        if value and value % ms == 0:
            return f"{int(value // ms)}{unit}"
    return f"{value:g}ms"


def params(footer: dict[str, Any]) -> str:
    durations = set(footer.get("durations") or [])
    return ", ".join(f"{k}={param(v, k in durations)}" for k, v in sorted((footer.get("params") or {}).items()))
