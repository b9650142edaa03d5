"""What a run's findings become: the table of output handlers a caller hands the session.

``engine.evaluate`` runs the rules and knows nothing of what their findings turn into,
so it imports neither the registry, nor the report, nor retention: whoever opens an
evaluation (the CLI, the demo, the Python API) passes ``OUTPUTS``, or a table of its
own (e.g. one without the report). Imports point down: this module knows evaluate,
evaluate does not know it.
"""

from __future__ import annotations

from typing import Any

from engine.evaluate.session import Evaluation, Outputs
from engine.evaluate.templates import add_templates
from engine.results import RunInfo

# The kinds whose findings become registry documents.
REGISTRY_KINDS = ("anti_pattern", "batch_pattern", "pattern_candidate", "self_heal", "suggestion", "template",
                  "trend")


def upgrade_registry_first(db, ws, run: RunInfo) -> dict[str, Any] | None:
    """Before the rules: bring older registry documents up to date (JSON to YAML)."""
    from engine.registry.upgrade import upgrade_registry

    upgraded = upgrade_registry(db, ws.patterns_dir, now=run.now, run_id=run.run_id)
    return upgraded.to_dict() if upgraded.converted else None


def write_registry(db, ws, run: RunInfo, pack, results, evaluation: Evaluation) -> None:
    """Registry documents and rows for the pack's findings (counted only on a dry run)."""
    from engine.registry.emit import apply_findings

    findings = [f for r in results for f in r.findings]
    add_templates(findings, ws.masks)
    evaluation.registry[pack.name] = apply_findings(db, ws.patterns_dir, run, findings).to_dict()


def write_report(db, ws, run: RunInfo, pack, results, evaluation: Evaluation) -> None:
    """The weekly report of the pack's ``report_row`` results (not on a dry run)."""
    if not results or run.dry_run:
        return
    from engine.report.weekly import build_and_write_report

    report = build_and_write_report(db, ws.patterns_dir, run, pack, results)
    evaluation.extras.setdefault("reports", []).append(report)


def apply_retention(db, ws, run: RunInfo, pack, results, evaluation: Evaluation) -> None:
    """Delete what the pack's retention rules decided to (only counted on a dry run)."""
    from engine.retention import apply_retention as apply_one

    for result in results:
        evaluation.extras.setdefault("retention", []).append(apply_one(db, run, pack, result))


OUTPUTS = Outputs(
    handlers={**{kind: write_registry for kind in REGISTRY_KINDS},
              "retention": apply_retention, "report_row": write_report},
    before=upgrade_registry_first)
