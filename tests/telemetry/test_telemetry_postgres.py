"""The PostgreSQL store: migrations, parameters, transactions, locks, bulk insert."""

from __future__ import annotations

import pytest

from engine.errors import StoreError
from engine.store.postgres import translate
from engine.telemetry.migrations import POSTGRES_LATEST
from engine.telemetry.store import open_database

TABLES = {"execution_logs", "file_events", "error_events", "templates", "miner_state",
          "pattern_candidates", "anti_patterns", "error_patterns", "pattern_metrics",
          "evaluation_runs", "decisions", "schema_migrations", "ingest_runs", "planner_statistics"}


def test_parameter_marks_are_translated_outside_literals_and_casts():
    assert translate("SELECT ?, :name, x::text, '?:no', \"a?\" FROM t WHERE y LIKE 'a%'") == \
        "SELECT %s, %(name)s, x::text, '?:no', \"a?\" FROM t WHERE y LIKE 'a%%'"
    native = "SELECT * FROM t WHERE a = %(p0)s AND b = %s AND c LIKE 'x%%' AND d = 5 % 2"
    assert translate(native) == native.replace("5 % 2", "5 %% 2")


def test_a_new_database_is_migrated_once(pg_url):
    db = open_database(pg_url)
    assert TABLES <= set(db.table_names())
    assert {"pattern_performance", "top_patterns_weekly"} <= set(db.view_names())
    assert db.schema_version() == POSTGRES_LATEST
    db.close()
    again = open_database(pg_url)
    assert again.scalar("SELECT COUNT(*) FROM schema_migrations") == POSTGRES_LATEST
    again.close()


def test_rows_round_trip_with_both_parameter_styles(pg_db):
    inserted = pg_db.insert_rows("execution_logs", ("id", "ts", "operation", "status", "duration_ms",
                                                    "attrs", "ingested_at"),
                                 [("a", "2026-01-01T00:00:00.000Z", "build", "success", 5, '{"k": "v"}', "x"),
                                  ("b", "2026-01-01T00:00:01.000Z", "build", "failure", 7, None, "x")])
    assert inserted == 2
    again = pg_db.insert_rows("execution_logs", ("id", "ts", "operation", "status", "duration_ms", "ingested_at"),
                              [("a", "2026-01-01T00:00:00.000Z", "build", "success", 5, "x")])
    assert again == 0
    assert pg_db.execute("SELECT id FROM execution_logs WHERE status = ?", ["failure"]).fetchall() == [("b",)]
    assert [r["id"] for r in pg_db.query("SELECT id FROM execution_logs WHERE operation = :op ORDER BY seq",
                                         {"op": "build"})] == ["a", "b"]
    assert pg_db.scalar("SELECT attrs FROM execution_logs WHERE id = 'a'") == '{"k": "v"}'
    assert pg_db.scalar(f"SELECT {pg_db.json_text('attrs', 'k')} FROM execution_logs WHERE id = 'a'") == "v"
    assert pg_db.scalar("SELECT success_rate FROM pattern_performance") is None


def test_a_failed_transaction_keeps_nothing(pg_db):
    with pytest.raises(pg_db.errors):
        with pg_db.transaction():
            pg_db.upsert("miner_state", {"kind": "command", "state": "{}", "updated": "now"}, key=("kind",))
            pg_db.execute("INSERT INTO no_such_table VALUES (1)")
    assert pg_db.scalar("SELECT COUNT(*) FROM miner_state") == 0


def test_an_exclusive_lock_names_its_holder(pg_url):
    first, second = open_database(pg_url), open_database(pg_url)
    with first.exclusive("evaluate"):
        with pytest.raises(StoreError, match=r"another evaluate holds the store: autopattern .*pid"):
            with second.exclusive("evaluate", wait=False):
                pass
    with second.exclusive("evaluate", wait=False):
        pass
    first.close()
    second.close()


def test_a_wrong_server_is_a_clear_error_without_the_password():
    with pytest.raises(StoreError) as caught:
        open_database("postgresql://someone:s3cret@127.0.0.1:1/nothing")
    assert "s3cret" not in str(caught.value) and "cannot connect" in str(caught.value)


