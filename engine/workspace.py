"""A workspace: one folder holding the database, the rule packs, the registry and config.

Layout::

    autopattern.yaml     config: params overrides, extra masks, paths, the store's URL
    autopattern.db       the telemetry store (SQLite, WAL), unless ``database:`` or
                         $AUTOPATTERN_DATABASE_URL names another (e.g. PostgreSQL)
    rules/               the rule packs this workspace evaluates (copied at init, editable)
    patterns/            the pattern registry written by evaluate

A workspace is found from ``--workspace``, then ``$AUTOPATTERN_WORKSPACE``, then the
nearest folder upwards holding ``autopattern.yaml``, then the current folder.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from engine import resources
from engine.errors import Location, WorkspaceError
from engine.store.url import ENV_VAR, StoreURL, is_url, parse_store_url

CONFIG_NAME = "autopattern.yaml"
REGISTRY_FOLDERS = (
    "drafts", "specs/auto_approved", "specs/self_heal", "anti_patterns", "quarantine",
    "templates", "reports/weekly", "suggestions", "trends",
)
DEFAULT_CONFIG = """\
# autopattern workspace configuration.
# database: the telemetry store: a path relative to this file, sqlite:///path.db, or
# postgresql://user@host:port/dbname (the password comes from PGPASSWORD or ~/.pgpass,
# never from here). $AUTOPATTERN_DATABASE_URL, when set, wins over this line.
database: {database}
# rules: folder of the rule packs evaluated here.
rules: rules
# patterns: folder of the pattern registry.
patterns: patterns
# params: overrides of rule-pack params, as pack.param: value (same as --set).
params: {}
# masks: extra template-mining masks, each {name, regex, replacement?}.
masks: []
"""


@dataclass
class Workspace:
    root: Path
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def store_url(self) -> StoreURL:
        """The store in use: $AUTOPATTERN_DATABASE_URL, else ``database:``, else autopattern.db."""
        from_env = os.environ.get(ENV_VAR)
        if from_env:
            return parse_store_url(from_env, base=self.root, where=Location(field=ENV_VAR))
        return self.configured_store_url

    @property
    def configured_store_url(self) -> StoreURL:
        """The store autopattern.yaml names (``database:``), whatever the environment says."""
        value = self.config.get("database", "autopattern.db")
        where = Location(str(self.config_path), field="database")
        if isinstance(value, str) and is_url(value):
            url = parse_store_url(value, base=self.root, where=where)
            if url.has_password:
                raise WorkspaceError("the database URL holds a password; keep it out of the config",
                                     where, hint="remove it from the URL and set PGPASSWORD or "
                                                 "add it to ~/.pgpass")
            return url
        return parse_store_url(self._inside(value, "database"))

    @property
    def db_path(self) -> Path:
        """The SQLite file of the store (an error when the store is not SQLite)."""
        url = self.store_url
        if url.dialect != "sqlite" or url.path is None:
            raise WorkspaceError(f"the store is {url.redacted}, not a SQLite file",
                                 Location(str(self.config_path), field="database"))
        return url.path

    @property
    def rules_dir(self) -> Path:
        return self._inside(self.config.get("rules", "rules"), "rules")

    @property
    def patterns_dir(self) -> Path:
        return self._inside(self.config.get("patterns", "patterns"), "patterns")

    @property
    def param_overrides(self) -> dict[str, Any]:
        params = self.config.get("params") or {}
        if not isinstance(params, dict):
            raise WorkspaceError("params must be a mapping of pack.param: value",
                                 Location(str(self.config_path), field="params"))
        return params

    @property
    def masks(self) -> list[dict[str, Any]]:
        masks = self.config.get("masks") or []
        if not isinstance(masks, list):
            raise WorkspaceError("masks must be a list", Location(str(self.config_path), field="masks"))
        return masks

    def _inside(self, value: Any, name: str) -> Path:
        """Resolve a configured path, refusing one that escapes the workspace."""
        if not isinstance(value, str) or not value:
            raise WorkspaceError(f"{name} must be a non-empty path",
                                 Location(str(self.config_path), field=name))
        try:
            path = (self.root / value).resolve()
        except (ValueError, OSError) as exc:   # a NUL byte, a symlink loop
            raise WorkspaceError(f"{name} path {value!r} is not usable: {exc}",
                                 Location(str(self.config_path), field=name)) from exc
        if not path.is_relative_to(self.root.resolve()):
            raise WorkspaceError(f"{name} path {value!r} is outside the workspace",
                                 Location(str(self.config_path), field=name))
        return path

    def open_db(self, *, create: bool = True):
        from engine.telemetry.store import open_database
        return open_database(self.store_url, create=create)


def find_workspace(explicit: str | Path | None = None) -> Workspace:
    """Find the workspace to work in (see the module docstring for the order)."""
    if explicit is None:
        explicit = os.environ.get("AUTOPATTERN_WORKSPACE") or None
    if explicit is not None:
        return load_workspace(Path(explicit))
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return load_workspace(folder)
    return load_workspace(here)


def load_workspace(root: Path) -> Workspace:
    root = root.resolve()
    config_path = root / CONFIG_NAME
    config: dict[str, Any] = {}
    if config_path.is_file():
        try:
            loaded = yaml.safe_load(config_path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise WorkspaceError(f"invalid YAML: {getattr(exc, 'problem', exc)}",
                                 Location(str(config_path), mark.line + 1 if mark else None,
                                          mark.column + 1 if mark else None)) from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise WorkspaceError("the config must be a mapping", Location(str(config_path)))
        config = loaded or {}
    return Workspace(root=root, config=config)


def init_workspace(root: Path, *, copy_rules: bool = True, database: str | None = None) -> Workspace:
    """Create (or complete) a workspace; never overwrites what is already there.

    ``database`` (a path or URL) is written as the config's ``database:``; a URL holding
    a password is refused, since the config is a file people commit and share.
    """
    root = root.resolve()
    if database is not None:
        url = parse_store_url(database, base=root, where=Location(field="--database"))
        if url.has_password:
            raise WorkspaceError(f"refusing to write a password into {CONFIG_NAME}: {url.redacted}",
                                 Location(field="--database"),
                                 hint="pass the URL without the password and set PGPASSWORD, or "
                                      "add a line host:port:dbname:user:password to ~/.pgpass "
                                      "(chmod 600)")
        if any(c in database for c in "\n\r\"'#") or database.strip() != database:
            raise WorkspaceError(f"--database {url.redacted!r} holds characters a config line cannot",
                                 Location(field="--database"))
    root.mkdir(parents=True, exist_ok=True)
    if not (root / CONFIG_NAME).exists():
        (root / CONFIG_NAME).write_text(DEFAULT_CONFIG.replace("{database}", database or "autopattern.db"),
                                        encoding="utf-8")
    workspace = load_workspace(root)
    if database is not None and workspace.config.get("database", "autopattern.db") != database:
        raise WorkspaceError(f"{CONFIG_NAME} already names another store: "
                             f"{parse_store_url(str(workspace.config.get('database')), base=root).redacted}",
                             Location(str(workspace.config_path), field="database"),
                             hint="edit its database: line to move the workspace to another store")
    for folder in REGISTRY_FOLDERS:
        (workspace.patterns_dir / folder).mkdir(parents=True, exist_ok=True)
    if copy_rules:
        workspace.rules_dir.mkdir(parents=True, exist_ok=True)
        shipped = resources.rules_dir()
        for source in sorted([*shipped.glob("*.rules"), *shipped.glob("tests/**/*")]):
            target = workspace.rules_dir / source.relative_to(shipped)
            if source.is_file() and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
    db = workspace.open_db()
    try:
        # an older workspace's registry (JSON documents, old statuses) is brought up to date too
        from engine.registry.upgrade import upgrade_registry
        from engine.clock import utc_now_text
        upgrade_registry(db, workspace.patterns_dir, now=utc_now_text())
    finally:
        db.close()
    return workspace
