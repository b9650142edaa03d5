"""A workspace holding only the packs under test (AUTO-004/006/007, retention), hand-built
telemetry at a fixed now, and a way to evaluate it: ``Env``, made by the ``make_env``
fixture (tests/conftest.py). Used by tests/rules, tests/report, tests/evaluate, tests/suggest."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

from engine import resources
from engine.clock import format_ts
from engine.evaluate.session import evaluate_workspace
from engine.outputs import OUTPUTS
from engine.telemetry.api import Telemetry
from engine.workspace import init_workspace

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
PACK_FILES = {
    "performance": "auto_004_performance.rules",
    "suggester": "auto_006_suggester.rules",
    "evolution": "auto_007_evolution.rules",
    "retention": "retention.rules",
}


def ago(days: float = 0, hours: float = 0, now: datetime = NOW) -> str:
    return format_ts(now - timedelta(days=days, hours=hours))


def execution(id: str, days: float, operation: str, command: str | None = None, status: str = "success",
              duration_ms: int = 1000, pattern_id: str | None = None, actor: str = "alice") -> dict:
    event = {"type": "execution", "id": id, "ts": ago(days), "operation": operation, "status": status,
             "duration_ms": duration_ms, "actor": actor}
    if command is not None:
        event["command"] = command
    if pattern_id is not None:
        event["pattern_id"] = pattern_id
    return event


def error(id: str, days: float, message: str, execution_id: str | None = None, resolution: str | None = None,
          resolved: bool | None = None) -> dict:
    event = {"type": "error", "id": id, "ts": ago(days), "message": message}
    if execution_id:
        event["execution_id"] = execution_id
    if resolution is not None:
        event.update(resolution=resolution, resolved=resolved, resolution_ms=1000)
    return event


class Env:
    """One test workspace: ingest events, add registry rows, evaluate at NOW."""

    def __init__(self, root: Path, packs: tuple[str, ...]):
        self.ws = init_workspace(root, copy_rules=False)
        self.ws.rules_dir.mkdir(parents=True, exist_ok=True)
        for pack in packs:
            shutil.copyfile(resources.rules_dir() / PACK_FILES[pack], self.ws.rules_dir / PACK_FILES[pack])

    def ingest(self, events: list[dict]) -> None:
        with Telemetry(self.ws) as telemetry:
            summary = telemetry.ingest(events)
        assert summary.rejected == 0, summary.to_dict()

    def add_pattern(self, id: str, *, status: str = "approved", kind: str = "pattern_candidate",
                    key: dict | None = None, name: str | None = None, confidence: float | None = 0.8,
                    created_days: float = 30, decided_by: str = "engine") -> None:
        db = self.ws.open_db()
        with db.conn:
            db["pattern_candidates"].insert({
                "id": id, "kind": kind, "pack": "test", "rule": "test", "group_key": json.dumps(key or {}),
                "name": name or id, "status": status, "decided_by": decided_by, "confidence": confidence,
                "created": ago(created_days), "updated": ago(created_days)})
        db.close()

    def template_id(self, kind: str, text: str) -> int:
        db = self.ws.open_db()
        column = {"command": ("execution_logs", "command", "command_template_id"),
                  "path": ("file_events", "path", "path_template_id"),
                  "message": ("error_events", "message", "message_template_id")}[kind]
        row = db.execute(f"SELECT {column[2]} FROM {column[0]} WHERE {column[1]} = ?", [text]).fetchone()
        db.close()
        assert row is not None and row[0] is not None, text
        return row[0]

    def query(self, sql: str, params=()) -> list[tuple]:
        db = self.ws.open_db()
        rows = db.execute(sql, params).fetchall()
        db.close()
        return rows

    def evaluate(self, *packs: str, now: datetime = NOW, dry_run: bool = False, sets: list[str] | None = None):
        return evaluate_workspace(self.ws, outputs=OUTPUTS, packs=list(packs) or None, now=now, dry_run=dry_run,
                                  assignments=sets or [])


def findings(evaluation, rule: str) -> list:
    return [f for r in evaluation.results if r.rule == rule for f in r.findings]
