"""OpenTelemetry traces in the OTLP JSON encoding -> execution and error events.

Reads what the collector's file exporter writes (one ``ExportTraceServiceRequest`` per
line) as well as a single pretty-printed document: ``resourceSpans -> scopeSpans ->
spans``. Each span is one execution; each ``exception`` event on a span is one error
linked to it. Times stay integers of nanoseconds until the last step, so a span of
1700000000123456789 ns keeps every digit (``ts_unix_nano``, ``duration_ns``).

Ids come from the trace: ``otlp:<trace_id>:<span_id>``, so ingesting a file twice
stores nothing new.
"""

from __future__ import annotations

import base64
import binascii
import re
import shlex
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from engine.telemetry.importers.common import (
    JsonProblem, as_dict, as_list, as_text, failure, iter_json_documents, ms_from_ns,
    rfc3339_from_ns,
)
from engine.telemetry.records import SourceRecord

DEFAULT_COMMAND_ATTRIBUTES: tuple[str, ...] = (
    "process.command_line",
    "process.command_args",
    "code.function",
    "code.function.name",
    "http.route",
    "db.statement",
    "db.query.text",
)
STATUS_ERROR = 2
UNNAMED_SPAN = "(unnamed span)"   # the operation of a span whose name is empty
_HEX = re.compile(r"^[0-9a-fA-F]+$")


class SpanError(ValueError):
    """A span that cannot be mapped; the message says which field and why."""


def read_otlp(path: Path, *, command_attributes: Sequence[str] | str | None = None,
              **_options: Any) -> Iterator[SourceRecord]:
    """Yield one execution per span and one error per exception event of ``path``."""
    attributes = _attribute_list(command_attributes)
    for document in iter_json_documents(path):
        if isinstance(document, JsonProblem):
            yield failure(f"{path}:{document.line}:{document.column}", document.message,
                          line=document.line, raw=document.raw)
            continue
        requests = document.value if isinstance(document.value, list) else [document.value]
        for request in requests:
            yield from _read_request(str(path), document.line, unwrap(request), attributes)


def unwrap(document: Any) -> Any:
    """The trace document inside a query API's answer, or ``document`` itself.

    Jaeger's API v3 answers ``{"result": {"resourceSpans": [...]}}``; Tempo's trace API
    answers ``{"batches": [...]}`` (each a ResourceSpans, under the pre-1.0 name) or
    ``{"trace": {"resourceSpans": ...}}``. The spans are the same OTLP either way.
    """
    for _ in range(3):   # wrappers nest at most a level or two
        if not isinstance(document, dict) or "resourceSpans" in document:
            return document
        if isinstance(document.get("batches"), list):
            return {"resourceSpans": document["batches"]}
        inner = next((document[key] for key in ("result", "trace", "data")
                      if isinstance(document.get(key), dict)), None)
        if inner is None:
            return document
        document = inner
    return document


def _attribute_list(option: Sequence[str] | str | None) -> tuple[str, ...]:
    """The ``command_attributes`` option as a tuple; a string may list names with commas."""
    if option is None:
        return DEFAULT_COMMAND_ATTRIBUTES
    if isinstance(option, str):
        option = option.split(",")
    return tuple(name.strip() for name in option if name.strip())


def _read_request(file_name: str, line: int, request: Any,
                  command_attributes: tuple[str, ...]) -> Iterator[SourceRecord]:
    where = f"{file_name}:{line}"
    if not isinstance(request, dict) or not isinstance(request.get("resourceSpans"), list):
        yield failure(where, "not an OTLP trace document: expected an object with a "
                             "'resourceSpans' list", line=line, raw=request)
        return
    for r, resource_spans in enumerate(request["resourceSpans"]):
        if not isinstance(resource_spans, dict):
            yield failure(f"{where} resourceSpans[{r}]", "expected an object", line=line)
            continue
        resource = attributes_dict(as_dict(resource_spans.get("resource")).get("attributes"))
        for s, scope_spans in enumerate(as_list(resource_spans.get("scopeSpans")
                                                or resource_spans.get("instrumentationLibrarySpans"))):
            scope_spans = as_dict(scope_spans)
            scope = as_dict(scope_spans.get("scope") or scope_spans.get("instrumentationLibrary"))
            for k, span in enumerate(as_list(scope_spans.get("spans"))):
                location = f"{where} resourceSpans[{r}]/scopeSpans[{s}]/spans[{k}]"
                if isinstance(span, dict) and isinstance(span.get("name"), str):
                    location += f" {span['name']!r}"
                try:
                    events = map_span(span, resource, scope, command_attributes)
                except SpanError as exc:
                    yield failure(location, str(exc), line=line, raw=span)
                    continue
                for event in events:
                    yield SourceRecord(location=location, event=event, line=line)


