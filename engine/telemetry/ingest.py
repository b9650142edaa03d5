"""Ingest: validate, deduplicate, mine templates for, and store telemetry events.

Every source (JSON Lines, the importers, the Python API, the demo) hands over
``SourceRecord``s; this module is the one place they become rows. Work is done in
batches, one transaction each, so a crash mid-file loses at most the
batch in flight, and re-running the same file stores nothing twice (events are keyed by
their ``id``). A bad record never stops the good ones: it is counted, reported with its
location, field and reason, and copied to a rejects file that can be fixed and re-fed.

On PostgreSQL each batch streams its rows with COPY and skips stored ids with
``ON CONFLICT (id) DO NOTHING``, and takes the ``ingest`` advisory lock for its
transaction: any number of processes can ingest into one database, each batch mining
templates against the state the batches before it committed (SQLite's write lock gives
the same order). So the same text gets the same template whichever process saw it
first, and nothing is stored twice even when processes are handed the same events.
"""

from __future__ import annotations

import gc
import json
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, Sequence

from engine.clock import format_ts, utc_now_text
from engine.errors import Location, StoreError
from engine.mining.signature import content_signature
from engine.models import ErrorEvent, Event, ExecutionEvent, FileEvent
from engine.store import Store
from engine.telemetry.records import SourceRecord
from engine.telemetry.statistics import refresh_statistics
from engine.telemetry.templates import TemplateAssigner, json_text
from engine.telemetry.validate import Problem, check_event

_quote = json.encoder.encode_basestring  # the C string encoder behind json_text

FIRST_REJECTIONS = 20   # how many rejections a summary carries in full
_ID_CHUNK = 500         # ids per "already stored?" query
_SIGNED, _SIGNED_CHARS = 4096, 8192  # contents whose signature is remembered, and their size

TABLES = {"execution": "execution_logs", "file": "file_events", "error": "error_events"}
COLUMNS = {
    "execution": ("id", "ts", "operation", "command", "command_template_id", "command_params",
                  "status", "duration_ms", "pattern_id", "actor", "files", "source", "attrs",
                  "ingested_at"),
    "file": ("id", "ts", "path", "path_template_id", "path_params", "action", "size",
             "execution_id", "content", "content_signature", "content_template_id", "source",
             "attrs", "ingested_at"),
    "error": ("id", "ts", "message", "message_template_id", "message_params", "error_type",
              "execution_id", "resolution", "resolution_template_id", "resolution_params",
              "resolved", "resolution_ms", "source", "attrs", "ingested_at"),
}


@dataclass(frozen=True)
class Rejection:
    """One refused record: where it came from, which field, and why.

    ``field``/``reason`` are the first problem; ``errors`` lists every problem of the
    record (field and reason each) when there are several, so one pass fixes the line.
    The same keys name them in ``--json`` and in the rejects file.
    """

    location: str
    line: int | None
    field: str | None
    reason: str
    errors: tuple[tuple[str | None, str], ...] = ()

    def __str__(self) -> str:
        if len(self.errors) > 1:
            return f"{self.location}: " + "; ".join(
                f"{name}: {why}" if name else why for name, why in self.errors)
        return f"{self.location}: {self.field}: {self.reason}" if self.field \
            else f"{self.location}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return {"location": self.location, "line": self.line, "field": self.field,
                "reason": self.reason,
                "errors": [{"field": name, "reason": why} for name, why in self.errors]
                or [{"field": self.field, "reason": self.reason}]}


@dataclass(frozen=True)
class SkippedFile:
    """An input not read (or not read to its end), and why: empty, binary, unknown format...

    ``partly`` says some of its events were read before the problem (they were stored).
    """

    path: str
    reason: str
    partly: bool = False

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" + (" (the events before it were read)" if self.partly else "")


