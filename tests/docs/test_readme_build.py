"""README.md is generated from docs/readme/*.md; it must never drift from its parts."""

import subprocess
import sys
from pathlib import Path

from tests.support.paths import REPO



def test_readme_matches_its_parts():
    result = subprocess.run([sys.executable, str(REPO / "docs" / "build_readme.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
