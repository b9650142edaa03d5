"""Helpers shared by the importers: reading JSON documents, timestamps, locations.

Every importer turns a foreign format into EVENTS.md dicts; these helpers keep the
parts they have in common (how a stream of JSON documents is split, how a timestamp is
written) identical, so the formats cannot drift apart.
"""

from __future__ import annotations

import email.utils
import io
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from engine.telemetry.inputs import opened
from engine.telemetry.records import SourceRecord

_DECODER = json.JSONDecoder()
_NEXT_DOCUMENT = re.compile(r"\n[\[{]")
_WHITESPACE = " \t\r\n\ufeff"


@dataclass(frozen=True)
class JsonDocument:
    """One top-level JSON value of a file, with the 1-based line it starts on."""

    value: Any
    line: int


@dataclass(frozen=True)
class JsonProblem:
    """Text that is not JSON, with where it went wrong (1-based line and column)."""

    message: str
    line: int
    column: int
    raw: str


def iter_json_documents(path: Path) -> Iterator[JsonDocument | JsonProblem]:
    """Yield every top-level JSON value of the file at ``path``, in order.

    One reader covers the shapes exporters write: one document per line (the
    collector's file exporter), a single pretty-printed document, and documents written
    back to back (``gh api --paginate``). When the first line is a whole document the
    file is read line by line, so a large JSON Lines file is never held in memory;
    otherwise its text is decoded document after document. After a syntax error the
    reader resumes at the next line, or the next document, so one broken line or
    document costs only itself.
    """
    with opened(path) as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace",
                                               newline="") as stream:
        first_line, number = "", 0
        for first_line in stream:
            number += 1
            if first_line.strip():
                break
        if not first_line.strip():
            return
        try:
            value = json.loads(first_line)
        except json.JSONDecodeError:
            yield from _iter_text_documents(first_line + stream.read(), number - 1)
            return
        yield JsonDocument(value, number)
        yield from _iter_lines(stream, number)


def _iter_lines(stream, number: int) -> Iterator[JsonDocument | JsonProblem]:
    for line in stream:
        number += 1
        if not line.strip():
            continue
        try:
            yield JsonDocument(json.loads(line.rstrip("\r\n")), number)
        except json.JSONDecodeError as exc:
            yield JsonProblem(_message(exc), number, exc.colno, line.rstrip("\r\n")[:2000])


def _iter_text_documents(text: str, lines_before: int) -> Iterator[JsonDocument | JsonProblem]:
    """Decode ``text`` value after value; ``lines_before`` blank lines preceded it."""
    position, length = 0, len(text)
    counted, line = 0, lines_before + 1  # line is the line number at offset ``counted``
    while True:
        position = _skip_whitespace(text, position)
        if position >= length:
            return
        line += text.count("\n", counted, position)
        counted = position
        try:
            value, end = _DECODER.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            line_end = text.find("\n", exc.pos)
            yield JsonProblem(_message(exc), exc.lineno + lines_before, exc.colno,
                              text[position:length if line_end < 0 else line_end][:2000])
            # Resume at the next line that opens a top-level value (unindented { or [):
            # a pretty document's inner lines are indented, so they are not mistaken.
            restart = _NEXT_DOCUMENT.search(text, exc.pos)
            if restart is None:
                return
            position = restart.start() + 1
            continue
        yield JsonDocument(value, line)
        position = end


def _message(exc: json.JSONDecodeError) -> str:
    return f"invalid JSON: {exc.msg.removesuffix(' at').lower()}"


def _skip_whitespace(text: str, position: int) -> int:
    while position < len(text) and text[position] in _WHITESPACE:
        position += 1
    return position


