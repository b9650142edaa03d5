"""Human decisions outrank the engine, survive later runs, and are audited; quarantine."""

from __future__ import annotations

import json

import pytest

from engine.registry import (RegistryError, decide, decisions_for, get_pattern, is_quarantined, list_patterns,
                             quarantined_ids, status_of)
from engine.registry.ids import quarantine_id
from engine.registry.files import read_document


def _only(db, **filters):
    [row] = list_patterns(db, **filters)
    return row


def _doc(ws, row):
    return read_document(ws.patterns_dir / row["document_path"])


def _anti(make_finding, subject, decision="quarantine", **fields):
    return make_finding(kind="anti_pattern", decision=decision, pack="anti_patterns", pack_id="AUTO-005",
                        rule="failing_pattern", key={"pattern_id": subject},
                        fields={"failures": 4, "attempts": 6, "failure_rate": 0.67,
                                "recommendation": "check the deploy step", **fields},
                        reason="failure_rate 0.67 >= quarantine_at 0.4", evidence=["f-1", "f-2"])


@pytest.fixture
def approved(apply, make_finding, workspace_db):
    apply([make_finding()])
    return _only(workspace_db)["id"]


def test_human_reject_survives_later_runs(apply, make_finding, ws, workspace_db, approved):
    decide(workspace_db, ws.patterns_dir, approved, "reject", "alice", "too broad", now="2026-03-03T00:00:00.000Z")
    summary = apply([make_finding(fields={"name": "scaffold-module", "confidence": 0.95, "count": 9})],
                    now="2026-03-09T12:00:00.000Z")
    row = _only(workspace_db)
    document = _doc(ws, row)
    assert (row["status"], row["decided_by"], row["document_path"].split("/")[0]) == ("rejected", "human", "rejected")
    assert document["fields"]["confidence"] == 0.95          # the engine still refreshes fields
    assert document["reason"] == "too broad"
    assert document["engine"]["status"] == "approved"
    assert summary.total("updated") == 1 and document["version"] == 3


def test_engine_opinion_change_under_a_human_decision_is_noted(apply, make_finding, ws, workspace_db, approved):
    decide(workspace_db, ws.patterns_dir, approved, "approve", "alice", "vetted")
    apply([make_finding(decision="draft", reason="confidence 0.5 < 0.75")])
    row = _only(workspace_db)
    last = _doc(ws, row)["history"][-1]
    assert row["status"] == "approved" and row["document_path"].startswith("specs/approved/")
    assert "the engine would set draft, kept approved" in last["reason"]
    assert decisions_for(workspace_db, approved)[-1]["decision"] == "draft"


def test_release_returns_to_the_engines_opinion(apply, make_finding, ws, workspace_db, approved):
    decide(workspace_db, ws.patterns_dir, approved, "reject", "alice", "unsure")
    apply([make_finding(decision="draft", reason="confidence 0.5 < 0.75")])
    result = decide(workspace_db, ws.patterns_dir, approved, "release", "alice", "let the engine judge")
    row = _only(workspace_db)
    assert (result.previous_status, result.status) == ("rejected", "draft")
    assert (row["status"], row["decided_by"]) == ("draft", "engine")
    assert row["document_path"].startswith("drafts/")
    assert not list((ws.patterns_dir / "rejected").glob("*.yaml"))
    apply([make_finding()])
    assert _only(workspace_db)["status"] == "approved"   # the engine decides again


def test_every_decision_is_audited_with_its_actor_and_reason(workspace_db, ws, approved):
    decide(workspace_db, ws.patterns_dir, approved, "quarantine", "bob", "broke prod")
    decide(workspace_db, ws.patterns_dir, approved, "release", "bob", "fixed")
    trail = [(d["actor"], d["decision"], d["previous_status"], d["reason"]) for d in decisions_for(workspace_db, approved)]
    assert trail == [("engine", "approve", None, "confidence 0.82 >= approve_at 0.75"),
                     ("human:bob", "quarantine", "approved", "broke prod"),
                     ("human:bob", "release", "quarantined", "fixed")]


def test_repeating_a_decision_changes_nothing(workspace_db, ws, files, approved):
    decide(workspace_db, ws.patterns_dir, approved, "reject", "alice", "no")
    before = files(ws.patterns_dir)
    again = decide(workspace_db, ws.patterns_dir, approved, "reject", "alice", "no")
    assert not again.changed and files(ws.patterns_dir) == before
    assert len(decisions_for(workspace_db, approved)) == 2


