"""Write README.md, the repository's front door, from docs/readme/front.md.

README.md is also the package's long description (pyproject.toml), so it is generated,
never edited by hand: edit docs/readme/front.md, run ``python docs/build_readme.py``,
commit both. The reference lives on the docs site (docs/*.md, mkdocs.yml), not here: the
front door stays short enough to read in five minutes (tests/docs/test_readme_build.py
holds it to MAX_LINES), and the test suite fails when README.md differs from what this
script would write (``--check``).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "docs" / "readme" / "front.md"
README = ROOT / "README.md"
MAX_LINES = 250

# An HTML comment: invisible on GitHub and PyPI, seen by whoever opens README.md to edit it.
HEADER = ("<!-- Generated from docs/readme/front.md by docs/build_readme.py: edit that file, "
          "not this one. -->\n")


def assemble() -> str:
    return HEADER + SOURCE.read_text(encoding="utf-8").strip("\n") + "\n"


def main(argv: list[str]) -> int:
    text = assemble()
    lines = text.count("\n")
    if lines > MAX_LINES:
        print(f"{SOURCE.relative_to(ROOT)}: README.md would be {lines} lines, over the front "
              f"door's {MAX_LINES}: move the detail to a docs/ page and link it", file=sys.stderr)
        return 1
    if "--check" in argv:
        if not README.is_file() or README.read_text(encoding="utf-8") != text:
            print("README.md is stale: run `python docs/build_readme.py`", file=sys.stderr)
            return 1
        return 0
    README.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