def map_span(span: Any, resource: dict[str, Any], scope: dict[str, Any],
             command_attributes: Iterable[str] = DEFAULT_COMMAND_ATTRIBUTES) -> list[dict[str, Any]]:
    """One span -> its execution event followed by its exception error events."""
    if not isinstance(span, dict):
        raise SpanError("a span must be an object")
    name = span.get("name", "")
    if not isinstance(name, str):
        raise SpanError(f"span name {name!r} is not a string")
    unnamed = not name
    if unnamed:
        # proto3 JSON leaves out a field equal to its default: no "name" is the empty name
        name = UNNAMED_SPAN
    trace_id = otlp_id(span.get("traceId"), 16, "traceId")
    span_id = otlp_id(span.get("spanId"), 8, "spanId")
    parent = span.get("parentSpanId")
    parent_id = otlp_id(parent, 8, "parentSpanId") if parent else None
    start = unix_nano(span.get("startTimeUnixNano"), "startTimeUnixNano")
    end = unix_nano(span.get("endTimeUnixNano"), "endTimeUnixNano")
    if end < start:
        raise SpanError(f"endTimeUnixNano ({end}) is before startTimeUnixNano ({start})")
    attributes = attributes_dict(span.get("attributes"))
    status = as_dict(span.get("status"))
    execution_id = f"otlp:{trace_id}:{span_id}"
    execution: dict[str, Any] = {
        "type": "execution",
        "id": execution_id,
        "ts": rfc3339_from_ns(end),
        "operation": name,
        "status": "failure" if _status_code(status) == STATUS_ERROR else "success",
        "duration_ms": ms_from_ns(end - start),
        "trace_id": trace_id,
        "span_id": span_id,
        "duration_ns": end - start,
        "ts_unix_nano": end,
        "start_unix_nano": start,
    }
    command = _command(attributes, command_attributes)
    if command is not None:
        execution["command"] = command
    service = resource.get("service.name")
    if isinstance(service, str):
        execution["actor"] = service
        execution["service.name"] = service
    _put(execution, "parent_span_id", parent_id)
    _put(execution, "span_kind", _kind_name(span.get("kind")))
    _put(execution, "status_message", as_text(status.get("message")))
    _put(execution, "scope", as_text(scope.get("name")))
    _put(execution, "attributes", attributes or None)
    _put(execution, "name_missing", True if unnamed else None)
    errors = [_exception_error(event, index, execution, end)
              for index, event in enumerate(as_list(span.get("events")))
              if isinstance(event, dict) and event.get("name") == "exception"]
    return [execution, *errors]


def _exception_error(event: dict[str, Any], index: int, execution: dict[str, Any],
                     span_end: int) -> dict[str, Any]:
    """An ``exception`` span event (semantic conventions) -> an error event."""
    attributes = attributes_dict(event.get("attributes"))
    error_type = attributes.get("exception.type")
    message = attributes.get("exception.message") or error_type or "exception"
    raw_time = event.get("timeUnixNano")
    moment = unix_nano(raw_time, "timeUnixNano") if raw_time not in (None, "", 0, "0") else span_end
    error: dict[str, Any] = {
        "type": "error",
        "id": f"{execution['id']}:exception:{index}",
        "ts": rfc3339_from_ns(moment),
        "message": str(message),
        "execution_id": execution["id"],
        "trace_id": execution["trace_id"],
        "span_id": execution["span_id"],
        "ts_unix_nano": moment,
    }
    _put(error, "error_type", str(error_type) if error_type else None)
    _put(error, "stacktrace", attributes.get("exception.stacktrace"))
    return error


