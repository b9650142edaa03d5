"""`patterns list|show|approve|reject|quarantine|release`: read and decide on the registry."""

from __future__ import annotations

import getpass
import json
from typing import Annotated, Any, Optional

import typer

from engine.cli.common import JsonOption, WorkspaceOption, fail, print_json, say, workspace
from engine.registry import decide, decisions_for, list_entries
from engine.registry.decisions import require_pattern
from engine.registry.documents import Document
from engine.registry.index import document_of
from engine.registry.layout import ALL_KINDS, STATUSES
from engine.wording import plural

patterns_app = typer.Typer(
    help="List, inspect and decide on the pattern registry (patterns/).\n\n"
         "A person's decision outranks the engine's and survives later `evaluate` runs; "
         "`release` hands a pattern back to the engine.",
    no_args_is_help=True, add_completion=False, rich_markup_mode=None)

ReasonOption = Annotated[str, typer.Option("--reason", "-r", help="Why (recorded in the audit trail).")]
ActorOption = Annotated[Optional[str], typer.Option(
    "--actor", help="Who decides (default: $AUTOPATTERN_ACTOR, else the login name).",
    envvar="AUTOPATTERN_ACTOR", show_default=False)]
IdArgument = Annotated[str, typer.Argument(help="Pattern id, a unique id prefix, or its exact name "
                                                "(see `autopattern patterns list`).")]

LIST_COLUMNS = ("name", "id", "kind", "status", "confidence", "rule", "evidence", "created", "updated")


def register(app: typer.Typer) -> None:
    app.add_typer(patterns_app, name="patterns")


def _open(path):
    ws = workspace(path)
    return ws, ws.open_db(create=False)


