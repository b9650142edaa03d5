"""Paths generalise at the second file: AUTO-002 batches start at two similar files."""

from __future__ import annotations

from engine.telemetry.store import open_database
from engine.telemetry.templates import TemplateAssigner

TS = "2026-11-24T00:00:00.000Z"


def test_two_paths_differing_in_one_segment_share_a_template():
    assigner = TemplateAssigner(open_database(":memory:"))
    first = assigner.assign("path", "src/billing/service.py", TS)
    second = assigner.assign("path", "src/orders/service.py", TS)
    assert second.template_id == first.template_id
    assert second.template == "src/<*>/service.py" and second.params == ["orders"]


def test_unrelated_paths_stay_apart():
    assigner = TemplateAssigner(open_database(":memory:"))
    ids = {assigner.assign("path", p, TS).template_id for p in ("README.md", "setup.py", "src/app/main.py")}
    assert len(ids) == 3


def test_commands_still_need_three_values():
    assigner = TemplateAssigner(open_database(":memory:"))
    a = assigner.assign("command", "deploy staging now", TS)
    b = assigner.assign("command", "deploy production now", TS)
    assert a.template_id != b.template_id
