"""A set of registry changes, planned in memory and then committed all at once.

Both the engine (emit) and people (decisions) change documents the same way: read the
current document, plan its next version, validate it, and only when everything planned
is valid write the files atomically and the index rows, audit rows included, in one
transaction. Planning first means a bad document stops the run before anything is
written, and a dry run is simply "plan, do not commit".
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pydantic
from engine.store import Store

from engine.errors import Location, ValidationFailure
from engine.registry import index
from engine.registry.documents import MODELS
from engine.registry.files import (fsync_folder, read_document, read_registry_document, registry_path,
                                   remove_quietly, remove_stale_temp_files, render_document, write_atomic)
from engine.registry.ids import canonical_json, is_safe_id
from engine.registry.layout import (FOLDERS, LEGACY_SUFFIX, SELF_HEAL_IN_FORCE, SUFFIX, document_path,
                                    file_name)
from engine.registry.schemas import validate_document
from engine.registry.versions import BOOKKEEPING


@dataclass
class Entry:
    """One document: as found at the start, and as planned."""

    id: str
    original: dict[str, Any] | None
    original_path: str | None
    document: dict[str, Any] | None = None
    path: str | None = None

    @property
    def current(self) -> dict[str, Any] | None:
        return self.document if self.document is not None else self.original

    @property
    def must_write(self) -> bool:
        return self.document is not None and (self.document != self.original
                                               or self.path != self.original_path)


@dataclass
class Committed:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rows: int = 0
    decisions: int = 0


class ChangeSet:
    def __init__(self, db: Store, patterns_dir: Path):
        self.db = db
        self.root = Path(patterns_dir)
        self.entries: dict[str, Entry] = {}
        self.audits: list[dict[str, Any]] = []
        self.done = Committed()
        self._names: dict[str, str] | None = None   # name -> id, stored and planned
        self._listing: dict[str, list[str]] | None = None   # id hash -> document files

    def name_owner(self, name: str) -> str | None:
        """The id of the document holding ``name`` (stored, or planned in this change set)."""
        if self._names is None:
            self._names = {}
            for doc_id, held in self.db.execute("SELECT id, name FROM pattern_candidates ORDER BY id"):
                self._names.setdefault(held, doc_id)
        return self._names.get(name)

    # -- reading ---------------------------------------------------------------
    def entry(self, doc_id: str) -> Entry:
        """The entry of ``doc_id``, loading the stored document the first time."""
        if doc_id not in self.entries:
            if not is_safe_id(doc_id):
                raise ValidationFailure(f"unsafe registry id {doc_id!r}", Location(field="id"))
            row = index.index_row(self.db, "pattern_candidates", doc_id)
            path = row["document_path"] if row and row.get("document_path") else self._find(doc_id)
            original = read_registry_document(registry_path(self.root, path)) if path else None
            if original is None:
                path = None
            self.entries[doc_id] = Entry(doc_id, original, path)
        return self.entries[doc_id]

    def current(self, doc_id: str) -> dict[str, Any] | None:
        return self.entry(doc_id).current

    def _find(self, doc_id: str) -> str | None:
        """Look for the document in every registry folder (the index may be missing)."""
        for folder in FOLDERS:
            if (self.root / folder / f"{doc_id}{LEGACY_SUFFIX}").is_file():
                return f"{folder}/{doc_id}{LEGACY_SUFFIX}"
        for relative in self._files_by_hash().get(_hash_of(doc_id), []):
            try:
                found = read_document(self.root / relative)
            except ValidationFailure:
                continue
            if found and found.get("id") == doc_id:
                return relative
        return None

    def _files_by_hash(self) -> dict[str, list[str]]:
        """Every YAML document file by the id hash its name ends with (listed once per change set)."""
        if self._listing is None:
            self._listing = {}
            for folder in FOLDERS:
                if not (self.root / folder).is_dir():
                    continue
                for path in sorted((self.root / folder).iterdir()):
                    if path.name.endswith(SUFFIX) and not path.name.startswith("."):
                        tail = path.name[: -len(SUFFIX)].rsplit("-", 1)[-1]
                        self._listing.setdefault(tail, []).append(f"{folder}/{path.name}")
        return self._listing

    # -- planning --------------------------------------------------------------
    def put(self, document: dict[str, Any]) -> dict[str, Any]:
        """Plan ``document`` as the next state of its id: normalised, validated, placed."""
        kind = document.get("kind")
        model = MODELS.get(kind)
        if model is None:
            raise ValidationFailure(f"unknown document kind {kind!r}", Location(field="kind"))
        try:
            normal = model.model_validate(document).model_dump(mode="json")
            # identity and decision first, what the rule found next, the bookkeeping last
            normal = {**{k: v for k, v in normal.items() if k not in BOOKKEEPING},
                      **{k: normal[k] for k in BOOKKEEPING}}
        except pydantic.ValidationError as exc:
            problem = exc.errors()[0]
            where = ".".join(str(p) for p in problem["loc"])
            raise ValidationFailure(f"{kind} document {document.get('id')}: {where}: {problem['msg']}",
                                    Location(f"<{kind} {document.get('id')}>", field=where)) from exc
        path = document_path(normal)
        validate_document(kind, normal, source=path)
        entry = self.entry(normal["id"])
        if self._names is not None:
            if entry.current and self._names.get(entry.current["name"]) == normal["id"]:
                del self._names[entry.current["name"]]
            self._names.setdefault(normal["name"], normal["id"])
        entry.document, entry.path = normal, path
        return normal

    def audit(self, **row: Any) -> None:
        """Queue a row for the ``decisions`` table (written with the documents)."""
        self.audits.append(row)

    def pending(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.must_write]

    # -- committing ------------------------------------------------------------
    @contextmanager
    def locked(self) -> Iterator["ChangeSet"]:
        """Plan inside the block, under the database's write lock; commit when it ends.

        Reading, planning and writing under one lock means a person's decision taken
        while a run is planning cannot be overwritten by a plan made before it. Rows,
        audit and files are written inside the transaction, so a failed file write rolls
        the index back; a document that moved folders is removed from the old one only
        after the commit. What was done is left in ``self.done``.
        """
        moved: list[str] = []
        with index.transaction(self.db):
            yield self
            self.done = self._write(moved)
        for path in moved:
            if remove_quietly(self.root / path):
                self.done.removed.append(path)
        for entry in self.entries.values():
            if entry.document is not None:
                entry.original, entry.original_path = entry.document, entry.path

    def _write(self, moved: list[str]) -> Committed:
        done = Committed()
        remove_stale_temp_files(self.root, FOLDERS)   # left by a writer killed mid-write
        for entry in self.entries.values():
            done.rows += self._sync_rows(entry)
        for row in self.audits:
            index.record_decision(self.db, **row)
            done.decisions += 1
        for entry in self.pending():
            write_atomic(self.root / entry.path, render_document(entry.document), sync_folder=False)
            done.written.append(entry.path)
            if entry.original_path and entry.original_path != entry.path:
                moved.append(entry.original_path)
        for folder in sorted({(self.root / p).parent for p in done.written}):
            fsync_folder(folder)   # the renames are durable before the index says so
        return done

    def _sync_rows(self, entry: Entry) -> int:
        """Upsert the rows derived from a document when they differ from what is stored."""
        document = entry.current
        if document is None:
            return 0
        path = entry.path if entry.document is not None else entry.original_path
        count = 0
        for table, row in derived_rows(document, path):
            stored = index.index_row(self.db, table, row["id"])
            if table == "error_patterns" and stored and stored["status"] == "resolved":
                row["status"] = "resolved"   # resolution is retention's call, not ours
            if not _same_row(stored, row):
                self.db.upsert(table, row)
                count += 1
        return count


def _hash_of(doc_id: str) -> str:
    """The part of a document's file name that comes from its id (see ``layout.file_name``)."""
    return file_name({"id": doc_id, "name": "x"})[len("x-"):-len(SUFFIX)]


