"""Options and output helpers shared by every command."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer

from engine.errors import AutopatternError, WorkspaceError
from engine.workspace import Workspace, find_workspace

WorkspaceOption = Annotated[
    Optional[Path],
    typer.Option("--workspace", "-w", envvar="AUTOPATTERN_WORKSPACE",
                 help="Workspace folder (default: nearest folder with autopattern.yaml, "
                      "else the current folder).", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]


def workspace(path: Path | None, *, established: bool = True) -> Workspace:
    """The workspace a command works in, or a clear error when there is none.

    A ``-w`` folder that does not exist is named as such (not as a missing rule file
    inside it). With ``established`` (every command that reads a workspace), a folder
    holding neither autopattern.yaml nor a database is no workspace either; ingest and
    watch, which may start one, pass False.
    """
    try:
        ws = find_workspace(path)
    except AutopatternError as exc:
        fail(exc)
    if not ws.root.is_dir():
        fail(WorkspaceError(f"workspace folder {ws.root} does not exist",
                            hint=f"create one with `autopattern init {ws.root}`, or check -w / "
                                 "$AUTOPATTERN_WORKSPACE"))
    if established and not ws.config_path.is_file():
        try:
            has_db = ws.db_path.is_file()
        except AutopatternError:
            has_db = False
        if not has_db:
            fail(WorkspaceError(f"{ws.root} is not an autopattern workspace (no {ws.config_path.name}, "
                                "no database)",
                                hint=f"create one with `autopattern init {ws.root}`, or pass -w FOLDER"))
    return ws


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
