"""Slot binding for AUTO-003 and template drafting for AUTO-008."""

from __future__ import annotations

import pytest

from engine.mining.params import apply_binding, bind, fill, learn_binding, learn_constants
from engine.mining.templating import build_template
from engine.telemetry.templates import TemplateAssigner

TS = "2024-01-01T00:00:00.000Z"


def test_learned_fix_is_bound_to_the_new_error(memory_store):
    """End to end through the miner: past errors and fixes teach pip install <*>."""
    assigner = TemplateAssigner(memory_store)
    history = []
    for module in ["yaml", "rich", "httpx"]:
        error = assigner.assign("message", f"ModuleNotFoundError: No module named '{module}'", TS)
        fix = assigner.assign("resolution", f"pip install {module}", TS)
        history.append((fix, error))
    new_error = assigner.assign("message", "ModuleNotFoundError: No module named 'lxml'", TS)
    fix_template = assigner.match("resolution", "pip install yaml").template
    pairs = [(assigner.match("resolution", f"pip install {m}").params,
              assigner.match("message", f"ModuleNotFoundError: No module named '{m}'").params)
             for m in ["yaml", "rich", "httpx"]]
    assert fix_template == "pip install <*>"
    assert bind(fix_template, pairs, new_error.params) == "pip install lxml"


@pytest.mark.parametrize("pairs,expected", [
    ([(["yaml"], ["yaml"]), (["rich"], ["rich"])], {0: 0}),
    ([(["-U", "yaml"], ["x", "yaml"]), (["-U", "rich"], ["y", "rich"])], {1: 1}),
    ([(["a", "2"], ["2", "a"]), (["b", "3"], ["3", "b"])], {0: 1, 1: 0}),
    ([(["yaml"], ["yaml"]), (["rich"], ["other"]), (["x"], ["y"])], {}),  # 1 of 3: not "most"
    ([(["'q'"], ["q"])], {0: 0}),  # quotes do not hide a value
    ([], {}),
])
def test_learn_binding(pairs, expected):
    assert learn_binding(pairs) == expected


def test_apply_binding_uses_constants_and_refuses_to_guess():
    assert apply_binding("pip install <*> <*>", {1: 0}, ["lxml"], {0: "-U"}) == "pip install -U lxml"
    assert apply_binding("pip install <*> <*>", {1: 0}, ["lxml"]) is None
    assert learn_constants([["-U", "a"], ["-U", "b"]]) == {0: "-U"}


def test_fill_checks_the_slot_count():
    assert fill("a <*> b <*>", ["1", "2"]) == "a 1 b 2"
    with pytest.raises(ValueError):
        fill("a <*>", [])


@pytest.mark.parametrize("texts,text,slots", [
    (["poetry add httpx@^2.1.0", "poetry add rich@^1.3.4"], "poetry add {package}@{version}",
     [("package", ("httpx", "rich")), ("version", ("^2.1.0", "^1.3.4"))]),
    (["No module named 'lxml'", "No module named 'yaml'", "No module named 'lxml'"],
     "No module named '{module}'", [("module", ("lxml", "yaml"))]),
    (["deploy --env prod --replicas=3", "deploy --env dev --replicas=5"],
     "deploy --env {env} --replicas={replicas}", [("env", ("prod", "dev")), ("replicas", ("3", "5"))]),
    (["name: api\nversion: 1.0.0\nport: 80", "name: web\nversion: 2.1.0\nport: 80"],
     "name: {name}\nversion: {version}\nport: 80",
     [("name", ("api", "web")), ("version", ("1.0.0", "2.1.0"))]),
    (["make {x} 1", "make {x} 2"], "make {{x}} {n}", [("n", ("1", "2"))]),
    # switches name nothing (-s, -rf); the values' mask or shape does, as in registry names
    (["curl -s https://a.example/health", "curl -s https://b.example/ready"], "curl -s {url}",
     [("url", ("https://a.example/health", "https://b.example/ready"))]),
    (["rm -rf build/cache_1", "rm -rf dist/out_2"], "rm -rf {relpath}",
     [("relpath", ("build/cache_1", "dist/out_2"))]),
    # a conventional short flag names its value; no word is read through an earlier slot
    (["docker build -t api:163 .", "docker build -t web:857 ."], "docker build -t {tag}:{n} .",
     [("tag", ("api", "web")), ("n", ("163", "857"))]),
    (["gh issue create --title 'flaky 12'", "gh issue create --title 'flaky 7'"],
     "gh issue create --title 'flaky {n}'", [("n", ("12", "7"))]),
    (["retry after 5 seconds on gamma", "retry after 9 seconds on delta"],
     "retry after {duration} on {name}", [("duration", ("5 seconds", "9 seconds")),
                                          ("name", ("gamma", "delta"))]),
])
def test_build_template(texts, text, slots):
    draft = build_template(texts)
    assert draft.text == text
    assert [(slot.name, slot.values) for slot in draft.slots] == slots
    assert draft.samples == len(texts)


def test_a_draft_renders_back_each_member():
    texts = ["scaffold module billing --owner ana", "scaffold module search --owner bo"]
    draft = build_template(texts)
    for text in texts:
        values = {slot.name: slot.values[texts.index(text)] for slot in draft.slots}
        assert draft.render(**values) == text


def test_different_line_counts_fall_back_to_one_block():
    draft = build_template(["a\nb\nc", "a\nc"])
    assert draft.text.startswith("a") and draft.text.endswith("c")
    assert len(draft.slots) == 1
