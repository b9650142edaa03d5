"""The Python API: what an orchestrator calls to report its work, event by event.

``Telemetry`` wraps a workspace's database. Each ``log_*``/``record_*`` call validates
with the same models and stores through the same pipeline as ``autopattern ingest``, so
an event logged from Python is indistinguishable from one read from a file; an invalid
one raises ``ValidationFailure`` naming the field instead of being silently dropped::

    with Telemetry("my-workspace") as telemetry:
        telemetry.log_execution(operation="run_tests", command="pytest tests/api",
                                status="success", duration_ms=5300, actor="ci")
"""

from __future__ import annotations

import hashlib
import json
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

import pydantic

from engine.errors import Location, StoreError, ValidationFailure
from engine.models import (AntiPatternRecord, ErrorEvent, ErrorPatternRecord, ExecutionEvent,
                           FileEvent, PatternCandidateRecord)
from engine.clock import format_ts, utc_now_text
from engine.store import Store
from engine.store.url import is_url, parse_store_url
from engine.telemetry.ingest import BatchWriter, IngestSummary, ingest_records
from engine.telemetry.records import SourceRecord
from engine.telemetry.store import open_database
from engine.telemetry.validate import check_event
from engine.workspace import Workspace, load_workspace

_EventModel = ExecutionEvent | FileEvent | ErrorEvent


