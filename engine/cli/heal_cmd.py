"""`autopattern heal MESSAGE`: the learned recovery for an error (never runs it)."""

from __future__ import annotations

from typing import Annotated

import typer

from engine.cli.common import JsonOption, WorkspaceOption, note, print_json, say, workspace


def register(app: typer.Typer) -> None:
    app.command("heal")(heal_command)


def heal_command(
    message: Annotated[str, typer.Argument(help="The error message, as printed.")],
    path: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print the command that fixes an error, as learned by AUTO-003 (self-healing).

    The message is matched to a known error template; the best self-heal pattern in
    force for it (auto-apply first, then by success rate) gives the resolution, with
    the message's values filled in. autopattern never runs it: the orchestrator does.
    Exit status: 0 with a recovery, 1 when none is known (or it cannot be filled in).

    Example: `autopattern heal "ModuleNotFoundError: No module named 'lxml'" --json`
    """
    from engine.heal import heal, why_no_recovery

    ws = workspace(path)
    recovery = heal(ws, message)
    notes = why_no_recovery(ws, message) if recovery is None else []
    if as_json:
        print_json({"message": message, "recovery": recovery.to_json() if recovery else None, "notes": notes})
    elif recovery is None:
        shown = message if len(message) <= 200 else message[:200] + "…"
        note(f"no learned recovery for: {shown}")
        for line in notes:
            note(f"  {line}")
    else:
        _show(recovery)
    if recovery is None or recovery.command is None:
        raise typer.Exit(1)


def _show(recovery) -> None:
    if recovery.command is not None:
        say(recovery.command)
    mode = "auto-apply" if recovery.auto_apply else "ask first"
    rate = recovery.success_rate
    note(f"{mode}: pattern {recovery.pattern_id}"
         + (f", success {rate:.0%} ({recovery.successes}/{recovery.attempts})"
            if isinstance(rate, (int, float)) else ""))
    note(f"why: {recovery.why}")
    if recovery.alternatives:
        note(f"alternatives: {', '.join(recovery.alternatives)}")
