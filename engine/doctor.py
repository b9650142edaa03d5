"""Check a workspace for damage: its config, its database and its registry of documents.

``autopattern doctor`` is what a person runs after a crash, a full disk, a hand edit or
an upgrade. Each check is a small function that returns ``Problem``s, and every problem
says where it is and how to repair it. The database is opened read-only and never
migrated here: the doctor reports what it finds and changes nothing unless asked to
``repair``, and then only what is safe to redo from data still present (leftover
temporary files, index rows rebuilt from their documents, interrupted runs marked).

Aggregation stays in the database: orphan checks are one ``COUNT`` per relation, not a
loop over rows. Both stores are checked: SQLite by its file (integrity, foreign keys,
schema objects), PostgreSQL over a read-only session (schema version and objects, the
catalog functions the compiled rules call); the orphan, run and registry checks are the
same SQL on both.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from engine.errors import AutopatternError
from engine.store import Store, as_store
from engine.store.url import StoreURL, store_label
from engine.telemetry.migrations import LATEST_VERSION, MIGRATIONS
from engine.workspace import Workspace
from engine.wording import plural

try:
    import psycopg
    _DB_ERRORS: tuple[type[BaseException], ...] = (sqlite3.DatabaseError, psycopg.Error)
except ImportError:  # pragma: no cover
    _DB_ERRORS = (sqlite3.DatabaseError,)

ERROR, WARNING = "error", "warning"
TEMP_GLOB = ".*.tmp"         # what engine.registry.files.write_atomic leaves when killed
REPORT_KIND = "weekly_report"
ABANDONED_AFTER_S = 3600     # a temporary file outside the document folders this old is dead

# Event columns holding a template id, and the table they point into.
TEMPLATE_REFERENCES = (
    ("execution_logs", "command_template_id"),
    ("file_events", "path_template_id"),
    ("file_events", "content_template_id"),
    ("error_events", "message_template_id"),
    ("error_events", "resolution_template_id"),
)
# Kind tables whose rows mirror a pattern_candidates row of the same id.
KIND_TABLES = ("anti_patterns", "error_patterns")


@dataclass(frozen=True)
class Problem:
    """One thing found wrong: which check, how bad, where, what, and how to repair it."""

    check: str
    severity: str
    where: str
    message: str
    repair: str

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}: {self.message}\n  repair: {self.repair}"


@dataclass
class CheckResult:
    name: str
    description: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems)


@dataclass
class Diagnosis:
    """Everything the doctor found; ``ok`` is False when any check found an error."""

    workspace: str
    checks: list[CheckResult] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return [p for check in self.checks for p in check.problems]

    @property
    def errors(self) -> int:
        return sum(p.severity == ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == WARNING for p in self.problems)

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def to_json(self) -> dict[str, Any]:
        return {"workspace": self.workspace, "ok": self.ok, "errors": self.errors,
                "warnings": self.warnings,
                "checks": [{"name": c.name, "description": c.description, "ok": c.ok,
                            "problems": len(c.problems)} for c in self.checks],
                "problems": [asdict(p) for p in self.problems], "repaired": self.repaired}


# --- entry point ----------------------------------------------------------------------

def diagnose(ws: Workspace) -> Diagnosis:
    """Run every check on the workspace; nothing is changed."""
    diagnosis = Diagnosis(str(ws.root))
    config = CheckResult("config", "paths and masks of autopattern.yaml")
    diagnosis.checks.append(config)
    url, patterns_dir = _config(ws, config.problems)
    rules_dir = _config_path(ws, "rules_dir")
    if rules_dir is not None:
        _check(diagnosis, "rules", "rule files check; config params fit their packs",
               lambda: _rules(ws, rules_dir))
    conn = _open_readonly(diagnosis, url) if url else None
    try:
        if conn is not None:
            label = store_label(url)
            checks = DATABASE_CHECKS if conn.dialect == "sqlite" else POSTGRES_CHECKS
            for name, description, check in checks:
                _check(diagnosis, name, description, lambda check=check: check(conn, label))
        if patterns_dir is not None:
            _check(diagnosis, "registry", "every document parses, is valid and is in its place",
                   lambda: _registry(conn, patterns_dir))
    finally:
        if conn is not None:
            conn.close()
    _check(diagnosis, "miner", "the template miner is compiled and up to date", _miner)
    return diagnosis


def _miner() -> list[Problem]:
    """A warning when ingest would run the miner from source: same results, slower."""
    from engine.mining import native

    state = native.status()
    if state in ("compiled", "off"):
        return []
    why = {"not built": "is not compiled",
           "stale": "was compiled from an older source, so its source runs instead",
           "incomplete": "is missing part of its compiled build, so its source runs instead"}
    return [Problem("miner", WARNING, str(native.HERE.relative_to(native.ROOT)),
                    f"the template miner {why[state]}: mining takes 1.7-2.3x as long",
                    "python -m engine.mining build   (needs mypy, from the [fast] extra, "
                    "and a C compiler; ./run.sh does it)")]


def repair(ws: Workspace) -> list[str]:
    """Redo what can safely be redone and return what was done, one line each.

    Removes temporary files left by a killed write, rebuilds index rows from the
    documents that are missing or disagree with them (a document is written before its
    row is committed, so the file is the newer of the two), and marks runs that were
    killed as failed. Damage that needs a person (an invalid document, a corrupt
    database) is left for them: ``diagnose`` says what to do.
    """
    from engine.registry.changes import derived_rows
    from engine.registry.index import transaction

    done: list[str] = []
    db = ws.open_db(create=False)
    try:
        stale = _interrupted_runs(db)
        with transaction(db):   # the registry's write lock: no document is being written now
            for temp in _temp_files(ws.patterns_dir):
                if _is_abandoned(temp, ws.patterns_dir):
                    temp.unlink(missing_ok=True)
                    done.append(f"removed {temp}")
            for run_id in stale:
                db.execute("UPDATE evaluation_runs SET status = 'failed' WHERE id = ?", (run_id,))
                done.append(f"marked interrupted run {run_id} as failed")
            for path, document in _newest_documents(ws.patterns_dir, done):
                relative = _relative(path, ws.patterns_dir)
                if _row_disagrees(db, document, relative):
                    for table, row in derived_rows(document, relative):
                        db.upsert(table, row)
                    done.append(f"re-indexed {relative} from its document")
    finally:
        db.close()
    return done


def _newest_documents(root: Path, done: list[str]) -> list[tuple[Path, dict[str, Any]]]:
    """Valid registry documents, one per id: of two copies (a move interrupted after the
    new one was written) the higher version is kept, or at the same version the one in
    its status's folder, and the other copy is removed."""
    newest: dict[str, tuple[Path, dict[str, Any]]] = {}
    for path, document in _documents(root):
        if not isinstance(document, dict) or document.get("kind") not in _document_kinds() \
                or not _valid(document):
            continue
        kept = newest.get(document["id"])
        if kept is not None:
            older, newer = sorted([kept, (path, document)],
                                  key=lambda item: (item[1]["version"], _well_placed(root, *item)))
            older[0].unlink()
            done.append(f"removed {older[0]} (version {older[1]['version']}; "
                        f"{newer[0]} has version {newer[1]['version']})")
            kept = newer
        newest[document["id"]] = kept or (path, document)
    return list(newest.values())


