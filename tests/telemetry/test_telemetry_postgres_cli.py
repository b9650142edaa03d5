"""Every store-side command on a real PostgreSQL server, through the CLI.

The server is the suite's own (tests/conftest.py: ``postgres_server``); each test gets a
fresh database. The store is chosen as a user would: ``AUTOPATTERN_DATABASE_URL``,
``init --database`` or ``store copy --to``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from engine.cli import app
from engine.telemetry.store import open_database
from tests.support.paths import IMPORTER_DATA

runner = CliRunner()
IMPORTS = ["otlp_traces.jsonl", "junit_pytest.xml", "junit_surefire.xml", "gha_combined.json"]
EVENT_TABLES = ("execution_logs", "file_events", "error_events")


def run(*args, env: dict[str, str] | None = None):
    return runner.invoke(app, [str(a) for a in args], env=env)


def _events_file(tmp_path: Path) -> Path:
    lines = []
    for n in range(30):
        lines.append({"type": "execution", "id": f"x{n}", "ts": f"2026-11-0{1 + n % 9}T10:00:{n:02d}.000Z",
                      "operation": "add_dependency", "command": f"poetry add pkg{n % 7}@^1.{n}",
                      "status": "failure" if n % 5 == 0 else "success", "duration_ms": 1000 + n,
                      "actor": "ci", "team": {"name": "core", "n": n}})
        lines.append({"type": "error", "id": f"e{n}", "ts": f"2026-11-0{1 + n % 9}T10:01:{n:02d}.000Z",
                      "message": f"ModuleNotFoundError: No module named 'mod{n % 4}'",
                      "resolution": f"pip install mod{n % 4}", "resolved": n % 3 != 0,
                      "execution_id": f"x{n}"})
        lines.append({"type": "file", "id": f"f{n}", "ts": f"2026-11-0{1 + n % 9}T10:02:{n:02d}.000Z",
                      "path": f"src/api/handler_{n}.py", "action": "created", "size": 10 + n})
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return path


def _rows(db, table: str) -> list[tuple]:
    """A table's rows as comparable tuples: template ids replaced by their text."""
    columns = {"execution_logs": "e.id, e.ts, e.operation, e.command, t.template, e.command_params, e.status, "
                                 "e.duration_ms, e.actor, e.source",
               "error_events": "e.id, e.ts, e.message, t.template, e.message_params, e.resolved",
               "file_events": "e.id, e.ts, e.path, t.template, e.path_params, e.action, e.size"}[table]
    template = {"execution_logs": "command_template_id", "error_events": "message_template_id",
                "file_events": "path_template_id"}[table]
    rows = db.execute(f"SELECT {columns} FROM {table} AS e LEFT JOIN templates AS t ON t.id = e.{template} "
                      "ORDER BY e.id").fetchall()
    return [tuple(json.loads(v) if isinstance(v, str) and v[:1] == "[" else v for v in row) for row in rows]


