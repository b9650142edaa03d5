"""Hand-built telemetry for the pack tests (AUTO-002, -003, -005, -008).

Events are written the way an orchestrator reports them and go through the real ingest
(template mining included), so the packs see exactly what they see in production.
Ids count from 1 in every test (see conftest), so snapshots do not depend on test order.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone
from typing import Any

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)
_ids = itertools.count(1)


def reset_ids() -> None:
    global _ids
    _ids = itertools.count(1)


def ago(hours: float = 0, days: float = 0) -> str:
    """A timestamp ``hours``/``days`` before NOW, as an event carries it."""
    moment = NOW - timedelta(hours=hours, days=days)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def execution(operation: str, command: str | None = None, *, status: str = "success", ts: str | None = None,
              duration_ms: int = 1000, pattern_id: str | None = None, **extra: Any) -> dict[str, Any]:
    event = {"type": "execution", "id": extra.pop("id", f"ex-{next(_ids)}"), "ts": ts or ago(hours=1),
             "operation": operation, "status": status, "duration_ms": duration_ms, **extra}
    if command is not None:
        event["command"] = command
    if pattern_id is not None:
        event["pattern_id"] = pattern_id
    return event


def file(path: str, content: str | None = None, *, ts: str | None = None, **extra: Any) -> dict[str, Any]:
    event = {"type": "file", "id": extra.pop("id", f"fe-{next(_ids)}"), "ts": ts or ago(hours=1),
             "path": path, "action": extra.pop("action", "created"), **extra}
    if content is not None:
        event["content"] = content
    return event


def error(message: str, resolution: str | None = None, resolved: bool | None = None, *,
          ts: str | None = None, **extra: Any) -> dict[str, Any]:
    event = {"type": "error", "id": extra.pop("id", f"er-{next(_ids)}"), "ts": ts or ago(hours=1),
             "message": message, **extra}
    if resolution is not None:
        event.update(resolution=resolution, resolved=resolved, resolution_ms=5000)
    return event


def findings(evaluation, rule: str | None = None) -> list:
    """The findings of one rule (or all), in the rule's order."""
    return [f for r in evaluation.results if rule in (None, r.rule) for f in r.findings]


def summary(finding) -> dict[str, Any]:
    """What a snapshot keeps of a finding: stable across runs (no run ids, no clock)."""
    return {"rule": finding.rule, "kind": finding.kind, "decision": finding.decision,
            "reason": finding.reason, "fields": finding.fields, "evidence": sorted(finding.evidence)}
