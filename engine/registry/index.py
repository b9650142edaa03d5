"""The registry's index in the database: what other stages ask about patterns.

``pattern_candidates`` holds one row per document (whatever its kind) and mirrors the
document's identity, status and location, so questions such as "is this pattern
quarantined?" or "which approved patterns exist?" are one indexed query, not a scan of
files. Patterns known only from telemetry are found through their quarantine entry.
"""

from __future__ import annotations

import difflib
import json
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from engine.store import Store, quote
from engine.registry.files import read_registry_document, registry_path
from engine.registry.layout import QUARANTINE_ENTRY

def _columns(db: Store) -> str:
    return ("id, kind, status, name, confidence, pack, rule, group_key, decided_by, fields, "
            f"evidence, {db.json_length('evidence')} AS evidence_count, document_path, version, "
            "created, updated, last_run_id")


def _external(db: Store) -> str:
    """A quarantine entry stands for the pattern id the orchestrator reports."""
    return f"kind = '{QUARANTINE_ENTRY}' AND {db.json_text('group_key', 'pattern_id')} = :ref"


@contextmanager
def transaction(db: Store) -> Iterator[None]:
    """One write transaction of the registry: all or nothing, under the ``registry`` lock.

    It exists only to name that lock in one place: on PostgreSQL two planners writing
    the registry at once would otherwise interleave (SQLite's write lock already
    serialises them).

    Inside a caller's transaction it becomes a savepoint, so the caller's commit or
    rollback decides, and the registry's part can still be undone on its own.
    """
    with db.transaction(lock="registry"):   # PostgreSQL: planners take turns, as on SQLite
        yield


def _decode(row: tuple, names: list[str]) -> dict[str, Any]:
    item = dict(zip(names, row))
    for column in ("fields", "evidence", "group_key"):
        if column in item and isinstance(item[column], str):
            item[column] = json.loads(item[column], object_pairs_hook=_sorted if column == "group_key" else None)
    if "group_key" in item:
        item["key"] = item.pop("group_key")
    return item


