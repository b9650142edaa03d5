"""The demo: a realistic workspace built end to end from the seeded workload.

``run_demo`` is the whole story as one call per stage: create the workspace, ingest the
workload, and evaluate every pack once a week over the window (each Monday 00:00 UTC,
then at ``now``), as a weekly job would have: every run stores metric snapshots and a
weekly report, so the latest report shows the weeks before it as trends. The CLI only
prints what it returns, so a notebook or a test can run the same demo.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from engine.clock import format_ts, utc_now_text
from engine.demo.workload import default_now, generate_events
from engine.errors import Location, WorkspaceError
from engine.models import parse_ts
from engine.store.url import store_label
from engine.telemetry.ingest import IngestSummary, ingest_records, record_ingest_run
from engine.telemetry.records import SourceRecord
from engine.workspace import Workspace, init_workspace

DEFAULT_SEED = 7
# Twelve and a half weeks: twelve weekly runs before now, so the latest report shows twelve
# weeks of trends; under the 90 days retention keeps, so a rerun finds every event stored.
DEFAULT_DAYS = 88


@dataclass
class DemoResult:
    """What the demo built: where, from which seed and ``now``, and what is in it."""

    workspace: Path
    db_path: str          # the SQLite file, or the redacted URL of another store
    seed: int
    now: str                          # storage format; pass it to `evaluate --now`
    days: int
    ingest: IngestSummary
    tables: dict[str, int]            # rows per telemetry table
    patterns: list[dict[str, Any]]    # the pattern_performance view
    evaluation: Any = None            # the Evaluation of every pack, when evaluated
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"workspace": str(self.workspace), "database": str(self.db_path),
                "seed": self.seed, "now": self.now, "days": self.days,
                "ingest": self.ingest.to_dict(), "tables": self.tables,
                "patterns": self.patterns, **self.extra}


def resolve_now(now: datetime | str | None) -> datetime:
    """``now`` as an aware UTC datetime; default: midnight UTC today.

    A bare date (``2026-11-24``) means its midnight UTC, as a person would type it.
    """
    if now is None:
        return default_now()
    if isinstance(now, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", now.strip()):
        now = now.strip() + "T00:00:00Z"
    return parse_ts(now)


def demo_records(seed: int, now: datetime, days: int, scale: float) -> Iterator[SourceRecord]:
    for number, event in enumerate(generate_events(seed, now, days, scale, adoption=True), 1):
        yield SourceRecord(f"demo event {number}", event=event)


def count_events(seed: int = DEFAULT_SEED, now: datetime | str | None = None,
                 days: int = DEFAULT_DAYS, scale: float = 1.0) -> int:
    """How many events the demo will ingest (generating is cheap next to storing)."""
    return sum(1 for _ in generate_events(seed, resolve_now(now), days, scale, adoption=True))


def run_demo(workspace: Path | Workspace, seed: int = DEFAULT_SEED,
             now: datetime | str | None = None,
             progress: Callable[[int], None] | None = None, *,
             days: int = DEFAULT_DAYS, scale: float = 1.0, evaluate: bool = True,
             database: str | None = None) -> DemoResult:
    """Create (or complete) ``workspace`` and ingest the seeded workload into it.

    Running it again is harmless: every event is already stored and counts as a
    duplicate. A workspace holding real telemetry is refused, never mixed with the demo's.
    """
    root = workspace.root if isinstance(workspace, Workspace) else Path(workspace)
    ws = init_workspace(root, database=database)
    moment = resolve_now(now)
    db = ws.open_db()
    try:
        _refuse_real_telemetry(db, ws)
        started = utc_now_text()
        summary = ingest_records(db, demo_records(seed, moment, days, scale), source="demo",
                                 progress=progress, extra_masks=ws.masks)
        record_ingest_run(db, summary, source="demo", started_at=started,
                          inputs=[f"demo seed={seed} days={days} scale={scale}"])
        tables = {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                  for table in ("execution_logs", "file_events", "error_events")}
        patterns = [dict(row) for row in db.query(
            "SELECT pattern_id, uses, success_rate, last_used FROM pattern_performance "
            "ORDER BY uses DESC")]
    finally:
        db.close()
    result = DemoResult(ws.root, store_label(ws.store_url), seed, format_ts(moment), days, summary, tables, patterns)
    if evaluate:
        evaluate_weeks(result, ws, moment, days)
    return result


def weekly_nows(moment: datetime, days: int) -> list[datetime]:
    """The nows of a weekly job over the window: each Monday 00:00 UTC once a week of
    telemetry is in, then ``moment`` itself (the last, unless it is such a Monday)."""
    first = moment - timedelta(days=days) + timedelta(days=7)
    monday = datetime.combine(first.date() - timedelta(days=first.weekday()), time(), tzinfo=timezone.utc)
    if monday < first:
        monday += timedelta(days=7)
    nows = []
    while monday < moment:
        nows.append(monday)
        monday += timedelta(days=7)
    return nows + [moment]


def evaluate_weeks(result: DemoResult, ws: Workspace, moment: datetime, days: int,
                   on_week: Callable[[datetime], None] | None = None) -> None:
    """Evaluate every pack at each weekly now; the result keeps the last evaluation and
    the reports (one per week, the latest last)."""
    from engine.evaluate.session import evaluate_workspace
    from engine.outputs import OUTPUTS
    from engine.registry import list_entries

    reports: list[dict[str, Any]] = []
    for now in weekly_nows(moment, days):
        if on_week:
            on_week(now)
        result.evaluation = evaluate_workspace(ws, outputs=OUTPUTS, now=now)
        reports += result.evaluation.extras.get("reports", [])
    db = ws.open_db()
    try:
        names = {row["id"]: row["name"] for row in list_entries(db)}
    finally:
        db.close()
    result.extra["automations"] = automation_summary(result.evaluation, names)
    result.extra["reports"] = [{k: r.get(k) for k in ("week", "json", "markdown", "html")} for r in reports]


def automation_summary(evaluation, names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """What each automation found: per pack, its decisions and a few named examples.

    ``names`` (registry id -> name) gives each example the name the registry shows.
    """
    from engine.registry.files import plain
    from engine.registry.ids import pattern_id

    names = names or {}
    summary = []
    for pack in evaluation.packs:
        results = [r for r in evaluation.results if r.pack == pack.name]
        decisions: dict[str, int] = {}
        examples: list[str] = []
        for rule in results:
            for finding in rule.findings:
                decisions[finding.decision] = decisions.get(finding.decision, 0) + 1
                if finding.decision not in ("skip", "keep") and len(examples) < 3:
                    name = (names.get(pattern_id(finding.pack_id, finding.rule, plain(finding.key)))
                            or finding.fields.get("name") or finding.fields.get("section") or rule.rule)
                    examples.append(f"{finding.decision}: {name}")
        registry = evaluation.registry.get(pack.name, {})
        summary.append({"pack": pack.name, "id": pack.pack_id, "title": pack.title,
                        "rules": len(results), "decisions": decisions, "examples": examples,
                        "documents": len(registry.get("documents", []))})
    return summary


def _refuse_real_telemetry(db, ws: Workspace) -> None:
    for table in ("execution_logs", "file_events", "error_events"):
        if db.execute(f"SELECT 1 FROM {table} WHERE source != 'demo' LIMIT 1").fetchone():
            raise WorkspaceError(
                f"this workspace already holds telemetry that is not the demo's ({table})",
                Location(str(ws.root)), hint="pick another --workspace for the demo")


def write_events(stream, seed: int = DEFAULT_SEED, now: datetime | str | None = None,
                 days: int = DEFAULT_DAYS, scale: float = 1.0) -> int:
    """Write the workload as JSON Lines to a text stream; return the number of events."""
    count = 0
    buffer: list[str] = []
    for event in generate_events(seed, resolve_now(now), days, scale, adoption=True):
        buffer.append(json.dumps(event, ensure_ascii=False))
        count += 1
        if len(buffer) >= 1000:
            stream.write("\n".join(buffer) + "\n")
            buffer.clear()
    if buffer:
        stream.write("\n".join(buffer) + "\n")
    return count