@dataclass(frozen=True)
class IngestWarning:
    """Something stored, but not as written: a time read from a fallback, a corrected value."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass
class IngestSummary:
    """What one ingest did. ``read == stored + duplicates + rejected`` always holds."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    stored_by_type: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    rejections: list[Rejection] = field(default_factory=list)  # the first FIRST_REJECTIONS
    rejects_path: Path | None = None
    seconds: float = 0.0
    analyzed: list[str] = field(default_factory=list)  # tables whose planner statistics were refreshed
    skipped: list[SkippedFile] = field(default_factory=list)      # inputs not (fully) read
    warned: int = 0                                               # events stored with a warning
    warnings: list[IngestWarning] = field(default_factory=list)   # the first FIRST_REJECTIONS
    retention: dict[str, Any] | None = None   # stored events already past retention (the CLI fills it)

    @property
    def ok(self) -> bool:
        return self.rejected == 0

    def warn(self, location: str, message: str) -> None:
        """Note an event stored with a warning (readers call this as they go)."""
        self.warned += 1
        if len(self.warnings) < FIRST_REJECTIONS:
            self.warnings.append(IngestWarning(location, message))

    def add(self, other: "IngestSummary") -> None:
        """Fold another run's counts into this one (several files, one report)."""
        self.read += other.read
        self.stored += other.stored
        self.duplicates += other.duplicates
        self.rejected += other.rejected
        for kind, count in other.stored_by_type.items():
            self.stored_by_type[kind] = self.stored_by_type.get(kind, 0) + count
        room = FIRST_REJECTIONS - len(self.rejections)
        self.rejections.extend(other.rejections[:max(room, 0)])
        self.rejects_path = self.rejects_path or other.rejects_path
        self.seconds += other.seconds
        self.analyzed.extend(t for t in other.analyzed if t not in self.analyzed)
        self.skipped.extend(other.skipped)
        self.warned += other.warned
        room = FIRST_REJECTIONS - len(self.warnings)
        self.warnings.extend(other.warnings[:max(room, 0)])

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["rejects_path"] = str(self.rejects_path) if self.rejects_path else None
        data["seconds"] = round(self.seconds, 3)
        data["rejections"] = [rejection.to_dict() for rejection in self.rejections]
        return data


class RejectsWriter:
    """Writes rejected records as JSON Lines, creating the file only when needed.

    With ``keep_existing`` an existing file is never overwritten: the writer picks
    ``name-2.jsonl``, ``name-3.jsonl``... (two runs within one timestamp tick).
    """

    def __init__(self, path: Path | None, *, keep_existing: bool = False):
        self.path = path
        self.keep_existing = keep_existing
        self.written = 0
        self._stream: IO[str] | None = None

    def write(self, record: SourceRecord, rejection: Rejection) -> None:
        if self.path is None:
            return
        if self._stream is None:
            self._stream = self._open()
        entry = rejection.to_dict()
        entry["raw"] = _raw_entry(record)
        self._stream.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")
        self.written += 1

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()

    def _open(self) -> IO[str]:
        try:
            return self._create()
        except OSError as exc:
            raise StoreError(f"cannot write the rejects file: {exc.strerror or exc}",
                             Location(str(self.path)),
                             hint="pass --rejects with a writable path; the batches before "
                                  "this one are stored") from exc

    def _create(self) -> IO[str]:
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.keep_existing:
            return open(self.path, "w", encoding="utf-8")
        base, number = self.path, 1
        while True:
            try:
                return open(self.path, "x", encoding="utf-8")
            except FileExistsError:
                number += 1
                self.path = base.with_name(f"{base.stem}-{number}{base.suffix}")


def _raw_entry(record: SourceRecord) -> str | None:
    """The record's original text for the rejects file (exact: fix it there and ingest the
    rejects file again), or its JSON when it came from a reader without text."""
    raw = record.raw
    if raw is None and record.event is not None:
        raw = json.dumps(record.event, ensure_ascii=False, default=str)
    return raw.rstrip("\r\n") if raw is not None else None


