"""The report model: one plain document built once from the store, rendered three ways.

``weekly.build_report`` arranges the rows of the performance pack's rules (this week's
figures, computed in SQL). This module completes that document with what a team lead
reads around those figures, all from the store and the registry:

* each headline metric's value in each of the last N weeks (``history``), the value the
  week before and the change;
* what needs a person (new quarantines, anti-patterns, self-heals waiting for approval,
  drafts), each with its name, why, and the command that acts on it;
* per pattern, its uses and success rate week by week (metric snapshots), for the top
  patterns and for those AUTO-007 flagged as improving, degrading or stale;
* names instead of ids wherever the registry has one, and a mark on quarantined patterns;
* a footer saying which run, at which now, with which pack and params.

The JSON file *is* this document; Markdown and HTML are pure functions of it, so the
three cannot disagree. Every list is complete here; the renderers cut long lists at
``top_n`` and say so.

Registry rows are read through the registry's library (``list_entries``, the one listing
every view shares, ``get_pattern``, ``decisions_for``), never by SQL of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.registry.index import decisions_for, get_pattern, list_entries, quarantined_ids
from engine.report import history
from engine.wording import plural

DEFAULT_WEEKS = 12
DEFAULT_SHOWN = 10
WEEKS_PARAM = "weeks"
SHOWN_PARAM = "top_n"
# Sections whose rows name a pattern by id in this column, and where to put its name.
PATTERN_COLUMNS = {"pattern_id": "name", "covered_by": "covered_by_name"}
DIRECTIONS = ("degrading", "improving", "stale")
DRAFT_KINDS = ("pattern_candidate", "batch_pattern", "template")
ANTI_PATTERN_OPEN = ("recorded", "quarantined")        # not rejected or released by a person


def complete(db, patterns_dir: Path, document: dict[str, Any], weeks: int | None = None) -> dict[str, Any]:
    """Add trends, attention, names, movers and the footer to a freshly built report."""
    weeks = weeks or _int_param(document, WEEKS_PARAM, DEFAULT_WEEKS)
    document["shown"] = _int_param(document, SHOWN_PARAM, DEFAULT_SHOWN)
    names = _Names(db)
    for section in document.get("sections", []):
        _name_rows(section, names)
    start = document["period"]["start"]
    document["attention"] = attention(db, start, document["period"]["end"])
    document["movers"] = movers(db, start, document["period"]["end"], names)
    document["footer"] = {"run_id": document.get("run_id"), "now": document["generated"],
                          "pack": document.get("pack"), "pack_id": document.get("pack_id"),
                          "params": document.get("params", {}), **document.get("footer", {})}
    return with_history(db, document, weeks)


def with_history(db, document: dict[str, Any], weeks: int) -> dict[str, Any]:
    """The document with its weekly history over ``weeks`` weeks (re)read from the store."""
    bounds = history.week_bounds(document["week"], weeks + 1)   # one more: the base of the first
    shown = bounds[1:]
    document["weeks"] = [w.name for w in shown]
    runs = history.headline_history(db, shown[:-1], document.get("run_id"))
    for metric in document.get("headline", []):
        trend = []
        for week in document["weeks"]:
            if week == document["week"]:
                point = metric
            else:
                point = _metric_of(runs.get(week), document.get("pack"), metric["name"])
            trend.append({"week": week, "value": None if point is None else point.get("value"),
                          "numerator": None if point is None else point.get("numerator"),
                          "denominator": None if point is None else point.get("denominator")})
        metric["trend"] = trend
        previous = trend[-2]["value"] if len(trend) > 1 else None
        metric["previous"] = previous
        metric["change"] = (None if previous is None or metric.get("value") is None
                            else round(metric["value"] - previous, 4))
    series = history.pattern_weeks(db, bounds, document.get("run_id"))
    for section in document.get("sections", []):
        if section.get("name") in ("top_by_usage", "top_by_time_saved"):
            for row in section["rows"]:
                row["weekly_uses"] = _weekly(series, row.get("pattern_id"), document["weeks"], "uses")
    for mover in document.get("movers", []):
        mover["weekly_uses"] = _weekly(series, mover["pattern_id"], document["weeks"], "uses")
        mover["weekly_success_rate"] = _weekly(series, mover["pattern_id"], document["weeks"], "success_rate")
    return document


def _weekly(series, pattern: Any, weeks: list[str], field: str) -> list[Any]:
    """One value per week; weeks with no snapshot are null, weeks without runs 0 uses."""
    per_week = series.get(pattern, {})
    values = []
    for week in weeks:
        if week in per_week:
            values.append(per_week[week][field])
        else:
            values.append(0 if field == "uses" and series and _known(series, week) else None)
    return values


def _known(series, week: str) -> bool:
    return any(week in weeks for weeks in series.values())


def _metric_of(run: dict[str, Any] | None, pack: str | None, name: str) -> dict[str, Any] | None:
    if run is None:
        return None
    for report in run["reports"]:
        if pack is None or report.get("pack") == pack:
            return next((m for m in report.get("headline", []) if m.get("name") == name), None)
    return None


def _int_param(document: dict[str, Any], name: str, default: int) -> int:
    value = (document.get("params") or {}).get(name)
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


class _Names:
    """Display names of pattern ids: the registry's name, else the id itself."""

    def __init__(self, db):
        self.db = db
        self.cache: dict[str, str] = {}
        self.quarantined = quarantined_ids(db)

    def __call__(self, pattern_id: Any) -> str:
        key = str(pattern_id)
        if key not in self.cache:
            row = get_pattern(self.db, key)
            self.cache[key] = row["name"] if row and row["kind"] != "quarantine_entry" and row.get("name") else key
        return self.cache[key]


