"""`report`: show the latest weekly report (or a given week's) as Markdown, JSON or HTML,
or build one now (or for a past week)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from engine.cli.common import JsonOption, WorkspaceOption, fail, note, print_json, say, workspace
from engine.cli.rules_cmd import NowOption, SetOption

FORMATS = ("markdown", "json", "html")


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def report(
    week: Annotated[Optional[str], typer.Option("--week", help="ISO week to show, e.g. 2026-W48 (default: the latest). "
                                               "A past week with no stored report is built at its end.")] = None,
    build: Annotated[bool, typer.Option("--build", help="Build the report now (or for --week, at that week's end) by "
                                        "evaluating the performance pack (also done when the workspace has no report yet).")] = False,
    output_format: Annotated[str, typer.Option("--format", "-f", help="markdown, json or html (one self-contained page).",
                                               show_default=True)] = "markdown",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file instead of "
                                                   "printing it.", dir_okay=False)] = None,
    weeks: Annotated[Optional[int], typer.Option("--weeks", min=2, max=104, help="Weeks of history in the trends "
                                                 "(default: the pack's `weeks` param, 12); re-read from the store.")] = None,
    now: NowOption = None,
    assignments: SetOption = None,
    locate: Annotated[bool, typer.Option("--path", help="Print only the report's file paths.")] = False,
    ws_path: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print the weekly pattern report (Markdown; --format json or html; --json is --format json).

    Examples: `autopattern report`, `autopattern report --format html --output report.html`,
    `autopattern report --week 2026-W48 --weeks 20 --json`, `autopattern report --build --now 2026-11-24T00:00:00Z`
    """
    from engine.evaluate.session import parse_now
    from engine.report import library

    output_format = "json" if as_json else output_format.lower()
    if output_format not in FORMATS:
        fail(f"--format {output_format!r}: choose one of {', '.join(FORMATS)}", 2)
    ws = workspace(ws_path)
    found = None if build else library.find_report(ws, week)
    if found is None and week is not None and now is None:
        built = library.build_week(ws, week, assignments or [])
        note(f"built report {', '.join(r['week'] for r in built)} at the end of that week")
        found = library.find_report(ws, week)
    elif found is None and (build or week is None):
        built = library.build_report(ws, parse_now(now), assignments or [])
        note(f"built report {', '.join(r['week'] for r in built)}")
        found = library.find_report(ws, week or (built[-1]["week"] if built else None))
    if found is None:
        fail(f"no weekly report{' for ' + week if week else ''} in {ws.patterns_dir}; "
             "build one with `autopattern report --build`", 1)
    if locate:
        for path in (found.json_path, found.markdown_path, found.html_path):
            say(str(path))
        return
    document = found.load()
    if weeks is not None and weeks != len(document.get("weeks") or []):
        document = library.with_weeks(ws, document, weeks)
    text = library.render(document, output_format)
    if output is not None:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            fail(f"--output {output}: cannot write it ({exc.strerror or exc})", 1)
        note(f"wrote {output} ({output_format}, {found.week})")
    elif output_format == "json":
        print_json(document)
    else:
        say(text.rstrip("\n"))