def _sorted(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Group keys are canonical JSON (sorted keys) however the store spells them back."""
    return dict(sorted(pairs))


def _query(db: Store, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [_decode(row, names) for row in cursor.fetchall()]


# A document of its own outranks a quarantine entry; a quarantining entry outranks a bare
# row (one recorded without a document, e.g. by the Python API, which the engine cannot
# move); a bare row outranks a released entry.
def _best(db: Store) -> str:
    return (f"SELECT {_columns(db)} FROM pattern_candidates WHERE id = :ref OR ({_external(db)}) "
         f"ORDER BY CASE WHEN kind != '{QUARANTINE_ENTRY}' AND document_path IS NOT NULL THEN 0 "
         f"WHEN kind = '{QUARANTINE_ENTRY}' AND status = 'quarantined' THEN 1 "
         f"WHEN kind != '{QUARANTINE_ENTRY}' THEN 2 ELSE 3 END LIMIT 1")


def get_pattern(db: Store, pattern_id: str) -> dict[str, Any] | None:
    """The index row of a document by id, or of a telemetry-only pattern by its own id."""
    rows = _query(db, _best(db), {"ref": pattern_id})
    return rows[0] if rows else None


def status_of(db: Store, pattern_id: str) -> str | None:
    """The pattern's status (``quarantined`` means: do not offer it); None if unknown."""
    row = get_pattern(db, pattern_id)
    return row["status"] if row else None


def is_quarantined(db: Store, pattern_id: str) -> bool:
    return status_of(db, pattern_id) == "quarantined"


def quarantined_ids(db: Store) -> set[str]:
    """Every quarantined id, registry documents and telemetry-only patterns alike."""
    rows = db.execute(
        f"SELECT CASE WHEN kind = ? THEN {db.json_text('group_key', 'pattern_id')} ELSE id END "
        "FROM pattern_candidates WHERE status = 'quarantined'", [QUARANTINE_ENTRY]).fetchall()
    return {row[0] for row in rows}


def list_patterns(db: Store, kind: str | None = None,
                  status: str | None = None) -> list[dict[str, Any]]:
    """Index rows, filtered by kind and/or status, best confidence first within a kind."""
    where, params = [], {}
    if kind:
        where.append("kind = :kind")
        params["kind"] = kind
    if status:
        where.append("status = :status")
        params["status"] = status
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    return _query(db, f"SELECT {_columns(db)} FROM pattern_candidates {clause} "
                      "ORDER BY kind, CASE WHEN confidence IS NULL THEN 1 ELSE 0 END, "
                      "confidence DESC NULLS LAST, id", params)


def list_entries(db: Store, *, kind: str | None = None,
                 status: str | None = None) -> list[dict[str, Any]]:
    """The registry's entries as every listing shows them: name, id, kind, status, ...

    The one function listings read (``patterns list``, ``--json``, the report), so they
    all show the same thing: ``status`` is the decision in the one vocabulary of
    ``layout.STATUS_MEANINGS`` (``quarantined`` whatever the subject, ``auto_apply`` /
    ``ask_first`` for self-heals), ``name`` the readable unique name. Each entry: id,
    name, kind, status, status_meaning, decided_by, confidence, pack, rule, key, fields,
    evidence, evidence_count, version, created, updated, path (relative to patterns/).
    """
    from engine.registry.layout import STATUS_MEANINGS

    rows = list_patterns(db, kind=kind, status=status)
    for row in rows:
        row["path"] = row.get("document_path")
        row["status_meaning"] = STATUS_MEANINGS.get(row["status"], "")
    return rows


def decisions_for(db: Store, pattern_id: str) -> list[dict[str, Any]]:
    """The audit trail of one pattern, oldest first."""
    cursor = db.execute(
        "SELECT seq, ts, run_id, pack, rule, decision, previous_status, actor, reason "
        "FROM decisions WHERE pattern_id = ? ORDER BY seq", [pattern_id])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def last_human_action(db: Store, pattern_id: str) -> dict[str, Any] | None:
    """The latest decision a person took on this pattern (a release counts)."""
    row = db.execute(
        "SELECT decision, actor, reason FROM decisions WHERE pattern_id = ? AND actor LIKE 'human:%' "
        "ORDER BY seq DESC LIMIT 1", [pattern_id]).fetchone()
    return None if row is None else {"decision": row[0], "actor": row[1], "reason": row[2]}


def find_patterns(db: Store, ref: str) -> list[dict[str, Any]]:
    """Rows ``ref`` may mean: ids starting with it, else names equal to it (then ignoring case)."""
    escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    for sql, value in (("id LIKE :v ESCAPE '\\'", escaped + "%"), ("name = :v", ref),
                       ("lower(name) = lower(:v)", ref)):
        rows = _query(db, f"SELECT {_columns(db)} FROM pattern_candidates WHERE {sql} ORDER BY id", {"v": value})
        if rows:
            return rows
    return []


def close_matches(db: Store, ref: str, limit: int = 3) -> list[str]:
    """Ids resembling ``ref``: a prefix match first, then by similarity."""
    ids = [row[0] for row in db.execute("SELECT id FROM pattern_candidates ORDER BY id").fetchall()]
    prefixed = [i for i in ids if i.startswith(ref)] if ref else []
    if prefixed:
        return prefixed[:limit]
    return difflib.get_close_matches(ref, ids, n=limit, cutoff=0.5)


def index_row(db: Store, table: str, row_id: str) -> dict[str, Any] | None:
    """A raw row of one of the registry's tables, as stored (for change detection)."""
    cursor = db.execute(f"SELECT * FROM {quote(table)} WHERE id = ?", [row_id])
    found = cursor.fetchone()
    return None if found is None else dict(zip([d[0] for d in cursor.description], found))


def record_decision(db: Store, *, ts: str, run_id: str | None, pattern_id: str,
                    pack: str | None, rule: str | None, decision: str,
                    previous_status: str | None, actor: str, reason: str) -> None:
    db.execute("INSERT INTO decisions (ts, run_id, pattern_id, pack, rule, decision, "
               "previous_status, actor, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
               [ts, run_id, pattern_id, pack, rule, decision, previous_status, actor, reason])


def document_of(db: Store, patterns_dir: Path, pattern_id: str) -> dict[str, Any] | None:
    """The document of a pattern as stored in the registry folder, or None."""
    row = get_pattern(db, pattern_id)
    if row is None or not row.get("document_path"):
        return None
    return read_registry_document(registry_path(Path(patterns_dir), row["document_path"]))


def held_back(db: Store, *, operation: str | None = None, command_template_id: int | None = None,
              path_template_id: int | None = None) -> list[dict[str, Any]]:
    """What matches a piece of work but is out of service, and why: for `suggest` to say so.

    Patterns whose group key matches the work (operation, command or path template) and
    that are quarantined or rejected, or whose operation is quarantined; patterns known
    only from telemetry that runs of this operation used, now quarantined; and the
    quarantine of the operation itself. Each item: id, name, status, why.
    """
    found: dict[str, dict[str, Any]] = {}
    def either(key: str, read) -> str:
        return f"COALESCE({read('group_key', key)}, {read('fields', key)})"
    matches = (f"({either('operation', db.json_text)} = :op "
               f"OR {either('command_template_id', db.json_number)} = :tid "
               f"OR {either('path_template_id', db.json_number)} = :pid)")
    values = {"op": operation, "tid": command_template_id, "pid": path_template_id}
    operation_hold = None
    if operation:
        rows = _query(db, "SELECT a.id, a.failures, a.attempts, p.name FROM anti_patterns AS a JOIN pattern_candidates "
                          "AS p ON p.id = a.id WHERE a.quarantined = 1 AND a.subject_kind = 'operation' "
                          "AND a.subject = :op ORDER BY a.id LIMIT 1", values)
        if rows:
            operation_hold = rows[0]
            found[rows[0]["id"]] = {"id": rows[0]["id"], "name": rows[0]["name"], "status": "quarantined",
                                    "why": f"operation {operation} is quarantined: it failed {rows[0]['failures']} "
                                           f"of {rows[0]['attempts']} runs"}
    for row in _query(db, f"SELECT {_columns(db)} FROM pattern_candidates WHERE kind IN ('pattern_candidate', "
                          f"'batch_pattern', 'execution', 'file_batch') AND {matches} ORDER BY id", values):
        if row["status"] in ("quarantined", "rejected"):
            found[row["id"]] = {"id": row["id"], "name": row["name"], "status": row["status"],
                                "why": f"{row['id']} matches but is {row['status']}"}
        elif operation_hold is not None:
            found[row["id"]] = {"id": row["id"], "name": row["name"], "status": row["status"],
                                "why": f"{row['id']} matches but its operation is quarantined "
                                       f"({operation_hold['id']})"}
    if operation:
        used = [r[0] for r in db.execute(
            "SELECT DISTINCT pattern_id FROM execution_logs WHERE operation = ? AND pattern_id IS NOT NULL",
            [operation]).fetchall()]
        quarantined = quarantined_ids(db)
        for pattern in used:
            if pattern in quarantined and pattern not in found:
                row = get_pattern(db, pattern)
                found[pattern] = {"id": pattern, "name": row["name"] if row else pattern, "status": "quarantined",
                                  "why": f"{pattern} matches but is quarantined"}
    for item in found.values():
        since = _quarantine_since(db, item["id"])
        if since:
            item["why"] += f" since {since['since'][:10]} ({since['reason']})"
    return list(found.values())


def _quarantine_since(db: Store, ref: str) -> dict[str, Any] | None:
    """When and why ``ref`` was quarantined, from the audit trail (its latest quarantine)."""
    row = get_pattern(db, ref)
    doc_id = row["id"] if row else ref
    found = db.execute("SELECT ts, reason FROM decisions WHERE pattern_id = ? AND decision = 'quarantine' "
                       "ORDER BY seq DESC LIMIT 1", [doc_id]).fetchone()
    return {"since": found[0], "reason": found[1]} if found else None