def test_init_writes_the_url_but_refuses_a_password(tmp_path, pg_url):
    secret_url = pg_url.replace("postgres@", "postgres:hunter2@")
    refused = run("init", tmp_path / "a", "--database", secret_url, "--no-rules")
    assert refused.exit_code == 2
    assert "hunter2" not in refused.output and "PGPASSWORD" in refused.output and ".pgpass" in refused.output
    assert not (tmp_path / "a" / "autopattern.yaml").exists()

    done = run("init", tmp_path / "b", "--database", pg_url, "--no-rules", "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["database"] == pg_url
    assert yaml.safe_load((tmp_path / "b" / "autopattern.yaml").read_text())["database"] == pg_url
    assert not (tmp_path / "b" / "autopattern.db").exists()
    db = open_database(pg_url)
    assert db.schema_version() >= 1
    db.close()


def test_every_ingest_format_stores_the_same_rows_as_on_sqlite(tmp_path, pg_url):
    events = _events_file(tmp_path)
    inputs = [events, *(IMPORTER_DATA / name for name in IMPORTS)]
    assert run("init", tmp_path / "lite", "--no-rules").exit_code == 0
    assert run("init", tmp_path / "pg", "--no-rules", env={"AUTOPATTERN_DATABASE_URL": pg_url}).exit_code == 0
    on_sqlite = run("ingest", *inputs, "-w", tmp_path / "lite", "--json")
    on_postgres = run("ingest", *inputs, "-w", tmp_path / "pg", "--json",
                      env={"AUTOPATTERN_DATABASE_URL": pg_url})
    assert on_postgres.exit_code == on_sqlite.exit_code == 1, on_postgres.output  # one GitHub entry is neither
    stored = json.loads(on_postgres.stdout)
    assert stored["stored"] == json.loads(on_sqlite.stdout)["stored"] > 100
    assert stored["rejections"] == json.loads(on_sqlite.stdout)["rejections"]
    assert not (tmp_path / "pg" / "autopattern.db").exists()      # the environment's store was used
    again = run("ingest", *inputs, "-w", tmp_path / "pg", "--json", env={"AUTOPATTERN_DATABASE_URL": pg_url})
    assert json.loads(again.stdout)["stored"] == 0 and json.loads(again.stdout)["duplicates"] == stored["stored"]
    lite, pg = open_database(tmp_path / "lite" / "autopattern.db"), open_database(pg_url)
    for table in EVENT_TABLES:
        assert _rows(pg, table) == _rows(lite, table), table
    assert pg.scalar(f"SELECT {pg.json_text('attrs', 'team')} FROM execution_logs WHERE id = 'x3'") == \
        '{"n": 3, "name": "core"}'
    assert pg.scalar("SELECT COUNT(*) FROM ingest_runs") == 2
    lite.close()
    pg.close()


def test_a_nul_character_is_rejected_by_field_not_by_batch(tmp_path, pg_url):
    assert run("init", tmp_path / "ws", "--database", pg_url, "--no-rules").exit_code == 0
    path = tmp_path / "nul.jsonl"
    path.write_text(json.dumps({"type": "execution", "id": "ok", "ts": "2026-11-01T00:00:00.000Z",
                                "operation": "o", "status": "success", "duration_ms": 1}) + "\n" +
                    json.dumps({"type": "execution", "id": "bad", "ts": "2026-11-01T00:00:00.000Z",
                                "operation": "o", "command": "echo \u0000", "status": "success",
                                "duration_ms": 1}) + "\n")
    result = run("ingest", path, "-w", tmp_path / "ws")
    assert result.exit_code == 1
    assert "nul.jsonl:2: command: holds the NUL character" in result.output
    db = open_database(pg_url)
    assert [r[0] for r in db.execute("SELECT id FROM execution_logs")] == ["ok"]
    db.close()


@pytest.mark.slow
def test_watch_stores_file_events_in_postgresql(tmp_path, pg_url):
    ws = tmp_path / "ws"
    assert run("init", ws, "--database", pg_url, "--no-rules").exit_code == 0
    tree = tmp_path / "tree"
    (tree / "src").mkdir(parents=True)
    autopattern = shutil.which("autopattern", path=str(Path(sys.executable).parent))
    process = subprocess.Popen([autopattern, "watch", str(tree), "-w", str(ws), "--batch-seconds", "0.2"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "AUTOPATTERN_DATABASE_URL": ""})
    db = open_database(pg_url)
    try:
        assert process.stderr.readline().startswith("watching ")
        (tree / "src" / "job.py").write_text("print('x')\n")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not db.scalar("SELECT COUNT(*) FROM file_events"):
            time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert db.execute("SELECT path, action, source FROM file_events").fetchall() == [("src/job.py", "created", "watch")]
    db.close()


@pytest.mark.slow
def test_a_sqlite_store_moves_to_postgresql_and_the_commands_answer_the_same(tmp_path, pg_url, postgres_server):
    ws = tmp_path / "demo"
    built = run("demo", "--workspace", ws, "--days", "10", "--scale", "0.2", "--json")
    assert built.exit_code == 0, built.output
    lite = open_database(ws / "autopattern.db")
    counts = {t: lite.scalar(f"SELECT COUNT(*) FROM {t}") for t in lite.table_names()
              if t not in ("schema_migrations", "sqlite_stat1", "sqlite_stat4")}
    lite.close()
    assert counts["decisions"] > 0 and counts["pattern_metrics"] > 0 and counts["templates"] > 0

    copied = run("store", "copy", "--to", pg_url, "-w", ws, "--json")
    assert copied.exit_code == 0, copied.output
    tables = json.loads(copied.stdout)["tables"]
    assert {t: v["target"] for t, v in tables.items()} == counts
    assert "execution_logs" in copied.stderr           # progress, per table
    again = run("store", "copy", "--to", pg_url, "-w", ws)
    assert again.exit_code == 2 and "not empty" in again.output

    env = {"AUTOPATTERN_DATABASE_URL": pg_url}
    for args in (["patterns", "list", "--json"], ["heal", "ModuleNotFoundError: No module named 'lxml'", "--json"]):
        on_sqlite, on_postgres = run(*args, "-w", ws), run(*args, "-w", ws, env=env)
        assert on_postgres.exit_code == on_sqlite.exit_code, on_postgres.output
        assert json.loads(on_postgres.stdout) == json.loads(on_sqlite.stdout), args
    pattern = json.loads(run("patterns", "list", "--json", "-w", ws).stdout)[0]["id"]
    shown = run("patterns", "show", pattern, "--json", "-w", ws, env=env)
    assert shown.exit_code == 0 and json.loads(shown.stdout)["id"] == pattern or pattern in shown.stdout
    rejected = run("patterns", "reject", pattern, "--reason", "checked on postgres", "-w", ws, env=env)
    assert rejected.exit_code == 0, rejected.output
    db = open_database(pg_url)
    assert db.scalar("SELECT status FROM pattern_candidates WHERE id = ?", [pattern]) == "rejected"
    assert db.scalar("SELECT COUNT(*) FROM decisions") == counts["decisions"] + 1
    # new rows take keys after the copied ones
    assert db.scalar("SELECT MAX(seq) FROM decisions") == counts["decisions"] + 1
    db.close()
    doctor = run("doctor", "-w", ws, "--json", env=env)
    assert json.loads(doctor.stdout)["ok"], doctor.stdout
    assert {c["name"] for c in json.loads(doctor.stdout)["checks"]} >= {"schema", "functions", "orphans", "runs"}


def test_doctor_names_an_unreachable_store_without_its_password(tmp_path):
    assert run("init", tmp_path / "ws", "--no-rules").exit_code == 0
    env = {"AUTOPATTERN_DATABASE_URL": "postgresql://someone:hunter2@127.0.0.1:1/nothing"}
    result = run("doctor", "-w", tmp_path / "ws", env=env)
    assert result.exit_code != 0
    assert "hunter2" not in result.output and "redacted" in result.output


def test_doctor_finds_a_dropped_index_and_orphans_on_postgresql(tmp_path, pg_url):
    ws = tmp_path / "ws"
    assert run("init", ws, "--database", pg_url).exit_code == 0
    healthy = run("doctor", "-w", ws, "--json")
    assert healthy.exit_code == 0 and json.loads(healthy.stdout)["ok"], healthy.output
    db = open_database(pg_url)
    db.execute("DROP INDEX idx_exec_ts")
    db.execute("INSERT INTO execution_logs (id, ts, operation, status, duration_ms, command_template_id, "
               "ingested_at) VALUES ('x', '2026-01-01T00:00:00.000Z', 'o', 'success', 1, 999, 'now')")
    db.close()
    sick = run("doctor", "-w", ws, "--json")
    assert sick.exit_code != 0
    problems = json.loads(sick.stdout)["problems"]
    assert any("idx_exec_ts" in p["message"] and p["check"] == "schema" for p in problems)
    assert any(p["check"] == "orphans" and "command_template_id" in p["where"] for p in problems)
    assert all(p["where"].startswith(pg_url) or p["check"] != "schema" for p in problems)


@pytest.mark.slow
def test_evaluate_explain_report_and_suggest_answer_the_same_on_both_stores(tmp_path, pg_url):
    """The issue's 'done when': with AUTOPATTERN_DATABASE_URL set, evaluate, explain and
    report give the same findings as on SQLite (the copied store, the same --now)."""
    ws = tmp_path / "demo"
    assert run("demo", "--workspace", ws, "--days", "10", "--scale", "0.2", "--json").exit_code == 0
    assert run("store", "copy", "--to", pg_url, "-w", ws).exit_code == 0
    env = {"AUTOPATTERN_DATABASE_URL": pg_url}
    now = ["--now", "2026-12-05T00:00:00Z"]

    def findings(result):
        assert result.exit_code in (0, 1), result.output
        return [(r["pack"], r["rule"], [(f["key"], f["decision"], f["reason"]) for f in r["findings"]])
                for r in json.loads(result.stdout)["rules"]]

    on_sqlite = findings(run("evaluate", "--dry-run", *now, "--json", "-w", ws))
    on_postgres = findings(run("evaluate", "--dry-run", *now, "--json", "-w", ws, env=env))
    assert on_postgres == on_sqlite and any(f for _, _, f in on_sqlite)

    lite = run("explain", "execution_patterns.repeated_execution", "-w", ws)
    pg = run("explain", "execution_patterns.repeated_execution", "-w", ws, env=env)
    assert pg.exit_code == lite.exit_code == 0, pg.output
    assert pg.stdout.replace("postgres", "sqlite") == lite.stdout.replace("postgres", "sqlite")
    assert "%(p" in run("explain", "execution_patterns.repeated_execution", "--sql", "-w", ws, env=env).stdout

    for args in (["report", "--format", "json"], ["suggest", "--operation", "run_tests", "--command", "pytest tests/api -q", *now, "--json"]):
        a, b = run(*args, "-w", ws), run(*args, "-w", ws, env=env)
        assert a.exit_code == b.exit_code, b.output
        assert json.loads(a.stdout) == json.loads(b.stdout), args
