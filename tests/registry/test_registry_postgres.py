"""The registry on a PostgreSQL store: documents, index rows and decisions as on SQLite,
and applying the same findings again changes nothing although jsonb respells the JSON."""

from __future__ import annotations

import json

from engine.registry import apply_findings
from engine.registry.index import get_pattern, list_patterns, quarantined_ids
from engine.telemetry.store import open_database
from engine.workspace import init_workspace


def _apply_all(tmp_path, name: str, database: str | None, _make_finding, _make_run):
    ws = init_workspace(tmp_path / name, copy_rules=False, database=database)
    db = ws.open_db()
    findings = [
        _make_finding(key={"operation": "scaffold_module", "command_template_id": 7, "a": [1, {"z": 1, "b": 2}]},
                      fields={"name": "scaffold-module", "confidence": 0.82, "count": 5, "zeta": {"y": 1, "x": 2}}),
        _make_finding(kind="anti_pattern", decision="quarantine", rule="failing_pattern",
                      key={"pattern_id": "pat-deploy"},
                      fields={"name": "failing pat-deploy", "confidence": 0.9, "failures": 6, "attempts": 10,
                              "failure_rate": 0.6, "subject_kind": "pattern", "subject": "pat-deploy",
                              "recommendation": "quarantine it"}),
    ]
    first = apply_findings(db, ws.patterns_dir, _make_run(run_id="run-1"), findings)
    again = apply_findings(db, ws.patterns_dir, _make_run(now="2026-03-03T12:00:00.000Z", run_id="run-2"), findings)
    return ws, db, first, again


def test_the_registry_answers_the_same_on_postgresql(tmp_path, pg_url, make_finding, make_run):
    lite_ws, lite, lite_first, lite_again = _apply_all(tmp_path, "lite", None, make_finding, make_run)
    pg_ws, pg, pg_first, pg_again = _apply_all(tmp_path, "pg", pg_url, make_finding, make_run)
    assert pg_first.to_dict() == lite_first.to_dict()
    assert pg_again.to_dict() == lite_again.to_dict()
    assert pg_again.total("unchanged") == 2 and not pg_again.changed
    assert list_patterns(pg) == list_patterns(lite)
    assert quarantined_ids(pg) == quarantined_ids(lite) != set()
    for row in list_patterns(pg):                                        # same key and field order too
        same = get_pattern(lite, row["id"])
        assert json.dumps(get_pattern(pg, row["id"])["key"]) == json.dumps(same["key"])
        assert json.dumps(row["fields"]) == json.dumps(same["fields"])
    documents = {p.relative_to(pg_ws.patterns_dir): p.read_bytes() for p in pg_ws.patterns_dir.rglob("*.json")}
    assert documents == {p.relative_to(lite_ws.patterns_dir): p.read_bytes()
                         for p in lite_ws.patterns_dir.rglob("*.json")}
    assert pg.execute("SELECT pattern_id, decision, actor FROM decisions ORDER BY seq").fetchall() == \
        lite.execute("SELECT pattern_id, decision, actor FROM decisions ORDER BY seq").fetchall()
    pg.close()
    lite.close()


def _fill(store) -> None:
    runs = []
    for n in range(12):
        value = ["lxml", "rich", "Zed", "_a"][n % 4]
        status = "failure" if value in ("Zed", "_a") else ("failure" if n == 1 else "success")
        runs.append((f"r{n}", f"2026-03-01T10:00:{n:02d}.000Z", "add_dependency", 7,
                     json.dumps(["poetry", value]), status, 10, "x"))
    with store.transaction():
        store.insert_rows("execution_logs", ("id", "ts", "operation", "command_template_id", "command_params",
                                             "status", "duration_ms", "ingested_at"), runs)
        for pid, status, key in (("p-held", "quarantined", {"operation": "add_dependency", "command_template_id": 7}),
                                 ("p-rejected", "rejected", {"path_template_id": 3}),
                                 ("p-fine", "approved", {"operation": "add_dependency", "command_template_id": 8})):
            store.upsert("pattern_candidates", {"id": pid, "kind": "pattern_candidate", "pack": "p", "rule": "r",
                                                "group_key": json.dumps(key, sort_keys=True), "name": pid,
                                                "status": status, "created": "c", "updated": "u"})


def test_failing_values_and_held_back_work_answer_alike(tmp_path, pg_db, workspace_db):
    from engine.registry.index import held_back
    from engine.registry.warnings import failing_values

    answers = []
    for store in (pg_db, workspace_db):
        _fill(store)
        answers.append((
            failing_values(store, {"operation": "add_dependency", "command_template_id": 7}, {},
                           now="2026-03-02T00:00:00.000Z", lookback_ms=None),
            sorted(h["id"] for h in held_back(store, operation="add_dependency", command_template_id=7,
                                              path_template_id=3))))
    assert answers[0] == answers[1]
    assert [w["value"] for w in answers[0][0]] == ["Zed", "_a"]
    assert answers[0][1] == ["p-held", "p-rejected"]
