"""`watch`: record file events of a directory tree as they happen."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Iterator

import typer

from engine.cli.common import WorkspaceOption, note, say, workspace
from engine.telemetry.watch import DEFAULT_BATCH_SECONDS, DEFAULT_MAX_CONTENT_BYTES, watch
from engine.wording import plural


def register(app: typer.Typer) -> None:
    app.command("watch")(watch_command)


def watch_command(
    directory: Annotated[Path, typer.Argument(help="The directory tree to watch.", metavar="DIR",
                                              exists=True, file_okay=False, dir_okay=True)],
    workspace_path: WorkspaceOption = None,
    max_content_bytes: Annotated[int, typer.Option(
        "--max-content-bytes", min=0,
        help="Store the content of text files up to this size (bytes); larger or binary "
             "files are recorded without content.")] = DEFAULT_MAX_CONTENT_BYTES,
    batch_seconds: Annotated[float, typer.Option(
        "--batch-seconds", min=0.05,
        help="Store what happened every this many seconds, in one transaction.")] = DEFAULT_BATCH_SECONDS,
) -> None:
    """Watch DIRECTORY and record created / modified / deleted files as file events.

    Ignores .git, the workspace's own database and patterns, and whatever the tree's
    .gitignore files exclude. Prints one line per stored batch. Stop with Ctrl-C (or
    SIGTERM): the last batch is stored before exiting.

    Example: autopattern watch ./src -w ./ws --max-content-bytes 32768
    """
    from engine.telemetry.ingest import ingest_records

    ws = workspace(workspace_path, established=False)
    db = ws.open_db(create=False)
    stop = threading.Event()

    def store(records):
        return ingest_records(db, records, source="watch", extra_masks=ws.masks)

    def report(records, result) -> None:
        actions = {}
        for record in records:
            actions[record.event["action"]] = actions.get(record.event["action"], 0) + 1
        detail = ", ".join(f"{count} {action}" for action, count in actions.items())
        say(f"{datetime.now():%H:%M:%S}  {plural(len(records), 'file event')} ({detail}): "
            f"{result.stored} stored, {plural(result.duplicates, 'duplicate')}, {result.rejected} rejected")

    try:
        with _stop_on_signals(stop):
            summary = watch(directory, store, stop, max_content_bytes=max_content_bytes,
                            batch_seconds=batch_seconds, ignore_paths=_own_paths(ws),
                            on_batch=report,
                            on_ready=lambda: note(f"watching {directory.resolve()} (Ctrl-C to stop)"))
    finally:
        db.close()
    note(f"stopped: {plural(summary.events, 'file event')} in {plural(summary.batches, 'batch')}")


def _own_paths(ws) -> list[Path]:
    """The workspace's files that change whenever we store: never events themselves."""
    url = ws.store_url
    if url.dialect != "sqlite" or url.path is None:
        return [ws.patterns_dir]
    db = url.path
    return [db, *(db.with_name(db.name + suffix)
                  for suffix in ("-wal", "-shm", "-journal")), ws.patterns_dir]


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Ctrl-C and SIGTERM set ``stop`` instead of killing the process mid-batch."""
    def handler(_signum, _frame) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
