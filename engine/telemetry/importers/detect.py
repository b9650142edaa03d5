"""Tell a file's format from its first bytes, so ``--format`` can be left out.

Each format leaves an unmistakable mark near the top: OTLP documents start with
``resourceSpans``, JUnit reports with a ``<testsuite>`` or ``<testsuites>`` element,
GitHub Actions listings with ``workflow_runs`` or ``jobs`` holding ``steps``, and
autopattern's own JSON Lines with an object carrying ``type``. The extension only breaks
ties; it never decides alone, since ``report.json`` may hold anything.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from engine.errors import AutopatternError, Location
from engine.telemetry.inputs import (DECOMPRESSION_ERRORS, describe_unreadable, head_text,
                                     logical_suffix, read_head)

SNIFF_BYTES = 64 * 1024
EXTENSION_HINTS = {
    ".xml": "junit",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_JUNIT_ROOT = re.compile(r"<testsuites?[\s/>]")


def detect_format(path: Path) -> str:
    """The name of ``path``'s format (a key of ``FORMATS``), or an error naming the file."""
    head = _head(path)
    candidates = sniff(head)
    if not candidates:
        tried = "jsonl (an object with 'type' per line), otlp ('resourceSpans'), " \
                "junit (<testsuite>/<testsuites>), github-actions ('workflow_runs' or 'jobs' with 'steps')"
        raise AutopatternError(f"cannot tell the format of this file; tried {tried}",
                               Location(str(path)), hint="pass --format")
    hinted = EXTENSION_HINTS.get(logical_suffix(path))
    return hinted if hinted in candidates else candidates[0]


def sniff(head: str) -> list[str]:
    """Formats whose mark is in ``head``, the most specific first."""
    text = head.lstrip("\ufeff \t\r\n")
    candidates: list[str] = []
    if text.startswith("<"):
        if _JUNIT_ROOT.search(text):
            candidates.append("junit")
        return candidates
    if not text.startswith(("{", "[")):
        return candidates
    if _is_event_line(text.split("\n", 1)[0]):
        candidates.append("jsonl")
    if '"resourceSpans"' in text or '"instrumentationLibrarySpans"' in text \
            or ('"batches"' in text and '"scopeSpans"' in text):
        candidates.append("otlp")
    if '"workflow_runs"' in text or ('"jobs"' in text and '"steps"' in text) \
            or ('"run_id"' in text and '"steps"' in text) \
            or ('"workflow_id"' in text and '"run_number"' in text) \
            or ('"databaseId"' in text and ('"workflowName"' in text or '"steps"' in text)):  # one run; gh CLI
        candidates.append("github-actions")
    return candidates


def _is_event_line(line: str) -> bool:
    try:
        value = json.loads(line)
    except ValueError:
        return False
    return isinstance(value, dict) and isinstance(value.get("type"), str)


def _head(path: Path) -> str:
    try:
        data = read_head(path, SNIFF_BYTES)
    except DECOMPRESSION_ERRORS as exc:
        raise AutopatternError(f"cannot decompress: {exc}", Location(str(path))) from exc
    except OSError as exc:
        raise AutopatternError(f"cannot read: {exc.strerror}", Location(str(path))) from exc
    reason = describe_unreadable(data)
    if reason is not None:
        raise AutopatternError(reason, Location(str(path)))
    return head_text(data)
