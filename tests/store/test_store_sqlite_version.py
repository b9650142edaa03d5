"""An SQLite library too old for the compiled rules is refused when a store opens."""

from __future__ import annotations

import sqlite3

import pytest

from engine.errors import AutopatternError
from engine.store import open_store
from engine.store.sqlite import MIN_SQLITE, check_sqlite_version


def test_an_old_library_is_refused_naming_both_versions_and_the_way_out():
    with pytest.raises(AutopatternError) as caught:
        check_sqlite_version((3, 31, 1))
    text = str(caught.value)
    assert "3.31.1" in text and "3.35.0 or newer" in text and "MATERIALIZED" in text
    assert "PostgreSQL" in caught.value.hint and "sqlite3.sqlite_version" in caught.value.hint


@pytest.mark.parametrize("version", [MIN_SQLITE, (3, 35, 5), (3, 45, 0), (4, 0, 0)])
def test_the_needed_version_and_newer_pass(version):
    check_sqlite_version(version)


def test_this_python_s_library_is_new_enough():
    assert sqlite3.sqlite_version_info >= MIN_SQLITE


def test_opening_a_store_checks_before_creating_anything(tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 34, 1))
    with pytest.raises(AutopatternError, match="3.34.1"):
        open_store(tmp_path / "old.db")
    assert not (tmp_path / "old.db").exists()
