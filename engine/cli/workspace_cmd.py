"""`init`: create a workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from engine.cli.common import JsonOption, print_json, say
from engine.store.url import store_label
from engine.telemetry.store import schema_version
from engine.workspace import init_workspace


def register(app: typer.Typer) -> None:
    app.command("init")(init)


def init(
    path: Annotated[Optional[Path], typer.Argument(help="Folder of the new workspace (default: current folder).")] = None,
    no_rules: Annotated[bool, typer.Option("--no-rules", help="Do not copy the shipped rule packs into rules/.")] = False,
    database: Annotated[Optional[str], typer.Option(
        "--database", help="The store: a path, sqlite:///path.db or postgresql://user@host:port/dbname "
                           "(written to autopattern.yaml; passwords go in PGPASSWORD or ~/.pgpass).",
        show_default=False)] = None,
    as_json: JsonOption = False,
) -> None:
    """Create a workspace: config, database, rules/ (the shipped packs) and patterns/.

    Safe to run again: existing files are kept and an older database is upgraded.
    """
    ws = init_workspace(path or Path.cwd(), copy_rules=not no_rules, database=database)
    db = ws.open_db()
    version = schema_version(db)
    db.close()
    label = store_label(ws.store_url)
    info = {"workspace": str(ws.root), "database": label, "schema_version": version,
            "rules": str(ws.rules_dir), "patterns": str(ws.patterns_dir)}
    if as_json:
        print_json(info)
        return
    say(f"workspace ready: {ws.root}")
    say(f"  database  {label} (schema v{version})")
    say(f"  rules     {ws.rules_dir}")
    say(f"  patterns  {ws.patterns_dir}")
    say(f"next: autopattern ingest EVENTS.jsonl -w {ws.root}   (or try: autopattern demo)")
