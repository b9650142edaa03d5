"""Where things are, whatever the depth of the test file that asks."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
IMPORTER_DATA = REPO / "tests" / "telemetry" / "importers" / "data"