def test_text_sorts_by_bytes_as_on_sqlite_whatever_the_server_locale(postgres_server, workspace_db):
    english = postgres_server.create_database("english_collation", icu_locale="en-US")
    pg_db = open_database(english)
    assert pg_db.scalar("SELECT 'B' < 'a'") is False              # the database itself sorts as English
    ids = ["b", "B", "a", "_x", "Z9", "é", "a-b", "a_b"]
    for store in (pg_db, workspace_db):
        with store.transaction():
            for n, event_id in enumerate(ids):
                store.insert_row("decisions", {"ts": "t", "pattern_id": event_id, "decision": "d",
                                               "actor": "engine", "reason": str(n)})
    order = "SELECT pattern_id FROM decisions ORDER BY pattern_id"
    assert [r[0] for r in pg_db.execute(order)] == [r[0] for r in workspace_db.execute(order)] == \
        sorted(ids, key=lambda s: s.encode())


def _executions(store, start: int, count: int, day: int) -> None:
    rows = [(f"m{n}", f"2026-11-{day:02d}T10:00:{n % 60:02d}.000Z", "build", "failure" if n % 4 == 0 else "success",
             100 + n * 7, f"pat-{n % 3}", "2026-11-30T00:00:00.000Z") for n in range(start, start + count)]
    with store.transaction():
        store.insert_rows("execution_logs", ("id", "ts", "operation", "status", "duration_ms", "pattern_id",
                                             "ingested_at"), rows)


def test_cumulative_metric_snapshots_are_the_same_sql_and_numbers_on_both_stores(pg_db, workspace_db):
    from engine.evaluate.actions import snapshot_metrics
    from engine.results import RunInfo

    columns = ("pattern_id, uses, successes, failures, success_rate, avg_duration_ms, through_seq, "
               "duration_total_ms, duration_count")
    snapshots = {}
    for name, store in (("postgres", pg_db), ("sqlite", workspace_db)):
        _executions(store, 0, 50, 10)
        assert snapshot_metrics(store, RunInfo("run-1", "2026-11-20T00:00:00.000Z", {})) == 3
        _executions(store, 50, 31, 12)           # stored since: counted by adding, not recounting
        _executions(store, 81, 5, 25)            # after the second run's now: left for later
        assert snapshot_metrics(store, RunInfo("run-2", "2026-11-21T00:00:00.000Z", {})) == 3
        snapshots[name] = store.execute(f"SELECT run_id, {columns} FROM pattern_metrics "
                                        "ORDER BY run_id, pattern_id").fetchall()
    assert snapshots["postgres"] == snapshots["sqlite"]
    assert [row[2] for row in snapshots["sqlite"] if row[0] == "run-2"] == [27, 27, 27]


def test_the_python_api_writes_to_a_postgresql_url(pg_url):
    from engine.telemetry.api import Telemetry

    with Telemetry(pg_url) as telemetry:
        run = telemetry.log_execution(operation="run_tests", command="pytest tests/api -q", status="failure",
                                      duration_ms=5300, actor="ci")
        err = telemetry.record_error(message="No module named 'yaml'", execution_id=run)
        telemetry.record_resolution(err, "pip install yaml", resolved=True, resolution_ms=4000)
        first = telemetry.record_pattern_candidate(name="scaffold service", confidence=0.8, status="draft")
        again = telemetry.record_pattern_candidate(name="scaffold service", confidence=0.9, status="approved",
                                                   decided_by="human")
        assert first == again
        db = telemetry.db
        assert db.execute("SELECT resolution, resolved, resolution_template_id IS NOT NULL FROM error_events").fetchall() \
            == [("pip install yaml", 1, True)]
        assert db.execute("SELECT version, status, confidence FROM pattern_candidates").fetchall() == [(2, "approved", 0.9)]
        assert [r[0] for r in db.execute("SELECT decision FROM decisions ORDER BY seq")] == ["draft", "approved"]
