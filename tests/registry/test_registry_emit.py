"""apply_findings: every (kind, decision) lands where it should, idempotently, versioned."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import ValidationFailure
from engine.registry import get_pattern, list_patterns, pattern_id
from engine.registry.layout import ENGINE_STATUS
from engine.registry.files import read_document


def _doc(ws, row):
    return read_document(ws.patterns_dir / row["document_path"])


KIND_CASES = {
    # kind -> (pack_id, rule, key, fields)
    "pattern_candidate": ("AUTO-001", "repeated_execution", {"operation": "build"},
                          {"name": "build", "confidence": 0.8}),
    "batch_pattern": ("AUTO-002", "similar_files", {"path_template_id": 3},
                      {"name": "tests batch", "confidence": 0.6, "count": 4}),
    "self_heal": ("AUTO-003", "learned_recovery", {"message_template_id": 11, "resolution_template_id": 4},
                  {"message_template": "No module named <*>", "resolution": "pip install <*>",
                   "successes": 9, "attempts": 10, "success_rate": 0.9}),
    "anti_pattern": ("AUTO-005", "recurring_error", {"message_template_id": 12},
                     {"failures": 5, "attempts": 5, "failure_rate": 1.0, "recommendation": "pin it"}),
    "suggestion": ("AUTO-006", "use_existing", {"operation": "build"}, {"pattern_id": "auto-001-x"}),
    "trend": ("AUTO-007", "degrading", {"pattern_id": "auto-001-x"}, {"direction": "degrading"}),
    "template": ("AUTO-008", "command_template", {"command_template_id": 7},
                 {"template": "make {target}", "slots": {"target": ["a", "b"]}}),
}
EXPECTED_FOLDER = {
    ("pattern_candidate", "approve"): "specs/auto_approved", ("pattern_candidate", "draft"): "drafts",
    ("batch_pattern", "approve"): "specs/auto_approved", ("batch_pattern", "draft"): "drafts",
    ("self_heal", "auto_apply"): "specs/self_heal", ("self_heal", "manual"): "specs/self_heal",
    ("anti_pattern", "record"): "anti_patterns", ("anti_pattern", "quarantine"): "quarantine",
    ("suggestion", "suggest"): "suggestions", ("trend", "flag"): "trends",
    ("template", "draft"): "templates",
}


def _finding_of(make_finding, kind, decision):
    pack_id, rule, key, fields = KIND_CASES[kind]
    return make_finding(kind=kind, decision=decision, pack_id=pack_id, pack=pack_id.lower(),
                        rule=rule, key=key, fields=fields, reason=f"{decision} because")


@pytest.mark.parametrize("kind, decision", sorted(EXPECTED_FOLDER))
def test_each_kind_and_decision_maps_to_status_and_folder(apply, make_finding, ws, workspace_db, kind, decision):
    summary = apply([_finding_of(make_finding, kind, decision)])
    assert summary.total("created") == 1
    [row] = list_patterns(workspace_db, kind=kind)
    assert row["status"] == ENGINE_STATUS[(kind, decision)]
    assert row["document_path"].startswith(EXPECTED_FOLDER[(kind, decision)] + "/")
    document = _doc(ws, row)
    assert document["kind"] == kind and document["engine"]["decision"] == decision
    [audit] = workspace_db.execute("SELECT decision, actor, reason FROM decisions").fetchall()
    assert audit == (decision, "engine", f"{decision} because")


def test_self_heal_fills_error_patterns(apply, make_finding, workspace_db):
    apply([_finding_of(make_finding, "self_heal", "auto_apply")])
    rows = workspace_db.execute("SELECT message_template, resolution, successes, attempts, success_rate, "
                      "auto_apply, status FROM error_patterns").fetchall()
    assert rows == [("No module named <*>", "pip install <*>", 9, 10, 0.9, 1, "active")]


def test_manual_self_heal_is_not_auto_applied(apply, make_finding, workspace_db, ws):
    apply([_finding_of(make_finding, "self_heal", "manual")])
    [row] = list_patterns(workspace_db, kind="self_heal")
    assert _doc(ws, row)["auto_apply"] is False
    assert workspace_db.execute("SELECT auto_apply FROM error_patterns").fetchone() == (0,)


def test_anti_pattern_fills_its_table(apply, make_finding, workspace_db):
    apply([_finding_of(make_finding, "anti_pattern", "record")])
    row = workspace_db.execute("SELECT subject_kind, subject, failures, failure_rate, recommendation, "
                     "quarantined FROM anti_patterns").fetchone()
    assert row == ("error_template", "12", 5, 1.0, "pin it", 0)


def test_template_slots_from_a_mapping(apply, make_finding, workspace_db, ws):
    apply([_finding_of(make_finding, "template", "draft")])
    [row] = list_patterns(workspace_db, kind="template")
    assert _doc(ws, row)["slots"] == [{"name": "target", "values": ["a", "b"]}]


@pytest.mark.parametrize("kind", ["pattern_candidate", "self_heal", "anti_pattern", "trend"])
def test_skip_writes_nothing_but_is_counted(apply, make_finding, ws, workspace_db, files, kind):
    summary = apply([_finding_of(make_finding, kind, "skip")])
    assert summary.total("skipped") == 1 and summary.total("created") == 0
    assert files(ws.patterns_dir) == {}
    assert list_patterns(workspace_db) == []


def test_report_rows_and_retention_are_left_to_others(apply, make_finding, ws, files):
    summary = apply([make_finding(kind="report_row", decision="report"),
                     make_finding(kind="retention", decision="delete")])
    assert summary.ignored == 2 and files(ws.patterns_dir) == {}


def test_round_trip_findings_to_files_rows_and_back(apply, make_finding, ws, workspace_db):
    finding = make_finding()
    apply([finding])
    expected_id = pattern_id("AUTO-001", "repeated_execution", finding.key)
    row = get_pattern(workspace_db, expected_id)
    document = _doc(ws, row)
    assert row["document_path"] == f"specs/auto_approved/scaffold-module-{expected_id[-10:]}.yaml"
    assert (row["name"], row["confidence"], row["evidence"], row["key"]) == \
        ("scaffold-module", 0.82, ["ex-1", "ex-2", "ex-3"], finding.key)
    assert (document["fields"], document["lets"], document["evidence"]) == \
        (finding.fields, finding.lets, finding.evidence)
    assert document["version"] == 1 and document["history"][0]["changes"] == {"status": [None, "approved"]}


def test_second_run_changes_no_byte_and_no_row(apply, make_finding, ws, workspace_db, files):
    findings = []
    for kind, decision in sorted(EXPECTED_FOLDER):   # one group per case, so none overrides another
        finding = _finding_of(make_finding, kind, decision)
        finding.key = {**finding.key, "case": decision}
        findings.append(finding)
    apply(findings, now="2026-03-02T12:00:00.000Z")
    before_files = files(ws.patterns_dir)
    before_rows = {t: workspace_db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                   for t in ("pattern_candidates", "anti_patterns", "error_patterns", "decisions")}
    summary = apply(findings, now="2026-03-09T12:00:00.000Z")
    assert summary.total("unchanged") == len(findings) and not summary.changed
    assert files(ws.patterns_dir) == before_files
    assert {t: workspace_db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in before_rows} == before_rows


def test_changed_fields_make_a_new_version_with_history(apply, make_finding, ws, workspace_db):
    apply([make_finding()], now="2026-03-02T12:00:00.000Z")
    apply([make_finding(fields={"name": "scaffold-module", "confidence": 0.9, "count": 7},
                        evidence=["ex-1", "ex-9"])], now="2026-03-09T12:00:00.000Z")
    [row] = list_patterns(workspace_db)
    document = _doc(ws, row)
    assert document["version"] == 2
    assert (document["created"], document["updated"]) == ("2026-03-02T12:00:00.000Z", "2026-03-09T12:00:00.000Z")
    changes = document["history"][1]["changes"]
    assert changes["fields.confidence"] == [0.82, 0.9]
    assert changes["fields.count"] == [5, 7]
    assert changes["evidence"] == [["ex-1", "ex-2", "ex-3"], ["ex-1", "ex-9"]]


def test_draft_promoted_to_approved_moves_its_file(apply, make_finding, ws, workspace_db):
    apply([make_finding(decision="draft", reason="confidence 0.6 < 0.75")])
    [draft] = list_patterns(workspace_db)
    summary = apply([make_finding()])
    [row] = list_patterns(workspace_db)
    assert row["status"] == "approved" and row["document_path"].startswith("specs/auto_approved/")
    assert summary.removed == [draft["document_path"]]
    assert not (ws.patterns_dir / draft["document_path"]).exists()
    assert _doc(ws, row)["history"][1]["changes"]["status"] == ["draft", "approved"]
    assert [d[0] for d in workspace_db.execute("SELECT decision FROM decisions ORDER BY seq")] == ["draft", "approve"]


def test_dry_run_plans_but_writes_nothing(apply, make_finding, ws, workspace_db, files):
    summary = apply([make_finding()], dry_run=True)
    assert summary.dry_run and summary.total("created") == 1
    assert summary.documents and summary.documents[0].startswith("specs/auto_approved/")
    assert files(ws.patterns_dir) == {}
    assert workspace_db.execute("SELECT COUNT(*) FROM pattern_candidates").fetchone() == (0,)
    assert workspace_db.execute("SELECT COUNT(*) FROM decisions").fetchone() == (0,)


def test_invalid_finding_stops_the_run_before_anything_is_written(apply, make_finding, ws, workspace_db, files):
    good = make_finding()
    bad = make_finding(key={"operation": "other"}, fields={"name": "x", "confidence": 3.5})
    with pytest.raises(ValidationFailure) as caught:
        apply([good, bad])
    assert caught.value.location.field == "confidence"
    assert caught.value.location.path == "execution_patterns.repeated_execution"
    assert files(ws.patterns_dir) == {}
    assert workspace_db.execute("SELECT COUNT(*) FROM pattern_candidates").fetchone() == (0,)


@pytest.mark.parametrize("kind, decision, field", [
    ("pattern_candidate", "quarantine", "decision"),
    ("mystery", "approve", "kind"),
])
def test_unknown_kind_or_decision_is_an_error_naming_the_rule(apply, make_finding, kind, decision, field):
    with pytest.raises(ValidationFailure) as caught:
        apply([make_finding(kind=kind, decision=decision)])
    assert caught.value.location.field == field
    assert "execution_patterns.repeated_execution" in str(caught.value)


def test_writes_leave_no_temporary_files(apply, make_finding, ws):
    apply([make_finding(decision="draft")])
    apply([make_finding()])
    leftovers = [p.name for p in ws.patterns_dir.rglob("*") if p.is_file() and not p.name.endswith(".yaml")]
    assert leftovers == []
    assert not any(p.name.startswith(".") for p in ws.patterns_dir.rglob("*"))


def test_failed_write_rolls_back_the_index(apply, make_finding, ws, workspace_db, monkeypatch):
    import engine.registry.changes as changes

    def broken(path, text, **options):
        raise OSError("disk full")
    monkeypatch.setattr(changes, "write_atomic", broken)
    with pytest.raises(OSError):
        apply([make_finding()])
    assert workspace_db.execute("SELECT COUNT(*) FROM pattern_candidates").fetchone() == (0,)


def test_lost_index_is_rebuilt_from_documents(apply, make_finding, ws, workspace_db):
    apply([make_finding()])
    workspace_db.execute("DELETE FROM pattern_candidates")
    summary = apply([make_finding()])
    assert summary.total("unchanged") == 1
    [row] = list_patterns(workspace_db)
    assert row["status"] == "approved" and row["document_path"].startswith("specs/auto_approved/")


def test_damaged_document_is_reported_with_its_path(apply, make_finding, ws, workspace_db):
    apply([make_finding()])
    [row] = list_patterns(workspace_db)
    (ws.patterns_dir / row["document_path"]).write_text("{not json")
    with pytest.raises(ValidationFailure) as caught:
        apply([make_finding()])
    assert row["document_path"] in str(caught.value)


def test_interrupted_write_keeps_the_old_file_and_no_temporary(tmp_path):
    from engine.registry.files import write_atomic

    target = tmp_path / "doc.json"
    write_atomic(target, "old\n")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "new \ud800")   # fails half-way through writing
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.json"]


def test_inside_a_callers_transaction_the_caller_decides(apply, make_finding, workspace_db):
    workspace_db.conn.execute("BEGIN")
    apply([make_finding()])
    workspace_db.conn.execute("ROLLBACK")
    assert workspace_db.execute("SELECT COUNT(*) FROM pattern_candidates").fetchone() == (0,)


_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
              st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner),
                            st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)


_examples = itertools.count()


# Fields the trend document types (schemas/outputs/trend.json: direction, subject) are
# validated, not free: a list there is rightly refused (tested elsewhere), so the free
# values are generated under every other name.
_free_names = st.text(max_size=12).filter(lambda name: name not in ("direction", "subject"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=st.dictionaries(_free_names, _values, max_size=6),
       key=st.dictionaries(st.text(max_size=12), _values, max_size=3))
def test_any_emitted_values_round_trip_and_apply_idempotently(apply, make_finding, ws, files, fields, key):
    finding = make_finding(kind="trend", decision="flag", rule=f"rule-{next(_examples)}", key=key,
                           fields={**fields, "confidence": None})
    assert apply([finding], now="2026-01-01T00:00:00.000Z").total("created") == 1
    before = files(ws.patterns_dir)
    again = apply([finding], now="2026-01-02T00:00:00.000Z")
    assert again.total("unchanged") == 1 and not again.changed
    assert files(ws.patterns_dir) == before


@pytest.mark.parametrize("value, accepted", [(9, True), (9.0, True), ("9", False), (9.5, False)])
def test_counts_are_checked_not_converted(apply, make_finding, value, accepted):
    finding = _finding_of(make_finding, "self_heal", "manual")
    finding.fields = {**finding.fields, "successes": value}
    if accepted:
        apply([finding])
        assert apply([finding]).total("unchanged") == 1
    else:
        with pytest.raises(ValidationFailure) as caught:
            apply([finding])
        assert caught.value.location.field == "successes"
