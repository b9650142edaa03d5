"""MkDocs hooks: site pages include the README's parts, with links made right for the site.

A page line ``--8<-- "docs/readme/NAME.md"`` is replaced by that part, so the text has one
source (README.md is assembled from the same parts by docs/build_readme.py). The parts are
written for README.md at the repository root, so a link such as ``docs/images/x.png`` is
relative to the root; on the site the docs folder is the root and the including page may
sit in a sub-folder, so such links are rewritten relative to the page. Any other include
line is an error: a typo must not leave a page silently without its text.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

INCLUDE = re.compile(r'^--8<--[ \t]+"(?P<path>[^"]*)"[ \t]*$', re.MULTILINE)
PART = re.compile(r"docs/readme/[A-Za-z0-9_.-]+\.md")
ROOT_LINK = re.compile(r"(\]\()docs/(?P<target>[^)\s]+)")


def on_page_markdown(markdown: str, page, config, files) -> str:
    root = Path(config.config_file_path).resolve().parent
    depth = page.file.src_uri.count("/")

    def include(match: re.Match) -> str:
        where = f"docs/{page.file.src_uri}"
        if not PART.fullmatch(match["path"]):
            raise PluginError(f"{where}: only docs/readme/*.md parts are included, not {match['path']!r}")
        part = root / match["path"]
        if not part.is_file():
            raise PluginError(f"{where}: no such README part {match['path']}")
        text = part.read_text(encoding="utf-8")
        return ROOT_LINK.sub(lambda link: f"{link[1]}{'../' * depth}{link['target']}", text)

    return INCLUDE.sub(include, markdown)
