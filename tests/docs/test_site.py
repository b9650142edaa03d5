"""The docs site: its generated pages are current, and it builds with --strict.

`mkdocs build --strict` fails on a broken link or anchor, a page missing from the nav, or a
nav entry without a page.
"""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import REPO


def _generator():
    spec = importlib.util.spec_from_file_location("docs_generate", REPO / "docs" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_pages_are_current():
    result = subprocess.run([sys.executable, str(REPO / "docs" / "generate.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_check_names_a_stale_or_missing_page():
    generate = _generator()
    pages = {**generate.pack_pages(), "reference/cli.md": "not what the CLI prints\n",
             "reference/no-such-page.md": "x\n"}
    assert generate.stale(pages) == ["docs/reference/cli.md is stale", "docs/reference/no-such-page.md is missing"]
    del pages["packs/retention.md"]     # a pack that is gone leaves its page behind
    assert "docs/packs/retention.md documents no shipped pack (remove it)" in generate.stale(pages)


def test_every_shipped_pack_has_a_page_with_every_param():
    generate = _generator()
    pages = generate.pack_pages()
    index = (REPO / "docs" / "packs" / "index.md").read_text(encoding="utf-8")
    from engine.language.loader import load_pack

    for path in sorted((REPO / "rules").glob("*.rules")):
        pack = load_pack(path).pack
        page = pages[f"packs/{pack.name}.md"]
        assert f"]({pack.name}.md)" in index, f"docs/packs/index.md does not list {pack.name}"
        for param in pack.params:
            assert f"| `{param.name}` |" in page
        for rule in pack.rules:
            assert f"### `{pack.name}.{rule.name}`" in page
            for decision in rule.decisions:
                assert f"* decides `{decision.name}` " in page


def test_the_cli_page_has_every_command():
    generate = _generator()
    page = generate.cli_page()
    from engine.cli import app
    import typer

    root = typer.main.get_command(app)
    for name, command in root.commands.items():
        assert f"`autopattern {name}`" in page
        for sub in getattr(command, "commands", {}):
            assert f"`autopattern {name} {sub}`" in page


def test_the_site_builds_strictly(tmp_path):
    pytest.importorskip("mkdocs", reason="the `docs` extra is not installed: pip install -e '.[docs]'")
    pytest.importorskip("material", reason="the `docs` extra is not installed: pip install -e '.[docs]'")
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
                             str(REPO / "mkdocs.yml"), "--site-dir", str(site)],
                            cwd=REPO, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    # headings are anchors that other pages link to
    events = (site / "events" / "index.html").read_text(encoding="utf-8")
    assert 'id="event-format"' in events
    assert (site / "packs" / "execution_patterns" / "index.html").is_file()
    assert not (site / "readme").exists()

