"""Options and output helpers shared by every command."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer

from engine.errors import AutopatternError, Location, WorkspaceError
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
    ws = find_workspace(path)
    if not ws.root.is_dir():
        raise WorkspaceError(f"workspace folder {ws.root} does not exist",
                             hint=f"create one with `autopattern init {ws.root}`, or check -w / "
                                  "$AUTOPATTERN_WORKSPACE")
    if established and not ws.config_path.is_file():
        try:
            has_db = ws.db_path.is_file()
        except AutopatternError:   # a database path outside the workspace: no database here
            has_db = False
        if not has_db:
            raise WorkspaceError(f"{ws.root} is not an autopattern workspace (no {ws.config_path.name}, "
                                 "no database)",
                                 hint=f"create one with `autopattern init {ws.root}`, or pass -w FOLDER")
    return ws


def fail(message: str, code: int = 2, *, location: Location | None = None,
         hint: str | None = None) -> NoReturn:
    """Stop the command on a problem the command line itself finds (a bad option value,
    nothing to do): raised as an error, so the one handler (``render_error``) prints it
    like every other and the command exits with ``code``."""
    raise AutopatternError(message, location, hint, status=code)


def render_error(error: AutopatternError) -> str:
    """The one way the command line prints an error, as compilers do and as `check` and
    `test` print diagnostics: ``path:line:column [field]: error: message`` when the error
    points into a file, else ``error: message``; the hint on the next line.

    A field without a file (an option, an environment variable) leads the message,
    ``error: AUTOPATTERN_DATABASE_URL: ...``, unless the message already starts with it
    (``error: --week 'x' is not an ISO week``).
    """
    where, message = error.location, error.message
    if where is not None and where.path:
        text = f"{where}: error: {message}"
    elif where is not None and where.field and not message.startswith((where.field, f"--{where.field}")):
        text = f"error: {where.field}: {message}"
    else:
        text = f"error: {message}"
    if error.hint:
        text += f"\n  hint: {error.hint}"
    return text


def report_error(error: AutopatternError) -> NoReturn:
    """Print ``error`` on stderr the one way and exit with its status (never a traceback)."""
    typer.echo(render_error(error), err=True)
    raise typer.Exit(error.status)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, sort_keys=False, default=str, ensure_ascii=False)
    sys.stdout.write("\n")


def say(text: str = "") -> None:
    typer.echo(text)


def note(text: str) -> None:
    """Progress and remarks go to stderr so stdout stays clean for --json and pipes."""
    typer.echo(text, err=True)
