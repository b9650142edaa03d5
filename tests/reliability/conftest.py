"""Fixtures of the reliability suite: fresh workspaces."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.workspace import Workspace, init_workspace


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """An empty workspace without rule packs."""
    return init_workspace(tmp_path / "ws", copy_rules=False)

