"""Fixtures of the mining tests: an in-memory store and a helper that stores events."""

from __future__ import annotations

import json

import pytest

from engine.telemetry.templates import TemplateAssigner


@pytest.fixture
def store_error():
    """Assign a message template and store the error event as ingest does."""
    def store(db, assigner: TemplateAssigner, event_id: str, message: str, ts: str = "2024-01-01T00:00:00.000Z"):
        found = assigner.assign("message", message, ts)
        db.execute(
            "INSERT INTO error_events (id, ts, message, message_template_id, message_params, "
            "ingested_at) VALUES (?, ?, ?, ?, ?, ?)",
            [event_id, ts, message, found.template_id, json.dumps(found.params), ts])
        return found
    return store
