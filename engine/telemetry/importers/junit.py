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
import re
import xml.parsers.expat
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterator
from xml.etree.ElementTree import Element, TreeBuilder

from engine.telemetry.importers.common import failure, parse_time_lenient, rfc3339
from engine.telemetry.inputs import read_bytes
from engine.telemetry.records import SourceRecord

MAX_DETAILS_CHARS = 8000
FUTURE_SLACK = timedelta(days=1)     # clocks differ; a day ahead is still "now"
MAX_PLAUSIBLE_SECONDS = Decimal(7 * 24 * 3600)  # no test case runs for more than a week
# Reports name the commit they tested in a <property>: the ones CI tools write.
COMMIT_PROPERTIES = ("commit", "git.commit", "git_commit", "git.commit.id", "git.sha", "sha",
                     "revision", "vcs.revision", "build.vcs.number", "source.version",
                     "ci_commit_sha", "github_sha", "git_commit_sha", "commit_sha", "head_sha")
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
    """What every testcase of one report shares.

    ``warn(location, message)`` is told of every case stored other than as written (a
    time from a fallback, a corrected duration, a made-up name); it defaults to nothing.
    """

    file_name: str
    digest: str
    fallback_ts: datetime
    fallback_source: str = "file mtime"
    warn: Callable[[str, str], None] = lambda location, message: None
    now: datetime | None = None


@dataclass(frozen=True)
class SuiteContext:
    path: str        # testsuite[1]/testsuite[2]
    name: str | None
    start: datetime
    ts_source: str   # "timestamp", "timestamp (naive, read as UTC)" or "file mtime"
    extras: dict[str, Any]


def read_junit(path: Path, *, warn: Callable[[str, str], None] | None = None,
               now: datetime | None = None, **_options: Any) -> Iterator[SourceRecord]:
    """Yield the executions and errors of one JUnit XML report.

    ``warn(location, message)`` hears of cases stored with a fallback or a correction;
    ``now`` (default: the current time) bounds a plausible fallback time.
    """
    data = read_bytes(path)  # gzip-compressed reports too
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
    now = now or datetime.now(timezone.utc)
    mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
    fallback, fallback_source = mtime, "file mtime"
    if mtime > now + FUTURE_SLACK:
        # a clock set wrong, or an archive restored with made-up times: never store the future
        fallback, fallback_source = now, "ingest time (the file's mtime is in the future)"
    run = RunContext(str(path), hashlib.sha256(data).hexdigest()[:16], fallback, fallback_source,
                     warn or (lambda location, message: None), now)
    if fallback is not mtime and _needs_fallback(parsed.root):
        run.warn(str(path), f"the file's modification time {rfc3339(mtime)} is in the future; the "
                            f"cases without a suite timestamp are stored at the ingest time {rfc3339(now)}")
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
        parent = _suite_context(root, "", None, run, parsed.line(root))
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
        suite = _suite_context(element, path, parent, run, parsed.line(element))
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
            events, seconds = map_testcase(case, suite, run, seen[key], elapsed,
                                           index=index, location=location)
        except ValueError as exc:
            yield failure(location, str(exc), line=line)
            continue
        elapsed += seconds
        for event in events:
            yield SourceRecord(location=location, event=event, line=line)
    yield from _read_children(element, f"{path}/", suite, run, parsed)


def _suite_context(element: Element, path: str, parent: SuiteContext | None,
                   run: RunContext, line: int | None = None) -> SuiteContext:
    """A suite's start time (its own, else its parent's, else the file's mtime)."""
    stamp = element.get("timestamp")
    inherited = ((parent.start, parent.ts_source) if parent is not None
                 else (run.fallback_ts, run.fallback_source))
    if stamp and stamp.strip():
        try:
            start, naive = parse_time_lenient(stamp)
            source = "timestamp (naive, read as UTC)" if naive else "timestamp"
            if run.now is not None and start > run.now + FUTURE_SLACK:
                run.warn(f"{run.file_name}:{line} {path or 'testsuites'}",
                         f"testsuite timestamp {stamp!r} is in the future; stored as written "
                         "(rules see it only once their now passes it)")
        except ValueError as exc:
            start, source = inherited[0], f"{inherited[1]} (timestamp {stamp!r} unreadable)"
            where = f"{run.file_name}:{line} {path or 'testsuites'}"
            run.warn(where, f"{exc}; its cases are stored at the {inherited[1]} "
                            f"{rfc3339(start)} instead")
    else:
        start, source = inherited
    extras = dict(parent.extras) if parent else {}
    for attribute, key in (("hostname", "hostname"), ("name", "suite")):
        if element.get(attribute):
            extras[key] = element.get(attribute)
    extras.update(_properties(element))
    return SuiteContext(path, element.get("name"), start, source, extras)


