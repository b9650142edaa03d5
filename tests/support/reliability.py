"""Helpers of the reliability suite: the CLI in-process and as real processes, events, queries."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterable

from typer.testing import CliRunner

from engine.cli import app

AUTOPATTERN = str(Path(sys.executable).with_name("autopattern"))
NOW = "2026-11-24T00:00:00Z"


def run_cli(*args: str) -> Any:
    """Invoke the CLI in-process; an exception that escaped the command fails the test."""
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"autopattern {' '.join(map(str, args))} raised "
                             f"{type(result.exception).__name__}: {result.exception}\n{result.output}")
    return result


def spawn(*args: str, **kwargs: Any) -> subprocess.Popen:
    """A real `autopattern` process (for kill and concurrency tests)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([AUTOPATTERN, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, **kwargs)


def write_jsonl(path: Path, events: Iterable[dict[str, Any]]) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for event in events:
            out.write(json.dumps(event) + "\n")
    return path


def execution(i: int, **fields: Any) -> dict[str, Any]:
    """A valid execution event whose id and content derive from ``i``."""
    event = {"type": "execution", "id": f"ex-{i}", "ts": f"2026-11-{1 + i % 23:02d}T10:{i % 60:02d}:00.000Z",
             "operation": f"op_{i % 7}", "command": f"make build --target t{i % 13} --jobs {i % 5}",
             "status": "success" if i % 4 else "failure", "duration_ms": 100 + i % 997,
             "actor": f"agent-{i % 3}"}
    event.update(fields)
    return event


def query(db_path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Read the database with a plain connection (not the library under test)."""
    conn = sqlite3.connect(str(db_path), timeout=30)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def counts(db_path: Path) -> dict[str, int]:
    return {table: query(db_path, f'SELECT count(*) FROM "{table}"')[0][0]
            for table in ("execution_logs", "file_events", "error_events")}


# A pack of the suite's own, so these tests do not depend on the shipped packs' details:
# it drafts or approves a pattern per repeated (operation, command template).
PACK = '''pack reliability "Reliability test pack"
  id "REL-001"
param min_runs = 3 in 1 .. 1000 "runs before a candidate"
rule repeated "Repeated work"
  from executions
  where pattern_id is null
  group by operation, command_template
  having count() >= min_runs
  let success = rate(status == "success")
  emit pattern_candidate
    name = slug(operation, command_template)
    confidence = round(success, 4)
    runs = count()
    evidence = sample(id, 5)
  decide
    approve when success >= 0.7
    draft otherwise
'''


def use_own_pack(root: Path) -> None:
    """Replace the workspace's packs by the suite's own."""
    rules = root / "rules"
    rules.mkdir(exist_ok=True)
    for path in rules.glob("*.rules"):
        path.unlink()
    (rules / "reliability.rules").write_text(PACK, encoding="utf-8")
