"""Put a test's given world into a fresh database: events through the real ingest, and
registry rows for packs that read patterns, metrics or runs.

Events go through ``ingest_records`` exactly as `autopattern ingest` stores them
(validation, template mining), so a test exercises what production does. The test-file
sugar (relative times, missing ids, ``repeat``) is expanded here, before ingest.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any, Callable, Iterator, Sequence

from engine.store import Store

from engine.clock import format_ts
from engine.errors import Location
from engine.language.parser import DURATION_MS
from engine.ruletest.spec import TestCase, TestFile, TestFileError
from engine.telemetry.ingest import ingest_records
from engine.telemetry.jsonl import read_jsonl
from engine.telemetry.records import SourceRecord

_RELATIVE = re.compile(r"now(?:\s*([-+])\s*((?:[0-9]+(?:\.[0-9]+)?(?:ms|s|m|h|d|w))+))?")
_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d|w)")

# Registry tables a test may fill, the name a test file uses for each, and the
# bookkeeping columns filled in when left out ("{now}" is the test's now).
REGISTRY_TABLES: dict[str, tuple[str, dict[str, Any]]] = {
    "patterns": ("pattern_candidates", {
        "kind": "pattern_candidate", "pack": "test", "rule": "test", "group_key": "{}", "status": "draft",
        "created": "{now}", "updated": "{now}", "fields": {}, "evidence": []}),
    "pattern_metrics": ("pattern_metrics", {"successes": 0, "failures": 0}),
    "error_patterns": ("error_patterns", {
        "successes": 0, "attempts": 0, "success_rate": 0, "created": "{now}", "updated": "{now}"}),
    "anti_patterns": ("anti_patterns", {
        "subject_kind": "operation", "failures": 0, "created": "{now}", "updated": "{now}"}),
    "evaluation_runs": ("evaluation_runs", {
        "started_at": "{now}", "packs": [], "params": {}, "status": "ok"}),
}
TIME_COLUMNS = {"ts", "now", "created", "updated", "started_at", "finished_at"}


def resolve_time(text: str, now: datetime) -> str:
    """``now-3d`` -> the storage text of that moment; any other text is returned as is."""
    match = _RELATIVE.fullmatch(str(text).strip())
    if not match:
        return text
    moment = now
    if match.group(1):
        millis = sum(float(n) * DURATION_MS[u] for n, u in _PART.findall(match.group(2)))
        delta = timedelta(milliseconds=millis)
        moment = now - delta if match.group(1) == "-" else now + delta
    return format_ts(moment)


def expand_events(test_file: TestFile, case: TestCase, now: datetime) -> Iterator[SourceRecord]:
    """The test's events as ingest records: file events first, then the inline ones."""
    if case.events_file:
        path = (test_file.path.parent / case.events_file)
        if not path.is_file():
            raise TestFileError(f"events_file {case.events_file!r} not found (looked at {path})",
                                test_file.location(("tests", case.index, "events_file")))
        yield from read_jsonl(path)
    for index, (event, line) in enumerate(case.events):
        copies = int(event.get("repeat", 1))
        base = {k: v for k, v in event.items() if k != "repeat"}
        if "ts" in base:
            base["ts"] = resolve_time(base["ts"], now)
        ident = str(base.get("id") or f"t{case.index}-e{index}")
        for copy in range(copies):
            item = dict(base, id=ident if copies == 1 else f"{ident}-{copy + 1}")
            yield SourceRecord(f"{test_file.path}:{line}" if line else str(test_file.path), event=item, line=line)


def store_events(db: Store, test_file: TestFile, case: TestCase, now: datetime,
                 masks: Sequence[dict[str, Any]] = ()) -> int:
    """Ingest the events; a rejected event makes the test file invalid, naming the event."""
    summary = ingest_records(db, expand_events(test_file, case, now), source="ruletest", extra_masks=masks)
    if summary.rejected:
        first = summary.rejections[0]
        where = f" [{first.field}]" if first.field else ""
        raise TestFileError(f"event rejected by ingest{where}: {first.reason}",
                            Location(first.location, field=case.where("events")),
                            hint="events follow EVENTS.md (type, id, ts, and each type's required fields)")
    return summary.stored