def _name_rows(section: dict[str, Any], names: _Names) -> None:
    columns = section.get("columns") or []
    for column, name_column in PATTERN_COLUMNS.items():
        if not any(column in row for row in section["rows"]):
            continue
        for row in section["rows"]:
            if row.get(column) is not None:
                row[name_column] = names(row[column])
                if column == "pattern_id":
                    row["quarantined"] = str(row[column]) in names.quarantined
        if name_column not in columns and column in columns:
            columns.insert(columns.index(column), name_column)


def attention(db, start: str, end: str) -> list[dict[str, Any]]:
    """What needs a person, in order: quarantines (new ones first), anti-patterns, self-heals, drafts.

    Each group is complete; each item has a name, why, and the command to act on it.
    """
    groups = [
        {"name": "quarantines", "title": "Quarantined",
         "items": sorted((_quarantine(db, row, start, end) for row in list_entries(db, status="quarantined")
                          if row["kind"] != "anti_pattern"),          # anti-patterns have their own group
                         key=lambda item: (not item["new"], item["name"]))},
        {"name": "anti_patterns", "title": "Anti-patterns",
         "items": [_anti_pattern(row) for row in list_entries(db, kind="anti_pattern")
                   if row["status"] in ANTI_PATTERN_OPEN]},
        {"name": "self_heals", "title": "Self-heals waiting for approval",
         "items": [_self_heal(row) for row in list_entries(db, kind="self_heal", status="ask_first")]},
        {"name": "drafts", "title": "Drafts to review",
         "items": [_draft(row) for kind in DRAFT_KINDS for row in list_entries(db, kind=kind, status="draft")]},
    ]
    for group in groups:
        group["total"] = len(group["items"])
    return groups


def _first_sentence(text: Any, limit: int = 180) -> str:
    """The first sentence, or the first clause, cut at a word within ``limit`` characters."""
    text = " ".join(str(text or "").split())
    cut = text.find(". ")
    if 0 < cut < limit:
        text = text[:cut + 1]
    if len(text) <= limit:
        return text
    cut = text.find(": ")
    if 0 < cut < limit:
        return text[:cut]
    return text[:text.rfind(" ", 0, limit - 1)].rstrip(",;") + " …"


def _quarantine(db, row: dict[str, Any], start: str, end: str) -> dict[str, Any]:
    """A quarantined pattern: new when quarantined this period (created, or for a document
    quarantined by a person, last changed then)."""
    subject = (row.get("key") or {}).get("pattern_id") or row["id"]
    audit = decisions_for(db, row["id"])
    when = row["created"] if row["kind"] == "quarantine_entry" else row["updated"]
    new = start < when <= end
    why = _first_sentence(audit[-1]["reason"] if audit else "quarantined")
    return {"id": row["id"], "name": str(subject) if row["kind"] == "quarantine_entry" else row["name"],
            "kind": row["kind"], "new": new,
            "why": f"{'new this week' if new else 'since ' + when[:10]}: {why}", "since": when,
            "command": f"autopattern patterns release {row['id']} --reason '...'"}


