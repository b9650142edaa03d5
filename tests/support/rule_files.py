"""Rule packs and rule tests written by a test into a folder, the shipped AUTO-001 pack and
its test file, and events stored into a workspace through the real ingest.

Used by tests/language (packs of a test's own) and tests/ruletest (``autopattern test``)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from engine.resources import rules_dir
from engine.telemetry.ingest import ingest_records
from engine.telemetry.records import SourceRecord

SHIPPED_RULES = rules_dir()
AUTO_001 = SHIPPED_RULES / "auto_001_execution_patterns.rules"
AUTO_001_TESTS = SHIPPED_RULES / "tests" / "auto_001_execution_patterns.test.yaml"


def write_pack(ws, name: str, text: str) -> Path:
    """Write ``text`` (dedented) as the workspace's rule pack ``name``."""
    path = ws.rules_dir / f"{name}.rules"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def write_test(folder: Path, text: str, name: str = "t.test.yaml") -> Path:
    """Write ``text`` (dedented) as a rule test file in ``folder``."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def ingest_events(ws, events: list[dict]) -> None:
    """Store ``events`` in the workspace's database; every one must be accepted."""
    db = ws.open_db()
    try:
        summary = ingest_records(db, [SourceRecord(location=f"test:{i}", event=e, line=i)
                                      for i, e in enumerate(events, 1)])
        assert summary.rejected == 0, summary
    finally:
        db.close()
