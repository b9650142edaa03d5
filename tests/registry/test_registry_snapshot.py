"""Golden documents: what a candidate looks like after an engine run and a human decision."""

from __future__ import annotations

import json

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from engine.registry import decide, list_patterns
from engine.registry.files import read_document


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JSONSnapshotExtension)


def test_pattern_document_after_engine_and_human(apply, make_finding, ws, workspace_db, snapshot_json):
    apply([make_finding(decision="draft", reason="confidence 0.62 < approve_at 0.75",
                        fields={"name": "scaffold-module", "confidence": 0.62, "count": 3})],
          now="2026-03-02T12:00:00.000Z", run_id="run-a")
    apply([make_finding()], now="2026-03-09T12:00:00.000Z", run_id="run-b")
    [row] = list_patterns(workspace_db)
    decide(workspace_db, ws.patterns_dir, row["id"], "quarantine", "alice", "broke the build",
           now="2026-03-10T08:30:00.000Z")
    [row] = list_patterns(workspace_db)
    assert read_document(ws.patterns_dir / row["document_path"]) == snapshot_json


def test_self_heal_and_anti_pattern_documents(apply, make_finding, ws, workspace_db, snapshot_json):
    apply([make_finding(kind="self_heal", decision="auto_apply", pack="error_recovery", pack_id="AUTO-003",
                        rule="learned_recovery", key={"message_template_id": 4, "resolution_template_id": 2},
                        fields={"message_template": "No module named <*>", "resolution": "pip install <*>",
                                "successes": 9, "attempts": 10, "success_rate": 0.9, "confidence": 0.9},
                        reason="success_rate 0.9 >= auto_apply_at 0.9", evidence=["err-1", "err-2"]),
           make_finding(kind="anti_pattern", decision="quarantine", pack="anti_patterns", pack_id="AUTO-005",
                        rule="failing_pattern", key={"pattern_id": "deploy-v2"},
                        fields={"failures": 4, "attempts": 6, "failure_rate": 0.6667,
                                "recommendation": "check the credentials step"},
                        reason="failure_rate 0.6667 >= quarantine_at 0.4", evidence=["ex-7", "ex-8"])],
          now="2026-03-02T12:00:00.000Z", run_id="run-a")
    documents = {p.relative_to(ws.patterns_dir).as_posix(): read_document(p)
                 for p in sorted(ws.patterns_dir.rglob("*.yaml"))}
    assert documents == snapshot_json
