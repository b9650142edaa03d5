"""Fixtures of the pack tests (AUTO-002, -003, -005, -008): a workspace with the shipped
packs, the real ingest, and an evaluation at a fixed now (helpers: packs_a_events)."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.evaluate.session import evaluate_workspace
from engine.telemetry.api import Telemetry
from engine.workspace import init_workspace
from packs_a_events import NOW, reset_ids


@pytest.fixture(autouse=True)
def _fresh_ids():
    """Event ids restart in every test, so snapshots do not depend on test order."""
    reset_ids()


@pytest.fixture
def ws(tmp_path):
    """A fresh workspace with the shipped rule packs."""
    return init_workspace(tmp_path / "ws")


@pytest.fixture
def ingest(ws):
    """ingest(events): store events through the Python API (the real ingest pipeline)."""
    def run(events):
        with Telemetry(ws) as telemetry:
            summary = telemetry.ingest(list(events))
        assert summary.rejected == 0, summary
        return summary
    return run


@pytest.fixture
def evaluate(ws):
    """evaluate(*packs, sets=[...], dry_run=False, now=NOW) -> Evaluation."""
    def run(*packs: str, sets: list[str] | None = None, dry_run: bool = False, now: datetime = NOW):
        return evaluate_workspace(ws, packs=list(packs) or None, now=now, assignments=sets or [],
                                  dry_run=dry_run)
    return run
