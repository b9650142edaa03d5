"""Fixtures of the `autopattern test` tests (helpers: tests/support/rule_files.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.cli import app
from tests.support.rule_files import AUTO_001, AUTO_001_TESTS


@pytest.fixture
def cli():
    """Run `autopattern ...` in-process; returns the result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return run


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    """A rules folder with a copy of AUTO-001 and its shipped test file in tests/."""
    rules = tmp_path / "rules"
    (rules / "tests").mkdir(parents=True)
    shutil.copy(AUTO_001, rules / AUTO_001.name)
    shutil.copy(AUTO_001_TESTS, rules / "tests" / AUTO_001_TESTS.name)
    return rules
