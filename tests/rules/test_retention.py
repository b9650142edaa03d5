"""Retention: old execution logs go, error events wait for their error pattern to be
resolved, metric snapshots stay; a dry run only counts."""

from __future__ import annotations

import pytest

from tests.support.pack_env import execution, error


@pytest.fixture
def env(make_env):
    env = make_env("retention")
    env.ingest([
        execution("old-1", 120, "build", "make all", pattern_id="pat-build"),
        execution("old-2", 95, "build", "make all"),
        execution("old-3", 91, "test", "make test"),
        execution("edge", 89, "test", "make test"),
        execution("new-1", 3, "build", "make all", pattern_id="pat-build"),
        error("err-active", 100, "ImportError: cannot import name 'x'", "old-1", "pip install x", True),
        error("err-resolved", 100, "KeyError: 'token'", "old-2", "export TOKEN", True),
        error("err-none", 100, "ValueError: bad input 42", "old-3"),
        error("err-recent", 5, "ValueError: bad input 7", "new-1"),
    ])
    active, resolved = env.template_id("message", "ImportError: cannot import name 'x'"), \
        env.template_id("message", "KeyError: 'token'")
    db = env.ws.open_db()
    with db.conn:
        for pid, template, status in (("ep-active", active, "active"), ("ep-resolved", resolved, "resolved")):
            db["error_patterns"].insert({"id": pid, "message_template_id": template, "successes": 3, "attempts": 3,
                                         "success_rate": 1.0, "status": status, "created": "2026-01-01T00:00:00.000Z",
                                         "updated": "2026-01-01T00:00:00.000Z"})
        db["pattern_metrics"].insert({"run_id": "run-old", "pattern_id": "pat-build", "ts": "2025-06-01T00:00:00.000Z",
                                      "uses": 1, "successes": 1, "failures": 0})
    db.close()
    return env


def ids(env, table: str) -> set[str]:
    return {row[0] for row in env.query(f"SELECT id FROM {table}")}


def outcomes(evaluation) -> dict[str, dict]:
    return {o["rule"]: o for o in evaluation.extras["retention"]}


def test_dry_run_counts_and_deletes_nothing(env):
    result = outcomes(env.evaluate(dry_run=True))
    assert result["old_executions"]["decision"] == "delete"
    assert result["old_executions"]["rows"] == 3 and result["old_executions"]["deleted"] == 0
    assert result["old_errors"]["rows"] == 2 and result["old_errors"]["deleted"] == 0
    assert len(ids(env, "execution_logs")) == 5 and len(ids(env, "error_events")) == 4
    assert env.query("SELECT COUNT(*) FROM decisions")[0][0] == 0


def test_real_run_deletes_exactly_the_selected_rows(env):
    result = outcomes(env.evaluate())
    assert result["old_executions"]["deleted"] == 3 and result["old_errors"]["deleted"] == 2
    assert ids(env, "execution_logs") == {"edge", "new-1"}
    assert ids(env, "error_events") == {"err-active", "err-recent"}      # active pattern: kept
    metrics = env.query("SELECT run_id FROM pattern_metrics ORDER BY run_id")
    assert ("run-old",) in metrics                                          # snapshots are never deleted
    audit = env.query("SELECT pattern_id, decision, reason FROM decisions ORDER BY seq")
    assert [(a[0], a[1]) for a in audit] == [("retention:execution_logs", "delete"),
                                              ("retention:error_events", "delete")]
    assert audit[0][2].startswith("deleted 3 rows")


def test_nothing_old_means_keep(env):
    env.evaluate()
    result = outcomes(env.evaluate())
    assert result["old_executions"]["decision"] == "keep" and result["old_executions"]["rows"] == 0
    assert result["old_errors"]["decision"] == "keep" and result["old_errors"]["deleted"] == 0
    assert ids(env, "execution_logs") == {"edge", "new-1"}


def test_longer_retention_keeps_more(env):
    result = outcomes(env.evaluate(sets=["retention.keep_executions=100d"]))
    assert result["old_executions"]["deleted"] == 1
    assert ids(env, "execution_logs") == {"old-2", "old-3", "edge", "new-1"}


def test_resolving_an_error_pattern_releases_its_events(env):
    env.evaluate()
    db = env.ws.open_db()
    with db.conn:
        db.execute("UPDATE error_patterns SET status = 'resolved' WHERE id = 'ep-active'")
    db.close()
    result = outcomes(env.evaluate())
    assert result["old_errors"]["deleted"] == 1
    assert ids(env, "error_events") == {"err-recent"}
