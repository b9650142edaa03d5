"""The one upsert every stage writes through, alike on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from engine.store.base import on_conflict


@pytest.fixture(params=["sqlite", "postgres"])
def store(request):
    """A fresh migrated store of each kind (the suite starts its own PostgreSQL)."""
    return request.getfixturevalue("memory_store" if request.param == "sqlite" else "pg_db")


def test_the_conflict_clause_quotes_every_name_and_keeps_what_it_is_told():
    assert on_conflict("t", ["id", "a", "b"], keep=["b"]) == \
        'ON CONFLICT ("id") DO UPDATE SET "a" = excluded."a"'
    assert on_conflict("t", ["id", "v"], keep=["v"], bump="v") == \
        'ON CONFLICT ("id") DO UPDATE SET "v" = "t"."v" + 1'
    assert on_conflict("t", ["id", "a"], keep=None) == 'ON CONFLICT ("id") DO NOTHING'
    assert on_conflict("t", ["id"]) == 'ON CONFLICT ("id") DO NOTHING'


def test_a_row_is_inserted_then_updated_in_place(store):
    store.upsert("miner_state", {"kind": "command", "state": "{}", "updated": "a"}, key=("kind",))
    store.upsert("miner_state", {"kind": "command", "state": "[1]", "updated": "b"}, key=("kind",))
    assert store.execute("SELECT kind, state, updated FROM miner_state").fetchall() == [("command", "[1]", "b")]


def test_rows_from_a_query_are_upserted_by_their_key(store):
    store.upsert("miner_state", {"kind": "command", "state": "old", "updated": "a"}, key=("kind",))
    select = ("SELECT kind, :state, :now FROM (SELECT 'command' AS kind UNION ALL SELECT 'error' AS kind) "
              "AS kinds WHERE true")
    count = store.upsert_select("miner_state", ("kind", "state", "updated"), select,
                                {"state": "new", "now": "b"}, key=("kind",))
    assert count == 2
    assert store.execute("SELECT kind, state, updated FROM miner_state ORDER BY kind").fetchall() == \
        [("command", "new", "b"), ("error", "new", "b")]