def _check(diagnosis: Diagnosis, name: str, description: str,
           run: Callable[[], list[Problem]]) -> None:
    """Run one check, collecting its problems; a database too damaged to query is one too."""
    result = CheckResult(name, description)
    diagnosis.checks.append(result)
    try:
        result.problems.extend(run())
    except _DB_ERRORS as exc:
        result.problems.append(Problem(name, ERROR, "database", f"the check could not run: {exc}",
                                       "the database is damaged: restore it from a backup, or "
                                       "recover it with `sqlite3 autopattern.db .recover | sqlite3 new.db`"))


# --- config -----------------------------------------------------------------------------

def _config(ws: Workspace, problems: list[Problem]) -> tuple[StoreURL | None, Path | None]:
    """The store and the registry path, when the config gives usable ones."""
    from engine.mining.masks import parse_masks

    paths: list[Any] = []
    for name in ("store_url", "patterns_dir", "rules_dir"):
        try:
            paths.append(getattr(ws, name))
        except AutopatternError as exc:
            paths.append(None)
            problems.append(_from_error("config", exc, "use a relative path inside the workspace "
                                                       "(the defaults are autopattern.db, patterns, rules)"))
    try:
        parse_masks(ws.masks, source=str(ws.config_path))
    except AutopatternError as exc:
        problems.append(_from_error("config", exc, "fix or remove the mask in autopattern.yaml"))
    url, patterns_dir = paths[0], paths[1]
    if url is not None and url.dialect == "sqlite" and (url.path is None or not url.path.is_file()):
        problems.append(Problem("config", ERROR, store_label(url), "no telemetry database",
                                "run `autopattern init` in the workspace"))
        url = None
    return url, patterns_dir


