"""Locate the data files shipped beside the package (grammar, rules, schemas).

In a source checkout or an editable install they sit at the repository root; a wheel
carries them inside ``engine/_data``. Everything that needs them asks here, so no other
module guesses paths.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the directory of a shipped data folder: 'grammar', 'rules' or 'schemas'."""
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"autopattern data folder {name!r} is missing from the installation")


def grammar_path(name: str = "rules.lark") -> Path:
    return data_dir("grammar") / name


def rules_dir() -> Path:
    return data_dir("rules")


def schemas_dir() -> Path:
    return data_dir("schemas")