def rfc3339(moment: datetime) -> str:
    """RFC 3339 in UTC with microseconds, a form every consumer parses."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def rfc3339_from_ns(unix_nano: int) -> str:
    """RFC 3339 of a Unix time in nanoseconds, computed in integers (no float rounding)."""
    seconds, nanos = divmod(unix_nano, 1_000_000_000)
    moment = datetime.fromtimestamp(seconds, tz=timezone.utc).replace(microsecond=nanos // 1000)
    return rfc3339(moment)


def parse_timestamp(text: str) -> tuple[datetime, bool]:
    """Parse an ISO 8601 / RFC 3339 timestamp; return it in UTC and whether it was naive.

    A naive timestamp (no offset, as pytest, Surefire and jest-junit write) is taken as
    UTC, and the caller records that assumption next to the event.
    """
    cleaned = text.strip()
    if cleaned.endswith(("Z", "z")):
        cleaned = cleaned[:-1] + "+00:00"
    moment = datetime.fromisoformat(cleaned)
    naive = moment.tzinfo is None
    if naive:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc), naive


_UTC_NAMES = ("UTC", "GMT", "Z", "UT", "Etc/UTC")
_ZONE_SUFFIX = re.compile(r"\s*\(?(UTC|GMT|UT|Z|Etc/UTC)\)?$", re.IGNORECASE)
_ZONE_WORD = re.compile(r"\b([A-Z]{2,5})\b")
_CALENDAR_WORDS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", "jan", "feb", "mar", "apr",
                   "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
_COMPACT_OFFSET = re.compile(r"([+-])(\d{2})(\d{2})$")
_OTHER_FORMATS = (
    "%a %b %d %H:%M:%S %Y",      # C asctime / Java Date.toString without a zone
    "%a %b %d %H:%M:%S UTC %Y",  # Java Date.toString in UTC
    "%a %b %d %H:%M:%S GMT %Y",
    "%d %b %Y %H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M:%S.%f",
    "%d/%m/%Y %H:%M:%S",
    "%Y%m%dT%H%M%S",
    "%Y%m%dT%H%M%SZ",
)


def parse_time_lenient(text: str) -> tuple[datetime, bool]:
    """A report timestamp as test tools write them in the wild; (UTC time, was it naive).

    Besides RFC 3339 / ISO 8601 (``parse_timestamp``): a trailing zone word ``UTC`` or
    ``GMT`` (TestNG: ``2021-03-07T10:36:56 UTC``), RFC 2822 / HTTP dates (mocha:
    ``Sat, 03 Dec 2022 23:10:07 GMT``), compact offsets (``+0100``), Java's
    ``Date.toString`` in UTC, slashes, and Unix epoch seconds or milliseconds. A zone
    given only by an ambiguous abbreviation (``CET``, ``PST``) is not guessed: ValueError.
    """
    cleaned = text.strip()
    if not cleaned:
        raise ValueError("empty timestamp")
    try:
        return parse_timestamp(cleaned)
    except ValueError:
        pass
    if cleaned.isdigit() and len(cleaned) in (10, 13):       # epoch seconds / milliseconds
        seconds = int(cleaned) / (1000 if len(cleaned) == 13 else 1)
        return datetime.fromtimestamp(seconds, tz=timezone.utc), False
    stripped = _ZONE_SUFFIX.sub("", cleaned)
    if stripped != cleaned:                                  # "... UTC": an explicit UTC
        try:
            moment, _naive = parse_timestamp(stripped)
            return moment, False
        except ValueError:
            pass
    zones = [word for word in _ZONE_WORD.findall(cleaned)
             if word.upper() not in _UTC_NAMES and word.lower()[:3] not in _CALENDAR_WORDS]
    if zones:
        raise ValueError(f"{text!r} names its zone only as {zones[0]!r}, which is ambiguous; "
                         "write an offset such as +01:00")
    compact = _COMPACT_OFFSET.sub(r"\1\2:\3", cleaned)
    if compact != cleaned:
        try:
            return parse_timestamp(compact.replace(" ", "T", 1) if "T" not in compact else compact)
        except ValueError:
            pass
    try:
        moment = email.utils.parsedate_to_datetime(cleaned)  # RFC 2822, HTTP dates
    except (TypeError, ValueError, IndexError):
        moment = None
    if moment is not None:
        if moment.tzinfo is None:   # "-0000" in RFC 2822 means "UTC, zone unknown"
            return moment.replace(tzinfo=timezone.utc), True
        return moment.astimezone(timezone.utc), False
    for pattern in _OTHER_FORMATS:
        try:
            moment = datetime.strptime(cleaned, pattern)
        except ValueError:
            continue
        explicit = "UTC" in pattern or "GMT" in pattern or pattern.endswith("Z")
        return moment.replace(tzinfo=timezone.utc), not explicit
    raise ValueError(f"{text!r} is not a time format autopattern reads")


def ms_from_ns(nanos: int) -> int:
    """Nanoseconds to whole milliseconds, rounded half up, in integer arithmetic."""
    return (nanos + 500_000) // 1_000_000


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` when it is an object, else an empty one: foreign JSON may hold anything."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` when it is an array, else an empty one."""
    return value if isinstance(value, list) else []


def as_text(value: Any) -> str | None:
    """``value`` when it is a non-empty string, else None."""
    return value if isinstance(value, str) and value else None


def failure(location: str, message: str, *, line: int | None = None,
            raw: Any = None) -> SourceRecord:
    """A per-record error: the record could not be mapped, the rest goes on."""
    if raw is not None and not isinstance(raw, str):
        raw = json.dumps(raw, ensure_ascii=False, default=str)
    return SourceRecord(location=location, error=message, line=line, raw=raw)
