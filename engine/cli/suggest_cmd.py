"""`suggest`: the registry patterns that fit a piece of new work, best first, with why."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from engine.cli.common import JsonOption, WorkspaceOption, print_json, say, workspace
from engine.cli.rules_cmd import NowOption, ProfileOption, SetOption


def register(app: typer.Typer) -> None:
    app.command("suggest")(suggest)


def suggest(
    operation: Annotated[Optional[str], typer.Option("--operation", "-o", help="The operation of the new work.")] = None,
    command: Annotated[Optional[str], typer.Option("--command", "-c", help="Its command, with its arguments.")] = None,
    path: Annotated[Optional[str], typer.Option("--path", "-p", help="A file path it will create.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=100, help="At most this many suggestions.")] = 5,
    now: NowOption = None,
    assignments: SetOption = None,
    profile: ProfileOption = None,
    ws_path: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Rank the approved patterns and drafts that match new work (never rejected or quarantined ones).

    Exits 1 when no pattern fits. Weights and the minimum score are params of the
    suggester pack (tune them with --set suggester.min_score=0.5).

    Example: `autopattern suggest --operation add_dependency --command "poetry add rich@^13.7"`
    """
    from engine.evaluate.session import parse_now
    from engine.suggest import suggest_with_reasons as rank

    ws = workspace(ws_path)
    found, left_out = rank(ws, operation, command, path, limit, now=parse_now(now) if now else None,
                           assignments=assignments or [], profile=profile)
    if as_json:
        print_json({"suggestions": [s.to_dict() for s in found], "left_out": left_out})
    else:
        if not found:
            say("no approved pattern or draft fits this work")
        for rank_no, s in enumerate(found, 1):
            say(f"{rank_no}. {s.name}  ({s.kind}, {s.status})  score {s.score:.2f}")
            say(f"   id: {s.pattern_id}")
            say(f"   why: {s.why}")
            for warning in s.warnings:
                say(f"   warning: {warning}")
        if left_out:
            say("left out:")
            for item in left_out:
                say(f"  - {item['why']}")
    if not found:
        raise typer.Exit(1)
