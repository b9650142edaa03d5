"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
import uuid

import pytest

from engine.telemetry.store import open_database


@pytest.fixture
def db():
    """A fresh, fully migrated in-memory telemetry store."""
    database = open_database(":memory:")
    yield database
    database.close()


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server of the suite's own, for the whole session (tests/postgres_server.py).

    Without the server binaries the tests that need it are skipped, except under CI
    (env CI set), where a missing server is a failure: CI must test both stores.
    """
    from tests.postgres_server import find_binaries, start_server

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