def test_unknown_id_suggests_close_matches(workspace_db, ws, approved):
    with pytest.raises(RegistryError) as caught:
        decide(workspace_db, ws.patterns_dir, approved[:-3] + "zzz", "approve", "alice", "")
    assert approved in caught.value.hint
    # a unique id prefix, or the exact name, names the pattern
    assert decide(workspace_db, ws.patterns_dir, approved[:-3], "approve", "alice", "").id == approved


@pytest.mark.parametrize("action, actor", [("promote", "alice"), ("", "alice"), ("approve", " "),
                                           ("approve", "bob\nroot")])
def test_unknown_action_or_bad_actor_is_refused(workspace_db, ws, approved, action, actor):
    with pytest.raises(RegistryError):
        decide(workspace_db, ws.patterns_dir, approved, action, actor, "")


def test_engine_quarantines_a_registry_pattern(apply, make_finding, ws, workspace_db, approved):
    summary = apply([_anti(make_finding, approved)])
    row = list_patterns(workspace_db, kind="pattern_candidate")[0]
    document = _doc(ws, row)
    assert summary.quarantined == [approved]
    assert status_of(workspace_db, approved) == "quarantined" and is_quarantined(workspace_db, approved)
    assert row["document_path"] == f"quarantine/scaffold-module-{approved[-10:]}.yaml"
    assert not list((ws.patterns_dir / "specs/auto_approved").glob("*.yaml"))
    assert document["quarantine"]["previous_status"] == "approved"
    assert document["quarantine"]["anti_pattern"] == _only(workspace_db, kind="anti_pattern")["id"]
    assert workspace_db.execute("SELECT quarantined FROM anti_patterns").fetchone() == (1,)


def test_quarantine_holds_against_later_pattern_findings(apply, make_finding, ws, workspace_db, approved):
    apply([_anti(make_finding, approved)])
    apply([make_finding(fields={"name": "scaffold-module", "confidence": 0.9, "count": 6})])
    assert status_of(workspace_db, approved) == "quarantined"
    decide(workspace_db, ws.patterns_dir, approved, "release", "bob", "fixed the deploy")
    assert status_of(workspace_db, approved) == "approved"


def test_a_release_outranks_the_next_engine_quarantine(apply, make_finding, ws, workspace_db, approved):
    apply([_anti(make_finding, approved)])
    decide(workspace_db, ws.patterns_dir, approved, "release", "bob", "false alarm")
    summary = apply([_anti(make_finding, approved, failures=5)])
    assert status_of(workspace_db, approved) == "approved" and summary.quarantined == []
    anti = _doc(ws, _only(workspace_db, kind="anti_pattern"))
    assert anti["quarantined"] is False
    assert "quarantine not applied: human:bob released it" in anti["history"][-1]["reason"]


def test_pattern_known_only_from_telemetry_gets_a_quarantine_entry(apply, make_finding, ws, workspace_db):
    apply([_anti(make_finding, "deploy-v2")])
    entry = _only(workspace_db, kind="quarantine_entry")
    assert entry["id"] == quarantine_id("deploy-v2")
    assert entry["document_path"] == f"quarantine/pattern-deploy-v2-{entry['id'][-10:]}.yaml"
    assert status_of(workspace_db, "deploy-v2") == "quarantined" and "deploy-v2" in quarantined_ids(workspace_db)
    result = decide(workspace_db, ws.patterns_dir, "deploy-v2", "release", "carol", "rolled back")
    assert result.status == "released" and status_of(workspace_db, "deploy-v2") == "released"
    apply([_anti(make_finding, "deploy-v2")])
    assert status_of(workspace_db, "deploy-v2") == "released"


def test_unsafe_telemetry_pattern_id_is_quarantined_under_a_safe_id(apply, make_finding, ws, workspace_db):
    apply([_anti(make_finding, "../../Evil Pattern")])
    entry = _only(workspace_db, kind="quarantine_entry")
    assert entry["document_path"].startswith("quarantine/") and ".." not in entry["document_path"]
    assert status_of(workspace_db, "../../Evil Pattern") == "quarantined"


def test_record_decision_quarantines_nothing(apply, make_finding, workspace_db, approved):
    apply([_anti(make_finding, approved, decision="record")])
    assert status_of(workspace_db, approved) == "approved"
    assert workspace_db.execute("SELECT quarantined FROM anti_patterns").fetchone() == (0,)