class Telemetry:
    """A connection to one telemetry store: a ``Workspace``, a workspace folder, a
    database file (``.db``, ``.sqlite``, ``.sqlite3``) or a store URL
    (``postgresql://...``, ``sqlite:///...``). A workspace's store is the one its
    configuration or ``AUTOPATTERN_DATABASE_URL`` names.

    Use one instance per thread or process (it holds one connection); any number of
    them may write to the same store at once, each write waiting for the lock.
    """

    def __init__(self, target: Workspace | str | Path, *, source: str = "api"):
        self.workspace = _workspace_of(target)
        self.store_url = self.workspace.store_url if self.workspace else parse_store_url(target)
        self.db_path = self.store_url.path
        self.source = source
        self.masks = self.workspace.masks if self.workspace else []
        self.db: Store = open_database(self.store_url)

    # --- events ---------------------------------------------------------------------

    def log_execution(self, event: ExecutionEvent | None = None, **fields: Any) -> str:
        """Store one execution (``id`` and ``ts`` default to a new uuid and now)."""
        return self._store_one("execution", event, fields)

    def record_file_event(self, event: FileEvent | None = None, **fields: Any) -> str:
        """Store one file event."""
        return self._store_one("file", event, fields)

    def record_error(self, event: ErrorEvent | None = None, **fields: Any) -> str:
        """Store one error, with its resolution when already known."""
        return self._store_one("error", event, fields)

    def record_resolution(self, error_id: str, resolution: str, resolved: bool,
                          resolution_ms: int | None = None) -> None:
        """Attach the fix that was tried to an error stored earlier."""
        stored = self.db.execute("SELECT ts, message FROM error_events WHERE id = ?",
                                 [error_id]).fetchone()
        if stored is None:
            raise ValidationFailure(f"no error with id {error_id!r}", Location(field="error_id"))
        ts, message = stored
        event = {"type": "error", "id": error_id, "ts": ts, "message": message,
                 "resolution": resolution, "resolved": resolved}
        if resolution_ms is not None:
            event["resolution_ms"] = resolution_ms
        checked = _checked(event)
        writer = BatchWriter(self.db, self.source, self.masks)
        with writer.transaction(f"the resolution of error {error_id}"):
            tid, params = writer.assign("resolution", resolution, ts)
            self.db.execute(
                "UPDATE error_events SET resolution = ?, resolution_template_id = ?, "
                "resolution_params = ?, resolved = ?, resolution_ms = ? WHERE id = ?",
                (resolution, tid, params, int(resolved), checked.resolution_ms, error_id))

    def ingest(self, events: Iterable[dict[str, Any] | _EventModel], *,
               rejects_path: Path | None = None) -> IngestSummary:
        """Store many events at once; invalid ones are reported in the summary."""
        return ingest_records(self.db, _records(events), source=self.source,
                              rejects_path=rejects_path, extra_masks=self.masks)

    # --- the registry -----------------------------------------------------------------

    def record_pattern_candidate(self, record: PatternCandidateRecord | None = None,
                                 **fields: Any) -> str:
        """Insert or update a row of ``pattern_candidates`` (a pattern drafted by hand)."""
        row = _model(PatternCandidateRecord, record, fields)
        now = utc_now_text()
        pid = row.id or _stable_id("pc", row.pack, row.rule, row.group_key or row.name)
        with self._transaction("pattern_candidates"):
            before = self.db.execute("SELECT status FROM pattern_candidates WHERE id = ?",
                                     [pid]).fetchone()
            self._upsert("pattern_candidates", {
                "id": pid, "kind": row.kind, "pack": row.pack, "rule": row.rule,
                "group_key": json.dumps(row.group_key, sort_keys=True), "name": row.name,
                "status": row.status, "decided_by": row.decided_by,
                "confidence": row.confidence,
                "fields": json.dumps(row.fields, sort_keys=True, default=str),
                "evidence": json.dumps(row.evidence), "document_path": row.document_path,
                "created": now, "updated": now}, keep=("created", "version"))
            # The audit trail sees every status, whoever set it (DESIGN: decisions).
            self.db.execute(
                "INSERT INTO decisions (ts, run_id, pattern_id, pack, rule, decision, "
                "previous_status, actor, reason) VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?)",
                (now, pid, row.pack, row.rule, row.status, before[0] if before else None,
                 "human:api" if row.decided_by == "human" else "engine",
                 "recorded through the Python API"))
        return pid

    def record_anti_pattern(self, record: AntiPatternRecord | None = None, **fields: Any) -> str:
        """Insert or update a row of ``anti_patterns``."""
        row = _model(AntiPatternRecord, record, fields)
        now = utc_now_text()
        rate = row.failure_rate
        if rate is None and row.attempts:
            rate = round(row.failures / row.attempts, 4)
        pid = row.id or _stable_id("ap", row.subject_kind, row.subject)
        self._upsert("anti_patterns", {
            "id": pid, "subject_kind": row.subject_kind, "subject": row.subject,
            "failures": row.failures, "attempts": row.attempts, "failure_rate": rate,
            "recommendation": row.recommendation, "quarantined": int(row.quarantined),
            "created": now, "updated": now}, keep=("created",), commit=True)
        return pid

    def record_error_pattern(self, record: ErrorPatternRecord | None = None,
                             **fields: Any) -> str:
        """Insert or update a row of ``error_patterns`` (an error and its usual fix)."""
        row = _model(ErrorPatternRecord, record, fields)
        if row.successes > row.attempts:
            raise ValidationFailure("successes cannot exceed attempts",
                                    Location(field="successes"))
        now = utc_now_text()
        pid = row.id or _stable_id("ep", row.message_template, row.resolution or "")
        self._upsert("error_patterns", {
            "id": pid, "message_template_id": row.message_template_id,
            "message_template": row.message_template, "resolution": row.resolution,
            "resolution_template_id": row.resolution_template_id, "successes": row.successes,
            "attempts": row.attempts,
            "success_rate": round(row.successes / row.attempts, 4) if row.attempts else 0.0,
            "auto_apply": int(row.auto_apply), "status": row.status,
            "created": now, "updated": now}, keep=("created",), commit=True)
        return pid

    # --- lifecycle --------------------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Telemetry":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- helpers ----------------------------------------------------------------------

    def _store_one(self, kind: str, event: _EventModel | None, fields: dict[str, Any]) -> str:
        data = _event_dict(kind, event, fields)
        checked = _checked(data)
        summary = ingest_records(self.db, [SourceRecord(f"{kind} {data['id']}", event=data)],
                                 source=self.source, extra_masks=self.masks)
        if summary.rejections:  # cannot happen after _checked, but never hide a refusal
            raise ValidationFailure(summary.rejections[0].reason)
        return checked.id

    def _upsert(self, table: str, row: dict[str, Any], keep: tuple[str, ...],
                commit: bool = False) -> None:
        """Insert, or update every column except ``keep`` (creation facts survive)."""
        bump = "version" if "version" in keep else None
        if not commit:
            self.db.upsert(table, row, keep=keep, bump=bump)
            return
        with self._transaction(table):
            self.db.upsert(table, row, keep=keep, bump=bump)

    @contextmanager
    def _transaction(self, what: str) -> Iterator[None]:
        """One write transaction; a database error becomes a StoreError naming ``what``."""
        try:
            with self.db.transaction():
                yield
        except self.db.errors as exc:
            raise StoreError(f"could not write {what}: {exc}") from exc


