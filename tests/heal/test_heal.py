"""`autopattern heal` and engine.heal: the learned recovery for a new error, end to end."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.support.pack_events import ago, error
from engine.cli import app
from engine.heal import heal

MISSING = "ModuleNotFoundError: No module named '{}'"
runner = CliRunner()


def fixed(modules, *, command="pip install {}", ok=True, start=0):
    return [error(MISSING.format(m), command.format(m), ok, ts=ago(hours=start + i), error_type="ModuleNotFoundError")
            for i, m in enumerate(modules)]


def run_heal(shipped_ws, message, *extra):
    return runner.invoke(app, ["heal", message, "-w", str(shipped_ws.root), *extra])


@pytest.fixture
def learned(ingest, evaluate):
    """Three successful `pip install` fixes of missing modules, learned by AUTO-003."""
    ingest(fixed(["yaml", "toml", "rich"]))
    evaluate("error_recovery")


def test_the_slot_value_of_a_new_message_fills_the_fix(shipped_ws, learned):
    result = run_heal(shipped_ws, MISSING.format("lxml"))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "pip install lxml"


def test_json_says_what_why_and_whether_to_apply(shipped_ws, learned):
    result = run_heal(shipped_ws, MISSING.format("lxml"), "--json")
    assert result.exit_code == 0
    recovery = json.loads(result.stdout)["recovery"]
    assert recovery["command"] == "pip install lxml"
    assert recovery["auto_apply"] is True and recovery["success_rate"] == 1.0
    assert recovery["params"] == ["lxml"] and recovery["binding"] == {"0": 0}
    assert recovery["pattern_id"].startswith("auto-003-learned-recovery-")
    assert "3 of 3 times" in recovery["why"]


def test_a_fix_below_the_threshold_is_offered_but_not_auto_applied(shipped_ws, ingest, evaluate):
    ingest(fixed(["yaml", "toml", "rich"]) + fixed(["jwt", "attrs"], ok=False, start=5))
    evaluate("error_recovery")
    recovery = heal(shipped_ws, MISSING.format("lxml"))
    assert recovery is not None and recovery.command == "pip install lxml"
    assert recovery.auto_apply is False and recovery.success_rate == 0.6


def test_unknown_errors_exit_1(shipped_ws, learned):
    result = run_heal(shipped_ws, "KeyError: 'user_id'")
    assert result.exit_code == 1
    assert "no learned recovery" in result.stderr
    assert heal(shipped_ws, "KeyError: 'user_id'") is None


def test_nothing_is_offered_before_a_self_heal_is_learned(shipped_ws, ingest):
    ingest(fixed(["yaml", "toml", "rich"]))
    assert run_heal(shipped_ws, MISSING.format("lxml")).exit_code == 1


@pytest.mark.parametrize("action", ["quarantine", "reject"])
def test_quarantined_or_rejected_recoveries_are_never_offered(shipped_ws, learned, action):
    pattern_id = heal(shipped_ws, MISSING.format("lxml")).pattern_id
    decided = runner.invoke(app, ["patterns", action, pattern_id, "-w", str(shipped_ws.root), "--reason", "test"])
    assert decided.exit_code == 0, decided.output
    assert run_heal(shipped_ws, MISSING.format("lxml")).exit_code == 1
    assert heal(shipped_ws, MISSING.format("lxml")) is None


def test_a_fix_whose_slot_the_message_cannot_fill_is_not_applied(shipped_ws, ingest, evaluate):
    # The package name differs from the module name every time: nothing to bind.
    ingest([error(MISSING.format(m), f"pip install {p}", True, ts=ago(hours=i))
            for i, (m, p) in enumerate([("yaml", "pyyaml"), ("jwt", "pyjwt"), ("dateutil", "python-dateutil")])])
    evaluate("error_recovery")
    result = run_heal(shipped_ws, MISSING.format("lxml"), "--json")
    assert result.exit_code == 1
    recovery = json.loads(result.stdout)["recovery"]
    assert recovery["command"] is None and recovery["auto_apply"] is False
    assert "cannot be applied" in recovery["why"]


def test_a_fix_without_slots_is_returned_as_is(shipped_ws, ingest, evaluate):
    timeout = "ConnectionError: Read timed out. (read timeout={})"
    ingest([error(timeout.format(t), "retry", True, ts=ago(hours=i)) for i, t in enumerate((10, 15, 30))])
    evaluate("error_recovery")
    assert heal(shipped_ws, timeout.format(60)).command == "retry"


def test_heal_reads_and_never_teaches_the_miner(shipped_ws, learned):
    db = shipped_ws.open_db()
    before = db.execute("SELECT COUNT(*), MAX(updated) FROM miner_state").fetchone(), \
        db.execute("SELECT COUNT(*) FROM templates").fetchone()
    heal(db, "A brand new error nobody has seen 12345")
    after = db.execute("SELECT COUNT(*), MAX(updated) FROM miner_state").fetchone(), \
        db.execute("SELECT COUNT(*) FROM templates").fetchone()
    db.close()
    assert before == after


def test_heal_has_help_with_an_example():
    result = CliRunner().invoke(app, ["heal", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "--json" in result.stdout