def test_quarantine_is_refused_for_what_is_not_a_pattern(apply, make_finding, ws, workspace_db):
    apply([make_finding(kind="trend", decision="flag", key={"pattern_id": "p"}, fields={"direction": "stale"})])
    with pytest.raises(RegistryError, match="not a pattern"):
        decide(workspace_db, ws.patterns_dir, _only(workspace_db)["id"], "quarantine", "alice", "")


def test_human_approval_of_a_manual_self_heal_turns_auto_apply_on(apply, make_finding, ws, workspace_db):
    apply([make_finding(kind="self_heal", decision="manual", key={"message_template_id": 3},
                        fields={"resolution": "retry", "successes": 3, "attempts": 4, "success_rate": 0.75})])
    row = _only(workspace_db)
    decide(workspace_db, ws.patterns_dir, row["id"], "approve", "alice", "safe to retry")
    assert _doc(ws, _only(workspace_db))["auto_apply"] is True
    assert workspace_db.execute("SELECT auto_apply, status FROM error_patterns").fetchone() == (1, "active")
    decide(workspace_db, ws.patterns_dir, row["id"], "reject", "alice", "no")
    assert workspace_db.execute("SELECT auto_apply, status FROM error_patterns").fetchone() == (0, "rejected")


def test_row_without_document_is_quarantined_through_an_entry(apply, make_finding, ws, workspace_db):
    workspace_db.execute("INSERT INTO pattern_candidates (id, kind, pack, rule, group_key, name, status, created, "
               "updated) VALUES ('pc-hand-made', 'execution', 'api', 'manual', '{}', 'hand', 'approved', "
               "'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')")
    apply([_anti(make_finding, "pc-hand-made")])
    assert status_of(workspace_db, "pc-hand-made") == "quarantined"
    decide(workspace_db, ws.patterns_dir, "pc-hand-made", "release", "bob", "ok")
    assert status_of(workspace_db, "pc-hand-made") == "approved"


def test_people_decide_on_rows_recorded_without_a_document(apply, make_finding, ws, workspace_db):
    workspace_db.execute("INSERT INTO pattern_candidates (id, kind, pack, rule, group_key, name, status, created, "
               "updated) VALUES ('pc-api', 'execution', 'api', 'manual', '{}', 'hand', 'draft', "
               "'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')")
    decide(workspace_db, ws.patterns_dir, "pc-api", "approve", "alice", "vetted")
    decide(workspace_db, ws.patterns_dir, "pc-api", "reject", "alice", "changed my mind")
    assert (status_of(workspace_db, "pc-api"), get_pattern(workspace_db, "pc-api")["decided_by"]) == ("rejected", "human")
    apply([_anti(make_finding, "pc-api")])          # a person decided: the engine does not quarantine
    assert status_of(workspace_db, "pc-api") == "rejected"
    result = decide(workspace_db, ws.patterns_dir, "pc-api", "release", "alice", "back to the recorder")
    assert (result.status, get_pattern(workspace_db, "pc-api")["decided_by"]) == ("draft", "engine")
    with pytest.raises(RegistryError, match="not a pattern"):
        workspace_db.execute("UPDATE pattern_candidates SET kind = 'trend' WHERE id = 'pc-api'")
        decide(workspace_db, ws.patterns_dir, "pc-api", "quarantine", "alice", "")


def _try_lock(path) -> str:
    import sqlite3
    other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return "free"
    except sqlite3.OperationalError:
        return "locked"
    finally:
        other.close()


def test_runs_and_decisions_plan_under_the_write_lock(apply, make_finding, ws, workspace_db, monkeypatch, approved):
    """No decision can slip in between what a run reads and what it writes (and vice versa)."""
    import engine.registry.decisions as decisions
    import engine.registry.emit as emit

    seen = []
    plan_finding, plan_decision = emit._apply, decisions._decide
    monkeypatch.setattr(emit, "_apply", lambda *a: (seen.append(_try_lock(ws.db_path)), plan_finding(*a))[1])
    monkeypatch.setattr(decisions, "_decide", lambda *a: (seen.append(_try_lock(ws.db_path)), plan_decision(*a))[1])
    apply([make_finding()])
    decide(workspace_db, ws.patterns_dir, approved, "reject", "alice", "no")
    assert seen == ["locked", "locked"]
    assert _try_lock(ws.db_path) == "free"
