"""TemplateAssigner: ids at ingest, generalisation, merges and the follow-up of stored events."""

from __future__ import annotations

import json
import random

import pytest

from engine.errors import AutopatternError
from engine.telemetry.templates import TemplateAssigner


def stored(db):
    return {row["id"]: (row["message_template_id"], json.loads(row["message_params"]))
            for row in db.query("SELECT id, message_template_id, message_params FROM error_events")}


def test_same_error_with_other_values_shares_a_template(memory_store, store_error):
    assigner = TemplateAssigner(memory_store)
    first = store_error(memory_store, assigner, "e1", "ModuleNotFoundError: No module named 'lxml'")
    second = store_error(memory_store, assigner, "e2", "ModuleNotFoundError: No module named 'yaml'")
    assert first.template_id == second.template_id
    assert second.template == "ModuleNotFoundError: No module named '<*>'"
    assert (first.params, second.params) == (["lxml"], ["yaml"])


def test_template_widens_and_stored_params_follow(memory_store, store_error):
    assigner = TemplateAssigner(memory_store)
    first = store_error(memory_store, assigner, "e1", "copied 3 files to /srv/a/b")
    widened = store_error(memory_store, assigner, "e2", "copied 12 files (1.5 MB) to /srv/c/d")
    assigner.flush()
    assert widened.template_id == first.template_id
    assert widened.template == "copied <*> files <*> to <*>"
    assert widened.params == ["12", "(1.5 MB)", "/srv/c/d"]
    assert stored(memory_store)["e1"] == (first.template_id, ["3", "", "/srv/a/b"])
    row = memory_store.execute("SELECT template, count FROM templates WHERE id = ?",
                     [first.template_id]).fetchone()
    assert row == ("copied <*> files <*> to <*>", 2)


def test_family_merge_repoints_stored_events(memory_store, store_error):
    assigner = TemplateAssigner(memory_store)
    one = store_error(memory_store, assigner, "e1", "worker alpha started on queue main")
    two = store_error(memory_store, assigner, "e2", "worker beta started on queue main")
    assert one.template_id != two.template_id  # two plain words are not yet a variable
    assigner.flush()
    last = store_error(memory_store, assigner, "e3", "worker gamma started on queue main")
    assigner.flush()
    assert last.template_id == one.template_id  # the older id survives
    assert last.template == "worker <*> started on queue main"
    assert stored(memory_store) == {"e1": (one.template_id, ["alpha"]), "e2": (one.template_id, ["beta"]),
                          "e3": (one.template_id, ["gamma"])}
    merged = memory_store.execute("SELECT merged_into, count FROM templates WHERE id = ?",
                        [two.template_id]).fetchone()
    assert merged == (one.template_id, 0)
    assert memory_store.execute("SELECT count FROM templates WHERE id = ?",
                      [one.template_id]).fetchone()[0] == 3


def test_values_with_digits_merge_after_two(memory_store, store_error):
    assigner = TemplateAssigner(memory_store)
    one = store_error(memory_store, assigner, "e1", "disk full on sda1 at 10:00:01")
    two = store_error(memory_store, assigner, "e2", "disk full on sdb7 at 11:02:03")
    assert two.template_id == one.template_id
    assert two.params == ["sdb7", "11:02:03"]


def test_state_reloads_and_match_learns_nothing(memory_store, store_error):
    first = TemplateAssigner(memory_store)
    store_error(memory_store, first, "e1", "disk full on sda1 at 10:00:01")
    store_error(memory_store, first, "e2", "disk full on sdb7 at 11:02:03")
    first.flush()
    again = TemplateAssigner(memory_store)
    found = again.match("message", "disk full on sdc2 at 12:00:00")
    assert found is not None and found.params == ["sdc2", "12:00:00"]
    assert again.match("message", "something else entirely") is None
    again.flush()
    assert memory_store.execute("SELECT count(*) FROM templates").fetchone()[0] == 2  # 1 live + 1 merged
    assert memory_store.execute("SELECT count(*) FROM templates WHERE merged_into IS NULL").fetchone()[0] == 1


@pytest.mark.parametrize("kind,texts,template", [
    ("command", ["poetry add httpx@^2.1.0", "poetry add rich@^1.3.4", "poetry add typer@^0.9.0"],
     "poetry add <*>"),
    ("path", ["src/alpha/__init__.py", "src/beta/__init__.py", "src/gamma/__init__.py"],
     "src/<*>/__init__.py"),
    ("resolution", ["pip install lxml==4.9.3", "pip install PyYAML==6.0.1"], "pip install <*>"),
    ("path", ["tests/test_auth.py", "tests/test_users_api.py", "tests/test_billing_v2.py"],
     "tests/<*>"),
])
def test_every_kind_groups_its_texts(memory_store, kind, texts, template):
    assigner = TemplateAssigner(memory_store)
    found = [assigner.assign(kind, text, "2024-01-01T00:00:00.000Z") for text in texts]
    final = assigner.match(kind, texts[0])
    assert final.template == template
    assert {assigner.match(kind, t).template_id for t in texts} == {final.template_id}


