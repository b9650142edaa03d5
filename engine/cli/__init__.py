"""The command line: a thin typer layer over the library.

Each command module registers its commands on the one app; none holds logic that a
Python user could not call from the library.
"""

from __future__ import annotations

import importlib

import click
import typer
from typer.core import TyperGroup

from engine.errors import AutopatternError


class _Autopattern(TyperGroup):
    """The root command: runs every command inside the one error handler.

    Each command lets an ``AutopatternError`` propagate; here it is printed the one way
    (``engine.cli.common.render_error``) and the process exits with the error's status.
    The handler sits in the click group rather than in ``main()`` so that typer's
    ``CliRunner`` (the tests) and the console script go through the same code.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AutopatternError as exc:
            from engine.cli.common import report_error
            report_error(exc)


app = typer.Typer(
    cls=_Autopattern,
    name="autopattern",
    help=(
        "Turn repeated automation telemetry into reusable patterns.\n\n"
        "Typical session: `autopattern init`, `autopattern ingest events.jsonl`, "
        "`autopattern check`, `autopattern evaluate`, `autopattern explain PACK.RULE`.\n\n"
        "Errors go to stderr as `FILE:LINE:COLUMN: error: MESSAGE` (or `error: MESSAGE` when no "
        "file is at fault), and a `hint:` line when there is one. Exit status 2: the command could not start (no "
        "workspace, a bad option, an unreadable config, store or input); 1: what it was asked "
        "failed (see each command's help for its own meaning of 1)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from engine import __version__
        typer.echo(f"autopattern {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Turn repeated automation telemetry into reusable patterns."""


# Command modules, in the order their commands appear in --help.
COMMAND_MODULES = (
    "engine.cli.workspace_cmd",
    "engine.cli.rules_cmd",
    "engine.cli.ingest_cmd",
    "engine.cli.demo_cmd",
    "engine.cli.watch_cmd",
    "engine.cli.patterns_cmd",
    "engine.cli.doctor_cmd",
    "engine.cli.test_cmd",
    "engine.cli.suggest_cmd",
    "engine.cli.report_cmd",
    "engine.cli.heal_cmd",
    "engine.cli.store_cmd",
)

for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main() -> None:
    app()
