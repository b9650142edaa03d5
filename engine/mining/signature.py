"""The structural signature of a file's content: its shape with the values masked.

Two files are "similar" when they have similar paths *and* the same shape: the same
kinds of lines (headings, list items, ``key: value`` pairs, statements) in the same
order and indentation, whatever the values. A run of lines of the same shape counts
once, so a list of three items and one of five have the same signature.
"""

from __future__ import annotations

import re

from engine.mining.masks import SLOT

MAX_LINES = 400
_HEADING = re.compile(r"(#{1,6})\s+\S")
_ITEM = re.compile(r"(?:[-*+]|\d+[.)])\s+\S")
_KEY_VALUE = re.compile(r"""["']?([A-Za-z_][\w.\-]*)["']?\s*([:=])\s*(.*)""")
_WORD = re.compile(r"[A-Za-z_@][\w\-]*|[^\w\s]+")


def content_signature(text: str) -> str:
    """One line per run of same-shaped lines: indentation, then the line's shape."""
    shapes: list[str] = []
    for line in text.splitlines()[:MAX_LINES]:
        if not line.strip():
            continue
        shape = _indent(line) + _shape(line.strip())
        if shapes and shapes[-1] == shape:
            continue
        shapes.append(shape)
    return "\n".join(shapes)


def _indent(line: str) -> str:
    width = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
    return " " * width


def _shape(line: str) -> str:
    heading = _HEADING.match(line)
    if heading:
        return f"{heading.group(1)} {SLOT}"
    if _ITEM.match(line):
        return f"- {SLOT}"
    pair = _KEY_VALUE.fullmatch(line)
    if pair:
        key, sign, value = pair.groups()
        return f"{key}{sign} {SLOT}" if value.strip() else f"{key}{sign}"
    word = _WORD.match(line)
    head = word.group() if word else SLOT
    return head if head == line else f"{head} {SLOT}"