def _config_path(ws: Workspace, name: str) -> Path | None:
    try:
        return getattr(ws, name)
    except AutopatternError:   # reported by the config check
        return None


def _rules(ws: Workspace, rules_dir: Path) -> list[Problem]:
    """Rule files with errors (as `check` reports them), and config params that do not fit."""
    from engine.evaluate.session import run_params
    from engine.language.loader import load_packs

    loaded = load_packs([rules_dir])
    errors = [d for item in loaded for d in item.diagnostics if d.severity == "error"]
    problems = [Problem("rules", ERROR, str(d.location), d.message,
                        d.hint or "fix the rule (`autopattern check` shows it in context)") for d in errors]
    if loaded and not errors:
        try:
            run_params(ws, [item.pack for item in loaded], [], complete=True)
        except AutopatternError as exc:
            problems.append(_from_error("rules", exc, "fix the params: entry of autopattern.yaml"))
    return problems


def _from_error(check: str, exc: AutopatternError, default_repair: str) -> Problem:
    return Problem(check, ERROR, str(exc.location or check), exc.message, exc.hint or default_repair)


# --- database ---------------------------------------------------------------------------

def _open_readonly(diagnosis: Diagnosis, url: StoreURL) -> Store | None:
    """A read-only connection: the doctor must not migrate or otherwise write."""
    if url.dialect == "postgres":
        return _open_postgres_readonly(diagnosis, url)
    path = url.path
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return as_store(conn)
    except sqlite3.DatabaseError as exc:
        diagnosis.checks.append(CheckResult("database", "the file opens as an SQLite database", [
            Problem("database", ERROR, str(path), f"cannot read the database: {exc}",
                    "restore autopattern.db from a backup, or move it aside, run `autopattern init` "
                    "and ingest the telemetry again (ingest is idempotent)")]))
        return None


def _open_postgres_readonly(diagnosis: Diagnosis, url: StoreURL) -> Store | None:
    from engine.store.postgres import open_postgres

    try:
        store = open_postgres(url, migrate_schema=False)
        store.execute("SET default_transaction_read_only = on")
        return store
    except AutopatternError as exc:
        diagnosis.checks.append(CheckResult("database", "the PostgreSQL store answers", [
            Problem("database", ERROR, url.redacted, exc.message,
                    exc.hint or "check the server, the URL and the credentials")]))
        return None


def _schema(conn: Store, path: str) -> list[Problem]:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    where = str(path)
    if version < LATEST_VERSION:
        return [Problem("schema", ERROR, where, f"schema version {version}, latest is {LATEST_VERSION}",
                        "run any command that opens the database (e.g. `autopattern init`): "
                        "it upgrades in place, one transaction per migration")]
    if version > LATEST_VERSION:
        return [Problem("schema", ERROR, where, f"schema version {version} is newer than this "
                        f"autopattern knows ({LATEST_VERSION})", "upgrade autopattern")]
    problems = []
    recorded = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
    missing_versions = [m.version for m in MIGRATIONS if m.version not in recorded]
    if missing_versions:
        problems.append(Problem("schema", WARNING, where,
                                f"schema_migrations lacks {'version' if len(missing_versions) == 1 else 'versions'} "
                                f"{', '.join(map(str, missing_versions))}",
                                "harmless if the objects below exist; otherwise restore a backup"))
    present = {(row[0], row[1]) for row in conn.execute("SELECT type, name FROM sqlite_master")}
    for kind, name in sorted(_expected_objects() - present):
        problems.append(Problem("schema", ERROR, where, f"the {kind} {name!r} is missing",
                                "restore the database from a backup; a dropped object is not "
                                "recreated by migrations"))
    return problems


