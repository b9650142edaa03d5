"""The plain record every input source hands to ingest.

JSON Lines, OTLP, JUnit, GitHub Actions and the file watcher all turn their input into
``SourceRecord``s; ingest validates, deduplicates, mines and stores them the same way,
so every source gets the same rejects file and the same summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SourceRecord:
    """One event as read from a source, or the reason it could not be read.

    ``location`` names where it came from for error messages (``events.jsonl:12``,
    ``report.xml: testcase tests.test_x::test_y``); ``line`` is the 1-based line when the
    source has lines. Exactly one of ``event`` and ``error`` is set.
    """

    location: str
    event: dict[str, Any] | None = None
    error: str | None = None
    line: int | None = None
    raw: str | None = None  # the original text, copied into the rejects file
