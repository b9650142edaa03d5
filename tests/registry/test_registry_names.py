"""Slot names of readable pattern names: from the words around a slot, else its values' shape."""

from __future__ import annotations

import pytest

from engine.registry.names import name_slots, readable_name, unique_name


@pytest.mark.parametrize("template, examples, expected", [
    ("docker build -t <*> -f <*>", ["docker build -t api:1.2 -f docker/api.Dockerfile",
                                    "docker build -t web:3 -f docker/web.Dockerfile"], "docker build -t {tag} -f {file}"),
    ("create_handler --name <*>", ["create_handler --name refunds"], "create_handler --name {name}"),
    ("src/<*>", ["src/audit_v2/service.py", "src/billing/service.py"], "src/{name}/service.py"),
    ("No module named '<*>'", ["No module named 'yaml'"], "No module named '{module}'"),
    ("connect(host='<*>', port=<*>)", ["connect(host='db.local', port=5432)"], "connect(host='{host}', port={port})"),
    ("curl -s <*>", ["curl -s https://x.test/health"], "curl -s {url}"),
    ("git tag <*>", ["git tag v1.2.3", "git tag v1.3.0"], "git tag {version}"),
    ("poetry add <*>", ["poetry add rich@^13.7"], "poetry add {package}"),
    ("sleep <*> && retry <*>", ["sleep 30s && retry 3"], "sleep {duration} && retry {n}"),
    ("cp <*> <*>", [], "cp {value} {value2}"),
])
def test_slots_are_named(template, examples, expected):
    assert name_slots(template, examples) == expected


def test_a_rule_name_holding_a_template_gets_named_slots():
    fields = {"template": "pytest <*> -q", "examples": ["pytest tests/api -q", "pytest tests/orders -q"]}
    assert readable_name("run_tests: pytest <*> -q", fields, {}) == "run_tests: pytest {path} -q"
    assert readable_name("no slots here", {}, {}) == "no slots here"


def test_a_taken_name_gets_the_ids_hash_and_stays_stable():
    assert unique_name("batch", "auto-002-similar-files-689a8882dc", {"batch"}) == "batch [689a]"
    assert unique_name("batch", "auto-002-similar-files-689a8882dc", {"batch", "batch [689a]"}) == "batch [689a88]"
    assert unique_name("free", "x-1", {"batch"}) == "free"
