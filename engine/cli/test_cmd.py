"""`test`: run rule-pack test files (given events, expect findings), with branch coverage."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from engine.cli.common import JsonOption, WorkspaceOption, fail, print_json, say, workspace
from engine.errors import AutopatternError


def register(app: typer.Typer) -> None:
    app.command("test")(run_tests)


def run_tests(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Test files (*.test.yaml) or folders (default: the workspace's rules/tests, else rules/).")] = None,
    coverage: Annotated[bool, typer.Option("--coverage", help="Report which rules and decision branches "
                                           "the tests exercised, and list the uncovered ones.")] = False,
    name: Annotated[Optional[str], typer.Option("-k", help="Only tests whose name contains NAME.",
                                                metavar="NAME")] = None,
    ws_path: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Run rule-pack tests: each test stores its events in a throw-away database, runs the
    pack at the test's fixed now and compares the findings with what it expects.

    Exit code 0 when all pass, 1 when a test fails (or -k selects none), 2 when a test
    file is invalid.

    Examples: `autopattern test`, `autopattern test rules/tests --coverage`,
    `autopattern test rules/tests/auto_001_execution_patterns.test.yaml -k approve --json`
    """
    from engine.resources import rules_dir
    from engine.ruletest import find_test_files, run_test_file
    from engine.ruletest.coverage import measure
    from engine.ruletest.render import case_lines, coverage_lines, error_lines, file_header, summary_line

    masks, default = _workspace_settings(ws_path)
    targets = paths or [default]
    missing = [p for p in paths or [] if not p.exists()]
    if missing:
        fail(f"{missing[0]}: no such file or folder")
    files = find_test_files([p for p in targets if p.exists()])
    if not files:
        fail(f"no test files (*.test.yaml) in {', '.join(map(str, targets))}\n"
             f"  hint: the shipped packs' tests are in {rules_dir() / 'tests'}; copy them to the "
             "workspace's rules/tests/ or write your own (see the README's rule-pack test section)")

    def progress(result, case) -> None:
        if not result.cases[:-1]:  # the file's first test: name the file once
            say(file_header(result))
        say("\n".join(case_lines(result, case)))

    results = []
    for path in files:
        result = run_test_file(path, name_filter=name, masks=masks, on_case=None if as_json else progress)
        results.append(result)
        if result.error is not None and not as_json:
            typer.echo("\n".join(error_lines(result)), err=True)
    report = measure(results) if coverage else None
    if as_json:
        print_json({"files": [r.to_json() for r in results],
                    "passed": sum(r.passed for r in results), "failed": sum(r.failed for r in results),
                    "invalid": sum(r.error is not None for r in results),
                    **({"coverage": [p.to_json() for p in report]} if report is not None else {})})
    else:
        if report is not None:
            say("\n".join(coverage_lines(report)))
        say(summary_line(results))
    if any(r.error is not None for r in results):
        raise typer.Exit(2)
    if any(r.failed for r in results):
        raise typer.Exit(1)
    if not any(r.cases for r in results):
        fail(f"no test name contains {name!r}" if name else "the test files hold no tests", 1)


def _workspace_settings(ws_path: Path | None) -> tuple[list, Path]:
    """The workspace's extra mining masks (tests mine templates as its ingest does) and
    the default folder of test files: its rules/tests, else its rules/."""
    ws = workspace(ws_path, established=False)
    try:
        rules = ws.rules_dir
        return ws.masks, rules / "tests" if (rules / "tests").is_dir() else rules
    except AutopatternError as exc:
        fail(exc)