def test_unknown_kind_is_a_clear_error(memory_store):
    with pytest.raises(AutopatternError, match="unknown template kind"):
        TemplateAssigner(memory_store).assign("banana", "x", "2024-01-01T00:00:00.000Z")


def test_random_streams_never_leave_stale_ids(memory_store, store_error):
    """Whatever merges happen, every stored event ends on a live template that
    reproduces it from its params."""
    rng = random.Random(7)
    assigner = TemplateAssigner(memory_store)
    words = ["alpha", "beta", "gamma", "delta", "7", "x1"]
    for batch in range(5):
        for i in range(40):
            text = " ".join(rng.choice(words[:3 + batch % 4]) for _ in range(rng.choice([3, 4])))
            store_error(memory_store, assigner, f"e{batch}-{i}", text)
        assigner.flush()
    live = dict(memory_store.execute("SELECT id, template FROM templates WHERE merged_into IS NULL").fetchall())
    for message, template_id, params in memory_store.execute(
            "SELECT message, message_template_id, message_params FROM error_events"):
        rebuilt = live[template_id]
        for value in json.loads(params):
            rebuilt = rebuilt.replace("<*>", value, 1)
        assert " ".join(rebuilt.split()) == message


def test_after_a_reload_every_assigned_text_is_found_again(memory_store):
    rng = random.Random(3)
    texts = []
    for i in range(150):
        host = rng.choice(["web", "db", "cache", "queue", "auth"])
        texts.append(rng.choice([
            f"connection to {host}-{i % 7} timed out after {rng.randint(1, 900)} ms",
            f"user {host} logged in from 10.0.{i % 5}.{rng.randint(1, 254)}",
            f"copied {i} files ({rng.randint(1, 99)}.5 KB) to /srv/{host}/{i}",
            f"copied {i} files to /srv/{host}/{i}",
            f"worker {host} restarted",
        ]))
    first = TemplateAssigner(memory_store)
    assigned = {text: first.assign("message", text, "2024-01-01T00:00:00.000Z").template_id
                for text in texts}
    first.flush()
    final = {text: first.match("message", text).template_id for text in texts}
    again = TemplateAssigner(memory_store)
    for text in texts:
        found = again.match("message", text)
        assert found is not None and found.template_id == final[text]
        assert first._miner("message").resolve(assigned[text]).id == final[text]


@pytest.mark.parametrize("state", ["not json", '{"v": 1, "clusters": [[1, ["a"], [], null]]}',
                                   '{"v": 2, "clusters": "x"}', '{"v": 2, "clusters": []}'])
def test_a_lost_or_broken_state_is_rebuilt_from_the_templates(memory_store, store_error, state):
    first = TemplateAssigner(memory_store)
    for i, host in enumerate(["alpha", "beta", "gamma"]):
        store_error(memory_store, first, f"e{i}", f"worker {host} started on queue main")
    first.flush()
    memory_store.execute("UPDATE miner_state SET state = ?", [state])
    again = TemplateAssigner(memory_store)
    found = again.match("message", "worker delta started on queue main")
    assert found is not None and found.template == "worker <*> started on queue main"
    assert found.params == ["delta"]


from hypothesis import given, settings, strategies as st  # noqa: E402

_TEXTS = st.lists(st.sampled_from(list("ab7 0/\\.-_:'\"()[]<>*@^=\n\tßé😀") + ["<*>", "KB"]),
                  max_size=30).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["command", "message", "path", "content", "resolution"]),
                          _TEXTS), min_size=1, max_size=12))
def test_any_text_of_any_kind_gets_a_live_template(texts):
    """Hostile texts never crash the miner; every id resolves and every match is stable."""
    from engine.telemetry.store import open_database
    database = open_database(":memory:")
    assigner = TemplateAssigner(database)
    found = [(kind, text, assigner.assign(kind, text, "2024-01-01T00:00:00.000Z"))
             for kind, text in texts]
    assigner.flush()
    live = {row[0] for row in database.execute("SELECT id FROM templates WHERE merged_into IS NULL")}
    for kind, text, _ in found:
        again = assigner.match(kind, text)
        assert again is not None and again.template_id in live
        assert again.template.count("<*>") == len(again.params)
