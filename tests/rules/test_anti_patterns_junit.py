"""Issue 8's "done when": 20 pytest JUnit reports with one flaky test, ingested with
`--format junit`, then `evaluate` quarantines the flaky test and leaves the healthy ones."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from engine.cli import app
from engine.registry.files import read_document

from tests.support.factories import write_ci_junit_reports

runner = CliRunner()


def test_the_flaky_test_is_quarantined_and_the_healthy_ones_are_left_alone(shipped_ws, tmp_path):
    reports = write_ci_junit_reports(tmp_path / "reports", runs=20, flaky_failures=8)
    ingested = runner.invoke(app, ["ingest", str(tmp_path / "reports"), "--format", "junit", "-w", str(shipped_ws.root)])
    assert ingested.exit_code == 0, ingested.output
    db = shipped_ws.open_db()
    last = db.execute("SELECT MAX(ts) FROM execution_logs").fetchone()[0]
    db.close()
    now = last[:10] + "T23:59:59Z"
    evaluated = runner.invoke(app, ["evaluate", "anti_patterns", "--now", now, "-w", str(shipped_ws.root), "--json"])
    assert evaluated.exit_code == 0, evaluated.output
    result = json.loads(evaluated.stdout)
    [rule] = [r for r in result["rules"] if r["rule"] == "failing_operation"]
    decisions = {f["key"]["operation"]: f["decision"] for f in rule["findings"]}
    assert decisions == {reports.flaky_operation: "quarantine"}
    [finding] = rule["findings"]
    assert finding["fields"]["failures"] == reports.flaky_failures
    assert finding["fields"]["attempts"] == 20
    anti = [read_document(p) for folder in ("anti_patterns", "quarantine")
            for p in (shipped_ws.patterns_dir / folder).glob("*.yaml")]
    quarantined = [d["subject"]["id"] for d in anti if d["quarantined"]]
    assert quarantined == [reports.flaky_operation]
    assert not set(reports.stable_operations) & {d["subject"]["id"] for d in anti}
    # the listing shows the decision: the flaky test is quarantined, and the filters find it
    listed = runner.invoke(app, ["patterns", "list", "--status", "quarantined", "--kind", "anti_pattern",
                                 "-w", str(shipped_ws.root), "--json"])
    assert listed.exit_code == 0, listed.output
    assert [row["status"] for row in json.loads(listed.stdout)] == ["quarantined"]
    assert reports.flaky_operation in json.loads(listed.stdout)[0]["name"]