@patterns_app.command("list")
def list_command(
    kind: Annotated[Optional[str], typer.Option("--kind", "-k", help=f"Only this kind, e.g. {', '.join(ALL_KINDS)}.")] = None,
    status: Annotated[Optional[str], typer.Option("--status", "-s", help=f"Only this status: {', '.join(STATUSES)} "
                                                  "(docs/registry.md says what each means).")] = None,
    path: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the registry's documents: name, id, kind, status, confidence, rule, evidence, dates.

    The status is the decision: quarantined (whatever the subject: a pattern, an operation
    such as a flaky test), auto_apply / ask_first for self-heals, approved, draft, ...

    Example: `autopattern patterns list --kind pattern_candidate --status approved`
    """
    if status is not None and status not in STATUSES:
        fail(f"--status: unknown status {status!r}; choose one of {', '.join(STATUSES)}")
    if kind is not None and kind not in ALL_KINDS:
        fail(f"--kind: unknown kind {kind!r}; choose one of {', '.join(ALL_KINDS)}")
    _, db = _open(path)
    rows = list_entries(db, kind=kind, status=status)
    db.close()
    if as_json:
        print_json([_public(row) for row in rows])
        return
    if not rows:
        say("no patterns" + (" matching the filters" if kind or status else " yet: run `autopattern evaluate`"))
        return
    say(_table([_cells(row) for row in rows], LIST_COLUMNS))
    say(f"\n{plural(len(rows), 'document')}")


@patterns_app.command("show")
def show_command(pattern_id: IdArgument, path: WorkspaceOption = None, as_json: JsonOption = False) -> None:
    """Show one document with its version history and the audit trail of its decisions."""
    ws, db = _open(path)
    try:
        row = require_pattern(db, pattern_id)
        document = document_of(db, ws.patterns_dir, row["id"])
        audit = decisions_for(db, row["id"])
    finally:
        db.close()
    if as_json:
        print_json({"id": row["id"], "path": row["document_path"], "document": document,
                    "decisions": audit})
        return
    say(_describe(row, document, audit))


def _decision_command(action: str, summary: str):
    def command(pattern_id: IdArgument, reason: ReasonOption = "", actor: ActorOption = None,
                path: WorkspaceOption = None, as_json: JsonOption = False) -> None:
        ws, db = _open(path)
        try:
            result = decide(db, ws.patterns_dir, pattern_id, action, actor or _login(),
                            reason or "no reason given")
        finally:
            db.close()
        if as_json:
            print_json(result.to_dict())
        elif not result.changed:
            say(f"{result.id}: already {result.status}, nothing to {action}")
        else:
            say(f"{result.id}: {result.previous_status} -> {result.status}")
            for moved in result.removed:
                say(f"  moved from {moved}")
            for written in result.documents:
                say(f"  wrote {written}")

    command.__doc__ = summary
    return command


for _action, _summary in (
    ("approve", "Approve a pattern (a person's decision; outranks the engine)."),
    ("reject", "Reject a pattern: it moves to rejected/ and the engine will not revive it."),
    ("quarantine", "Quarantine a pattern: it moves to quarantine/ and is no longer offered."),
    ("release", "Hand a pattern back to the engine: its status returns to the engine's opinion."),
):
    patterns_app.command(_action)(_decision_command(_action, _summary))


@patterns_app.command("upgrade")
def upgrade_command(path: WorkspaceOption = None, dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Say what would be converted; write nothing.")] = False,
        as_json: JsonOption = False) -> None:
    """Convert documents an older version wrote (JSON, old statuses) to YAML, keeping their history.

    `evaluate` does this too before it runs; a second upgrade changes nothing.
    """
    from engine.registry.upgrade import upgrade_registry
    from engine.clock import utc_now_text

    ws, db = _open(path)
    try:
        summary = upgrade_registry(db, ws.patterns_dir, now=utc_now_text(), dry_run=dry_run)
    finally:
        db.close()
    if as_json:
        print_json(summary.to_dict())
        return
    if not summary.converted:
        say("nothing to upgrade: every document is current")
        return
    verb = "would convert" if dry_run else "converted"
    say(f"{verb} {plural(len(summary.converted), 'document')} to YAML")
    for doc_id, (old, new) in summary.statuses.items():
        say(f"  {doc_id}: status {old} -> {new}")
    for written in summary.converted:
        say(f"  {'would write' if dry_run else 'wrote'} {written}")


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:   # no login name in some containers
        return "unknown"


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "kind": row["kind"], "status": row["status"], "name": row["name"],
            "confidence": row["confidence"], "pack": row["pack"], "rule": row["rule"],
            "decided_by": row["decided_by"], "evidence": row["evidence"],
            "evidence_count": row["evidence_count"], "version": row["version"],
            "created": row["created"], "updated": row["updated"], "path": row["path"]}


def _cells(row: dict[str, Any]) -> list[str]:
    confidence = "" if row["confidence"] is None else f"{row['confidence']:.2f}"
    status = row["status"] + ("*" if row["decided_by"] == "human" else "")
    return [_clip(row["name"], 60), row["id"], row["kind"], status, confidence, row["rule"],
            str(row["evidence_count"]), row["created"][:16], row["updated"][:16]]


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(rows: list[list[str]], headers: tuple[str, ...]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.upper().ljust(w) for h, w in zip(headers, widths)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    if any(r[3].endswith("*") for r in rows):
        lines.append("(* decided by a person)")
    return "\n".join(lines)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _describe(row: dict[str, Any], document: dict[str, Any] | None, audit: list[dict[str, Any]]) -> str:
    lines = [f"{row['id']}  ({row['kind']}, {row['status']}, decided by {row['decided_by']})",
             f"  name        {row['name']}",
             f"  rule        {row['pack']}.{row['rule']}",
             f"  confidence  {'-' if row['confidence'] is None else round(row['confidence'], 4)}",
             f"  file        {row['document_path']}",
             f"  created     {row['created']}   updated {row['updated']}   version {row['version']}",
             f"  evidence    {', '.join(row['evidence']) or '-'}"]
    if document is None:
        lines.append("  (the document file is missing; run `autopattern evaluate` to write it again)")
        return "\n".join(lines)
    lines.append(f"  reason      {document['reason']}")
    if document.get("engine"):
        lines.append(f"  engine says {document['engine']['decision']}: {document['engine']['reason']}")
    if document.get("quarantine"):
        q = document["quarantine"]
        lines.append(f"  quarantined since {q['since']} by {q['actor']}: {q['reason']}")
    for warning in document.get("warnings") or []:
        lines.append(f"  warning     {warning['message']}")
    extras = {k: v for k, v in document.items() if k not in Document.model_fields and k != "warnings"}
    if extras:
        lines.append(f"  {document['kind']}")
        lines += [f"    {name} = {_text(value)}" for name, value in extras.items()]
    if document["fields"]:
        lines.append("  fields")
        lines += [f"    {name} = {_text(value)}" for name, value in document["fields"].items()]
    lines.append("  history")
    for entry in document["history"]:
        changed = ", ".join(entry["changes"]) or "-"
        lines.append(f"    v{entry['version']} {entry['ts']} {entry['actor']} -> {entry['status']}"
                     f" [{changed}] {entry['reason']}")
    lines.append("  decisions")
    lines += [f"    {d['ts']} {d['actor']} {d['decision']} (was {d['previous_status'] or '-'}): {d['reason']}"
              for d in audit] or ["    -"]
    return "\n".join(lines)
