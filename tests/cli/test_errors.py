"""Every command stops on an error the same way: one handler (engine.cli._Autopattern)
prints ``where: error: what`` (or ``error: what``) and a hint on stderr, never a
traceback, and exits with the error's status: 2 when the command could not start, 1 when
what it was asked failed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.cli import app
from engine.cli.common import render_error
from engine.errors import AutopatternError, EvaluationError, Location, WorkspaceError
from engine.registry.decisions import RegistryError

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_render_error_puts_the_file_first_and_the_hint_below():
    located = AutopatternError("unknown name 'x'", Location("rules/a.rules", 2, 30), hint="did you mean 'y'?")
    assert render_error(located) == "rules/a.rules:2:30: error: unknown name 'x'\n  hint: did you mean 'y'?"
    field = AutopatternError("not a number", Location("/ws/autopattern.yaml", field="params.x"))
    assert render_error(field) == "/ws/autopattern.yaml [params.x]: error: not a number"
    # a field without a file (an option, a variable) leads the message unless it starts with it
    option = AutopatternError("--week 'x' is not an ISO week", Location(field="week"))
    assert render_error(option) == "error: --week 'x' is not an ISO week"
    variable = AutopatternError("SQLite URL 'x' needs three slashes", Location(field="AUTOPATTERN_DATABASE_URL"))
    assert render_error(variable) == "error: AUTOPATTERN_DATABASE_URL: SQLite URL 'x' needs three slashes"
    assert render_error(AutopatternError("plain")) == "error: plain"


def test_each_kind_of_error_has_its_status():
    assert WorkspaceError("w").status == 2 and AutopatternError("a").status == 2
    assert EvaluationError("e").status == 1 and RegistryError("r").status == 1
    assert EvaluationError("e", status=2).status == 2


# Commands that need a workspace, with the arguments they need to get that far.
NEEDS_WORKSPACE = [
    ("evaluate",), ("check",), ("explain", "execution_patterns.repeated_execution"),
    ("patterns", "list"), ("patterns", "show", "x"), ("report",), ("suggest", "--operation", "deploy"),
    ("heal", "boom"), ("store", "copy", "--to", "sqlite:///tmp/x.db"),
]


@pytest.mark.parametrize("command", NEEDS_WORKSPACE, ids=lambda c: " ".join(c))
def test_a_missing_workspace_is_reported_alike_by_every_command(tmp_path, command):
    missing = tmp_path / "nowhere"
    result = run(*command, "-w", missing)
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"error: workspace folder {missing} does not exist\n"
                             f"  hint: create one with `autopattern init {missing}`, or check -w / "
                             "$AUTOPATTERN_WORKSPACE\n")
    assert result.stdout == "" and isinstance(result.exception, SystemExit)


def test_errors_of_commands_that_ran_exit_1_in_the_same_shape(shipped_ws):
    cases = [
        (("evaluate", "--now", "someday"), "error: --now 'someday' is not an RFC 3339"),
        (("explain", "nopack.rule"), "error: unknown pack 'nopack'"),
        (("patterns", "show", "zzz"), "error: no pattern with id or name 'zzz'"),
    ]
    for args, start in cases:
        result = run(*args, "-w", shipped_ws.root)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.startswith(start), (args, result.stderr)
        assert "Traceback" not in result.output and result.stdout == ""


def test_an_error_in_a_file_names_it_first_in_every_command(shipped_ws):
    config = shipped_ws.config_path
    config.write_text("params:\n  x: [1\n", encoding="utf-8")
    outputs = set()
    for args in (("evaluate",), ("check",), ("report",), ("suggest", "--operation", "deploy")):
        result = run(*args, "-w", shipped_ws.root)
        assert result.exit_code == 2, (args, result.output)
        outputs.add(result.stderr)
    assert len(outputs) == 1, outputs
    assert outputs.pop().startswith(f"{config}:3:1: error: invalid YAML")


def test_option_errors_found_by_the_cli_go_through_the_same_handler(shipped_ws, tmp_path):
    fmt = run("report", "--format", "pdf", "-w", shipped_ws.root)
    assert fmt.exit_code == 2 and fmt.stderr.startswith("error: --format 'pdf': choose one of")
    missing = tmp_path / "no.test.yaml"
    tests = run("test", missing, "-w", shipped_ws.root)
    assert tests.exit_code == 2 and tests.stderr == f"{missing}: error: no such file or folder\n"


def test_the_console_script_prints_and_exits_the_same_way(tmp_path):
    """The installed `autopattern` (not CliRunner) goes through the same handler."""
    cli = Path(sys.executable).parent / "autopattern"
    missing = tmp_path / "nowhere"
    done = subprocess.run([cli, "patterns", "list", "-w", missing], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: workspace folder {missing} does not exist\n  hint: ")
    assert "Traceback" not in done.stderr
