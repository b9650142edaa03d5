"""Fixtures of the registry tests: findings and runs to apply to ``ws`` (tests/conftest.py)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from engine.registry import apply_findings
from engine.results import Finding, RunInfo


def _make_finding(kind="pattern_candidate", decision="approve", **overrides) -> Finding:
    """A finding as the rule engine would hand it over; overrides replace any attribute."""
    defaults = dict(
        pack="execution_patterns", pack_id="AUTO-001", rule="repeated_execution", kind=kind,
        key={"operation": "scaffold_module", "command_template_id": 7},
        fields={"name": "scaffold-module", "confidence": 0.82, "count": 5},
        decision=decision, reason="confidence 0.82 >= approve_at 0.75",
        evidence=["ex-1", "ex-2", "ex-3"], lets={"success_rate": 1.0},
    )
    defaults.update(overrides)
    return Finding(**defaults)


_runs = itertools.count(1)


def _make_run(now="2026-03-02T12:00:00.000Z", dry_run=False, run_id=None) -> RunInfo:
    return RunInfo(run_id=run_id or f"run-{next(_runs)}", now=now, params={}, dry_run=dry_run)


@pytest.fixture
def apply(workspace_db, ws):
    """apply(findings, now=..., dry_run=...) -> EmitSummary against the test workspace."""
    def run(findings, **kwargs):
        return apply_findings(workspace_db, ws.patterns_dir, _make_run(**kwargs), list(findings))
    return run


def _snapshot_files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes, to compare whole registries."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def make_finding():
    return _make_finding


@pytest.fixture
def make_run():
    return _make_run


@pytest.fixture
def files():
    """files(root) -> {relative path: bytes} of every file under root."""
    return _snapshot_files
