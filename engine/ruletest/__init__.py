"""Rule-pack tests: given events, a `now` and params, expect findings (`autopattern test`).

The stages, each a module: ``spec`` reads and validates a test file, ``fixtures`` puts
its events and registry rows into a fresh in-memory store, ``runner`` runs the pack,
``matching`` compares findings with expectations and words the differences,
``coverage`` counts the decision branches exercised, ``render`` writes it for people.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence

from engine.ruletest.runner import CaseResult, FileResult, run_test_file
from engine.ruletest.spec import TEST_SUFFIX, TestFileError, find_test_files

__all__ = ["CaseResult", "FileResult", "TEST_SUFFIX", "TestFileError", "find_test_files", "run_paths",
           "run_test_file"]


def run_paths(paths: list[Path], *, name_filter: str | None = None, masks: Sequence[dict[str, Any]] = (),
              on_case: Callable[[FileResult, CaseResult], None] | None = None) -> list[FileResult]:
    """Run every test file under ``paths``."""
    return [run_test_file(p, name_filter=name_filter, masks=masks, on_case=on_case) for p in find_test_files(paths)]