DB_SUFFIXES = (".db", ".sqlite", ".sqlite3")


def _workspace_of(target: Workspace | str | Path) -> Workspace | None:
    """A workspace, or None when ``target`` names a bare database file.

    A database file is an existing file or a path ending in .db/.sqlite/.sqlite3, and a
    URL names a store; anything else is a workspace folder (its database is created if
    missing).
    """
    if isinstance(target, Workspace):
        return target
    if is_url(str(target)):
        return None
    path = Path(target)
    if path.is_file() or (not path.is_dir() and path.suffix.lower() in DB_SUFFIXES):
        return None
    return load_workspace(path)


def _event_dict(kind: str, event: _EventModel | None, fields: dict[str, Any]) -> dict[str, Any]:
    """The event as plain JSON-ready data, with the API's defaults for id and ts."""
    if event is not None:
        if fields:
            raise TypeError("pass either an event model or keyword fields, not both")
        data = event.model_dump(mode="json")  # extra fields included
        return {k: v for k, v in data.items() if v is not None or k in _NULLABLE}
    data = {k: v for k, v in fields.items() if v is not None}  # None means "not given"
    data.setdefault("type", kind)
    data.setdefault("id", str(uuid.uuid4()))
    ts = data.setdefault("ts", datetime.now(timezone.utc))
    if isinstance(ts, datetime):
        data["ts"] = format_ts(ts if ts.tzinfo else ts.replace(tzinfo=timezone.utc))
    if data["type"] != kind:
        raise ValidationFailure(f"expected a {kind} event, got type {data['type']!r}",
                                Location(field="type"))
    return data


_NULLABLE = frozenset({"pattern_id", "resolution", "resolved"})


def _checked(data: dict[str, Any]):
    outcome = check_event(data)
    if isinstance(outcome, (ExecutionEvent, FileEvent, ErrorEvent)):
        return outcome
    if outcome.more:   # every problem at once, so one fix is enough
        raise ValidationFailure("; ".join(f"{p.field}: {p.reason}" if p.field else p.reason
                                          for p in outcome.all), Location(field=outcome.field))
    raise ValidationFailure(outcome.reason, Location(field=outcome.field))


def _model(cls: type[pydantic.BaseModel], record: Any, fields: dict[str, Any]):
    if record is not None:
        if fields:
            raise TypeError("pass either a record model or keyword fields, not both")
        return record
    try:
        return cls(**fields)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        raise ValidationFailure(first["msg"], Location(field=".".join(map(str, first["loc"])))) \
            from None


def _records(events: Iterable[dict[str, Any] | _EventModel]) -> Iterable[SourceRecord]:
    for number, event in enumerate(events, 1):
        if isinstance(event, (ExecutionEvent, FileEvent, ErrorEvent)):
            event = _event_dict(event.type, event, {})
        yield SourceRecord(f"event {number}", event=event)


def _stable_id(prefix: str, *parts: Any) -> str:
    """An id derived from the record's identity, so recording it twice updates it."""
    text = json.dumps(parts, sort_keys=True, default=str)
    return f"{prefix}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"

