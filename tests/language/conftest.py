from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from engine.telemetry.ingest import ingest_records
from engine.telemetry.records import SourceRecord
from engine.workspace import init_workspace


@pytest.fixture
def workspace(tmp_path: Path):
    """An empty workspace without the shipped packs; tests write their own rules."""
    return init_workspace(tmp_path / "ws", copy_rules=False)


def write_pack(ws, name: str, text: str) -> Path:
    path = ws.rules_dir / f"{name}.rules"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def ingest(ws, events: list[dict]) -> None:
    db = ws.open_db()
    try:
        summary = ingest_records(db, [SourceRecord(location=f"test:{i}", event=e, line=i)
                                      for i, e in enumerate(events, 1)])
        assert summary.rejected == 0, summary
    finally:
        db.close()
