"""Fixtures shared by every test folder."""

from __future__ import annotations

import pytest

from engine.telemetry.store import open_database


@pytest.fixture
def db():
    """A fresh, fully migrated in-memory telemetry store."""
    database = open_database(":memory:")
    yield database
    database.close()
