"""A miner rebuilt from its saved state groups the next texts as the one that never stopped.

Ingest builds a fresh miner from the stored state for every batch and every
``autopattern ingest`` call; teams ingest small files (one report per CI run), so where
batches end must not change a grouping. The state carries the families' evidence
(version 3); an older state still loads, its families rebuilt from the templates.
"""

from __future__ import annotations

import json
from itertools import count

import pytest

from bench.mining import load_systems, score
from bench.mining_rebuild import parse_with_rebuilds
from bench.synthetic_logs import generate
from engine.mining.masks import build_mask_set
from engine.mining.miner import STATE_VERSION, Miner
from engine.telemetry.templates import TemplateAssigner
from tests.support.paths import REPO

LOGHUB = REPO.parent / "shared" / "data" / "loghub-2k"


def _system(name: str):
    if name.startswith("seed"):
        return generate(int(name[4:]))
    if not (LOGHUB / name).is_dir():
        pytest.skip(f"no Loghub data at {LOGHUB / name}")
    return load_systems(LOGHUB, [name])[0]


@pytest.mark.parametrize("name", ["Proxifier", "seed0"])
@pytest.mark.parametrize("every", [200, 50, 7])
def test_a_miner_rebuilt_every_n_lines_groups_as_the_uninterrupted_one(name, every):
    system = _system(name)
    whole, _ = parse_with_rebuilds(system.contents, None)
    rebuilt, sizes = parse_with_rebuilds(system.contents, every)
    assert sizes and rebuilt.groups == whole.groups  # the same template ids, line by line
    assert rebuilt.templates == whole.templates
    assert score(system, rebuilt).ga == score(system, whole).ga


def test_batches_through_the_store_group_as_one_run(memory_store):
    """Ingest's path: one ``TemplateAssigner`` per batch of 40 texts, flushed to the store."""
    texts = generate(1).contents[:800]
    whole = TemplateAssigner(memory_store)
    expected = [whole.add("message", text, "2024-01-01T00:00:00Z").cluster.id for text in texts]
    expected = [whole._miner("message").resolve(cid).id for cid in expected]
    memory_store.execute("DELETE FROM templates")
    memory_store.execute("DELETE FROM miner_state")
    got = []
    for start in range(0, len(texts), 40):
        batch = TemplateAssigner(memory_store)
        got += [batch.add("message", text, "2024-01-01T00:00:00Z").cluster.id
                for text in texts[start:start + 40]]
        batch.flush()
    final = TemplateAssigner(memory_store)._miner("message")
    # ids are the store's: the same sequence of new templates gets the same ids offset
    offset = min(got) - min(expected)
    assert [final.resolve(cid).id for cid in got] == [cid + offset for cid in expected]


def _outline_miner():
    users = ["alice", "bob", "carol", "dave", "erin", "frank"]
    texts = [f"copy of file{i} by {user} to disk{i + 3} done" for i, user in enumerate(users)]
    ids = count(1)
    miner = Miner("message", build_mask_set(), lambda template: next(ids))
    clusters = [miner.add(text).cluster for text in texts]
    return miner, [miner.resolve(c.id) for c in clusters]


def test_an_old_format_state_still_loads():
    """A version 2 state (templates and skeletons, no ``online``) rebuilds the families
    from the live templates: the templates and their merges are kept."""
    miner, clusters = _outline_miner()
    state = json.loads(json.dumps(miner.to_state()))
    assert state["v"] == STATE_VERSION == 3 and "online" in state
    del state["online"]
    state["v"] = 2
    ids = count(100)
    old = Miner("message", build_mask_set(), lambda template: next(ids))
    old.load_state(state, {c.id: (c.count, None, None) for c in miner.clusters.values()})
    assert old.add("copy of file9 by grace to disk1 done").cluster.id == clusters[0].id
    assert old.add("worker alpha started").cluster.id == 100


@pytest.mark.parametrize("online", [None, "x", {"strings": [], "families": [[5, 0, 1]]},
                                    {"strings": ["a b"], "families": [], "ones": [[0, 999, 1]],
                                     "outlines": [], "buckets": [], "word_uses": {},
                                     "outline_merges": 0}])
def test_an_unreadable_online_part_falls_back_to_the_templates(online):
    miner, clusters = _outline_miner()
    state = json.loads(json.dumps(miner.to_state()))
    state["online"] = online
    ids = count(100)
    again = Miner("message", build_mask_set(), lambda template: next(ids))
    again.load_state(state, {c.id: (c.count, None, None) for c in miner.clusters.values()})
    assert again.add("copy of file9 by grace to disk1 done").cluster.id == clusters[0].id
    assert again.state_changed  # the evidence did not read: saved anew at the next flush


def test_a_stored_version_2_state_loads_and_is_saved_as_version_3(memory_store, store_error):
    """A workspace written before version 3: its stored state still serves, and the next
    flush that changes a template saves the families' evidence with it."""
    first = TemplateAssigner(memory_store)
    for i, host in enumerate(["alpha", "beta", "gamma"]):
        store_error(memory_store, first, f"e{i}", f"worker {host} started on queue main")
    first.flush()
    state = json.loads(memory_store.execute("SELECT state FROM miner_state").fetchone()[0])
    del state["online"]
    state["v"] = 2
    memory_store.execute("UPDATE miner_state SET state = ?", [json.dumps(state)])
    again = TemplateAssigner(memory_store)
    found = again.match("message", "worker delta started on queue main")
    assert found is not None and found.template == "worker <*> started on queue main"
    store_error(memory_store, again, "e9", "disk sda1 is full")
    again.flush()
    saved = json.loads(memory_store.execute("SELECT state FROM miner_state").fetchone()[0])
    assert saved["v"] == 3 and saved["online"]["families"] is not None


def test_families_rebuilt_from_an_old_state_are_found_after_a_save_and_load():
    """An outline family rebuilt from an old state's templates holds words no template
    counted as used; a miner restored from the rebuilt miner's state (or from a state
    that does not say its keys are counted) still looks such families up."""
    miner, clusters = _outline_miner()
    state = json.loads(json.dumps(miner.to_state()))
    del state["online"]
    state["v"] = 2
    rows = {c.id: (c.count, None, None) for c in miner.clusters.values()}
    rebuilt = Miner("message", build_mask_set(), lambda template: 100)
    rebuilt.load_state(state, rows)
    saved = json.loads(json.dumps(rebuilt.to_state()))
    assert saved["online"]["keys_counted"] is False
    for online in (saved["online"], {k: v for k, v in saved["online"].items()
                                     if k != "keys_counted"}):
        again = Miner("message", build_mask_set(), lambda template: 200)
        again.load_state({**saved, "online": online}, rows)
        assert again.add("copy of file9 by grace to disk1 done").cluster.id == clusters[0].id
    fresh = json.loads(json.dumps(miner.to_state()))
    assert fresh["online"].pop("keys_counted") is True
    restored = Miner("message", build_mask_set(), lambda template: 300)
    restored.load_state(fresh, rows)  # saved before states said: its keys are checked
    assert not restored._uncounted_keys
