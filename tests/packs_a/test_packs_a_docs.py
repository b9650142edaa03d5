"""The README section of these packs cannot drift from the packs: every param is listed
with its shipped default, and `heal` has help text with an example."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine import resources
from engine.cli import app
from engine.language.loader import load_packs, require_valid

DOC = Path(__file__).resolve().parents[2] / "docs" / "readme" / "packs_a.md"
PACKS = ("file_patterns", "error_recovery", "anti_patterns", "templates")


def shipped_params():
    packs = require_valid(load_packs([resources.rules_dir()]))
    return [(pack.name, param) for pack in packs if pack.name in PACKS for param in pack.params]


@pytest.mark.parametrize("pack, param", shipped_params(), ids=lambda x: getattr(x, "name", x))
def test_every_param_is_documented_with_its_default(pack, param):
    text = DOC.read_text(encoding="utf-8")
    assert f"| `{param.name}` | {param.default.text} |" in text, f"{pack}.{param.name} missing from {DOC.name}"


def test_heal_has_help_with_an_example():
    result = CliRunner().invoke(app, ["heal", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "--json" in result.stdout
