"""Fixtures of the telemetry tests: event factories and JSON Lines files (``ws`` and
``workspace_db`` come from tests/conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest


def _execution(**fields: Any) -> dict[str, Any]:
    event = {"type": "execution", "id": "ex-1", "ts": "2026-03-02T10:00:00.000Z",
             "operation": "run_tests", "command": "pytest tests/api -q", "status": "success",
             "duration_ms": 1200, "actor": "ci"}
    event.update(fields)
    return event


def _file(**fields: Any) -> dict[str, Any]:
    event = {"type": "file", "id": "fe-1", "ts": "2026-03-02T10:00:01.000Z",
             "path": "src/api/handler.py", "action": "created", "size": 12,
             "content": "def f():\n    return 1\n"}
    event.update(fields)
    return event


def _error(**fields: Any) -> dict[str, Any]:
    event = {"type": "error", "id": "er-1", "ts": "2026-03-02T10:00:02.000Z",
             "message": "ModuleNotFoundError: No module named 'yaml'",
             "error_type": "ModuleNotFoundError", "execution_id": "ex-1",
             "resolution": "pip install yaml", "resolved": True, "resolution_ms": 4000}
    event.update(fields)
    return event


@pytest.fixture
def make_event() -> Callable[..., dict[str, Any]]:
    """make_event("execution", id="x", status="failure") -> a valid event, overridden."""
    factories = {"execution": _execution, "file": _file, "error": _error}
    return lambda kind, **fields: factories[kind](**fields)


@pytest.fixture
def write_jsonl(tmp_path: Path) -> Callable[..., Path]:
    """Write events (dicts, or str/bytes lines as they are) to a .jsonl file."""
    counter = iter(range(1_000_000))

    def write(*lines: Any, name: str | None = None) -> Path:
        path = tmp_path / (name or f"events-{next(counter)}.jsonl")
        data = b""
        for line in lines:
            if isinstance(line, dict):
                line = json.dumps(line)
            data += (line.encode() if isinstance(line, str) else line) + b"\n"
        path.write_bytes(data)
        return path

    return write
