"""Find the weekly reports a workspace holds, and build one on demand.

Building evaluates the workspace's report packs (those with `report_row` rules) at a
given now, through the same engine and the same write path as `evaluate`, so a report
built here is byte for byte the one `evaluate` would write. A past week is built at its
end (the Monday after it, 00:00 UTC). ``render`` gives a stored report in any of the
three formats; ``with_weeks`` re-reads its trends over another number of weeks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from engine.errors import EvaluationError, Location
from engine.registry.files import read_document
from engine.report.weekly import REPORT_FOLDER
from engine.workspace import Workspace

WEEK = re.compile(r"^[0-9]{4}-W[0-9]{2}$")


@dataclass(frozen=True)
class StoredReport:
    week: str
    json_path: Path
    markdown_path: Path
    html_path: Path

    def load(self) -> dict[str, Any]:
        document = read_document(self.json_path)
        if document is None:
            raise EvaluationError(f"report {self.week} has no JSON file", Location(str(self.json_path)))
        return document

    def markdown(self) -> str:
        try:
            return self.markdown_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise EvaluationError(f"report {self.week} has no Markdown file",
                                  Location(str(self.markdown_path))) from None


def list_reports(ws: Workspace) -> list[StoredReport]:
    """Every stored report, oldest week first (ISO week names sort in time order)."""
    folder = ws.patterns_dir / REPORT_FOLDER
    if not folder.is_dir():
        return []
    return [StoredReport(p.stem, p, p.with_suffix(".md"), p.with_suffix(".html"))
            for p in sorted(folder.glob("*.json")) if WEEK.match(p.stem)]


def find_report(ws: Workspace, week: str | None = None) -> StoredReport | None:
    """The report of ``week`` (``YYYY-Www``), or the latest one; None when there is none."""
    if week is not None and not WEEK.match(week):
        raise EvaluationError(f"--week {week!r} is not an ISO week such as 2026-W48", Location(field="week"), status=2)
    reports = list_reports(ws)
    if week is None:
        return reports[-1] if reports else None
    return next((r for r in reports if r.week == week), None)


def report_packs(ws: Workspace) -> list[str]:
    """Names of the workspace's packs that have `report_row` rules."""
    from engine.evaluate.session import load_workspace_packs

    return [p.name for p in load_workspace_packs(ws) if any(r.emit.kind == "report_row" for r in p.rules)]


def build_report(ws: Workspace, now: datetime | None = None, assignments: list[str] | None = None,
                 dry_run: bool = False) -> list[dict[str, Any]]:
    """Evaluate the report packs now; returns each written report's summary."""
    from engine.evaluate.session import evaluate_workspace
    from engine.outputs import OUTPUTS

    packs = report_packs(ws)
    if not packs:
        raise EvaluationError(f"no pack in {ws.rules_dir} has report_row rules",
                              hint="copy the shipped rules/auto_004_performance.rules into it")
    evaluation = evaluate_workspace(ws, outputs=OUTPUTS, packs=packs, now=now, assignments=assignments or [], dry_run=dry_run)
    return evaluation.extras.get("reports", [])


def build_week(ws: Workspace, week: str, assignments: list[str] | None = None) -> list[dict[str, Any]]:
    """Build the report of ``week`` at its end (or now, for the week under way)."""
    from engine.report.history import week_end, week_start

    if not WEEK.match(week):
        raise EvaluationError(f"--week {week!r} is not an ISO week such as 2026-W48", Location(field="week"), status=2)
    try:
        start, end = week_start(week), week_end(week)
    except ValueError:
        raise EvaluationError(f"--week {week!r}: that year has no such ISO week", Location(field="week"), status=2) from None
    today = datetime.now(timezone.utc)
    if start >= today:
        raise EvaluationError(f"--week {week} has not started yet", Location(field="week"), status=2)
    return build_report(ws, min(end, today), assignments)


def with_weeks(ws: Workspace, document: dict[str, Any], weeks: int) -> dict[str, Any]:
    """The stored report with its trends re-read from the store over ``weeks`` weeks."""
    from engine.report.model import with_history

    db = ws.open_db()
    try:
        return with_history(db, document, weeks)
    finally:
        db.close()


def render(document: dict[str, Any], output_format: str) -> str:
    """The report in ``markdown``, ``json`` or ``html``."""
    from engine.registry.files import render as render_json
    from engine.report.html import render_html
    from engine.report.markdown import render_markdown

    if output_format == "json":
        return render_json(document)
    if output_format == "html":
        return render_html(document)
    return render_markdown(document)