def _expected_objects() -> set[tuple[str, str]]:
    """Tables, views and indexes a fully migrated database holds (built in memory)."""
    from engine.telemetry.store import open_database

    db = open_database(":memory:")
    try:
        return {(row[0], row[1]) for row in db.execute(
            "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")}
    finally:
        db.close()


def _integrity(conn: Store, path: str) -> list[Problem]:
    rows = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
    if rows == ["ok"]:
        return []
    return [Problem("integrity", ERROR, str(path), f"integrity_check: {row}",
                    "restore from a backup, or recover: `sqlite3 autopattern.db .recover | "
                    "sqlite3 recovered.db`, then point `database:` at it") for row in rows]


def _foreign_keys(conn: Store, path: str) -> list[Problem]:
    rows = conn.execute("SELECT \"table\", parent, count(*) FROM pragma_foreign_key_check "
                        "GROUP BY 1, 2").fetchall()
    return [Problem("foreign-keys", ERROR, f"{path} [{table}]",
                    f"{plural(count, 'row')} of {table} {'points' if count == 1 else 'point'} at missing rows of {parent}",
                    f"clear the broken references (e.g. UPDATE {table} SET merged_into = NULL "
                    f"WHERE merged_into NOT IN (SELECT id FROM {parent}))")
            for table, parent, count in rows]


def _orphans(conn: Store, path: str) -> list[Problem]:
    problems = []
    for table, column in TEMPLATE_REFERENCES:
        count = conn.execute(
            f'SELECT count(*) FROM "{table}" AS e WHERE e."{column}" IS NOT NULL AND NOT EXISTS '
            f'(SELECT 1 FROM templates AS t WHERE t.id = e."{column}")').fetchone()[0]
        if count:
            problems.append(Problem(
                "orphans", ERROR, f"{path} [{table}.{column}]",
                f"{plural(count, 'event')} {'points' if count == 1 else 'point'} at templates that do not exist",
                f"unset them so rules stop grouping on a lost template: UPDATE {table} SET "
                f"{column} = NULL WHERE {column} NOT IN (SELECT id FROM templates)"))
    for table in KIND_TABLES:
        count = conn.execute(f'SELECT count(*) FROM "{table}" AS k WHERE NOT EXISTS '
                             '(SELECT 1 FROM pattern_candidates AS p WHERE p.id = k.id)').fetchone()[0]
        if count:
            problems.append(Problem(
                "orphans", ERROR, f"{path} [{table}]",
                f"{plural(count, 'row')} without a pattern_candidates row",
                f"run `autopattern doctor --repair` if their documents exist, else DELETE FROM "
                f"{table} WHERE id NOT IN (SELECT id FROM pattern_candidates)"))
    return problems


def _runs(conn: Store, path: str) -> list[Problem]:
    return [Problem("runs", WARNING, f"{path} [evaluation_runs {run_id}]",
                    "an evaluation run was interrupted (status running, never finished)",
                    "run `autopattern evaluate` again to complete the work; "
                    "`autopattern doctor --repair` marks the run failed")
            for run_id in _interrupted_runs(conn)]


def _interrupted_runs(conn: Store) -> list[str]:
    """Runs still marked running. A run in progress elsewhere also shows up here, which
    is why this is a warning and repair marks only what it finds at that moment."""
    return [row[0] for row in conn.execute(
        "SELECT id FROM evaluation_runs WHERE status = 'running' AND finished_at IS NULL ORDER BY id")]


DATABASE_CHECKS = (
    ("schema", "schema version and objects match the latest migration", _schema),
    ("integrity", "PRAGMA integrity_check", _integrity),
    ("foreign-keys", "PRAGMA foreign_key_check", _foreign_keys),
    ("orphans", "events point at existing templates; kind rows at pattern rows", _orphans),
    ("runs", "no evaluation run left unfinished", _runs),
)


