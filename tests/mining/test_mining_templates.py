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


def _random_batches(seed: int, batches: int = 6, size: int = 40) -> list[list[str]]:
    """Messages that keep recurring and now and then widen or merge templates, join a
    template through its family (a new skeleton) or through its skeleton (a widening)."""
    rng = random.Random(seed)
    words = ["alpha", "beta", "gamma", "delta", "7", "x1", "queue", "main"]
    hosts = ["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa"]
    out = []
    for batch in range(batches):
        texts = [" ".join(rng.choice(words[:3 + batch % 6]) for _ in range(rng.choice([3, 4, 5])))
                 for _ in range(size)]
        texts += [f"worker {rng.choice(hosts[:3 + batch])} started on queue main"
                  for _ in range(size // 4)]
        texts += [rng.choice(["bytes sent", f"bytes ({rng.randint(1, 9)}.5 KB) sent"])
                  for _ in range(batch % 3)]
        rng.shuffle(texts)
        out.append(texts)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_stored_state_is_always_what_a_rewrite_would_store(memory_store, store_error, seed):
    """A batch that only counts texts of known templates leaves the state row alone, and
    the row always equals the miner's state, as when it was rewritten every batch."""
    rewrites = 0
    for number, texts in enumerate(_random_batches(seed)):
        assigner = TemplateAssigner(memory_store)  # as ingest: a fresh one per batch
        memory_store.execute("UPDATE miner_state SET updated = 'kept'")
        for i, text in enumerate(texts):
            store_error(memory_store, assigner, f"e{number}-{i}", text)
        assigner.flush()
        miner = assigner._miner("message")
        stored, updated = memory_store.execute(
            "SELECT state, updated FROM miner_state WHERE kind = 'message'").fetchone()
        assert json.loads(stored) == miner.to_state()
        rewrites += updated != "kept"
    # the same texts once more change nothing: counts move, the state row does not
    assigner = TemplateAssigner(memory_store)
    memory_store.execute("UPDATE miner_state SET updated = 'kept'")
    for i, text in enumerate(_random_batches(seed)[-1]):
        store_error(memory_store, assigner, f"again-{i}", text)
    assigner.flush()
    assert memory_store.execute("SELECT updated FROM miner_state").fetchone()[0] == "kept"
    assert 0 < rewrites


_GAMMA = "worker gamma started on queue main"


@pytest.mark.parametrize("before,texts,rewritten", [
    ([], ["worker alpha started on queue main"] * 3, False),  # known texts: counts only
    ([], [_GAMMA], True),                                      # a third value: a merge
    ([_GAMMA], ["worker delta started on queue main"], True),  # a new skeleton, by family
    ([], ["disk full on /dev/sda"], True),                     # a new template alone
    ([], ["bytes 5 sent"], True),                              # a widening by skeleton
    (["bytes 5 sent", _GAMMA], ["bytes 5 sent", _GAMMA], False),
])
def test_each_change_of_the_state_is_saved(memory_store, store_error, before, texts, rewritten):
    """The state row is rewritten exactly when the batch changed templates or skeletons,
    and always holds the miner's state."""
    for number, batch in enumerate([["worker alpha started on queue main",
                                     "worker beta started on queue main", "bytes sent"], before]):
        earlier = TemplateAssigner(memory_store)
        for i, text in enumerate(batch):
            store_error(memory_store, earlier, f"b{number}-{i}", text)
        earlier.flush()
    memory_store.execute("UPDATE miner_state SET updated = 'kept'")
    assigner = TemplateAssigner(memory_store)
    for i, text in enumerate(texts):
        store_error(memory_store, assigner, f"t{i}", text)
    assigner.flush()
    stored, updated = memory_store.execute("SELECT state, updated FROM miner_state").fetchone()
    assert json.loads(stored) == assigner._miner("message").to_state()
    assert (updated != "kept") == rewritten


def test_a_rebuilt_state_is_saved_at_the_next_flush(memory_store, store_error):
    first = TemplateAssigner(memory_store)
    for i, host in enumerate(["alpha", "beta", "gamma"]):
        store_error(memory_store, first, f"e{i}", f"worker {host} started on queue main")
    first.flush()
    memory_store.execute("UPDATE miner_state SET state = 'not json'")
    again = TemplateAssigner(memory_store)
    store_error(memory_store, again, "e9", "worker alpha started on queue main")  # a known text
    again.flush()
    stored = memory_store.execute("SELECT state FROM miner_state").fetchone()[0]
    assert json.loads(stored) == again._miner("message").to_state()


@pytest.mark.parametrize("seed", [4, 5])
def test_preparers_shared_across_batches_change_nothing(seed):
    """Ingest shares one ``Preparer`` per kind between the batches' assigners: the same
    templates, ids and params as assigners that each mask on their own."""
    from engine.telemetry.store import open_database

    def run(shared: dict | None) -> tuple:
        database = open_database(":memory:")
        out = []
        for texts in _random_batches(seed, batches=8):
            assigner = TemplateAssigner(database, preparers=shared)
            for text in texts + [f"copied {len(t)} files to /srv/{t[:5]}" for t in texts[:9]]:
                found = assigner.assign("message", text, "2024-01-01T00:00:00.000Z")
                out.append((found.template_id, found.template, found.params))
            assigner.flush()
        rows = database.execute("SELECT * FROM templates ORDER BY id").fetchall()
        state = database.execute("SELECT state FROM miner_state").fetchall()
        database.close()
        return out, rows, state

    shared: dict = {}
    assert run(shared) == run(None)
    assert set(shared) == {"message"}


def test_a_miner_refuses_a_preparer_of_another_kind_or_masks():
    from engine.mining.masks import build_mask_set
    from engine.mining.miner import Miner, Preparer

    masks = build_mask_set()
    with pytest.raises(ValueError, match="preparer of its own kind"):
        Miner("message", masks, lambda template: 1, preparer=Preparer("path", masks))
    with pytest.raises(ValueError, match="preparer of its own kind"):
        Miner("message", masks, lambda template: 1, preparer=Preparer("message", build_mask_set()))
