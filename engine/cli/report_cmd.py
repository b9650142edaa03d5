"""`report`: show the latest weekly report (or a given week's), or build one now."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from engine.cli.common import JsonOption, WorkspaceOption, fail, note, print_json, say, workspace
from engine.cli.rules_cmd import NowOption, SetOption
from engine.errors import AutopatternError


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def report(
    week: Annotated[Optional[str], typer.Option("--week", help="ISO week to show, e.g. 2026-W48 (default: the latest).")] = None,
    build: Annotated[bool, typer.Option("--build", help="Build the report now by evaluating the performance "
                                        "pack (also done when the workspace has no report yet).")] = False,
    now: NowOption = None,
    assignments: SetOption = None,
    locate: Annotated[bool, typer.Option("--path", help="Print only the report's file paths.")] = False,
    ws_path: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print the weekly pattern report (Markdown, or the JSON document with --json).

    Examples: `autopattern report`, `autopattern report --week 2026-W48 --json`,
    `autopattern report --build --now 2026-11-24T00:00:00Z`
    """
    from engine.evaluate.session import parse_now
    from engine.report.library import build_report, find_report

    ws = workspace(ws_path)
    try:
        found = None if build else find_report(ws, week)
        if found is None and (build or week is None):
            built = build_report(ws, parse_now(now), assignments or [])
            note(f"built report {', '.join(r['week'] for r in built)}")
            found = find_report(ws, week or (built[-1]["week"] if built else None))
        if found is None:
            fail(f"no weekly report{' for ' + week if week else ''} in {ws.patterns_dir}; "
                 "build one with `autopattern report --build`", 1)
        if locate:
            say(str(found.json_path))
            say(str(found.markdown_path))
        elif as_json:
            print_json(found.load())
        else:
            say(found.markdown().rstrip("\n"))
    except AutopatternError as exc:
        fail(exc, 1)
