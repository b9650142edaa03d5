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

import yaml

from engine.errors import Location, ValidationFailure


def render(document: dict[str, Any]) -> str:
    """The one JSON text form of a document (the weekly report's), so unchanged content gives identical bytes."""
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Safe YAML: plain data only; keys stay in the document's order (stable, envelope first)."""


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value and len(value) > 80 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def render_document(document: dict[str, Any]) -> str:
    """The one YAML text form of a registry document: a comment saying what it is, then the data.

    Keys keep the order the model gives them (identity, status, decision, then what the
    rule found, then the history), so unchanged content gives identical bytes and a diff
    in a pull request shows only what changed. Comments are allowed (a reader may add
    some); the engine rewrites a document only when its content changes.
    """
    header = (f"# autopattern {document.get('kind')} {document.get('id')}: {document.get('status')}"
              f" (decided by {document.get('decided_by')})\n"
              "# Written by autopattern; decide with `autopattern patterns approve|reject|quarantine|release`.\n")
    body = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
                     width=100, indent=2)
    return header + body


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
    """The document at ``path`` (YAML, or JSON from an older version), or None when there is none.

    A damaged file is an error naming its line and column.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    if path.suffix in (".yaml", ".yml"):
        try:
            document = yaml.load(text, Loader=_Loader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise ValidationFailure(f"registry document is not valid YAML: {getattr(exc, 'problem', None) or exc}",
                                    Location(str(path), mark.line + 1 if mark else None,
                                             mark.column + 1 if mark else None),
                                    hint="fix or remove the file; the database still holds its row") from exc
        if not isinstance(document, dict):
            raise ValidationFailure("registry document is not a YAML mapping", Location(str(path)))
        return document
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
