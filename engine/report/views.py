"""What both renderings show of the report model, and in which order.

Markdown and HTML differ in markup only: the sections, their columns, the cut of long
lists and the text of every cell come from here, so the two show the same numbers.
"""

from __future__ import annotations

from typing import Any

from engine.report import units

# Sections of the shipped performance pack that have a place of their own, in the order
# a team lead reads them; any other section follows, in rule order, as a plain table.
LEADING = ("top_by_usage", "top_by_time_saved")
TRAILING = ("uncovered_work", "manual_work_with_pattern")
COLUMNS = {
    "top_by_usage": ("name", "uses", "success_rate", "avg_duration_ms", "actors"),
    "top_by_time_saved": ("name", "operation", "uses", "avg_duration_ms", "manual_avg_ms", "hours_saved"),
    "underused": ("name", "uses_this_period", "uses_all_time", "approved_days_ago"),
    "uncovered_work": ("operation", "command_template", "runs", "hours_spent", "actors", "example"),
    "manual_work_with_pattern": ("operation", "command_template", "covered_by_name", "runs", "hours_spent", "actors"),
    "new_candidates": ("name", "kind", "status", "confidence"),
}
HIDDEN = {"weekly_uses", "quarantined", "command_template_id"}
DIRECTION_TITLES = {"degrading": "Degrading", "improving": "Improving", "stale": "Gone stale"}


def sections(document: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    """(sections before the movers, sections after them), each in reading order."""
    by_name = {s["name"]: s for s in document.get("sections", [])}
    lead = [by_name[n] for n in LEADING if n in by_name]
    rest = [by_name[n] for n in TRAILING if n in by_name]
    rest += [s for s in document.get("sections", []) if s["name"] not in LEADING + TRAILING]
    return lead, rest


def columns(section: dict[str, Any]) -> list[str]:
    rows = section.get("rows", [])
    wanted = COLUMNS.get(section["name"])
    if wanted is not None:
        # a report written before names were added shows the ids instead
        fallback = {"name": "pattern_id", "covered_by_name": "covered_by"}
        wanted = [fallback[c] if c in fallback and not any(c in r for r in rows) else c for c in wanted]
    else:
        wanted = section.get("columns") or (list(rows[0]) if rows else [])
        named = {"pattern_id": "name", "covered_by": "covered_by_name"}
        wanted = [c for c in wanted if not (c in named and any(named[c] in r for r in rows))]
        wanted = [c for c in wanted if not c.endswith("_id") or c == "pattern_id"]
    return [c for c in wanted if c not in HIDDEN and any(c in row for row in rows)]


def cell(column: str, row: dict[str, Any]) -> str:
    text = units.formatter(column)(row.get(column))
    if column == "name" and row.get("quarantined"):
        text += " (quarantined)"
    return text


def shown(document: dict[str, Any], total: int) -> int:
    return min(total, int(document.get("shown") or 10))


def cut_note(document: dict[str, Any], total: int) -> str | None:
    """``10 of 55 — all in the JSON`` when a list is longer than what is shown."""
    count = shown(document, total)
    return f"{count} of {total} shown — all in the JSON" if total > count else None


def met_text(metric: dict[str, Any]) -> str:
    return {True: "met", False: "not met", None: "nothing to measure"}[metric.get("met")]


def targets_line(document: dict[str, Any]) -> str:
    metrics = document.get("headline", [])
    met = sum(1 for m in metrics if m.get("met"))
    return f"{met} of {len(metrics)} targets met."
