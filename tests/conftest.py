"""Fixtures shared by more than one test folder.

Layout (tests/README.md): tests/<area>/ mirrors engine/<area> (and tests/rules/ the shipped
packs in rules/, tests/bench/ bench/, tests/docs/ docs/); tests/reliability/ is cross-cutting.
Helpers that tests import live in tests/support/ and are imported absolutely
(``from tests.support.pack_env import execution``); a test never imports a conftest.

Each fixture name means one thing across the suite:

- ``memory_store``: a fresh in-memory SQLite telemetry store (no workspace).
- ``ws``: an empty workspace (``Workspace``) without the shipped packs.
- ``workspace_db``: the database of ``ws``, open.
- ``shipped_ws``: a workspace with the shipped packs; ``ingest`` and ``evaluate`` act on it.
- ``make_env``: a workspace holding only the packs a test names (tests/support/pack_env.py).
- ``postgres_server``, ``pg_url``, ``pg_db``: the suite's PostgreSQL server, a new empty
  database on it, and a migrated store in that database.
"""

from __future__ import annotations

import os
import uuid
from datetime import datetime

import pytest

from engine.evaluate.session import evaluate_workspace
from engine.outputs import OUTPUTS
from engine.telemetry.api import Telemetry
from engine.telemetry.store import open_database
from engine.workspace import Workspace, init_workspace
from tests.support.pack_env import Env
from tests.support.pack_events import NOW, reset_ids


@pytest.fixture
def memory_store():
    """A fresh, fully migrated in-memory telemetry store."""
    database = open_database(":memory:")
    yield database
    database.close()


@pytest.fixture
def ws(tmp_path) -> Workspace:
    """An empty workspace without the shipped rule packs."""
    return init_workspace(tmp_path / "ws", copy_rules=False)


@pytest.fixture
def workspace_db(ws: Workspace):
    """The database of ``ws``, open for the test."""
    database = ws.open_db()
    yield database
    database.close()


@pytest.fixture
def shipped_ws(tmp_path) -> Workspace:
    """A fresh workspace with the shipped rule packs."""
    return init_workspace(tmp_path / "ws")


@pytest.fixture(autouse=True)
def _fresh_event_ids():
    """Event ids of tests/support/pack_events.py restart in every test, so snapshots do not
    depend on test order."""
    reset_ids()


@pytest.fixture
def ingest(shipped_ws):
    """ingest(events): store events in ``shipped_ws`` through the Python API (the real ingest)."""
    def run(events):
        with Telemetry(shipped_ws) as telemetry:
            summary = telemetry.ingest(list(events))
        assert summary.rejected == 0, summary
        return summary
    return run


@pytest.fixture
def evaluate(shipped_ws):
    """evaluate(*packs, sets=[...], dry_run=False, now=NOW) -> Evaluation of ``shipped_ws``."""
    def run(*packs: str, sets: list[str] | None = None, dry_run: bool = False, now: datetime = NOW):
        return evaluate_workspace(shipped_ws, outputs=OUTPUTS, packs=list(packs) or None, now=now, assignments=sets or [],
                                  dry_run=dry_run)
    return run


@pytest.fixture
def make_env(tmp_path):
    """make_env(*packs) -> Env: a workspace holding only those shipped packs."""
    def make(*packs: str) -> Env:
        return Env(tmp_path / "ws", packs)
    return make


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server of the suite's own, for the whole session (tests/support/postgres_server.py).

    Without the server binaries the tests that need it are skipped, except under CI
    (env CI set), where a missing server is a failure: CI must test both stores.
    """
    from tests.support.postgres_server import find_binaries, start_server

    bin_dir = find_binaries()
    if bin_dir is None:
        message = ("PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb); "
                   "install the Debian package: apt-get install -y postgresql")
        if os.environ.get("CI"):
            pytest.fail(message + " (required under CI)")
        pytest.skip(message)
    server = start_server(bin_dir)
    yield server
    server.stop()


@pytest.fixture
def pg_url(postgres_server):
    """The URL of a new, empty database on the suite's server (one per test)."""
    return postgres_server.create_database(f"t_{uuid.uuid4().hex[:16]}")


@pytest.fixture
def pg_db(pg_url):
    """A fresh, fully migrated PostgreSQL store."""
    database = open_database(pg_url)
    yield database
    database.close()
