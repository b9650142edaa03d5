"""JUnit XML test reports (pytest --junitxml, Maven Surefire, jest-junit) -> events.

Each ``<testcase>`` is one execution: ``classname.name`` is the operation, ``time``
(seconds) the duration, ``<failure>``/``<error>`` make it a failure and ``<skipped>``
keeps it skipped. Each failure or error element is also an error event linked to the
execution, so a flaky test's messages are mined like any other error.

Reports carry no id of their own, so ids derive from the report's content: the SHA-256
of the file (which already holds the run's timestamp and durations), the suite's
position, the classname, the name and, for a repeated case, its occurrence. Ingesting
the same report twice, under any file name, stores nothing new; two runs never share an
id.

The parser is expat with document type declarations refused: a test report never needs
one, and refusing it closes entity-expansion attacks (billion laughs) and external
entities without a dependency.
"""

from __future__ import annotations

import hashlib
import xml.parsers.expat
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator
from xml.etree.ElementTree import Element, TreeBuilder

from engine.telemetry.importers.common import failure, parse_timestamp, rfc3339
from engine.telemetry.records import SourceRecord

MAX_DETAILS_CHARS = 8000
FAILURE_TAGS = ("failure", "error")


class UnsafeXml(ValueError):
    """The document declares a DTD or an entity, which a test report never needs."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class ParsedXml:
    root: Element
    lines: dict[int, int]  # id(element) -> line of its start tag

    def line(self, element: Element) -> int | None:
        return self.lines.get(id(element))


@dataclass(frozen=True)
class RunContext:
    """What every testcase of one report shares."""

    file_name: str
    digest: str
    fallback_ts: datetime


@dataclass(frozen=True)
class SuiteContext:
    path: str        # testsuite[1]/testsuite[2]
    name: str | None
    start: datetime
    ts_source: str   # "timestamp", "timestamp (naive, read as UTC)" or "file mtime"
    extras: dict[str, Any]


def read_junit(path: Path, **_options: Any) -> Iterator[SourceRecord]:
    """Yield the executions and errors of one JUnit XML report."""
    data = path.read_bytes()
    try:
        parsed = parse_xml(data)
    except UnsafeXml as exc:
        yield failure(f"{path}:{exc.line}", f"refused: {exc}", line=exc.line)
        return
    except xml.parsers.expat.ExpatError as exc:
        column = (exc.offset or 0) + 1
        yield failure(f"{path}:{exc.lineno}:{column}",
                      f"malformed XML: {xml.parsers.expat.ErrorString(exc.code)}",
                      line=exc.lineno)
        return
    mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
    run = RunContext(str(path), hashlib.sha256(data).hexdigest()[:16], mtime)
    root = parsed.root
    if root.tag not in ("testsuites", "testsuite"):
        yield failure(f"{path}:{parsed.line(root)}",
                      f"not a JUnit report: the root element is <{root.tag}>, "
                      "expected <testsuites> or <testsuite>", line=parsed.line(root))
        return
    if root.tag == "testsuite":
        yield from _read_suite(root, "testsuite[1]", None, run, parsed)
        return
    try:
        parent = _suite_context(root, "", None, run)
    except ValueError as exc:
        yield failure(f"{path}:{parsed.line(root)} testsuites", str(exc), line=parsed.line(root))
        return
    yield from _read_children(root, "", parent, run, parsed)


def parse_xml(data: bytes) -> ParsedXml:
    """Parse with expat into an ElementTree, remembering each element's line."""
    builder = TreeBuilder()
    lines: dict[int, int] = {}
    parser = xml.parsers.expat.ParserCreate()

    def start(tag: str, attributes: dict[str, str]) -> None:
        element = builder.start(tag, attributes)
        lines[id(element)] = parser.CurrentLineNumber

    def refuse_doctype(name: str, *_args: Any) -> None:
        raise UnsafeXml(f"the document declares a DTD (<!DOCTYPE {name}>); test reports "
                        "never need one, and refusing it rules out entity expansion attacks",
                        parser.CurrentLineNumber)

    def refuse_entity(name: str, *_args: Any) -> None:
        raise UnsafeXml(f"the document declares an entity ({name})", parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = lambda *args: refuse_entity(args[0] or "external")
    parser.Parse(data, True)
    return ParsedXml(builder.close(), lines)


def _read_children(element: Element, prefix: str, suite: SuiteContext | None,
                   run: RunContext, parsed: ParsedXml) -> Iterator[SourceRecord]:
    """The nested suites of ``element``, numbered among their siblings (1-based)."""
    for index, child in enumerate((c for c in element if c.tag == "testsuite"), start=1):
        yield from _read_suite(child, f"{prefix}testsuite[{index}]", suite, run, parsed)


def _read_suite(element: Element, path: str, parent: SuiteContext | None,
                run: RunContext, parsed: ParsedXml) -> Iterator[SourceRecord]:
    try:
        suite = _suite_context(element, path, parent, run)
    except ValueError as exc:
        line = parsed.line(element)
        yield failure(f"{run.file_name}:{line} {path}", str(exc), line=line)
        return
    seen: dict[tuple[str, str], int] = {}
    elapsed = Decimal(0)
    cases = [child for child in element if child.tag == "testcase"]
    for index, case in enumerate(cases, start=1):
        key = (case.get("classname") or "", case.get("name") or "")
        seen[key] = seen.get(key, 0) + 1
        line = parsed.line(case)
        label = "::".join(part for part in key if part)
        location = f"{run.file_name}:{line} {path}/testcase[{index}] {label}".rstrip()
        try:
            events, seconds = map_testcase(case, suite, run, seen[key], elapsed)
        except ValueError as exc:
            yield failure(location, str(exc), line=line)
            continue
        elapsed += seconds
        for event in events:
            yield SourceRecord(location=location, event=event, line=line)
    yield from _read_children(element, f"{path}/", suite, run, parsed)


def _suite_context(element: Element, path: str, parent: SuiteContext | None,
                   run: RunContext) -> SuiteContext:
    """A suite's start time (its own, else its parent's, else the file's mtime)."""
    stamp = element.get("timestamp")
    if stamp:
        try:
            start, naive = parse_timestamp(stamp)
        except ValueError:
            raise ValueError(f"testsuite timestamp {stamp!r} is not an ISO 8601 time") from None
        source = "timestamp (naive, read as UTC)" if naive else "timestamp"
    elif parent is not None:
        start, source = parent.start, parent.ts_source
    else:
        start, source = run.fallback_ts, "file mtime"
    extras = dict(parent.extras) if parent else {}
    for attribute, key in (("hostname", "hostname"), ("name", "suite")):
        if element.get(attribute):
            extras[key] = element.get(attribute)
    return SuiteContext(path, element.get("name"), start, source, extras)


def map_testcase(case: Element, suite: SuiteContext, run: RunContext, occurrence: int,
                 elapsed: Decimal) -> tuple[list[dict[str, Any]], Decimal]:
    """One ``<testcase>`` -> its execution and error events, and its duration in seconds.

    A report has one timestamp per suite, and cases run one after the other, so a case
    ends at the suite's start plus the time of the cases before it and its own.
    """
    name = case.get("name")
    classname = case.get("classname") or None
    if not name:
        raise ValueError("testcase has no name attribute")
    seconds = _seconds(case.get("time"))
    own = seconds if seconds is not None else Decimal(0)
    problems = [child for child in case if child.tag in FAILURE_TAGS]
    skipped = any(child.tag == "skipped" for child in case)
    status = "failure" if problems else "skipped" if skipped else "success"
    execution_id = _case_id(run, suite, classname, name, occurrence)
    try:
        finished = suite.start + timedelta(seconds=float(elapsed + own))
    except (OverflowError, ValueError):   # e.g. time="1e400": a valid Decimal, no date
        raise ValueError(f"testcase time {case.get('time')!r} puts its end past any date") from None
    execution: dict[str, Any] = {
        "type": "execution",
        "id": execution_id,
        "ts": rfc3339(finished),
        "operation": _operation(classname, name),
        "status": status,
        "duration_ms": _milliseconds(own),
        "test_name": name,
        "report": run.file_name,
        "ts_source": suite.ts_source,
        **suite.extras,
    }
    if classname:
        execution["classname"] = classname
    if case.get("file"):
        execution["test_file"] = case.get("file")
    if seconds is None:
        execution["duration_unknown"] = True
    reruns = [child for child in case if child.tag in ("flakyFailure", "flakyError", "rerunFailure", "rerunError")]
    if reruns:
        execution["reruns"] = len(reruns)
    skip = next((child for child in case if child.tag == "skipped"), None)
    if status == "skipped" and skip is not None and skip.get("message"):
        execution["skip_message"] = skip.get("message")
    errors = [_error_event(problem, index, execution) for index, problem in enumerate(problems)]
    return [execution, *errors], own


def _error_event(problem: Element, index: int, execution: dict[str, Any]) -> dict[str, Any]:
    text = (problem.text or "").strip()
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    message = problem.get("message") or first_line or problem.get("type") or f"test {problem.tag}"
    error: dict[str, Any] = {
        "type": "error",
        "id": f"{execution['id']}:{problem.tag}:{index}",
        "ts": execution["ts"],
        "message": message,
        "execution_id": execution["id"],
        "kind": problem.tag,
        "operation": execution["operation"],
    }
    if problem.get("type"):
        error["error_type"] = problem.get("type")
    if text:
        error["details"] = text[:MAX_DETAILS_CHARS]
    return error


def _operation(classname: str | None, name: str) -> str:
    """``classname.name``; jest-junit repeats the classname inside the name, so keep one."""
    if not classname or classname == name or name.startswith(classname + " "):
        return name
    return f"{classname}.{name}"


def _case_id(run: RunContext, suite: SuiteContext, classname: str | None, name: str,
             occurrence: int) -> str:
    label = f"{classname}::{name}" if classname else name
    suffix = f"#{occurrence}" if occurrence > 1 else ""
    return f"junit:{run.digest}:{suite.path}:{label}{suffix}"


def _seconds(value: str | None) -> Decimal | None:
    """The ``time`` attribute in seconds, exactly as written (Surefire may add "," separators)."""
    if value is None or not value.strip():
        return None
    try:
        seconds = Decimal(value.strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"testcase time {value!r} is not a number of seconds") from None
    if not seconds.is_finite() or seconds < 0:
        raise ValueError(f"testcase time {value!r} is negative or not a number")
    return seconds


def _milliseconds(seconds: Decimal) -> int:
    """Seconds to whole milliseconds, half up, like every other importer."""
    return int((seconds * 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))
