"""AUTO-006: `suggest` ranks approved patterns and drafts for new work, never rejected or
quarantined ones, by operation, command or file path, through the library and the CLI
(the pack's `evaluate` side: tests/rules/test_suggester.py)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.support.pack_env import execution
from engine.cli import app
from engine.errors import EvaluationError
from engine.suggest import suggest
from engine.registry.files import read_document


@pytest.fixture
def env(make_env):
    env = make_env("suggester")
    env.ingest([execution(f"a{i}", 10 + i, "add_dependency", f"poetry add pkg{i}") for i in range(3)]
               + [execution(f"b{i}", 10 + i, "lint", f"ruff check src/mod{i}") for i in range(2)])
    template = env.template_id("command", "poetry add pkg0")
    key = {"operation": "add_dependency", "command_template_id": template}
    env.add_pattern("pat-approved", key=key, name="poetry-add", confidence=0.9)
    env.add_pattern("pat-draft", status="draft", key=key, name="poetry-add-draft", confidence=0.6)
    env.add_pattern("pat-rejected", status="rejected", key=key, name="rejected-one", confidence=0.99)
    env.add_pattern("pat-quarantined", status="quarantined", key=key, name="quarantined-one", confidence=0.99)
    env.add_pattern("pat-op-only", key={"operation": "add_dependency"}, name="any-dependency", confidence=0.5)
    env.add_pattern("pat-other", key={"operation": "lint"}, name="lint", confidence=0.9)
    return env


def test_ranks_matching_patterns_with_why(env, snapshot):
    found = suggest(env.ws, "add_dependency", "poetry add rich", assignments=["suggester.min_score=0.3"])
    assert [s.pattern_id for s in found] == ["pat-approved", "pat-draft", "pat-op-only"]
    assert found[0].evidence["same_template"] and found[0].evidence["same_operation"]
    assert not found[2].evidence["same_template"]
    assert [s.to_dict() for s in found] == snapshot


def test_below_min_score_is_not_offered(env):
    found = suggest(env.ws, "add_dependency", "poetry add rich")      # pat-op-only scores 0.325 < 0.35
    assert [s.pattern_id for s in found] == ["pat-approved", "pat-draft"]


def test_never_offers_rejected_or_quarantined(env):
    offered = {s.pattern_id for s in suggest(env.ws, "add_dependency", "poetry add rich", limit=50)}
    assert not offered & {"pat-rejected", "pat-quarantined"}


def test_command_alone_matches_by_template(env):
    found = suggest(env.ws, command="poetry add httpx")
    assert [s.pattern_id for s in found] == ["pat-approved", "pat-draft"]


def test_min_score_and_limit_are_params(env):
    assert [s.pattern_id for s in suggest(env.ws, "add_dependency", "poetry add rich", limit=1)] == ["pat-approved"]
    strict = suggest(env.ws, "add_dependency", "poetry add rich", assignments=["suggester.min_score=0.8"])
    assert [s.pattern_id for s in strict] == ["pat-approved"]
    assert suggest(env.ws, "deploy") == []


def test_needs_some_work(env):
    with pytest.raises(EvaluationError, match="operation, a command or a file path"):
        suggest(env.ws)


def test_cli_end_to_end(env):
    runner = CliRunner()
    ws = str(env.ws.root)
    shown = runner.invoke(app, ["suggest", "-w", ws, "--operation", "add_dependency", "--command", "poetry add rich"])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("1. poetry-add  (pattern_candidate, approved)")
    assert "id: pat-approved" in shown.stdout
    assert "why: approved pattern, matches the same template and same operation" in shown.stdout
    # what matched but is out of service is said, with why
    assert "left out:" in shown.stdout and "pat-quarantined matches but is quarantined" in shown.stdout
    assert "pat-rejected matches but is rejected" in shown.stdout
    as_json = runner.invoke(app, ["suggest", "-w", ws, "-o", "lint", "--json"])
    assert [s["pattern_id"] for s in json.loads(as_json.stdout)["suggestions"]] == ["pat-other"]
    none = runner.invoke(app, ["suggest", "-w", ws, "-o", "deploy"])
    assert none.exit_code == 1 and "no approved pattern or draft fits" in none.stdout
    bad = runner.invoke(app, ["suggest", "-w", ws])
    assert bad.exit_code == 2 and "operation, a command or a file path" in bad.stderr


def test_file_path_matches_batch_patterns_by_path_template(make_env):
    env = make_env("suggester")
    env.ingest([{"type": "file", "id": f"f{i}", "ts": "2026-02-20T10:00:00.000Z", "path": f"src/handlers/h{i}_handler.py",
                 "action": "created"} for i in range(3)])
    template = env.template_id("path", "src/handlers/h0_handler.py")
    env.add_pattern("batch-handlers", kind="batch_pattern", key={"path_template_id": template}, confidence=0.9)
    env.add_pattern("batch-other", kind="batch_pattern", key={"path_template_id": template + 100}, confidence=0.9)
    found = suggest(env.ws, path="src/handlers/zz_handler.py")
    assert [s.pattern_id for s in found] == ["batch-handlers"]
    assert found[0].evidence["same_template"] and "matches the same template" in found[0].why