def otlp_id(value: Any, size: int, field: str) -> str:
    """A trace or span id as lowercase hex, whether the exporter wrote hex or base64.

    OTLP/JSON specifies hex, but exporters that go through protobuf's generic JSON
    mapping write base64. The two cannot be confused: ``size`` bytes are ``2*size`` hex
    digits but ``4*ceil(size/3)`` base64 characters.
    """
    if not isinstance(value, str) or not value:
        raise SpanError(f"{field} is missing")
    if len(value) == 2 * size and _HEX.match(value):
        decoded = bytes.fromhex(value)
    else:
        try:
            decoded = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise SpanError(f"{field} {value!r} is neither hex nor base64") from None
        if len(decoded) != size:
            raise SpanError(f"{field} {value!r} is {len(decoded)} bytes, expected {size}")
    if not any(decoded):
        raise SpanError(f"{field} is all zeros (invalid in OTLP)")
    return decoded.hex()


def unix_nano(value: Any, field: str) -> int:
    """A ``fixed64`` time: JSON writes it as a decimal string, some writers as a number."""
    if isinstance(value, bool) or value is None or value == "":
        raise SpanError(f"{field} is missing")
    if isinstance(value, int):
        nanos = value
    elif isinstance(value, str) and value.strip().isdigit():
        nanos = int(value.strip())
    elif isinstance(value, float) and value.is_integer():
        nanos = int(value)  # already rounded by whoever wrote it; the best we have
    else:
        raise SpanError(f"{field} {value!r} is not an integer of nanoseconds")
    if nanos <= 0:
        raise SpanError(f"{field} is zero (unset)")
    if nanos >= 2**63:   # past year 2262: no date the store (or Python) can hold
        raise SpanError(f"{field} {value!r} is too large for a time")
    return nanos


def attributes_dict(items: Any) -> dict[str, Any]:
    """OTLP ``[{key, value: AnyValue}]`` -> a plain dict of Python values."""
    result: dict[str, Any] = {}
    for item in as_list(items):
        if isinstance(item, dict) and isinstance(item.get("key"), str):
            result[item["key"]] = any_value(item.get("value"))
    return result


def any_value(value: Any) -> Any:
    """One OTLP ``AnyValue`` -> str, int, bool, float, list or dict (None when empty)."""
    if not isinstance(value, dict):
        return None
    if "stringValue" in value:
        return value["stringValue"]
    if "boolValue" in value:
        return bool(value["boolValue"])
    if "intValue" in value:
        try:
            return int(value["intValue"])
        except (TypeError, ValueError):
            return value["intValue"]
    if "doubleValue" in value:
        return value["doubleValue"]
    if "arrayValue" in value:
        return [any_value(item) for item in as_list(as_dict(value["arrayValue"]).get("values"))]
    if "kvlistValue" in value:
        return attributes_dict(as_dict(value["kvlistValue"]).get("values"))
    if "bytesValue" in value:
        return value["bytesValue"]
    return None


def _command(attributes: dict[str, Any], names: Iterable[str]) -> str | None:
    """The first configured attribute present on the span, as a command string."""
    for name in names:
        value = attributes.get(name)
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, list):
            return shlex.join(str(part) for part in value)
        return str(value)
    return None


def _status_code(status: dict[str, Any]) -> int:
    """``status.code`` as a number; some writers use the enum name instead."""
    code = status.get("code", 0)
    if isinstance(code, str):
        names = {"STATUS_CODE_UNSET": 0, "STATUS_CODE_OK": 1, "STATUS_CODE_ERROR": 2}
        return names.get(code.upper(), int(code) if code.isdigit() else 0)
    return code if isinstance(code, int) else 0


_KINDS = {0: None, 1: "internal", 2: "server", 3: "client", 4: "producer", 5: "consumer"}


def _kind_name(kind: Any) -> str | None:
    if isinstance(kind, str):
        return kind.removeprefix("SPAN_KIND_").lower() or None
    return _KINDS.get(kind) if isinstance(kind, int) else None


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        target[key] = value