def _postgres_schema(conn: Store, where: str) -> list[Problem]:
    from engine.telemetry.migrations import POSTGRES_LATEST, POSTGRES_MIGRATIONS

    exists = conn.scalar("SELECT to_regclass('schema_migrations') IS NOT NULL")
    version = conn.scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") if exists else 0
    if version < POSTGRES_LATEST:
        return [Problem("schema", ERROR, where, f"schema version {version}, latest is {POSTGRES_LATEST}",
                        "run any command that opens the store (e.g. `autopattern init`): it migrates "
                        "under an advisory lock, one transaction per migration")]
    if version > POSTGRES_LATEST:
        return [Problem("schema", ERROR, where, f"schema version {version} is newer than this "
                        f"autopattern knows ({POSTGRES_LATEST})", "upgrade autopattern")]
    present = {(row[0], row[1]) for row in conn.execute(
        "SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' ELSE 'index' END, c.relname "
        "FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'v', 'i')")}
    expected = {(kind.lower(), name) for migration in POSTGRES_MIGRATIONS
                for kind, name in _CREATED.findall(migration.sql)}
    return [Problem("schema", ERROR, where, f"the {kind} {name!r} is missing",
                    "restore the database from a backup; a dropped object is not recreated by migrations")
            for kind, name in sorted(expected - present)]


def _postgres_functions(conn: Store, where: str) -> list[Problem]:
    """The catalog functions compiled rules call exist in the version this code ships."""
    from engine.store.postgres import functions_sql

    text = functions_sql()
    if text is None:
        return []
    stored = conn.scalar("SELECT value FROM store_meta WHERE key = 'functions_sha256'") \
        if conn.scalar("SELECT to_regclass('store_meta') IS NOT NULL") else None
    if stored != hashlib.sha256(text.encode()).hexdigest():
        return [Problem("functions", ERROR, where, "the catalog's SQL functions are missing or from "
                        "another autopattern version",
                        "run any command that opens the store (e.g. `autopattern init`): it "
                        "(re)creates them")]
    return []


_CREATED = re.compile(r"CREATE (TABLE|VIEW|INDEX) (\w+)", re.I)

POSTGRES_CHECKS = (
    ("schema", "schema version and objects match the latest migration", _postgres_schema),
    ("functions", "the catalog functions of compiled rules are installed", _postgres_functions),
    ("orphans", "events point at existing templates; kind rows at pattern rows", _orphans),
    ("runs", "no evaluation run left unfinished", _runs),
)


# --- registry ---------------------------------------------------------------------------

def _registry(conn: Store | None, root: Path) -> list[Problem]:
    if not root.is_dir():
        return [Problem("registry", WARNING, str(root), "the registry folder does not exist",
                        "run `autopattern init` (evaluate also creates it)")]
    problems = [Problem("registry", WARNING, str(temp), "temporary file left by an interrupted write",
                        "delete it (or run `autopattern doctor --repair`): the document it was "
                        "replacing is intact")
                for temp in _temp_files(root)]
    seen: dict[str, Path] = {}
    for path, document in _documents(root):
        problems.extend(_document_problems(conn, root, path, document, seen))
    if conn is not None:
        problems.extend(_rows_without_documents(conn, root, set(seen)))
    return problems


def _is_abandoned(temp: Path, root: Path) -> bool:
    """A temporary file no live process will rename: one in a document folder (those are
    written only under the write lock, which the caller holds), or an hour old."""
    from engine.registry.layout import FOLDERS

    if temp.parent.relative_to(root).as_posix() in FOLDERS:
        return True
    return time.time() - temp.stat().st_mtime > ABANDONED_AFTER_S


def _temp_files(root: Path) -> list[Path]:
    return sorted(root.rglob(TEMP_GLOB)) if root.is_dir() else []


def _documents(root: Path) -> Iterator[tuple[Path, Any]]:
    """Every document under the registry (YAML; JSON from older versions and the weekly
    report), parsed, or the error that stopped parsing."""
    from engine.registry.files import read_document

    for path in sorted([*root.rglob("*.json"), *root.rglob("*.yaml")]):
        if path.name.startswith("."):
            continue
        try:
            yield path, read_document(path)
        except (OSError, UnicodeDecodeError, AutopatternError) as exc:
            yield path, exc


