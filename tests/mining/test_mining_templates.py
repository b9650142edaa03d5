"""TemplateAssigner: ids at ingest, generalisation, merges and the follow-up of stored events."""

from __future__ import annotations

import json
import random

from engine.telemetry.templates import TemplateAssigner


def stored(db):
    return {row["id"]: (row["message_template_id"], json.loads(row["message_params"]))
            for row in db.query("SELECT id, message_template_id, message_params FROM error_events")}


def test_same_error_with_other_values_shares_a_template(db, store_error):
    assigner = TemplateAssigner(db)
    first = store_error(db, assigner, "e1", "ModuleNotFoundError: No module named 'lxml'")
    second = store_error(db, assigner, "e2", "ModuleNotFoundError: No module named 'yaml'")
    assert first.template_id == second.template_id
    assert second.template == "ModuleNotFoundError: No module named '<*>'"
    assert (first.params, second.params) == (["lxml"], ["yaml"])


def test_template_widens_and_stored_params_follow(db, store_error):
    assigner = TemplateAssigner(db)
    store_error(db, assigner, "e1", "Connection refused by host alpha")
    widened = store_error(db, assigner, "e2", "Connection refused by host beta")
    assigner.flush()
    assert widened.template == "Connection refused by host <*>"
    assert stored(db)["e1"] == (widened.template_id, ["alpha"])
    row = db.execute("SELECT template, count FROM templates WHERE id = ?",
                     [widened.template_id]).fetchone()
    assert row == ("Connection refused by host <*>", 2)


def test_merged_template_repoints_stored_events(db, store_error):
    assigner = TemplateAssigner(db)
    one = store_error(db, assigner, "e1", "job done fine")
    two = store_error(db, assigner, "e2", "task done late")
    assert one.template_id != two.template_id
    store_error(db, assigner, "e3", "task done fine")
    last = store_error(db, assigner, "e4", "run done early")
    assigner.flush()
    ids = {tid for tid, _ in stored(db).values()}
    assert ids == {one.template_id}  # the older id survives
    assert last.template == "<*> done <*>"
    assert stored(db)["e2"] == (one.template_id, ["task", "late"])
    merged = db.execute("SELECT merged_into, count FROM templates WHERE id = ?",
                        [two.template_id]).fetchone()
    assert merged == (one.template_id, 0)
    assert db.execute("SELECT count FROM templates WHERE id = ?",
                      [one.template_id]).fetchone()[0] == 4


def test_state_reloads_and_match_learns_nothing(db, store_error):
    first = TemplateAssigner(db)
    store_error(db, first, "e1", "disk full on sda1 at 10:00:01")
    first.flush()
    again = TemplateAssigner(db)
    found = again.match("message", "disk full on sdb7 at 11:02:03")
    assert found is not None and found.params == ["sdb7", "11:02:03"]
    assert again.match("message", "something else entirely") is None
    again.flush()
    assert db.execute("SELECT count(*) FROM templates").fetchone()[0] == 1


def test_random_streams_never_leave_stale_ids(db, store_error):
    """Whatever merges happen, every stored event ends on a live template that
    reproduces it from its params."""
    rng = random.Random(7)
    assigner = TemplateAssigner(db)
    words = ["alpha", "beta", "gamma", "delta"]
    for batch in range(5):
        for i in range(40):
            text = " ".join(rng.choice(words[:2 + batch % 3]) for _ in range(rng.choice([3, 4])))
            store_error(db, assigner, f"e{batch}-{i}", text)
        assigner.flush()
    live = dict(db.execute("SELECT id, template FROM templates WHERE merged_into IS NULL").fetchall())
    for message, template_id, params in db.execute(
            "SELECT message, message_template_id, message_params FROM error_events"):
        template = live[template_id]
        rebuilt = template
        for value in json.loads(params):
            rebuilt = rebuilt.replace("<*>", value, 1)
        assert rebuilt == message
