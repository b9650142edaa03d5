"""`ingest`: store telemetry from JSON Lines files, stdin or the importers' formats."""

from __future__ import annotations

import shutil
import sys
import tempfile
from contextlib import contextmanager
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Annotated, Callable, Iterator, Optional

import typer

from engine.cli.common import JsonOption, WorkspaceOption, fail, note, print_json, say, workspace
from engine.errors import AutopatternError, Location
from engine.telemetry.ingest import (IngestSummary, RejectsWriter, ingest_records,
                                     record_ingest_run)
from engine.telemetry.store import utc_now_text

JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json-lines", ".jsonlines"}
LARGE_INPUT_BYTES = 8 << 20  # show a progress bar above this much input even without a TTY


class Format(str, Enum):
    auto = "auto"
    jsonl = "jsonl"
    otlp = "otlp"
    junit = "junit"
    github_actions = "github-actions"


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)


def ingest(
    inputs: Annotated[list[str], typer.Argument(
        help="Files to read; '-' reads stdin; a directory stands for every file under it.",
        metavar="FILE|-...")],
    fmt: Annotated[Format, typer.Option(
        "--format", "-f", help="Input format; auto tells it from the file's content.",
        case_sensitive=False)] = Format.auto,
    rejects: Annotated[Optional[Path], typer.Option(
        "--rejects", help="Where to write rejected lines as JSON Lines (default: "
                          "<workspace>/rejects/<timestamp>.jsonl, only when something is rejected).",
        dir_okay=False)] = None,
    workspace_path: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Validate and store telemetry events; report what was stored and what was rejected.

    Events already stored (same type and id) are counted as duplicates, so ingesting a
    file twice is safe. Rejected lines never stop the valid ones; each is reported as
    file:line: field: reason and copied to the rejects file, ready to fix and re-ingest.

    Exit code: 0 when every event was stored (or already there), 1 when some were
    rejected, 2 when nothing could be read (missing file, no workspace), 130 when
    interrupted (the batches already stored are kept).

    \b
    Examples:
      autopattern ingest events.jsonl
      cat events.jsonl | autopattern ingest - --json
      autopattern ingest reports/ --format junit --rejects bad.jsonl
    """
    ws = workspace(workspace_path, established=False)
    try:
        files = _expand(inputs)
        db = ws.open_db(create=False)
    except AutopatternError as exc:
        fail(exc)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    writer = (RejectsWriter(rejects) if rejects else
              RejectsWriter(ws.root / "rejects" / f"{stamp}.jsonl", keep_existing=True))
    started = utc_now_text()
    total = IngestSummary()
    formats: list[str] = []
    try:
        with _progress(files, fmt) as progress:
            for name in files:
                chosen = _format_of(name, fmt)
                formats.append(chosen)
                with _readable(name, chosen) as path:
                    records = _read(path, chosen, name)
                    total.add(ingest_records(db, records, source=chosen, rejects=writer,
                                             progress=progress, extra_masks=ws.masks))
    except (AutopatternError, OSError) as exc:
        if total.read:
            _report(total, as_json, partial=True)
        if isinstance(exc, OSError):
            exc = AutopatternError(f"cannot read: {exc.strerror or exc}",
                                   Location(str(exc.filename)) if exc.filename else None)
        fail(exc)
    except KeyboardInterrupt:
        note("interrupted: the batches already stored are kept; run the same command "
             "again to finish (stored events then count as duplicates)")
        raise typer.Exit(130)
    finally:
        writer.close()
    total.rejects_path = writer.path if writer.written else None
    source = formats[0] if len(set(formats)) == 1 else "mixed"
    record_ingest_run(db, total, source=source, inputs=files, started_at=started)
    db.close()
    _report(total, as_json)
    raise typer.Exit(0 if total.ok else 1)


def _expand(inputs: list[str]) -> list[str]:
    """Input names with directories replaced by the (non-hidden) files under them, sorted."""
    files: list[str] = []
    for name in inputs:
        path = Path(name)
        if name == "-":
            files.append(name)
        elif path.is_dir():
            # CI artifacts come as run-N/junit.xml: walk the whole tree, skipping hidden parts
            inside = sorted(str(p) for p in path.rglob("*")
                            if p.is_file() and not any(part.startswith(".")
                                                       for part in p.relative_to(path).parts))
            if not inside:
                raise AutopatternError("the directory holds no files", Location(name))
            files.extend(inside)
        elif path.is_file():
            files.append(name)
        else:
            raise AutopatternError("no such file or directory", Location(name))
    if files.count("-") > 1:
        raise AutopatternError("stdin ('-') can be read only once")
    return files


def _format_of(name: str, fmt: Format) -> str:
    if fmt is not Format.auto:
        return fmt.value
    if name == "-":
        return "jsonl"
    from engine.telemetry.importers.detect import _head, detect_format, sniff
    if Path(name).suffix.lower() in JSONL_SUFFIXES:
        # a collector writes OTLP as one JSON document per line, often named *.jsonl;
        # an empty (or blank) .jsonl file is simply zero events
        try:
            found = sniff(_head(Path(name)))
        except AutopatternError:
            return "jsonl"
        return "jsonl" if not found or "jsonl" in found else found[0]
    return detect_format(Path(name))


@contextmanager
def _readable(name: str, fmt: str) -> Iterator[Path | str]:
    """A path the reader can open; stdin in a non-streaming format is spooled to a file."""
    if name != "-" or fmt == "jsonl":
        yield name
        return
    with tempfile.TemporaryDirectory(prefix="autopattern-stdin-") as folder:
        spooled = Path(folder) / "stdin"
        with open(spooled, "wb") as out:
            shutil.copyfileobj(sys.stdin.buffer, out)
        yield spooled


def _read(path: Path | str, fmt: str, name: str):
    from engine.telemetry.importers import read_records
    if fmt == "jsonl":
        from engine.telemetry.jsonl import read_jsonl
        return read_jsonl(path, name=None if name == "-" else name)
    return read_records(Path(path), fmt)


@contextmanager
def _progress(files: list[str], fmt: Format) -> Iterator[Callable[[int], None] | None]:
    """Progress on stderr: a bar on a terminal, a line per tenth on a large piped input.

    The total is the line count of the JSON Lines inputs (cheap to count); for other
    formats or stdin it is unknown and nothing is shown.
    """
    if "-" in files or any(_format_of_cheap(name, fmt) != "jsonl" for name in files):
        yield None
        return
    tty = sys.stderr.isatty()
    if not tty and sum(Path(name).stat().st_size for name in files) < LARGE_INPUT_BYTES:
        yield None
        return
    lines = sum(_count_lines(Path(name)) for name in files)
    if not tty:
        yield _LineProgress(lines).update
        return
    with typer.progressbar(length=lines, label="ingesting", file=sys.stderr,
                           show_pos=True) as bar:
        yield bar.update


class _LineProgress:
    """For logs: ``ingesting: 12,000/120,000 lines`` each time another tenth is done."""

    def __init__(self, total: int):
        self.total, self.done, self.shown = total, 0, 0

    def update(self, count: int) -> None:
        self.done += count
        step = max(self.total // 10, 1)
        if self.done - self.shown >= step or self.done >= self.total:
            self.shown = self.done
            note(f"ingesting: {self.done:,}/{self.total:,} lines")


def _format_of_cheap(name: str, fmt: Format) -> str:
    if fmt is not Format.auto:
        return fmt.value
    return "jsonl" if Path(name).suffix.lower() in JSONL_SUFFIXES else "unknown"


def _count_lines(path: Path) -> int:
    count = 0
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            count += chunk.count(b"\n")
    return count


def _report(summary: IngestSummary, as_json: bool, *, partial: bool = False) -> None:
    if as_json:
        data = summary.to_dict()
        data["complete"] = not partial
        print_json(data)
        return
    by_type = ", ".join(f"{kind} {count:,}" for kind, count in summary.stored_by_type.items()
                        if count)
    say(f"read {summary.read:,} events in {summary.seconds:.2f}s: stored {summary.stored:,}"
        + (f" ({by_type})" if by_type else "")
        + f", duplicates {summary.duplicates:,}, rejected {summary.rejected:,}")
    if summary.rejections:
        shown = len(summary.rejections)
        say(f"rejected (first {shown} of {summary.rejected:,}):" if shown < summary.rejected
            else "rejected:")
        for rejection in summary.rejections:
            say(f"  {rejection}")
    if summary.rejects_path:
        say(f"rejected lines written to {summary.rejects_path}")
    if summary.analyzed:
        say(f"planner statistics refreshed for {', '.join(summary.analyzed)} (the tables grew by a quarter)")
    if partial:
        note("stopped early: the batches above were stored; fix the error and run again "
             "(already stored events count as duplicates)")
