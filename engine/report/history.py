"""The report's history: what each of the last N weeks measured, read from the store.

All of the report's own SQL lives here, so a second database dialect changes one module.
The weeks are ISO weeks computed in Python (``week_bounds``) and passed in as bound
values; the SQL only compares timestamps (fixed-width UTC text) and uses standard
window functions, so it reads the same on SQLite and PostgreSQL.

Two stores are read, never earlier report files:

* ``evaluation_runs``: every non-dry run that built a report keeps that report's headline
  in its summary; the latest such run of each week gives that week's metrics.
* ``pattern_metrics``: every run snapshots each pattern's cumulative counts; the latest
  snapshot of each week minus the one of the week before gives the week's uses, success
  rate and mean duration per pattern.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from engine.clock import format_ts


@dataclass(frozen=True)
class Week:
    name: str       # "2026-W48"
    start: str      # storage timestamp: Monday 00:00 UTC (excluded)
    end: str        # the next Monday 00:00 UTC (included): a run at that instant reports this week


def week_start(name: str) -> datetime:
    """Monday 00:00 UTC of the ISO week ``YYYY-Www``; ValueError for a week that does not exist."""
    year, week = int(name[:4]), int(name[6:])
    return datetime.combine(date.fromisocalendar(year, week, 1), time(0), tzinfo=timezone.utc)


def week_end(name: str) -> datetime:
    """The instant a week's report is built at: the Monday after it, 00:00 UTC."""
    return week_start(name) + timedelta(days=7)


def week_bounds(last: str, count: int) -> list[Week]:
    """The ``count`` ISO weeks ending with ``last``, oldest first."""
    end = week_end(last)
    weeks = []
    for back in range(count - 1, -1, -1):
        start = end - timedelta(days=7 * (back + 1))
        year, number, _ = start.isocalendar()
        weeks.append(Week(f"{year}-W{number:02d}", format_ts(start), format_ts(start + timedelta(days=7))))
    return weeks


def _weeks_cte(weeks: list[Week]) -> tuple[str, dict[str, Any]]:
    rows, values = [], {}
    for i, week in enumerate(weeks):
        rows.append(f"(:w{i}, :s{i}, :e{i})")
        values.update({f"w{i}": week.name, f"s{i}": week.start, f"e{i}": week.end})
    return f"weeks(week, week_start, week_end) AS (VALUES {', '.join(rows)})", values


# The latest run of each week that is not a dry run and finished (or is the run building
# the report now, which has not finished yet).
_PICK = """(SELECT r.id FROM evaluation_runs r
            WHERE r.dry_run = 0 AND (r.status = 'ok' OR r.id = :run) AND r.now > weeks.week_start
              AND r.now <= weeks.week_end {extra}
            ORDER BY r.now DESC, r.started_at DESC LIMIT 1)"""


def headline_history(db, weeks: list[Week], run_id: str | None) -> dict[str, dict[str, Any]]:
    """Per week, the headline of the latest run that built a report then: ``{week: {run, now, reports}}``.

    Weeks with no such run are left out (the chart shows a gap, not a zero).
    """
    if not weeks:
        return {}
    cte, values = _weeks_cte(weeks)
    values.update(run=run_id, has_reports='%"reports"%')      # bound: no literal % in the SQL text
    pick = _PICK.format(extra="AND r.summary LIKE :has_reports")
    sql = (f"WITH {cte}, picked AS (SELECT weeks.week, {pick} AS run_id FROM weeks) "
           "SELECT picked.week, r.id, r.now, r.summary FROM picked "
           "JOIN evaluation_runs r ON r.id = picked.run_id ORDER BY picked.week")
    history = {}
    for week, run, now, summary in db.execute(sql, values).fetchall():
        try:
            reports = json.loads(summary or "{}").get("reports", [])
        except ValueError:
            continue
        history[week] = {"run": run, "now": now, "reports": reports}
    return history


def pattern_weeks(db, weeks: list[Week], run_id: str | None) -> dict[str, dict[str, dict[str, Any]]]:
    """Per pattern and week: the week's uses, successes, success rate and mean duration.

    ``weeks`` should start one week before the first one shown: its snapshot is the base
    the first week's counts are taken from. A week whose previous week has no snapshot
    run is left out rather than credited with two weeks' runs.
    """
    if not weeks:
        return {}
    cte, values = _weeks_cte(weeks)
    values["run"] = run_id
    sql = (f"WITH {cte}, picked AS (SELECT weeks.week, {_PICK.format(extra='')} AS run_id FROM weeks), "
           "snaps AS (SELECT picked.week, m.pattern_id, m.uses, m.successes, "
           "COALESCE(m.duration_total_ms, 0) AS duration_total_ms, COALESCE(m.duration_count, 0) AS duration_count "
           "FROM picked JOIN pattern_metrics m ON m.run_id = picked.run_id) "
           "SELECT week, pattern_id, "
           "uses - COALESCE(LAG(uses) OVER w, 0) AS uses, "
           "successes - COALESCE(LAG(successes) OVER w, 0) AS successes, "
           "duration_total_ms - COALESCE(LAG(duration_total_ms) OVER w, 0) AS duration_total_ms, "
           "duration_count - COALESCE(LAG(duration_count) OVER w, 0) AS duration_count, "
           "LAG(week) OVER w AS previous_week "
           "FROM snaps WINDOW w AS (PARTITION BY pattern_id ORDER BY week) ORDER BY pattern_id, week")
    picked_sql = f"WITH {cte} SELECT weeks.week, {_PICK.format(extra='')} AS run_id FROM weeks"
    with_runs = {week for week, run in db.execute(picked_sql, values).fetchall() if run}
    order = [w.name for w in weeks]
    series: dict[str, dict[str, dict[str, Any]]] = {}
    for week, pattern, uses, successes, total, count, previous in db.execute(sql, values).fetchall():
        index = order.index(week)
        if index == 0:
            continue                       # the base week: only there to subtract from
        before = order[index - 1]
        if previous != before and (previous is not None or before not in with_runs):
            continue                       # no snapshot the week before: this week's share is unknown
        series.setdefault(pattern, {})[week] = {
            "uses": int(uses), "successes": int(successes),
            "success_rate": round(successes / uses, 4) if uses else None,
            "avg_duration_ms": round(total / count, 1) if count else None,
        }
    return series
