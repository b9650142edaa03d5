"""Versioning of documents: what changed, and a history entry that says so.

A document's content is everything but its bookkeeping (created, updated, version,
history). A new version is made only when the content differs, so re-applying the same
findings leaves every document byte for byte as it was.
"""

from __future__ import annotations

from typing import Any

BOOKKEEPING = ("created", "updated", "version", "history")
_NESTED = ("key", "fields", "lets", "engine", "quarantine", "error", "recovery", "subject")


def content_of(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k not in BOOKKEEPING}


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """``field -> [old, new]`` for every changed field; mappings compared one level down."""
    changes: dict[str, list[Any]] = {}
    for name in list(old) + [k for k in new if k not in old]:
        if name in BOOKKEEPING:
            continue
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        if name in _NESTED and isinstance(before, dict) and isinstance(after, dict):
            for sub in list(before) + [k for k in after if k not in before]:
                if before.get(sub) != after.get(sub):
                    changes[f"{name}.{sub}"] = [before.get(sub), after.get(sub)]
        else:
            changes[name] = [before, after]
    return changes


def revise(existing: dict[str, Any] | None, content: dict[str, Any], *, ts: str,
           run_id: str | None, actor: str, reason: str) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """The next version of a document (or its first), with the changes that made it.

    Returns ``existing`` itself and no changes when the content is the same.
    """
    content = content_of(content)
    if existing is None:
        changes = {"status": [None, content["status"]]}
        return {**content, "created": ts, "updated": ts, "version": 1,
                "history": [_entry(1, ts, run_id, actor, content["status"], changes, reason)]}, changes
    changes = diff(content_of(existing), content)
    if not changes:
        return existing, {}
    version = int(existing.get("version", 0)) + 1
    history = list(existing.get("history", []))
    history.append(_entry(version, ts, run_id, actor, content["status"], changes, reason))
    return {**content, "created": existing.get("created", ts), "updated": ts, "version": version,
            "history": history}, changes


def _entry(version: int, ts: str, run_id: str | None, actor: str, status: str,
           changes: dict[str, list[Any]], reason: str) -> dict[str, Any]:
    return {"version": version, "ts": ts, "run_id": run_id, "actor": actor, "status": status,
            "changes": changes, "reason": reason}
