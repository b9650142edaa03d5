"""`suggest`: the registry patterns that fit a piece of new work, best first, with why."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from engine.cli.common import JsonOption, WorkspaceOption, fail, print_json, say, workspace
from engine.cli.rules_cmd import NowOption, SetOption
from engine.errors import AutopatternError


def register(app: typer.Typer) -> None:
    app.command("suggest")(suggest)


def suggest(
    operation: Annotated[Optional[str], typer.Option("--operation", "-o", help="The operation of the new work.")] = None,
    command: Annotated[Optional[str], typer.Option("--command", "-c", help="Its command, with its arguments.")] = None,
    path: Annotated[Optional[str], typer.Option("--path", "-p", help="A file path it will create.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=100, help="At most this many suggestions.")] = 5,
    now: NowOption = None,
    assignments: SetOption = None,
    ws_path: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Rank the approved patterns and drafts that match new work (never rejected or quarantined ones).

    Exits 1 when no pattern fits. Weights and the minimum score are params of the
    suggester pack (tune them with --set suggester.min_score=0.5).

    Example: `autopattern suggest --operation add_dependency --command "poetry add rich@^13.7"`
    """
    from engine.evaluate.session import parse_now
    from engine.suggest import suggest as rank

    ws = workspace(ws_path)
    try:
        found = rank(ws, operation, command, path, limit, now=parse_now(now) if now else None,
                     assignments=assignments or [])
    except AutopatternError as exc:
        fail(exc, 2)
    if as_json:
        print_json([s.to_dict() for s in found])
    elif not found:
        say("no approved pattern or draft fits this work")
    else:
        for rank_no, s in enumerate(found, 1):
            say(f"{rank_no}. {s.pattern_id}  ({s.kind}, {s.status})  score {s.score:.2f}")
            say(f"   {s.name}")
            say(f"   why: {s.why}")
    if not found:
        raise typer.Exit(1)
