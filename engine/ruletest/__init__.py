"""Rule-pack tests: given events, a `now` and params, expect findings (`autopattern test`).

The stages, each a module: ``spec`` reads and validates a test file, ``fixtures`` puts
its events and registry rows into a fresh scratch store (SQLite in memory, or a schema
of its own on PostgreSQL), ``runner`` runs the pack,
``matching`` compares findings with expectations and words the differences,
``coverage`` counts the decision branches exercised, ``render`` writes it for people.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence

from engine.ruletest.runner import MEMORY, CaseResult, FileResult, run_test_file
from engine.store import StoreURL
from engine.ruletest.spec import TEST_SUFFIX, TestFileError, find_test_files

__all__ = ["CaseResult", "FileResult", "TEST_SUFFIX", "TestFileError", "find_test_files", "run_paths",
           "run_test_file"]


def run_paths(paths: list[Path], *, name_filter: str | None = None, masks: Sequence[dict[str, Any]] = (),
              on_case: Callable[[FileResult, CaseResult], None] | None = None,
              database: StoreURL = MEMORY) -> list[FileResult]:
    """Run every test file under ``paths`` (each test in a scratch store: see ``runner``)."""
    return [run_test_file(p, name_filter=name_filter, masks=masks, on_case=on_case, database=database)
            for p in find_test_files(paths)]
