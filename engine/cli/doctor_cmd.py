"""`doctor`: check a workspace's config, database and registry, and say how to repair."""

from __future__ import annotations

from typing import Annotated

import typer

from engine.cli.common import JsonOption, WorkspaceOption, print_json, say, workspace
from engine.wording import plural


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor)


def doctor(
    repair: Annotated[bool, typer.Option(
        "--repair", help="First redo what is safe to redo: remove temporary files left by a "
                         "killed write, re-index documents whose rows are missing or stale, "
                         "mark interrupted runs failed. Then check.")] = False,
    ws_path: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check the workspace: config paths and masks; rule files and config params; the
    database (schema version, integrity check, foreign keys, orphaned rows, interrupted
    runs); the registry (every document
    readable and valid against its schema, in its folder, agreeing with its row; no
    leftover temporary files; no row without its document).

    Each problem is printed with where it is and how to repair it. Exit code 1 when an
    error was found (warnings alone exit 0).

    Examples:
      autopattern doctor
      autopattern doctor --repair --json
    """
    from engine.doctor import diagnose, repair as repair_workspace

    ws = workspace(ws_path, established=False)
    repaired: list[str] = []
    if repair:
        repaired = repair_workspace(ws)
    diagnosis = diagnose(ws)
    diagnosis.repaired = repaired
    if as_json:
        print_json(diagnosis.to_json())
    else:
        say(render(diagnosis))
    raise typer.Exit(0 if diagnosis.ok else 1)


def render(diagnosis) -> str:
    lines = [f"workspace {diagnosis.workspace}"]
    lines += [f"repaired: {line}" for line in diagnosis.repaired]
    for check in diagnosis.checks:
        mark = "ok  " if not check.problems else ("FAIL" if not check.ok else "warn")
        lines.append(f"  {mark}  {check.name:<13} {check.description}")
    for problem in diagnosis.problems:
        lines.append(str(problem))
    lines.append(f"{plural(diagnosis.errors, 'error')}, {plural(diagnosis.warnings, 'warning')}")
    return "\n".join(lines)
