"""The command line: a thin typer layer over the library.

Each command module registers its commands on the one app; none holds logic that a
Python user could not call from the library.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="autopattern",
    help=(
        "Turn repeated automation telemetry into reusable patterns.\n\n"
        "Typical session: `autopattern init`, `autopattern ingest events.jsonl`, "
        "`autopattern check`, `autopattern evaluate`, `autopattern explain PACK.RULE`."
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
