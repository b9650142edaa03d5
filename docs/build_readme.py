"""Assemble README.md from its parts in docs/readme/.

README.md is also the package's long description, so it is generated, never edited by
hand: edit the part, run ``python docs/build_readme.py``, commit both. The test suite
fails when README.md differs from what this script would write (``--check``).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS_DIR = ROOT / "docs" / "readme"
README = ROOT / "README.md"

# The order in which the parts are read; a part on disk that is not listed is an error,
# so a new part cannot be silently left out.
ORDER = ("00-intro",)


def assemble() -> str:
    on_disk = {p.stem for p in PARTS_DIR.glob("*.md")}
    missing, unlisted = set(ORDER) - on_disk, on_disk - set(ORDER)
    if missing or unlisted:
        raise SystemExit(f"docs/readme: missing parts {sorted(missing)}, unlisted parts {sorted(unlisted)}")
    texts = [(PARTS_DIR / f"{name}.md").read_text(encoding="utf-8").strip("\n") for name in ORDER]
    return "\n\n".join(texts) + "\n"


def main(argv: list[str]) -> int:
    text = assemble()
    if "--check" in argv:
        if README.read_text(encoding="utf-8") != text:
            print("README.md is stale: run `python docs/build_readme.py`", file=sys.stderr)
            return 1
        return 0
    README.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
