"""Evaluation against small telemetry, checked against values computed by hand."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from engine.evaluate.session import evaluate_workspace
from engine.outputs import OUTPUTS
from tests.support.rule_files import ingest_events, write_pack

NOW = datetime(2026, 11, 24, tzinfo=timezone.utc)


def execution(i: int, day: int, op: str, status: str, ms: int, command: str | None = None, pattern=None) -> dict:
    return {"type": "execution", "id": f"e{i}", "ts": f"2026-11-{day:02d}T10:00:00Z", "operation": op,
            "command": command or f"{op} --n {i}", "status": status, "duration_ms": ms, "pattern_id": pattern,
            "actor": f"a{i % 2}"}


EVENTS = [
    execution(1, 20, "build", "success", 100),
    execution(2, 21, "build", "success", 200),
    execution(3, 22, "build", "failure", 300),
    execution(4, 23, "build", "success", 400),
    execution(5, 10, "build", "success", 1000),   # 14 days ago: outside the 7d window
    execution(6, 22, "lint", "success", 50),
    execution(7, 23, "lint", "success", 50),
    execution(8, 23, "deploy", "failure", 10, pattern="pat-x"),
]

PACK = '''
pack stats "Stats"
  id "AUTO-900"
param window = 7d
param at_least = 2 in 1 .. 100
rule per_operation "per operation"
  from executions
  where ts within window and pattern_id is null
  group by operation
  having count() >= at_least
  let n = count()
  let ok = rate(status == "success")
  let total = sum(duration_ms)
  let mean = avg(duration_ms)
  let p50 = median(duration_ms)
  let p90 = percentile(duration_ms, 0.9)
  let sd = stdev(duration_ms)
  let sp = spread(duration_ms)
  let failures = count(where status == "failure")
  let actors = distinct(actor)
  let older = count(where ts within 14d .. 7d ago)
  order by n desc
  emit report_row
    operation = operation
    n = n
'''


@pytest.fixture
def evaluated(ws):
    write_pack(ws, "stats", PACK)
    ingest_events(ws, EVENTS)
    return evaluate_workspace(ws, outputs=OUTPUTS, now=NOW, dry_run=True)


def lets_by_operation(evaluation):
    return {f.key["operation"]: f.lets for f in evaluation.findings}


def test_groups_pass_having_and_window(evaluated):
    assert sorted(lets_by_operation(evaluated)) == ["build", "lint"]


def test_build_aggregates_by_hand(evaluated):
    lets = lets_by_operation(evaluated)["build"]
    values = [100, 200, 300, 400]
    mean = sum(values) / 4
    sd = (sum((v - mean) ** 2 for v in values) / 4) ** 0.5
    assert lets["n"] == 4
    assert lets["ok"] == pytest.approx(0.75)
    assert lets["total"] == 1000
    assert lets["mean"] == pytest.approx(250)
    assert lets["p50"] == pytest.approx(250)
    assert lets["p90"] == pytest.approx(370)          # 300 + 0.7 * 100
    assert lets["sd"] == pytest.approx(sd, rel=1e-6)
    assert lets["sp"] == pytest.approx(sd / mean, rel=1e-6)
    assert lets["failures"] == 1
    assert lets["actors"] == 2
    assert lets["older"] == 0                          # e5 is outside the where's 7d window


def test_order_by_count(evaluated):
    assert [f.key["operation"] for f in evaluated.findings] == ["build", "lint"]


def test_uniform_values_have_zero_spread(evaluated):
    assert lets_by_operation(evaluated)["lint"]["sp"] == 0


def test_evidence_lists_newest_events_first(evaluated):
    build = next(f for f in evaluated.findings if f.key["operation"] == "build")
    assert build.evidence == ["e4", "e3", "e2", "e1"]


def test_param_override_changes_the_result(ws):
    write_pack(ws, "stats", PACK)
    ingest_events(ws, EVENTS)
    result = evaluate_workspace(ws, outputs=OUTPUTS, now=NOW, dry_run=True, assignments=["stats.at_least=3"])
    assert [f.key["operation"] for f in result.findings] == ["build"]
    wider = evaluate_workspace(ws, outputs=OUTPUTS, now=NOW, dry_run=True, assignments=["stats.window=30d"])
    assert next(f for f in wider.findings if f.key["operation"] == "build").lets["n"] == 5


DECIDE_PACK = '''
pack decide "Decide"
  id "AUTO-901"
param approve_at = 0.75 in 0 .. 1
rule candidates
  from executions
  where pattern_id is null
  group by operation
  having count() >= 2
  let confidence = rate(status == "success")
  emit pattern_candidate
    name = slug(operation)
    confidence = confidence
  decide
    approve when confidence >= approve_at
    draft otherwise
'''


def test_decisions_and_reasons(ws):
    write_pack(ws, "decide", DECIDE_PACK)
    ingest_events(ws, EVENTS)
    result = evaluate_workspace(ws, outputs=OUTPUTS, now=NOW, dry_run=True)
    decided = {f.key["operation"]: (f.decision, f.reason) for f in result.findings}
    assert decided["lint"] == ("approve", "confidence >= approve_at (1 >= 0.75)")
    assert decided["build"][0] == "approve"          # 4 of 5 succeed: 0.8
    stricter = evaluate_workspace(ws, outputs=OUTPUTS, now=NOW, dry_run=True, assignments=["decide.approve_at=0.9"])
    decided = {f.key["operation"]: (f.decision, f.reason) for f in stricter.findings}
    assert decided["build"] == ("draft", "otherwise (not confidence >= approve_at (0.8 >= 0.9))")


def test_out_of_range_override_is_refused(ws):
    from engine.errors import EvaluationError

    write_pack(ws, "decide", DECIDE_PACK)
    with pytest.raises(EvaluationError, match="outside its range"):
        evaluate_workspace(ws, outputs=OUTPUTS, now=NOW, dry_run=True, assignments=["decide.approve_at=1.5"])
    with pytest.raises(EvaluationError, match="not a number"):
        evaluate_workspace(ws, outputs=OUTPUTS, now=NOW, dry_run=True, assignments=["decide.approve_at=high"])
    with pytest.raises(EvaluationError, match="no param"):
        evaluate_workspace(ws, outputs=OUTPUTS, now=NOW, dry_run=True, assignments=["decide.nope=1"])


def test_sample_where_filter_limits_the_evidence(ws):
    write_pack(ws, "failures", '''
pack failures "Failures"
  id "AUTO-902"
rule failing
  from executions
  group by operation
  emit report_row
    failed = sample(id, 10 where status == "failure")
''')
    ingest_events(ws, EVENTS)
    result = evaluate_workspace(ws, outputs=OUTPUTS, now=NOW, dry_run=True)
    failed = {f.key["operation"]: f.fields["failed"] for f in result.findings}
    assert failed == {"build": ["e3"], "deploy": ["e8"], "lint": []}
