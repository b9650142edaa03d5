"""`demo`: build a realistic workspace from the seeded workload, end to end."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from engine.cli.common import JsonOption, fail, note, print_json, say
from engine.wording import plural


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    workspace_path: Annotated[Path, typer.Option(
        "--workspace", "-w", help="Folder of the demo workspace (created if missing).",
        file_okay=False)] = Path("demo-workspace"),
    seed: Annotated[int, typer.Option("--seed", help="Seed of the workload: same seed, same events.")] = 7,
    now: Annotated[Optional[str], typer.Option(
        "--now", help="End of the workload's time window, RFC 3339 (default: midnight UTC today).",
        show_default=False)] = None,
    days: Annotated[int, typer.Option("--days", min=1, max=3650, help="Days of telemetry before --now "
                                      "(the rule packs run once a week over them, as a weekly job would).")] = 88,
    scale: Annotated[float, typer.Option("--scale", min=0.01, help="Multiply the workload's volume.")] = 1.0,
    events_only: Annotated[bool, typer.Option(
        "--events-only", help="Print the workload as JSON Lines on stdout; touch no workspace.")] = False,
    no_evaluate: Annotated[bool, typer.Option(
        "--no-evaluate", help="Only build and ingest; do not run the rule packs.")] = False,
    database: Annotated[Optional[str], typer.Option(
        "--database", help="The store of a new workspace: a path, sqlite:///path.db or "
                           "postgresql://user@host:port/dbname (password: PGPASSWORD or ~/.pgpass).",
        show_default=False)] = None,
    as_json: JsonOption = False,
) -> None:
    """Build a demo workspace: several weeks of an orchestrator's telemetry, ingested,
    then every rule pack evaluated on it (what each automation found, and where).

    The workload has several actors, repeated work with variable arguments, patterns in
    use (healthy, failing, stale, degrading), files created in batches, errors with and
    without fixes, and noise. It is seeded: the same --seed and --now give the same events.

    \b
    Examples:
      autopattern demo --workspace demo-ws
      autopattern demo --events-only --now 2026-01-01T00:00:00Z > events.jsonl
    """
    from engine import demo as demo_lib

    try:
        moment = demo_lib.resolve_now(now)
    except ValueError as exc:
        fail(f"--now: {exc}")
    if events_only:
        try:
            demo_lib.write_events(sys.stdout, seed, moment, days, scale)
            sys.stdout.flush()
        except BrokenPipeError:  # `| head` closed the pipe: not an error
            sys.stderr.close()
        return
    if as_json or not sys.stderr.isatty():
        result = demo_lib.run_demo(workspace_path, seed, moment, days=days, scale=scale,
                                   evaluate=not no_evaluate, database=database)
    else:
        total = demo_lib.count_events(seed, moment, days, scale)
        with typer.progressbar(length=total, label="ingesting the demo workload",
                               file=sys.stderr, show_pos=True) as bar:
            result = demo_lib.run_demo(workspace_path, seed, moment, bar.update,
                                       days=days, scale=scale, evaluate=False, database=database)
        if not no_evaluate:
            note("evaluating every rule pack once a week ...")
            demo_lib.evaluate_weeks(result, demo_lib.init_workspace(result.workspace), moment, days,
                                    on_week=lambda now: note(f"  evaluating at {now:%Y-%m-%d}"))
    if as_json:
        print_json(result.to_dict())
        return
    _print(result)


def _print(result) -> None:
    summary, tables = result.ingest, result.tables
    say(f"demo workspace ready: {result.workspace}")
    say(f"  seed {result.seed}, {plural(result.days, 'day')} of telemetry up to {result.now}")
    say(f"  ingested {plural(summary.read, 'event', thousands=True)} in {summary.seconds:.2f}s: stored {summary.stored:,}, "
        f"already there {summary.duplicates:,}, rejected {summary.rejected:,}")
    say(f"  database {result.db_path}: {plural(tables['execution_logs'], 'execution', thousands=True)}, "
        f"{plural(tables['file_events'], 'file event', thousands=True)}, "
        f"{plural(tables['error_events'], 'error', thousands=True)}")
    if result.patterns:
        say("  patterns in use:")
        for row in result.patterns:
            rate = f"{row['success_rate']:.0%}" if row["success_rate"] is not None else "-"
            say(f"    {row['pattern_id']:<24} {row['uses']:>5} {'run ' if row['uses'] == 1 else 'runs'}  {rate:>4} success  "
                f"last used {row['last_used'][:10]}")
    automations = result.extra.get("automations")
    if automations:
        say(f"automations (evaluated at {result.now}):")
        for item in automations:
            counts = ", ".join(f"{n} {d}" for d, n in sorted(item["decisions"].items())) or "nothing found"
            say(f"  {item['id'] or item['pack']:<9} {item['title'] or item['pack']:<32} {counts}")
            for example in item["examples"]:
                say(f"      {example}")
        say(f"  registry: {result.workspace / 'patterns'}")
    reports = result.extra.get("reports") or []
    say("look inside:")
    shell = "psql" if "://" in str(result.db_path) else "sqlite3"
    say(f"  {shell} {result.db_path} -c \"SELECT operation, COUNT(*) FROM execution_logs "
        f"GROUP BY 1 ORDER BY 2 DESC\"" if shell == "psql" else
        f"  sqlite3 {result.db_path} \"SELECT operation, COUNT(*) FROM execution_logs "
        f"GROUP BY 1 ORDER BY 2 DESC\"")
    note(f"rules are evaluated against this data with --now {result.now}")
    if reports:
        weeks = sorted({r["week"] for r in reports})
        say(f"weekly reports {weeks[0]} .. {weeks[-1]} in {Path(reports[-1]['html']).parent}; the latest, "
            "with its trends:")
        sys.stdout.flush()
        say(reports[-1]["html"])
