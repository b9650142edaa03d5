from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.cli import app
from engine.resources import rules_dir

SHIPPED_RULES = rules_dir()
AUTO_001 = SHIPPED_RULES / "auto_001_execution_patterns.rules"
AUTO_001_TESTS = SHIPPED_RULES / "tests" / "auto_001_execution_patterns.test.yaml"


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


def write_test(folder: Path, text: str, name: str = "t.test.yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path
