"""Names for the slots of a template, shared by registry names and generated templates.

A slot is named from what a person would call it: the words just before it (a
``--flag``, ``key=``, ``module named``), a short flag whose meaning is conventional
(``-t`` a tag, ``-f`` a file), else the shape of the values it takes (a url, a version,
a number ``n``). The registry names documents with these (``build_image: docker build -t
{tag}``) and AUTO-008 names the slots of the templates it drafts with them, so the two
never call one slot differently.
"""

from __future__ import annotations

import re

# Short flags whose meaning is conventional across command-line tools.
# (Flags such as -s, -v, -d, -p are left out: often switches, or meaning differs by tool.)
SHORT_FLAGS = {"t": "tag", "f": "file", "o": "output", "m": "message", "n": "name", "c": "config",
               "r": "requirements", "u": "user", "b": "branch", "e": "env"}
_FILE_LIKE = ("file", "output", "config", "requirements")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_SHAPES = (
    ("url", re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.I)),
    ("version", re.compile(r"^v?[0-9]+(\.[0-9]+)+([-+.][0-9A-Za-z.-]+)?$")),
    ("n", re.compile(r"^-?[0-9]+$")),
    ("duration", re.compile(r"^[0-9]+(\.[0-9]+)?(ms|s|m|min|h|d)$")),
    ("number", re.compile(r"^-?[0-9]*\.[0-9]+$")),
    ("image", re.compile(r"^[a-z0-9][a-z0-9._/-]*:[A-Za-z0-9._-]+$")),
    ("file", re.compile(r"^[^\s]*\.[A-Za-z][A-Za-z0-9]{0,5}$")),
    ("path", re.compile(r"^[^\s]*/[^\s]*$")),
    ("host", re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$", re.I)),
    ("id", re.compile(r"^[0-9a-f]{7,}$")),
    ("package", re.compile(r"^[A-Za-z0-9_.-]+(@|==|>=|<=|~=|\^)\S+$")),
    ("name", re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")),
)


def shape_name(values: list[str]) -> str | None:
    """What the values look like, when they all look alike."""
    for name, pattern in _SHAPES:
        if values and all(pattern.match(v) for v in values):
            return name
    return None


def context_name(before: str) -> str | None:
    """The name the text before a slot gives it: ``--name <*>``, ``port=<*>``, ``named '<*>'``."""
    text = before.rstrip("'\"")
    flag = re.search(r"(?:^|\s)--([A-Za-z][A-Za-z0-9-]*)(?:=|\s+)$", text)
    if flag:
        return flag.group(1).replace("-", "_").lower()
    keyed = re.search(r"([A-Za-z][A-Za-z0-9_]*)=$", text)
    if keyed:
        return keyed.group(1).lower()
    words = text.split()
    if len(words) >= 2 and words[-1].lower() in ("named", "called") and _WORD.fullmatch(words[-2]):
        return words[-2].lower()
    return None


def short_flag_name(before: str, values: list[str]) -> str | None:
    """``-t <*>`` is a tag, unless the values plainly are something else (``curl -s URL``)."""
    short = re.search(r"(?:^|\s)-([A-Za-z])\s+['\"]?$", before)
    meaning = SHORT_FLAGS.get(short.group(1)) if short else None
    if meaning is None:
        return None
    shape = shape_name(values)
    if shape in ("url", "path", "file") and meaning not in _FILE_LIKE:
        return None
    return meaning
