"""Options and output helpers shared by every command."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer

from engine.errors import AutopatternError
from engine.workspace import Workspace, find_workspace

WorkspaceOption = Annotated[
    Optional[Path],
    typer.Option("--workspace", "-w", envvar="AUTOPATTERN_WORKSPACE",
                 help="Workspace folder (default: nearest folder with autopattern.yaml, "
                      "else the current folder).", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]


def workspace(path: Path | None) -> Workspace:
    try:
        return find_workspace(path)
    except AutopatternError as exc:
        fail(exc)


def fail(error: AutopatternError | str, code: int = 2) -> NoReturn:
    """Print a user-facing error (never a traceback) on stderr and exit."""
    text = str(error)
    if not text.startswith("error") and ": error:" not in text:
        text = f"error: {text}"
    typer.echo(text, err=True)
    raise typer.Exit(code)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, sort_keys=False, default=str, ensure_ascii=False)
    sys.stdout.write("\n")


def say(text: str = "") -> None:
    typer.echo(text)


def note(text: str) -> None:
    """Progress and remarks go to stderr so stdout stays clean for --json and pipes."""
    typer.echo(text, err=True)
