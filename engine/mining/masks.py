"""Masks: the variable values (numbers, IPs, paths, ...) recognised inside a token.

Masks are data: the built-in ones live in ``masks.yaml`` beside this module, users add
theirs in the workspace config (``masks: [{name, regex, replacement?}]``). All of them
are compiled into ONE alternation, so masking a token is a single regex scan however
many masks there are. A user's regex is checked before it is used (see
``engine.mining.regex_safety``) so that a catastrophic pattern is rejected with an error
naming the mask, instead of hanging ingest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from engine.errors import AutopatternError, Location
from engine.mining.regex_safety import check_regex

SLOT = "<*>"
BUILTIN_MASKS_PATH = Path(__file__).with_name("masks.yaml")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class MaskError(AutopatternError):
    """A mask definition is invalid or unsafe."""


@dataclass(frozen=True)
class Mask:
    """One named mask. ``replacement`` None means "a slot whose value is a parameter"."""

    name: str
    regex: str
    replacement: str | None = None


@dataclass(frozen=True)
class MaskedPiece:
    """A piece of a token: literal text, or a slot holding ``value`` found by ``mask``."""

    text: str
    mask: str | None = None  # None: literal text


class MaskSet:
    """An ordered set of masks compiled into one regex; first mask wins at a position."""

    def __init__(self, masks: list[Mask]):
        self.masks = tuple(masks)
        self._by_group = {f"_m{i}": mask for i, mask in enumerate(self.masks)}
        pattern = "|".join(f"(?P<_m{i}>{mask.regex})" for i, mask in enumerate(self.masks))
        self._regex = re.compile(pattern) if pattern else None

    def __len__(self) -> int:
        return len(self.masks)

    def pieces(self, token: str) -> list[MaskedPiece]:
        """Split a token into literal pieces and slot pieces (the masked values)."""
        if self._regex is None:
            return [MaskedPiece(token)]
        out: list[MaskedPiece] = []
        literal, pos = [], 0
        for match in self._regex.finditer(token):
            start, end = match.span()
            if start == end:
                continue
            mask = self._by_group[match.lastgroup]
            literal.append(token[pos:start])
            if mask.replacement is None:
                if literal and "".join(literal):
                    out.append(MaskedPiece("".join(literal)))
                literal = []
                out.append(MaskedPiece(match.group(), mask.name))
            else:
                literal.append(mask.replacement)
            pos = end
        literal.append(token[pos:])
        if "".join(literal):
            out.append(MaskedPiece("".join(literal)))
        return out

    def mask(self, token: str) -> tuple[str, list[str], list[str]]:
        """The masked token (slots as ``<*>``), the slot values and the masks that found them."""
        pieces = self.pieces(token)
        text = "".join(SLOT if piece.mask else piece.text for piece in pieces)
        values = [piece.text for piece in pieces if piece.mask]
        names = [piece.mask for piece in pieces if piece.mask]
        return text, values, names


@cache
def builtin_masks() -> tuple[Mask, ...]:
    """The masks shipped in masks.yaml (trusted: not probed, but still compiled)."""
    data = yaml.safe_load(BUILTIN_MASKS_PATH.read_text(encoding="utf-8")) or {}
    return tuple(parse_masks(data.get("masks") or [], source=str(BUILTIN_MASKS_PATH),
                             probe=False))


def parse_masks(raw: Any, *, source: str = "autopattern.yaml", field: str = "masks",
                probe: bool = True) -> list[Mask]:
    """Validate mask definitions (as found in YAML) and return them as ``Mask`` objects.

    Every problem raises ``MaskError`` naming the source file and the field
    (``masks[2].regex``), never a traceback and never a regex that could hang ingest.
    """
    if not isinstance(raw, list):
        raise MaskError("masks must be a list of {name, regex, replacement?}",
                        Location(source, field=field))
    masks, seen = [], set()
    for index, entry in enumerate(raw):
        where = f"{field}[{index}]"
        if not isinstance(entry, dict):
            raise MaskError("a mask must be a mapping with name and regex",
                            Location(source, field=where))
        unknown = set(entry) - {"name", "regex", "replacement", "description"}
        if unknown:
            raise MaskError(f"unknown key(s) {', '.join(sorted(map(str, unknown)))} in a mask",
                            Location(source, field=where),
                            hint="a mask has name, regex and optionally replacement")
        name = entry.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            raise MaskError(f"mask name {name!r} must be an identifier (letters, digits, _)",
                            Location(source, field=f"{where}.name"))
        if name in seen:
            raise MaskError(f"mask {name!r} is defined twice", Location(source, field=f"{where}.name"))
        seen.add(name)
        regex = entry.get("regex")
        if not isinstance(regex, str) or not regex:
            raise MaskError(f"mask {name!r}: regex must be a non-empty string",
                            Location(source, field=f"{where}.regex"))
        replacement = entry.get("replacement")
        if replacement is not None and not isinstance(replacement, str):
            raise MaskError(f"mask {name!r}: replacement must be a string",
                            Location(source, field=f"{where}.replacement"))
        if replacement == SLOT:
            replacement = None
        problem = check_regex(regex, probe=probe)
        if problem:
            raise MaskError(f"mask {name!r}: {problem}", Location(source, field=f"{where}.regex"),
                            hint="simplify the pattern: no nested or overlapping repetition")
        masks.append(Mask(name, regex, replacement))
    return masks


def build_mask_set(extra: list[dict] | None = None, *, source: str = "autopattern.yaml") -> MaskSet:
    """The user's masks (checked), then the built-in ones, as one compiled set."""
    user = parse_masks(extra, source=source) if extra else []
    names = {mask.name for mask in user}
    return MaskSet(user + [mask for mask in builtin_masks() if mask.name not in names])
