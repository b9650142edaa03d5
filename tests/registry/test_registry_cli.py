"""`autopattern patterns ...` end to end through the CLI, on a temporary workspace."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from engine.cli import app
from engine.registry import get_pattern, list_patterns, status_of
from tests.support.paths import REPO


@pytest.fixture
def patterns_cli(ws):
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(app, ["patterns", *args, "--workspace", str(ws.root)])
    return invoke


@pytest.fixture
def seeded(apply, make_finding, workspace_db):
    apply([make_finding(),
           make_finding(decision="draft", key={"operation": "lint"}, reason="confidence 0.5 < 0.75",
                        fields={"name": "lint", "confidence": 0.5}),
           make_finding(kind="self_heal", decision="auto_apply", pack="error_recovery", pack_id="AUTO-003",
                        rule="learned_recovery", key={"message_template_id": 4},
                        fields={"resolution": "pip install <*>", "successes": 9, "attempts": 10})])
    return {row["name"]: row["id"] for row in list_patterns(workspace_db)}


def test_list_prints_an_aligned_table(patterns_cli, seeded):
    result = patterns_cli("list")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = lines[0]
    for column in ("ID", "KIND", "STATUS", "NAME", "CONFIDENCE", "RULE", "EVIDENCE", "CREATED", "UPDATED"):
        assert column in header
    kind_at, status_at = header.index("KIND"), header.index("STATUS")
    kinds = [line[kind_at:].split()[0] for line in lines[1:4]]
    statuses = [line[status_at:].split()[0] for line in lines[1:4]]
    assert sorted(kinds) == ["pattern_candidate", "pattern_candidate", "self_heal"]
    assert sorted(statuses) == ["approved", "auto_apply", "draft"]
    assert "3 documents" in result.output


def test_list_json_filters_by_kind_and_status(patterns_cli, seeded):
    result = patterns_cli("list", "--kind", "pattern_candidate", "--status", "draft", "--json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)
    assert (row["id"], row["status"], row["evidence"], row["evidence_count"]) == \
        (seeded["lint"], "draft", ["ex-1", "ex-2", "ex-3"], 3)
    assert {"id", "kind", "status", "name", "confidence", "rule", "created", "updated"} <= set(row)


def test_list_rejects_an_unknown_status(patterns_cli, seeded):
    result = patterns_cli("list", "--status", "nope")
    assert result.exit_code == 2 and "unknown status" in result.output
    assert "unknown kind" in patterns_cli("list", "--kind", "nope").output
    assert "no patterns matching" in patterns_cli("list", "--kind", "trend").output


def test_show_json_has_document_history_and_audit(patterns_cli, seeded):
    result = patterns_cli("show", seeded["scaffold-module"], "--json")
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert shown["document"]["status"] == "approved"
    assert shown["document"]["history"][0]["version"] == 1
    assert [d["decision"] for d in shown["decisions"]] == ["approve"]


def test_show_for_people(patterns_cli, seeded):
    result = patterns_cli("show", seeded["lint"])
    assert result.exit_code == 0, result.output
    assert "history" in result.output and "decisions" in result.output
    assert "confidence 0.5 < 0.75" in result.output


def test_decisions_through_the_cli(patterns_cli, seeded, workspace_db, ws, apply, make_finding):
    pid = seeded["lint"]
    result = patterns_cli("approve", pid, "--reason", "useful", "--actor", "alice")
    assert result.exit_code == 0, result.output
    assert "draft -> approved" in result.output
    assert (ws.patterns_dir / get_pattern(workspace_db, pid)["document_path"]).is_file()
    assert get_pattern(workspace_db, pid)["document_path"].startswith("specs/approved/lint-")
    apply([make_finding(decision="draft", key={"operation": "lint"}, reason="confidence 0.5 < 0.75",
                        fields={"name": "lint", "confidence": 0.5})])
    assert status_of(workspace_db, pid) == "approved"
    assert patterns_cli("quarantine", pid, "--reason", "flaky", "--actor", "bob").exit_code == 0
    assert status_of(workspace_db, pid) == "quarantined"
    result = patterns_cli("release", pid, "--json", "--actor", "bob")
    assert json.loads(result.output)["status"] == "draft"
    assert patterns_cli("reject", seeded["scaffold-module"], "--actor", "carol").exit_code == 0
    actors = [row[0] for row in workspace_db.execute("SELECT actor FROM decisions WHERE actor != 'engine' ORDER BY seq")]
    assert actors == ["human:alice", "human:bob", "human:bob", "human:carol"]


def test_unknown_id_exits_1_with_close_matches(patterns_cli, seeded):
    pid = seeded["scaffold-module"]
    result = patterns_cli("approve", pid[:-2] + "zz")
    assert result.exit_code == 1
    assert "no pattern with id or name" in result.output and pid in result.output
    assert "Traceback" not in result.output
    assert patterns_cli("show", "zzz").exit_code == 1


def test_missing_workspace_database_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["patterns", "list", "--workspace", str(tmp_path / "none")])
    assert result.exit_code == 2 and "autopattern init" in result.output


@pytest.mark.parametrize("command", ["list", "show", "approve", "reject", "quarantine", "release"])
def test_every_command_has_help(command):
    result = CliRunner().invoke(app, ["patterns", command, "--help"])
    assert result.exit_code == 0 and "--workspace" in result.output
    assert len(result.output.split("Options")[0].strip().splitlines()) >= 2


@pytest.mark.parametrize("command", ["list", "show", "approve", "reject", "quarantine", "release"])
def test_every_command_is_documented(command):
    from pathlib import Path
    text = (REPO / "docs" / "registry.md").read_text()
    assert f"patterns {command}" in text