def ingest_records(
    db: Store,
    records: Iterable[SourceRecord],
    *,
    source: str = "jsonl",
    rejects_path: Path | None = None,
    batch_size: int = 5000,
    progress: Callable[[int], None] | None = None,
    extra_masks: Sequence[dict[str, Any]] | None = None,
    rejects: RejectsWriter | None = None,
) -> IngestSummary:
    """Store every valid record, reject the rest, and say what happened.

    ``progress`` is called after each batch with the number of records it held.
    ``extra_masks`` are the workspace's template-mining masks. ``rejects`` (instead of
    ``rejects_path``) shares one rejects file between several calls; its owner closes it.
    """
    started = time.perf_counter()
    summary = IngestSummary()
    own_rejects = rejects is None
    if rejects is None:
        rejects = RejectsWriter(rejects_path)
    writer = BatchWriter(db, source, extra_masks)
    nul_refused = db.dialect == "postgres"
    batch: list[tuple[SourceRecord, Event]] = []
    pending = 0
    # The cyclic GC is paused while a batch is read, validated, mined and stored: a batch
    # allocates tens of thousands of small objects (few of them garbage), whose passes of
    # the collector cost about a tenth of ingest. It runs between batches (the first
    # allocation after ``enable`` triggers it), so garbage stays bounded by one batch.
    pause_gc = gc.isenabled()
    try:
        for record in records:
            if pause_gc and not pending:
                gc.disable()
            summary.read += 1
            pending += 1
            outcome: Event | Problem = (Problem(None, record.error) if record.error is not None
                                        else check_event(record.event))
            if nul_refused and not isinstance(outcome, Problem) and _may_hold_nul(record):
                outcome = _nul_problem(record.event) or outcome
            if isinstance(outcome, Problem):
                _reject(summary, rejects, record, outcome)
            else:
                batch.append((record, outcome))
            if pending >= batch_size:
                writer.write(batch, summary)
                if progress:
                    progress(pending)
                batch, pending = [], 0
                if pause_gc:
                    gc.enable()
        if pending:
            writer.write(batch, summary)
            if progress:
                progress(pending)
        if pause_gc:
            gc.enable()
        if summary.stored:
            summary.analyzed = _refresh_statistics(db)
    finally:
        if pause_gc:
            gc.enable()
        if own_rejects:
            rejects.close()
        summary.seconds = time.perf_counter() - started
    if summary.rejected:
        summary.rejects_path = rejects.path
    return summary


def _refresh_statistics(db: Store) -> list[str]:
    """Keep the planner's statistics in step with the data (see engine.telemetry.statistics).

    The batches are committed by now; a database too busy to analyze only leaves the
    statistics for the next ingest, so it is not an error.
    """
    try:
        return [item.table for item in refresh_statistics(db)]
    except db.errors:
        return []


def record_ingest_run(db: Store, summary: IngestSummary, *, source: str,
                      inputs: Sequence[str], started_at: str) -> None:
    """Keep a row in ``ingest_runs`` saying what was read and what became of it."""
    db.execute(  # one statement: autocommitted on its own
        "INSERT INTO ingest_runs (started_at, finished_at, source, inputs, read, stored, "
        "duplicates, rejected, rejects_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (started_at, utc_now_text(), source, json.dumps(list(inputs)), summary.read,
         summary.stored, summary.duplicates, summary.rejected,
         str(summary.rejects_path) if summary.rejects_path else None))


def _may_hold_nul(record: SourceRecord) -> bool:
    """Whether a record can hold NUL: a line read from a file shows it (escaped or raw)."""
    raw = record.raw
    return raw is None or "\\u0000" in raw or "\x00" in raw


def _nul_problem(value: Any, field: str | None = None) -> Problem | None:
    """PostgreSQL text cannot hold NUL (U+0000): name the field instead of failing the batch."""
    if isinstance(value, str):
        return Problem(field, "holds the NUL character (\\u0000), which PostgreSQL text cannot "
                              "store") if "\x00" in value else None
    items = value.items() if isinstance(value, dict) else enumerate(value) \
        if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(key, str) and "\x00" in key:
            return Problem(field or str(key), "a key holds the NUL character (\\u0000), which "
                                              "PostgreSQL text cannot store")
        found = _nul_problem(item, f"{field}.{key}" if field else str(key))
        if found:
            return found
    return None


