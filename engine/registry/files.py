"""Reading and atomically writing registry documents.

A reader (another process, an editor, the orchestrator) must never see half a
document: each write goes to a temporary file in the same folder, is flushed to disk,
then renamed over the target, which POSIX and Windows both do atomically.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from engine.errors import Location, ValidationFailure


def render(document: dict[str, Any]) -> str:
    """The one text form of a document, so unchanged content gives identical bytes."""
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def plain(value: Any) -> Any:
    """Turn a value into plain JSON data (tuples -> lists, NaN -> null, other -> str).

    Applied to everything a finding carries, so a document compares equal to the same
    document read back from disk.
    """
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def read_document(path: Path) -> dict[str, Any] | None:
    """The document at ``path``, or None when there is none; a damaged file is an error."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationFailure(f"registry document is not valid JSON: {exc.msg}",
                                Location(str(path), exc.lineno, exc.colno),
                                hint="fix or remove the file; the database still holds its row") from exc
    if not isinstance(document, dict):
        raise ValidationFailure("registry document is not a JSON object", Location(str(path)))
    return document


def registry_path(root: Path, relative: str) -> Path:
    """The file a stored ``document_path`` names, refusing one that leaves the registry.

    The path comes from the database, which a tool or the Python API may have written:
    followed blindly, ``../../x`` would let a move delete a file outside the workspace.
    """
    path = Path(root) / relative
    try:
        inside = path.resolve().is_relative_to(Path(root).resolve())
    except (OSError, ValueError):
        inside = False
    if not inside:
        raise ValidationFailure(f"document path {relative!r} leads outside the registry",
                                Location(str(root), field="document_path"),
                                hint="fix the pattern_candidates row (`autopattern doctor` lists it)")
    return path


def read_registry_document(path: Path) -> dict[str, Any] | None:
    """``read_document`` for a pattern document, also checked against its kind's model.

    A file edited by hand can be valid JSON yet lack a field every reader relies on; it
    is refused here with the field named, rather than failing later with a KeyError.
    """
    import pydantic

    from engine.registry.documents import MODELS

    document = read_document(path)
    if document is None:
        return None
    model = MODELS.get(document.get("kind")) if isinstance(document.get("kind"), str) else None
    hint = "fix or remove the file (`autopattern doctor` lists every damaged document)"
    if model is None:
        raise ValidationFailure(f"registry document has no known kind ({document.get('kind')!r})",
                                Location(str(path), field="kind"), hint=hint)
    try:
        model.model_validate(document)
    except pydantic.ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(part) for part in problem["loc"]) or "(document)"
        raise ValidationFailure(f"registry document is damaged at {where}: {problem['msg']}",
                                Location(str(path), field=where), hint=hint) from exc
    return document


def write_atomic(path: Path, text: str, *, sync_folder: bool = True) -> None:
    """Write ``text`` to ``path`` so that readers see the old or the new file, never a mix.

    A caller writing many files into one folder passes ``sync_folder=False`` and calls
    ``sync_folder`` once at the end.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise
    if sync_folder:
        fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the platform allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temp_files(root: Path, folders) -> list[Path]:
    """Delete temporary files a killed writer left in the registry's folders.

    Call it only while holding the registry's write lock (the index transaction): every
    document write happens under that lock, so a temporary file seen then belongs to a
    process that died mid-write, never to one still writing.
    """
    removed = []
    for folder in folders:
        for temp in (root / folder).glob(".*.tmp"):
            if remove_quietly(temp):
                removed.append(temp)
    return removed


def remove_quietly(path: Path) -> bool:
    try:
        path.unlink()
        return True
    except FileNotFoundError:
        return False