def _anti_pattern(row: dict[str, Any]) -> dict[str, Any]:
    fields = row.get("fields") or {}
    why = fields.get("recommendation") or row["name"]
    return {"id": row["id"], "name": row["name"], "kind": row["kind"], "why": _first_sentence(why),
            "since": row["created"], "command": f"autopattern patterns show {row['id']}"}


def _self_heal(row: dict[str, Any]) -> dict[str, Any]:
    fields = row.get("fields") or {}
    rate, successes, attempts = fields.get("success_rate"), fields.get("successes"), fields.get("attempts")
    why = (f"fixed {successes} of {plural(attempts, 'time')} ({round(rate * 100)} %): below the auto-apply threshold, "
           "so a person confirms each use" if rate is not None and successes is not None
           else "a person confirms before it is applied")
    return {"id": row["id"], "name": row["name"], "kind": row["kind"], "why": why, "since": row["created"],
            "command": f"autopattern patterns approve {row['id']}"}


def _draft(row: dict[str, Any]) -> dict[str, Any]:
    confidence, fields = row.get("confidence"), row.get("fields") or {}
    if confidence is not None:
        why = f"confidence {round(confidence * 100)} %: below the approval threshold"
    elif isinstance(fields.get("slots"), list):
        names = [str(s.get("name")) for s in fields["slots"] if isinstance(s, dict)]
        seen = fields.get("member_count") or fields.get("built_from")
        slots = f" with slot{'s' if len(names) > 1 else ''} {', '.join(names)}" if names else " without slots"
        why = f"a template{f' of {seen} examples' if seen else ''}{slots}: check it before use"
    else:
        why = f"a {row['kind'].replace('_', ' ')} for review"
    return {"id": row["id"], "name": row["name"], "kind": row["kind"], "why": why, "since": row["created"],
            "command": f"autopattern patterns approve {row['id']}"}


def movers(db, start: str, end: str, names: _Names) -> list[dict[str, Any]]:
    """Patterns AUTO-007 flagged this period as degrading, improving or stale.

    One item per pattern and direction: two rules flagging the same (``stale`` and
    ``usage_stopped``) give one item with both reasons.
    """
    items: dict[tuple[str, str], dict[str, Any]] = {}
    for row in list_entries(db, kind="trend", status="flagged"):
        fields = row.get("fields") or {}
        direction = fields.get("direction")
        if direction not in DIRECTIONS or not start < row["updated"] <= end:
            continue
        pattern = fields.get("pattern_id") or (row.get("key") or {}).get("pattern_id")
        why = _trend_why(direction, fields)
        key = (direction, str(pattern if pattern is not None else row["id"]))
        if key in items:
            if why not in items[key]["why"]:
                items[key]["why"] += f"; {why}"
            continue
        items[key] = {"direction": direction, "pattern_id": pattern,
                      "name": names(pattern) if pattern is not None else row["name"], "why": why, "id": row["id"]}
    order = {d: i for i, d in enumerate(DIRECTIONS)}
    return sorted(items.values(), key=lambda item: (order[item["direction"]], str(item["name"])))


def _trend_why(direction: str, fields: dict[str, Any]) -> str:
    if direction == "stale":
        days = fields.get("idle_days")
        if isinstance(days, (int, float)):
            return f"unused for {days:.0f} days"
        if isinstance(fields.get("snapshots"), int):
            return f"no new use across the last {fields['snapshots']} metric snapshots"
        return "unused for a while"
    now, before = fields.get("success_rate_now"), fields.get("success_rate_before")
    parts = []
    if isinstance(now, (int, float)) and isinstance(before, (int, float)):
        parts.append(f"success {round(before * 100)} % → {round(now * 100)} %")
    slowdown = fields.get("slowdown")
    if direction == "degrading" and isinstance(slowdown, (int, float)) and slowdown >= 1.05:
        parts.append(f"{slowdown:.1f}× slower")
    return ", ".join(parts) or direction