def _properties(element: Element) -> dict[str, Any]:
    """What a ``<properties>`` block says the extras need: the commit tested."""
    found: dict[str, Any] = {}
    for block in (child for child in element if child.tag == "properties"):
        for prop in (child for child in block if child.tag == "property"):
            name = (prop.get("name") or "").strip().lower()
            value = prop.get("value")
            if value is None:
                value = (prop.text or "").strip()
            if name in COMMIT_PROPERTIES and value and "commit" not in found:
                found["commit"] = value.strip()
    return found


def _needs_fallback(root: Element) -> bool:
    """Whether some suite of the report has no timestamp of its own (or its parents')."""
    def walk(element: Element, stamped: bool) -> bool:
        stamped = stamped or bool((element.get("timestamp") or "").strip())
        suites = [c for c in element if c.tag == "testsuite"]
        if not stamped and any(c.tag == "testcase" for c in element):
            return True
        return any(walk(child, stamped) for child in suites)
    return walk(root, False)


def map_testcase(case: Element, suite: SuiteContext, run: RunContext, occurrence: int,
                 elapsed: Decimal, *, index: int = 1,
                 location: str | None = None) -> tuple[list[dict[str, Any]], Decimal]:
    """One ``<testcase>`` -> its execution and error events, and its duration in seconds.

    A report has one timestamp per suite, and cases run one after the other, so a case
    ends at the suite's start plus the time of the cases before it and its own.
    """
    where = location or f"{run.file_name} {suite.path}/testcase[{index}]"
    name = (case.get("name") or "").strip()
    classname = (case.get("classname") or "").strip() or None
    unnamed = False
    if not name:
        # jest-junit writes classname="" name="" for some cases: keep the case, named by
        # where it is, so its runs still line up across reports of the same suite
        said = "no name attribute" if case.get("name") is None else "an empty name attribute"
        name = f"{Path(run.file_name).name}/{suite.path}/testcase[{index}]"
        unnamed = True
        run.warn(where, f"testcase has {said}"
                        + (" and an empty classname" if case.get("classname") == "" else "")
                        + f"; stored as {name!r}")
    seconds = _seconds(case.get("time"))
    if seconds is not None and seconds > MAX_PLAUSIBLE_SECONDS:
        seconds = _plausible_seconds(seconds, case.get("time"), where, run)
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
    if unnamed:
        execution["name_missing"] = True
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
    """``classname.name``; jest-junit and mocha repeat the classname inside the name (jest
    at its start, mocha's full title at its end), so keep one."""
    if not classname or classname == name or name.startswith(classname + " ") \
            or name.endswith(" " + classname):
        return name
    return f"{classname}.{name}"


def _case_id(run: RunContext, suite: SuiteContext, classname: str | None, name: str,
             occurrence: int) -> str:
    label = f"{classname}::{name}" if classname else name
    suffix = f"#{occurrence}" if occurrence > 1 else ""
    return f"junit:{run.digest}:{suite.path}:{label}{suffix}"


_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")


def _seconds(value: str | None) -> Decimal | None:
    """The ``time`` attribute in seconds, exactly as written.

    Surefire groups thousands (``1,234.5``); tools running under a decimal-comma locale
    write ``0,123``. Grouping is only ever 1-3 digits (not starting with 0) then groups of
    three, so anything else with a single comma is a decimal comma.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    elif text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        seconds = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"testcase time {value!r} is not a number of seconds") from None
    if not seconds.is_finite() or seconds < 0:
        raise ValueError(f"testcase time {value!r} is negative or not a number")
    return seconds


def _plausible_seconds(seconds: Decimal, written: str | None, where: str,
                       run: RunContext) -> Decimal:
    """A ``time`` over a week is not seconds: nanoseconds (container-structure-test writes
    ``time="999638317"``) when that reads as a plausible duration (with a warning), else
    the case is rejected with the reason (never stored as 31 years)."""
    as_nanos = seconds / Decimal(1_000_000_000)
    if seconds == seconds.to_integral_value() and as_nanos <= MAX_PLAUSIBLE_SECONDS:
        run.warn(where, f"testcase time {written!r} is {_as_years(seconds)} in seconds: read as "
                        f"nanoseconds ({as_nanos.normalize():f} s)")
        return as_nanos
    raise ValueError(f"testcase time {written!r} is {_as_years(seconds)} in seconds, not a plausible "
                     "test duration (nor one in nanoseconds)")


def _as_years(seconds: Decimal) -> str:
    days = seconds / Decimal(86400)
    years = days / Decimal(365)
    if years >= 1000:
        return f"{float(years):.3g} years"
    return f"{years:.1f} years" if days >= 365 else f"{days:.0f} days"


def _milliseconds(seconds: Decimal) -> int:
    """Seconds to whole milliseconds, half up, like every other importer."""
    return int((seconds * 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))
