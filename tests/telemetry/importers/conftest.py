"""Fixtures of the importer tests: the sample files in data/ and a reader of them.

Generators of whole CI folders (JUnit reports, exports) are in tests/support/factories.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.telemetry.importers import read_records

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    return DATA


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
