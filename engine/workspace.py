"""A workspace: one folder holding the database, the rule packs, the registry and config.

Layout::

    autopattern.yaml     config: params overrides, extra masks, paths
    autopattern.db       the telemetry store (SQLite, WAL)
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

CONFIG_NAME = "autopattern.yaml"
REGISTRY_FOLDERS = (
    "drafts", "specs/auto_approved", "specs/self_heal", "anti_patterns", "quarantine",
    "templates", "reports/weekly", "suggestions", "trends",
)
DEFAULT_CONFIG = """\
# autopattern workspace configuration.
# database: path of the telemetry store, relative to this file.
database: autopattern.db
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
    def db_path(self) -> Path:
        return self._inside(self.config.get("database", "autopattern.db"), "database")

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
        return open_database(self.db_path, create=create)


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


def init_workspace(root: Path, *, copy_rules: bool = True) -> Workspace:
    """Create (or complete) a workspace; never overwrites what is already there."""
    root = root.resolve()
    root.mkdir(parents=True, exist_ok=True)
    if not (root / CONFIG_NAME).exists():
        (root / CONFIG_NAME).write_text(DEFAULT_CONFIG, encoding="utf-8")
    workspace = load_workspace(root)
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
        from engine.telemetry.store import utc_now_text
        upgrade_registry(db, workspace.patterns_dir, now=utc_now_text())
    finally:
        db.close()
    return workspace
