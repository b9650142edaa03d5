"""`test`: run rule-pack test files (given events, expect findings), with branch coverage."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from engine.cli.common import JsonOption, WorkspaceOption, fail, print_json, say, workspace
from engine.errors import Location, StoreError
from engine.store import StoreURL, parse_store_url

MEMORY = parse_store_url(":memory:")


def register(app: typer.Typer) -> None:
    app.command("test")(run_tests)


def run_tests(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Test files (*.test.yaml) or folders (default: the workspace's rules/tests, else rules/).")] = None,
    coverage: Annotated[bool, typer.Option("--coverage", help="Report which rules and decision branches "
                                           "the tests exercised, and list the uncovered ones.")] = False,
    name: Annotated[Optional[str], typer.Option("-k", help="Only tests whose name contains NAME.",
                                                metavar="NAME")] = None,
    database: Annotated[Optional[str], typer.Option(
        "--database", metavar="URL",
        help="Where the tests' throw-away stores live: sqlite (in memory) or "
             "postgresql://user@host:port/dbname (a new schema per test, dropped afterwards). "
             "Default: PostgreSQL when the workspace's store is (AUTOPATTERN_DATABASE_URL or "
             "database:), else SQLite in memory.")] = None,
    ws_path: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Run rule-pack tests: each test stores its events in a throw-away database, runs the
    pack at the test's fixed now and compares the findings with what it expects.

    Exit code 0 when all pass, 1 when a test fails (or -k selects none), 2 when a test
    file is invalid.

    Examples: `autopattern test`, `autopattern test rules/tests --coverage`,
    `autopattern test rules/tests/auto_001_execution_patterns.test.yaml -k approve --json`,
    `autopattern test --database postgresql://ci@localhost/scratch`
    """
    from engine.resources import rules_dir
    from engine.ruletest import find_test_files, run_test_file
    from engine.ruletest.coverage import measure
    from engine.ruletest.render import case_lines, coverage_lines, error_lines, file_header, summary_line

    masks, default, store = _workspace_settings(ws_path, database)
    targets = paths or [default]
    missing = [p for p in paths or [] if not p.exists()]
    if missing:
        fail("no such file or folder", location=Location(str(missing[0])))
    files = find_test_files([p for p in targets if p.exists()])
    if not files:
        fail(f"no test files (*.test.yaml) in {', '.join(map(str, targets))}",
             hint=f"the shipped packs' tests are in {rules_dir() / 'tests'}; copy them to the "
                  "workspace's rules/tests/ or write your own (see docs/ruletest.md)")

    if store.dialect != "sqlite" and not as_json:
        say(f"tests run on {store.redacted}, each in a schema of its own")

    def progress(result, case) -> None:
        if not result.cases[:-1]:  # the file's first test: name the file once
            say(file_header(result))
        say("\n".join(case_lines(result, case)))

    results = []
    for path in files:
        result = run_test_file(path, name_filter=name, masks=masks, on_case=None if as_json else progress,
                               database=store)
        results.append(result)
        if result.error is not None and not as_json:
            typer.echo("\n".join(error_lines(result)), err=True)
        if isinstance(result.error, StoreError):   # the store is unusable: the next file would fail alike
            break
    report = measure(results) if coverage else None
    if as_json:
        print_json({"database": store.redacted, "files": [r.to_json() for r in results],
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


def _workspace_settings(ws_path: Path | None, database: str | None) -> tuple[list, Path, StoreURL]:
    """The workspace's extra mining masks (tests mine templates as its ingest does), the
    default folder of test files (its rules/tests, else its rules/) and where the tests'
    scratch stores live (``--database``, else the kind of store the workspace uses)."""
    ws = workspace(ws_path, established=False)
    rules = ws.rules_dir
    store = _scratch_target(database) if database is not None else ws.store_url
    if store.dialect == "sqlite":
        store = MEMORY
    return ws.masks, rules / "tests" if (rules / "tests").is_dir() else rules, store


def _scratch_target(value: str) -> StoreURL:
    """``--database``: sqlite (in memory) or a PostgreSQL URL; a SQLite file is refused,
    since tests never write to a file."""
    if value.strip().lower() in ("sqlite", "memory", ":memory:"):
        return MEMORY
    url = parse_store_url(value, where=Location(field="--database"))
    if url.dialect == "sqlite" and not url.memory:
        raise StoreError(f"--database {value!r}: tests never write to a SQLite file", Location(field="--database"),
                         hint="use --database sqlite (a database in memory per test) or a PostgreSQL URL")
    return url
