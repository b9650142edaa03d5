"""Stable, readable, filesystem-safe ids for registry documents.

An id is derived from what identifies a group (pack id, rule, group-by values), never
from a raw user string alone: the readable part is a slug that can only hold
``[a-z0-9-]``, and a hash of the canonical JSON of the whole identity makes it unique.
So evaluating twice yields the same ids, and no id can name a path outside its folder.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,100}$")
HASH_LENGTH = 10
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def canonical_json(value: Any) -> str:
    """One text per value: sorted keys, no spaces, so equal values hash alike."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def short_hash(value: Any) -> str:
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def slug(text: Any, max_length: int = 40) -> str:
    """Lowercase ``[a-z0-9-]`` words of ``text``, cut at a word boundary when too long."""
    words = _NOT_SLUG.sub("-", str(text).lower()).strip("-")
    if len(words) > max_length:
        words = words[:max_length].rsplit("-", 1)[0] if "-" in words[:max_length] else words[:max_length]
    return words.strip("-")


def pattern_id(pack_id: str, rule: str, key: dict[str, Any]) -> str:
    """The id of the document a rule's group produces, e.g. ``auto-001-repeated-execution-1a2b3c4d5e``.

    The hash covers pack id, rule and key together, so two rules whose names share a
    truncated slug still get different ids.
    """
    prefix = "-".join(part for part in (slug(pack_id, 16), slug(rule, 40)) if part) or "pattern"
    return f"{prefix}-{short_hash({'pack': pack_id, 'rule': rule, 'key': key})}"


def quarantine_id(subject: str) -> str:
    """The id of the quarantine record of a pattern known only from telemetry."""
    readable = slug(subject, 40)
    return f"quarantine-{readable}-{short_hash(subject)}" if readable else f"quarantine-{short_hash(subject)}"


def is_safe_id(text: str) -> bool:
    return bool(SAFE_ID.match(text))