def _reject(summary: IngestSummary, rejects: RejectsWriter, record: SourceRecord,
            problem: Problem) -> None:
    rejection = Rejection(record.location, record.line, problem.field, problem.reason,
                          tuple((p.field, p.reason) for p in problem.all))
    summary.rejected += 1
    if len(summary.rejections) < FIRST_REJECTIONS:
        summary.rejections.append(rejection)
    rejects.write(record, rejection)


class BatchWriter:
    """Turns validated events into rows and stores them, one transaction per batch.

    The template miner is loaded afresh inside each batch's write lock, so two
    processes ingesting at once each see the other's committed templates instead of
    overwriting them with a stale copy (loading costs milliseconds per batch).
    ``transaction`` and ``assign`` are public so that a later update of a stored event
    (an error's resolution, through the API) mines its text the same way.
    """

    def __init__(self, db: Store, source: str,
                 extra_masks: Sequence[dict[str, Any]] | None):
        self.db = db
        self.source = source
        self.masks = list(extra_masks or [])
        self.templates: TemplateAssigner | None = None
        self._preparers: dict = {}   # kind -> Preparer: texts masked once per ingest, not per batch
        self._signatures: dict[str, str] = {}  # content -> its signature (files repeat)

    @contextmanager
    def transaction(self, what: str) -> Iterator[None]:
        """The ingest lock, a fresh miner, then flush and commit (or roll back on error)."""
        try:
            with self.db.transaction(lock="ingest"):
                self.templates = TemplateAssigner(self.db, self.masks,
                                                  preparers=self._preparers)
                yield
                self.templates.flush()  # after the rows (it re-points merged ones), before COMMIT
        except self.db.errors as exc:
            raise StoreError(f"could not store {what}: {exc}") from exc
        finally:
            self.templates = None

    def write(self, batch: list[tuple[SourceRecord, Event]], summary: IngestSummary) -> None:
        if not batch:
            return
        with self.transaction(f"a batch of {len(batch)} events"):
            rows = self._new_rows(batch, summary)
            for kind, kind_rows in rows.items():
                if kind_rows:
                    inserted = self.db.insert_rows(TABLES[kind], COLUMNS[kind], kind_rows)
                    summary.stored += inserted
                    summary.stored_by_type[kind] += inserted
                    summary.duplicates += len(kind_rows) - inserted  # defensive: raced ids

    def _new_rows(self, batch: list[tuple[SourceRecord, Event]],
                  summary: IngestSummary) -> dict[str, list[tuple]]:
        """Rows for the events not stored yet; duplicates are counted, not mined."""
        stored = self._stored_ids(batch)
        seen: set[tuple[str, str]] = set()
        now = utc_now_text()
        rows: dict[str, list[tuple]] = {kind: [] for kind in TABLES}
        for record, event in batch:
            key = (event.type, event.id)
            if key in seen or event.id in stored[event.type]:
                summary.duplicates += 1
                continue
            seen.add(key)
            raw_ts = record.event.get("ts") if record.event is not None else None
            rows[event.type].append(self._row(event, _ts_text(raw_ts, event.ts), now))
        return rows

    def _stored_ids(self, batch: list[tuple[SourceRecord, Event]]) -> dict[str, set[str]]:
        wanted: dict[str, list[str]] = {kind: [] for kind in TABLES}
        for _record, event in batch:
            wanted[event.type].append(event.id)
        found: dict[str, set[str]] = {kind: set() for kind in TABLES}
        if self.db.dialect == "postgres":   # one array parameter per table, however many ids
            for kind, ids in wanted.items():
                if ids:
                    found[kind].update(row[0] for row in self.db.execute(
                        f"SELECT id FROM {TABLES[kind]} WHERE id = ANY(?)", [ids]))
            return found
        for kind, ids in wanted.items():
            for start in range(0, len(ids), _ID_CHUNK):
                chunk = ids[start:start + _ID_CHUNK]
                sql = (f"SELECT id FROM {TABLES[kind]} "
                       f"WHERE id IN ({', '.join('?' for _ in chunk)})")
                found[kind].update(row[0] for row in self.db.execute(sql, chunk))
        return found

    def _row(self, event: Event, ts: str, now: str) -> tuple:
        extra = event.model_extra
        attrs = _json_object(extra) if extra else None
        if isinstance(event, ExecutionEvent):
            tid, params = self.assign("command", event.command, ts)
            files = _json_strings(event.files) if event.files is not None else None
            return (event.id, ts, event.operation, event.command, tid, params, event.status,
                    event.duration_ms, event.pattern_id, event.actor, files, self.source,
                    attrs, now)
        if isinstance(event, FileEvent):
            path_tid, path_params = self.assign("path", event.path, ts)
            signature = content_tid = None
            if event.content is not None:
                signature = self._signature(event.content)
                content_tid, _ = self.assign("content", signature, ts)
            return (event.id, ts, event.path, path_tid, path_params, event.action, event.size,
                    event.execution_id, event.content, signature, content_tid, self.source,
                    attrs, now)
        assert isinstance(event, ErrorEvent)
        message_tid, message_params = self.assign("message", event.message, ts)
        fix_tid, fix_params = self.assign("resolution", event.resolution, ts)
        resolved = None if event.resolved is None else int(event.resolved)
        return (event.id, ts, event.message, message_tid, message_params, event.error_type,
                event.execution_id, event.resolution, fix_tid, fix_params, resolved,
                event.resolution_ms, self.source, attrs, now)

    def assign(self, kind: str, text: str | None, ts: str) -> tuple[int | None, str | None]:
        """The template id of ``text`` and its slot values as JSON (None, None if none).

        The JSON is kept with the prepared text for its template (``Prepared.memo``): a
        text met again under the same template has the same params.
        """
        if text is None:
            return None, None
        assert self.templates is not None, "assign() runs inside transaction()"
        match = self.templates.add(kind, text, ts)
        template = match.cluster.template
        memo = match.prepared.memo
        if memo is None or memo[0] != template:
            params = match.params
            memo = match.prepared.memo = (
                template, _json_strings(params) if params is not None else None)
        return match.cluster.id, memo[1]

    def _signature(self, content: str) -> str:
        """``content_signature``, remembered for contents up to ``_SIGNED_CHARS`` long (the
        same files are written again and again); at most ``_SIGNED`` of them are kept."""
        signature = self._signatures.get(content)
        if signature is None:
            signature = content_signature(content)
            if len(content) <= _SIGNED_CHARS:
                if len(self._signatures) >= _SIGNED:
                    self._signatures.clear()
                self._signatures[content] = signature
        return signature


def _ts_text(raw: Any, moment) -> str:
    """The storage text of a timestamp; input already in exactly that shape is kept.

    Most producers send UTC with milliseconds, which validation has proved to be digits
    in the storage layout: formatting the parsed value again would give the same text.
    """
    if isinstance(raw, str) and len(raw) == 24 and raw[10] == "T" and raw[19] == "." \
            and raw[23] == "Z":
        return raw
    return format_ts(moment)


def _json_object(value: dict) -> str:
    """JSON text of a dict (``attrs``); one of string keys and values takes a faster path,
    with exactly the encoder's output."""
    for key, item in value.items():
        if type(item) is not str or type(key) is not str:
            return json_text(value)
    return "{" + ", ".join([_quote(key) + ": " + _quote(item)
                            for key, item in value.items()]) + "}"


def _json_strings(values: list) -> str:
    """JSON text of a list; lists of strings (params, files) take a faster path."""
    if all(type(value) is str for value in values):
        return "[" + ", ".join(map(_quote, values)) + "]"
    return json_text(values)
