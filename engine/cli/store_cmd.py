"""`store copy`: move a workspace's telemetry store into another (SQLite to PostgreSQL)."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from engine.cli.common import JsonOption, WorkspaceOption, fail, note, print_json, say, workspace
from engine.wording import plural

store_app = typer.Typer(help="Manage the telemetry store (see docs/events.md, Stores).",
                        no_args_is_help=True, rich_markup_mode=None)


def register(app: typer.Typer) -> None:
    app.add_typer(store_app, name="store")


@store_app.command("copy")
def copy_command(
    to: Annotated[str, typer.Option("--to", help="The empty target store: postgresql://user@host:port/dbname "
                                    "(password: PGPASSWORD or ~/.pgpass) or sqlite:///path.db.",
                                    show_default=False)],
    source: Annotated[Optional[str], typer.Option(
        "--from", help="The source store (default: the workspace's, as autopattern.yaml names it).",
        show_default=False)] = None,
    path: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Copy every table of the workspace's store into an empty store, then compare row counts.

    The target is created (migrated) if needed and must hold no rows. Nothing is changed
    in the source. Point the workspace at the target afterwards with `database:` in
    autopattern.yaml or AUTOPATTERN_DATABASE_URL.

    Example: `autopattern store copy --to postgresql://ci@db.internal:5432/autopattern`
    """
    from engine.store import open_store, parse_store_url
    from engine.store.copy import copy_store

    ws = workspace(path)
    source_url = ws.configured_store_url if source is None else parse_store_url(source, base=ws.root)
    target_url = parse_store_url(to, base=ws.root)
    if source_url.redacted == target_url.redacted:
        fail("the source and the target are the same store")
    if source_url.dialect == "sqlite" and (source_url.path is None or not source_url.path.is_file()):
        fail(f"no SQLite store at {source_url.path}", 2)
    src = open_store(source_url, create=False)
    try:
        dst = open_store(target_url)
        try:
            def progress(table: str, copied: int, total: int) -> None:
                note(f"  {table}: {copied:,} of {plural(total, 'row', thousands=True)}")   # stderr: --json stays clean

            note(f"copying {source_url.redacted} -> {target_url.redacted}")
            report = copy_store(src, dst, progress)
        finally:
            dst.close()
    finally:
        src.close()
    if as_json:
        print_json(report.to_dict())
        return
    for item in report.tables:
        say(f"  {item.table:<22} {item.source_rows:>10,} {'row' if item.source_rows == 1 else 'rows'} -> "
            f"{item.target_rows:>10,}  ok")   # plural() would not keep the column aligned
    say(f"copied {plural(report.rows, 'row', thousands=True)} in {plural(len(report.tables), 'table')}; "
        "row counts verified")
    say(f"next: set database: {target_url.redacted} in autopattern.yaml "
        "(or AUTOPATTERN_DATABASE_URL) to use it")
    sys.stdout.flush()