def store_registry(db: Store, test_file: TestFile, case: TestCase, now: datetime) -> None:
    """Insert the test's registry rows, checking every column name against the table."""
    for name, rows in case.registry.items():
        table, defaults = REGISTRY_TABLES[name]
        columns = set(db.columns(table))
        for index, row in enumerate(rows):
            where = ("tests", case.index, "registry", name, index)
            unknown = sorted(set(row) - columns)
            if unknown:
                raise TestFileError(f"{table} has no column {unknown[0]!r} (columns: {', '.join(sorted(columns))})",
                                    test_file.location((*where, unknown[0]), key=True))
            values = {**_defaults(defaults, row, columns), **row}
            values = {k: _cell(k, resolve_templates(db, v, lambda: test_file.location((*where, k))), now)
                      for k, v in values.items()}
            try:
                with db.transaction():
                    db.insert_row(table, values)
            except db.errors as exc:  # integrity errors: name the row
                raise TestFileError(f"cannot store this {name} row: {exc}", test_file.location(where)) from exc


# The text columns ingest mines, with the column holding each one's template id.
MINED_COLUMNS = (("execution_logs", "command", "command_template_id"),
                 ("file_events", "path", "path_template_id"),
                 ("file_events", "content", "content_template_id"),
                 ("error_events", "message", "message_template_id"),
                 ("error_events", "resolution", "resolution_template_id"))


def resolve_templates(db: Store, value: Any, where: Callable[[], Location]) -> Any:
    """Replace a template reference (alone or inside a mapping such as a group key) by the
    id ingest gave that template, so a test names templates by what they say:
    ``{template: "make client --api <*>"}`` by the template's text, or
    ``{template_of: "make client --api billing"}`` by a text of a stored event, which
    keeps the test valid whatever the masks make of that text."""
    if isinstance(value, dict) and set(value) == {"template"}:
        return _template_id(db, value["template"], where)
    if isinstance(value, dict) and set(value) == {"template_of"}:
        return _template_id_of(db, value["template_of"], where)
    if isinstance(value, dict):
        return {k: resolve_templates(db, v, where) for k, v in value.items()}
    return value


def _template_id(db: Store, text: str, where: Callable[[], Location]) -> int:
    row = db.execute("SELECT id FROM templates WHERE template = ?", [text]).fetchone()
    if row is None:
        known = [r[0] for r in db.execute("SELECT template FROM templates ORDER BY id")]
        raise TestFileError(f"no template {text!r} was mined from this test's events "
                            f"(templates: {', '.join(map(repr, known)) or 'none'})", where())
    return row[0]


def _template_id_of(db: Store, text: str, where: Callable[[], Location]) -> int:
    for table, column, template_column in MINED_COLUMNS:
        row = db.execute(f'SELECT "{template_column}" FROM "{table}" WHERE "{column}" = ? '
                         f'AND "{template_column}" IS NOT NULL LIMIT 1', [text]).fetchone()
        if row is not None:
            return row[0]
    raise TestFileError(f"no event of this test has the text {text!r} (a command, path, content, "
                        "message or resolution)", where())


def _defaults(defaults: dict[str, Any], row: dict[str, Any], columns: set[str]) -> dict[str, Any]:
    filled = dict(defaults)
    if "name" in columns and "name" not in row and "id" in row:
        filled["name"] = row["id"]
    if "now" in row and "started_at" in filled:
        filled["started_at"] = row["now"]
    return filled


def _cell(column: str, value: Any, now: datetime) -> Any:
    if value == "{now}":
        return format_ts(now)
    if column in TIME_COLUMNS and isinstance(value, str):
        return resolve_time(value, now)
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, bool):
        return int(value)
    return value
