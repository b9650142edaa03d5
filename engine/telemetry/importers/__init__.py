"""Input formats: each turns a file into ``SourceRecord``s for the one ingest pipeline.

Formats are looked up by name, and a format's module is imported only when used, so a
user ingesting JSON Lines never pays for the XML parser.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, Callable, Iterator

from engine.errors import AutopatternError
from engine.telemetry.records import SourceRecord

# format name -> "module:function"; the function takes (path, **options).
FORMATS: dict[str, str] = {
    "jsonl": "engine.telemetry.jsonl:read_jsonl",
    "otlp": "engine.telemetry.importers.otlp:read_otlp",
    "junit": "engine.telemetry.importers.junit:read_junit",
    "github-actions": "engine.telemetry.importers.github_actions:read_github_actions",
}


def reader_for(fmt: str) -> Callable[..., Iterator[SourceRecord]]:
    if fmt not in FORMATS:
        raise AutopatternError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    module_name, function = FORMATS[fmt].split(":")
    return getattr(importlib.import_module(module_name), function)


def read_records(path: Path, fmt: str | None = None, **options: Any) -> Iterator[SourceRecord]:
    """Read one file in ``fmt`` (detected from its content when None)."""
    if fmt is None:
        from engine.telemetry.importers.detect import detect_format
        fmt = detect_format(path)
    return reader_for(fmt)(path, **options)
