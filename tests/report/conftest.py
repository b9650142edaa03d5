"""Fixtures of the report tests: the demo as `./run.sh demo` builds it, shared by the page
tests and the browser tests (built once per session, it takes a while)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from engine.cli import app


@pytest.fixture(scope="session")
def weekly_demo(tmp_path_factory):
    """`autopattern demo` as `./run.sh demo` runs it (default days and scale) at a fixed now:
    twelve weekly runs. Returns the workspace and the latest report's JSON, Markdown and HTML."""
    root = tmp_path_factory.mktemp("report-demo") / "ws"
    run = CliRunner().invoke(app, ["demo", "--workspace", str(root), "--now", "2026-11-30T00:00:00Z"])
    assert run.exit_code == 0, run.output
    html_path = root / "patterns" / "reports" / "weekly" / "2026-W48.html"
    assert run.stdout.rstrip("\n").splitlines()[-1] == str(html_path)      # the demo ends with the page's path
    return root, html_path.with_suffix(".json"), html_path.with_suffix(".md"), html_path
