"""Fixtures of the importer tests: sample files, a fresh store, and the CI factory.

``factories.py`` is loaded by path under a unique module name, so it cannot clash with
another area's module of the same name (test folders here have no ``__init__.py``).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from engine.telemetry.importers import read_records

DATA = Path(__file__).parent / "data"


def _load_factories():
    name = "autopattern_tests_importers_factories"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).parent / "factories.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def factories():
    return _load_factories()


@pytest.fixture
def read_all(monkeypatch):
    """Read a file into (events, errors); errors are the SourceRecords that failed.

    The file is read as a user in its folder would name it, so locations start with the
    bare file name, as given on the command line.
    """
    def read(path: Path, fmt: str | None = None, **options):
        monkeypatch.chdir(path.parent)
        records = list(read_records(Path(path.name), fmt, **options))
        return ([r.event for r in records if r.event is not None],
                [r for r in records if r.error is not None])
    return read
