"""Slot names shared by registry names and AUTO-008 templates."""

from __future__ import annotations

import pytest

from engine.mining.slot_names import context_name, shape_name, short_flag_name


@pytest.mark.parametrize("before,name", [
    ("deploy --env ", "env"), ("deploy --dry-run=", "dry_run"), ("run port=", "port"),
    ("No module named '", "module"), ("curl -s ", None), ("echo ", None),
])
def test_context_name(before, name):
    assert context_name(before) == name


@pytest.mark.parametrize("before,values,name", [
    ("docker build -t ", ["api", "web"], "tag"),
    ("docker build -f ", ["Dockerfile.dev"], "file"),
    ("curl -s ", ["https://a.example"], None),          # a switch: names nothing
    ("git commit -m ", ["https://a.example"], None),    # the values plainly are a url
    ("rm -rf ", ["build"], None),
])
def test_short_flag_name(before, values, name):
    assert short_flag_name(before, values) == name


@pytest.mark.parametrize("values,name", [
    (["1", "22"], "n"), (["1.2.3", "2.0.0"], "version"), (["https://x.io/a"], "url"),
    (["a/b.py", "c.txt"], "file"), (["gamma", "delta"], "name"), (["a b"], None), ([], None),
])
def test_shape_name(values, name):
    assert shape_name(values) == name
