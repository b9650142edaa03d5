"""Registry write and re-run cost: 1,000 pattern-candidate findings through ``apply_findings``.

Three passes over a fresh workspace: the first writes 1,000 YAML documents (named,
validated, fsynced), the second applies the same findings (nothing may be written), the
third changes every document (a new version each). Prints CPU and wall time per pass.
Run: ``.venv/bin/python bench/registry_measure.py``.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from engine.registry import apply_findings
from engine.results import Finding, RunInfo
from engine.workspace import init_workspace

COUNT = 1000


def findings(confidence: float) -> list[Finding]:
    return [Finding(pack="execution_patterns", pack_id="AUTO-001", rule="repeated_execution", kind="pattern_candidate",
                    key={"operation": f"op_{i}", "command_template_id": i},
                    fields={"name": f"op_{i}: make <*> --target <*>", "confidence": confidence,
                            "template": "make <*> --target <*>", "examples": [f"make build{i} --target t{i}.txt"]},
                    decision="approve", reason="confidence >= approve_at",
                    evidence=[f"ex-{i}-{j}" for j in range(10)], lets={"success_rate": 1.0})
            for i in range(COUNT)]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        ws = init_workspace(Path(folder) / "ws", copy_rules=False)
        db = ws.open_db()
        try:
            for label, confidence, run_id in (("first run", 0.9, "r1"), ("same findings again", 0.9, "r2"),
                                              ("every document changed", 0.8, "r3")):
                cpu, wall = time.process_time(), time.perf_counter()
                summary = apply_findings(db, ws.patterns_dir, RunInfo(run_id=run_id, now="2026-03-02T12:00:00.000Z",
                                                                      params={}, dry_run=False), findings(confidence))
                print(f"{label:<24} written {len(summary.documents):>5}   cpu {time.process_time() - cpu:.2f} s"
                      f"   wall {time.perf_counter() - wall:.2f} s")
        finally:
            db.close()


if __name__ == "__main__":
    main()
