"""`ingest`: store telemetry from JSON Lines files, stdin or the importers' formats."""

from __future__ import annotations

import shutil
import sys
import tempfile
from contextlib import contextmanager
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Annotated, Callable, Iterable, Iterator, Optional

import typer

from engine.cli.common import JsonOption, WorkspaceOption, note, print_json, render_error, say, workspace
from engine.errors import AutopatternError, Location
from engine.telemetry.ingest import (IngestSummary, RejectsWriter, SkippedFile, ingest_records,
                                     record_ingest_run)
from engine.telemetry.inputs import (DECOMPRESSION_ERRORS, describe_unreadable, logical_suffix,
                                     read_head)
from engine.clock import utc_now_text
from engine.telemetry.records import SourceRecord
from engine.wording import plural

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

    Every file of a folder is read: one that cannot be (empty, binary, unknown format,
    damaged .gz) is skipped and listed at the end with the reason. Files compressed with
    gzip are read as they are. Events stored other than as written (a fallback time, a
    corrected duration) are listed as warnings; rows already past the retention window
    are announced with what the next evaluate will do and how to keep them.

    Exit code: 0 when every event was stored (or already there), 1 when some were
    rejected or some files could not be read, 2 when nothing could be read (every input
    missing or unreadable, no workspace), 130 when interrupted (the batches already
    stored are kept).

    \b
    Examples:
      autopattern ingest events.jsonl
      cat events.jsonl | autopattern ingest - --json
      autopattern ingest reports/ --format junit --rejects bad.jsonl
    """
    ws = workspace(workspace_path, established=False)
    files, skipped = _expand(inputs)
    db = ws.open_db(create=False)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    writer = (RejectsWriter(rejects) if rejects else
              RejectsWriter(ws.root / "rejects" / f"{stamp}.jsonl", keep_existing=True))
    started = utc_now_text()
    total = IngestSummary()
    total.skipped = skipped
    formats: list[str] = []
    read_files: list[str] = []
    try:
        with _progress(files, fmt) as progress:
            for name in files:
                try:
                    chosen = _format_of(name, fmt)
                except AutopatternError as exc:
                    total.skipped.append(SkippedFile(name, _reason(exc)))
                    continue
                except OSError as exc:
                    total.skipped.append(SkippedFile(name, f"cannot read: {exc.strerror or exc}"))
                    continue
                formats.append(chosen)
                read_files.append(name)
                with _readable(name, chosen) as path:
                    guard = _ReadGuard(name)
                    records = guard.wrap(_read(path, chosen, name, total.warn))
                    total.add(ingest_records(db, records, source=chosen, rejects=writer,
                                             progress=progress, extra_masks=ws.masks))
                    if guard.problem:
                        total.skipped.append(SkippedFile(name, guard.problem, partly=guard.count > 0))
                        if not guard.count:
                            read_files.remove(name)
    except AutopatternError:
        # unlike other commands, ingest first reports what it stored before the error (the
        # batches stay stored); the one handler then prints the error
        if total.read:
            _report(total, as_json, partial=True)
        raise
    except KeyboardInterrupt:
        note("interrupted: the batches already stored are kept; run the same command "
             "again to finish (stored events then count as duplicates)")
        raise typer.Exit(130)
    finally:
        writer.close()
    total.rejects_path = writer.path if writer.written else None
    if not read_files and total.skipped:
        # nothing could be read: say why for each input, on stderr, and exit 2
        db.close()
        if as_json:
            _report(total, as_json)
        for item in total.skipped[:-1]:
            typer.echo(render_error(AutopatternError(item.reason, Location(item.path))), err=True)
        last = total.skipped[-1]
        raise AutopatternError(last.reason, Location(last.path), hint=_skip_hint(total.skipped))
    source = formats[0] if len(set(formats)) == 1 else "mixed"
    record_ingest_run(db, total, source=source, inputs=files, started_at=started)
    db.close()
    if total.stored:
        from engine.evaluate.outlook import retention_outlook
        total.retention = retention_outlook(ws)
    _report(total, as_json)
    raise typer.Exit(0 if total.ok and not total.skipped else 1)


def _reason(exc: AutopatternError) -> str:
    return exc.message + (f" ({exc.hint})" if exc.hint else "")


def _skip_hint(skipped: list[SkippedFile]) -> str | None:
    if any("cannot tell the format" in item.reason for item in skipped):
        return "pass --format to read a file whose format cannot be told from its content"
    return None


class _ReadGuard:
    """Stops reading one file at an error of the file itself (unreadable, a damaged .gz).

    The events read before the error are stored as usual; the file is then listed as
    not (fully) read with the reason, and the next file is read.
    """

    def __init__(self, name: str):
        self.name = name
        self.count = 0
        self.problem: str | None = None

    def wrap(self, records: Iterable[SourceRecord]) -> Iterator[SourceRecord]:
        try:
            for record in records:
                self.count += 1
                yield record
        except DECOMPRESSION_ERRORS as exc:
            self.problem = f"damaged gzip data: {exc}"
        except OSError as exc:
            self.problem = f"cannot read: {exc.strerror or exc}"


def _expand(inputs: list[str]) -> tuple[list[str], list[SkippedFile]]:
    """Input names with directories replaced by the (non-hidden) files under them, sorted.

    A name that does not exist, or a folder with no files, is not an error that stops
    the others: it is listed among the inputs not read.
    """
    files: list[str] = []
    skipped: list[SkippedFile] = []
    for name in inputs:
        path = Path(name)
        if name == "-":
            files.append(name)
        elif path.is_dir():
            # CI artifacts come as run-N/junit.xml: walk the whole tree, skipping hidden parts
            inside, odd = [], []
            for p in sorted(path.rglob("*")):
                if any(part.startswith(".") for part in p.relative_to(path).parts) or p.is_dir():
                    continue
                if p.is_file():
                    inside.append(str(p))
                elif p.is_symlink() and not p.exists():
                    odd.append(SkippedFile(str(p), "a broken symbolic link"))
                else:
                    odd.append(SkippedFile(str(p), "not a regular file (a socket, pipe or device)"))
            if not inside and not odd:
                skipped.append(SkippedFile(name, "the directory holds no files"))
            files.extend(inside)
            skipped.extend(odd)
        elif path.is_file():
            files.append(name)
        else:
            skipped.append(SkippedFile(name, "no such file or directory"))
    if files.count("-") > 1:
        raise AutopatternError("stdin ('-') can be read only once")
    return files, skipped


def _format_of(name: str, fmt: Format) -> str:
    if fmt is not Format.auto:
        return fmt.value
    if name == "-":
        return "jsonl"
    from engine.telemetry.importers.detect import SNIFF_BYTES, detect_format, sniff
    if logical_suffix(name) in JSONL_SUFFIXES:
        # a collector writes OTLP as one JSON document per line, often named *.jsonl;
        # an empty (or blank) .jsonl file is simply zero events
        try:
            head = read_head(name, SNIFF_BYTES)
        except DECOMPRESSION_ERRORS as exc:
            raise AutopatternError(f"cannot decompress: {exc}", Location(name)) from exc
        # named as JSON Lines: read line by line even when some bytes are not text, so a
        # bad line is one rejection and the good lines around it are stored
        found = sniff(head.decode("utf-8", errors="replace")) if describe_unreadable(head) is None else []
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


def _read(path: Path | str, fmt: str, name: str, warn: Callable[[str, str], None]):
    from engine.telemetry.importers import read_records
    if fmt == "jsonl":
        from engine.telemetry.jsonl import read_jsonl
        return read_jsonl(path, name=None if name == "-" else name)
    return read_records(Path(path), fmt, warn=warn)


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
    from engine.evaluate.outlook import describe
    if as_json:
        data = summary.to_dict()
        data["complete"] = not partial
        print_json(data)
        return
    by_type = ", ".join(f"{kind} {count:,}" for kind, count in summary.stored_by_type.items()
                        if count)
    say(f"read {plural(summary.read, 'event', thousands=True)} in {summary.seconds:.2f}s: stored {summary.stored:,}"
        + (f" ({by_type})" if by_type else "")
        + f", duplicates {summary.duplicates:,}, rejected {summary.rejected:,}")
    if summary.rejections:
        shown = len(summary.rejections)
        say(f"rejected (first {shown} of {summary.rejected:,}):" if shown < summary.rejected
            else "rejected:")
        for rejection in summary.rejections:
            say(f"  {rejection}")
    if summary.rejects_path:
        say(f"rejected lines written to {summary.rejects_path} (fix them there and ingest "
            "that file again)")
    if summary.warnings:
        shown = len(summary.warnings)
        say(f"stored with a warning (first {shown} of {summary.warned:,}):"
            if shown < summary.warned else "stored with a warning:")
        for warning in summary.warnings:
            say(f"  {warning}")
    if summary.skipped:
        count = len(summary.skipped)
        say(f"not read: {plural(count, 'file')} (the others were read):")
        for item in summary.skipped:
            say(f"  {item}")
    if summary.analyzed:
        say(f"planner statistics refreshed for {', '.join(summary.analyzed)} "
            "(new, or grown by a quarter since the last refresh)")
    for line in describe(summary.retention):
        say(line)
    if partial:
        note("stopped early: the batches above were stored; fix the error and run again "
             "(already stored events count as duplicates)")