def _same_row(stored: dict[str, Any] | None, row: dict[str, Any]) -> bool:
    """Whether a stored index row already says what ``row`` says. JSON columns compare as
    values: a store may keep them as jsonb, which spaces and orders keys its own way."""
    if stored is None:
        return False
    for column, value in row.items():
        have = stored.get(column)
        if have == value:
            continue
        if column in JSON_COLUMNS and isinstance(have, str) and isinstance(value, str):
            try:
                if json.loads(have) == json.loads(value):
                    continue
            except ValueError:
                pass
        return False
    return set(stored) == set(row)


JSON_COLUMNS = frozenset({"group_key", "fields", "evidence"})


def derived_rows(document: dict[str, Any], path: str | None) -> list[tuple[str, dict[str, Any]]]:
    """The index rows a document implies: always ``pattern_candidates``, plus its kind's table."""
    history = document.get("history") or [{}]
    rows = [("pattern_candidates", {
        "id": document["id"], "kind": document["kind"], "pack": document["pack"],
        "rule": document["rule"], "group_key": canonical_json(document["key"]),
        "name": document["name"], "status": document["status"],
        "decided_by": document["decided_by"], "confidence": document.get("confidence"),
        "fields": json.dumps(document["fields"], ensure_ascii=False),
        "evidence": json.dumps(document["evidence"], ensure_ascii=False),
        "document_path": path, "version": document["version"], "created": document["created"],
        "updated": document["updated"], "last_run_id": history[-1].get("run_id"),
    })]
    kind = document["kind"]
    if kind == "anti_pattern":
        rows.append(("anti_patterns", {
            "id": document["id"], "subject_kind": document["subject"]["kind"],
            "subject": document["subject"]["id"], "failures": document["failures"],
            "attempts": document["attempts"], "failure_rate": document["failure_rate"],
            "recommendation": document["recommendation"],
            "quarantined": int(document["quarantined"]),
            "created": document["created"], "updated": document["updated"],
        }))
    elif kind == "self_heal":
        rows.append(("error_patterns", {
            "id": document["id"],
            "message_template_id": document["error"]["message_template_id"],
            "message_template": document["error"]["message_template"],
            "resolution": document["recovery"]["resolution"],
            "resolution_template_id": document["recovery"]["resolution_template_id"],
            "successes": document["successes"], "attempts": document["attempts"],
            "success_rate": document["success_rate"], "auto_apply": int(document["auto_apply"]),
            "status": "active" if document["status"] in SELF_HEAL_IN_FORCE else document["status"],
            "created": document["created"], "updated": document["updated"],
        }))
    return rows
