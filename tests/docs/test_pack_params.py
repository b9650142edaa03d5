"""The README section of the AUTO-002/-003/-005/-008 packs (docs/readme/packs_a.md) cannot
drift from the packs: every param is listed with its shipped default."""

from __future__ import annotations

import pytest

from engine import resources
from engine.language.loader import load_packs, require_valid
from tests.support.paths import REPO

DOC = REPO / "docs" / "readme" / "packs_a.md"
PACKS = ("file_patterns", "error_recovery", "anti_patterns", "templates")


def shipped_params():
    packs = require_valid(load_packs([resources.rules_dir()]))
    return [(pack.name, param) for pack in packs if pack.name in PACKS for param in pack.params]


@pytest.mark.parametrize("pack, param", shipped_params(), ids=lambda x: getattr(x, "name", x))
def test_every_param_is_documented_with_its_default(pack, param):
    text = DOC.read_text(encoding="utf-8")
    assert f"| `{param.name}` | {param.default.text} |" in text, f"{pack}.{param.name} missing from {DOC.name}"