def _document_problems(conn, root: Path, path: Path, document: Any,
                       seen: dict[str, Path]) -> list[Problem]:
    where = str(path)
    restore = ("restore it from version control or a backup, or delete it and run "
               "`autopattern evaluate` to regenerate the engine's version (a person's "
               "decision on it must then be taken again)")
    if isinstance(document, Exception):
        return [Problem("registry", ERROR, where, f"not a readable document: {document}", restore)]
    if not isinstance(document, dict):
        return [Problem("registry", ERROR, where, "not a mapping", restore)]
    kind = document.get("kind")
    if path.suffix == ".json" and kind != REPORT_KIND:
        return [Problem("registry", WARNING, where, "written by an older version (JSON)",
                        "run `autopattern patterns upgrade` (or `autopattern evaluate`) to convert it to YAML")]
    problem = _schema_problem(document)
    if problem:
        return [Problem("registry", ERROR, where, problem, restore)]
    if kind == REPORT_KIND:
        return []
    other = seen.setdefault(str(document["id"]), path)
    if other != path:
        return [Problem("registry", ERROR, where, f"a second document with id {document['id']} "
                        f"(the other is {other})", "keep the one with the higher version and delete "
                        "the other (`autopattern doctor --repair` does), then re-index")]
    return _placement(conn, root, path, document)


def _schema_problem(document: dict[str, Any]) -> str | None:
    from engine.registry.schemas import schema_names, validate_document

    kind = document.get("kind")
    if kind not in schema_names() or kind in ("envelope", "explain_trace"):
        return f"unknown document kind {kind!r}"
    try:
        validate_document(kind, document)
    except AutopatternError as exc:
        return exc.message
    return None


def _valid(document: dict[str, Any]) -> bool:
    return _schema_problem(document) is None


def _document_kinds() -> tuple[str, ...]:
    from engine.registry.layout import ALL_KINDS
    return ALL_KINDS


def _placement(conn, root: Path, path: Path, document: dict[str, Any]) -> list[Problem]:
    """The document is named after its id, in its status's folder, and matches its row."""
    where, relative = str(path), _relative(path, root)
    problems = []
    expected = _expected_path(document)
    if relative != expected:
        problems.append(Problem("registry", ERROR, where, f"the document belongs at {expected}",
                                f"move it there (or delete this copy if {expected} exists), "
                                "then run `autopattern doctor --repair`"))
    if conn is None:
        return problems
    difference = _row_disagrees(conn, document, relative)
    if difference:
        problems.append(Problem("registry", ERROR, where, difference,
                                "run `autopattern doctor --repair` to re-index it from the "
                                "document (written last, so the newer of the two)"))
    return problems


def _row_disagrees(conn: Store, document: dict[str, Any], relative: str) -> str | None:
    """How the index row of a document differs from it, or None when they agree."""
    row = conn.execute("SELECT kind, status, version, document_path FROM pattern_candidates "
                       "WHERE id = ?", (document["id"],)).fetchone()
    if row is None:
        return "the document has no row in pattern_candidates"
    stored = dict(zip(("kind", "status", "version", "document_path"), row))
    wanted = {"kind": document["kind"], "status": document["status"],
              "version": document["version"], "document_path": relative}
    diffs = [f"{name} {stored[name]!r} in the database, {wanted[name]!r} in the file"
             for name in wanted if stored[name] != wanted[name]]
    return "; ".join(diffs) or None


def _rows_without_documents(conn: Store, root: Path, seen: set[str]) -> list[Problem]:
    from engine.registry.files import registry_path

    problems = []
    for doc_id, relative in conn.execute(
            "SELECT id, document_path FROM pattern_candidates WHERE document_path IS NOT NULL ORDER BY id"):
        try:
            registry_path(root, relative)
        except AutopatternError as exc:
            problems.append(Problem("registry", ERROR, f"pattern_candidates {doc_id} [document_path]", exc.message,
                                    "clear it, then run `autopattern evaluate`: UPDATE pattern_candidates SET "
                                    f"document_path = NULL WHERE id = '{doc_id}'"))
            continue
        if doc_id in seen or (root / relative).is_file():
            continue
        problems.append(Problem("registry", ERROR, str(root / relative),
                                f"pattern {doc_id} has a row but no document",
                                "run `autopattern evaluate` to write it again (a rule that still "
                                "finds it rewrites it), or restore the file from a backup"))
    return problems


def _expected_path(document: dict[str, Any]) -> str:
    from engine.registry.layout import document_path
    return document_path(document)


def _well_placed(root: Path, path: Path, document: dict[str, Any]) -> bool:
    return _relative(path, root) == _expected_path(document)


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()

