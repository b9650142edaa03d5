"""check, evaluate and explain end to end through the CLI."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from engine.cli import app
from tests.support.rule_files import ingest_events, write_pack
from tests.language.test_language_evaluate import DECIDE_PACK, EVENTS

runner = CliRunner()
NOW = "2026-11-24T00:00:00Z"


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def decisions_by_operation(data: dict) -> dict[str, str]:
    """Each finding's decision by its operation, from `evaluate --json` output."""
    return {f["key"]["operation"]: f["decision"] for r in data["rules"] for f in r["findings"]}


def test_check_clean_pack(ws):
    write_pack(ws, "decide", DECIDE_PACK)
    result = run("check", "-w", ws.root)
    assert result.exit_code == 0, result.output
    assert "1 file, 1 rule: 0 errors, 0 warnings" in result.output


def test_check_reports_errors_with_caret_and_exit_1(ws):
    path = write_pack(ws, "bad", 'pack bad\nrule r from executions where comand is null emit report_row\n')
    result = run("check", path)
    assert result.exit_code == 1
    assert f"{path}:2:30: error: unknown name 'comand'" in result.output
    assert "^~~~~~" in result.output and "did you mean 'command'?" in result.output


def test_check_json(ws):
    path = write_pack(ws, "bad", 'pack bad\nparam unused = 1\nrule r from executions emit report_row\n')
    result = run("check", path, "--json")
    data = json.loads(result.stdout)
    assert data["errors"] == 0 and data["warnings"] == 2
    assert {d["code"] for d in data["files"][0]["diagnostics"]} == {"unused-param", "missing-id"}
    assert run("check", path, "--strict").exit_code == 1


def test_evaluate_writes_registry_and_records_run(ws):
    write_pack(ws, "decide", DECIDE_PACK)
    ingest_events(ws, EVENTS)
    result = run("evaluate", "-w", ws.root, "--now", NOW, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    decisions = decisions_by_operation(data)
    assert decisions == {"build": "approve", "lint": "approve"}
    assert len(list((ws.patterns_dir / "specs" / "auto_approved").glob("*.yaml"))) == 2
    db = ws.open_db()
    try:
        assert db.execute("SELECT status, now FROM evaluation_runs").fetchall() == [("ok", "2026-11-24T00:00:00.000Z")]
    finally:
        db.close()


def test_evaluate_twice_changes_nothing(ws):
    write_pack(ws, "decide", DECIDE_PACK)
    ingest_events(ws, EVENTS)
    run("evaluate", "-w", ws.root, "--now", NOW)
    files = {p: p.read_bytes() for p in ws.patterns_dir.rglob("*.yaml")}
    run("evaluate", "-w", ws.root, "--now", NOW)
    assert {p: p.read_bytes() for p in ws.patterns_dir.rglob("*.yaml")} == files


def test_dry_run_writes_nothing(ws):
    write_pack(ws, "decide", DECIDE_PACK)
    ingest_events(ws, EVENTS)
    result = run("evaluate", "-w", ws.root, "--now", NOW, "--dry-run")
    assert result.exit_code == 0 and "dry run" in result.output
    assert not list(ws.patterns_dir.rglob("*.yaml"))


def test_set_override_and_bad_override(ws):
    write_pack(ws, "decide", DECIDE_PACK)
    ingest_events(ws, EVENTS)
    result = run("evaluate", "-w", ws.root, "--now", NOW, "--dry-run", "--json",
                 "--set", "decide.approve_at=0.9")
    decisions = decisions_by_operation(json.loads(result.stdout))
    assert decisions == {"build": "draft", "lint": "approve"}
    bad = run("evaluate", "-w", ws.root, "--set", "decide.approve_at=7")
    assert bad.exit_code == 1 and "outside its range 0 .. 1" in bad.output


def test_config_params_apply(ws):
    write_pack(ws, "decide", DECIDE_PACK)
    ingest_events(ws, EVENTS)
    ws.config_path.write_text("params:\n  decide.approve_at: 0.9\n", encoding="utf-8")
    result = run("evaluate", "-w", ws.root, "--now", NOW, "--dry-run", "--json")
    decisions = decisions_by_operation(json.loads(result.stdout))
    assert decisions["build"] == "draft"


def test_config_params_for_an_unknown_pack_are_an_error(ws):
    write_pack(ws, "decide", DECIDE_PACK)
    ingest_events(ws, EVENTS)
    ws.config_path.write_text("params:\n  decid.approve_at: 0.9\n", encoding="utf-8")
    result = run("evaluate", "-w", ws.root, "--now", NOW, "--dry-run")
    assert result.exit_code != 0
    assert "no pack named 'decid' in the workspace (did you mean 'decide'?)" in result.output
    assert "params.decid.approve_at" in result.output
    doctor = run("doctor", "-w", ws.root)
    assert "no pack named 'decid'" in doctor.output
    # by id, and for a run of only some packs, it is fine
    ws.config_path.write_text("params:\n  AUTO-901.approve_at: 0.9\n", encoding="utf-8")
    result = run("evaluate", "-w", ws.root, "--now", NOW, "--dry-run", "--json")
    decisions = decisions_by_operation(json.loads(result.stdout))
    assert decisions["build"] == "draft"


def test_explain_rule_shows_sql_values_and_decisions(ws):
    write_pack(ws, "decide", DECIDE_PACK)
    ingest_events(ws, EVENTS)
    result = run("explain", "decide.candidates", "-w", ws.root, "--now", NOW, "--set", "decide.approve_at=0.9",
                 "--sql")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "compiled SQL: (sqlite)" in out and ":p" in out and "(param approve_at)" in out
    assert out.index("=> draft") < out.index("compiled SQL: (sqlite)")   # the why first, the SQL after
    plain = run("explain", "decide.candidates", "-w", ws.root, "--now", NOW).output
    assert "compiled SQL" not in plain and "add --sql" in plain
    assert "group operation=build" in out
    assert "let confidence = 0.8" in out
    assert "✘ approve when confidence >= approve_at (0.8 >= 0.9)" in out
    assert "=> draft: otherwise" in out
    assert "group operation=deploy" not in out   # deploy runs all use a pattern: filtered by where


def test_explain_shows_the_sql_of_a_chosen_dialect(ws):
    """By default the SQL of the store in use (SQLite here); --dialect shows PostgreSQL's,
    while the groups are still read from the store in use."""
    write_pack(ws, "decide", DECIDE_PACK)
    ingest_events(ws, EVENTS)
    lite = run("explain", "decide.candidates", "-w", ws.root, "--now", NOW, "--json")
    pg = run("explain", "decide.candidates", "-w", ws.root, "--now", NOW, "--json", "--dialect", "postgres")
    lite_data, pg_data = json.loads(lite.stdout), json.loads(pg.stdout)
    assert lite_data["dialect"] == "sqlite" and pg_data["dialect"] == "postgres"
    assert ":p0" in lite_data["sql"] and "%(p0)s" not in lite_data["sql"]
    assert "%(p0)s" in pg_data["sql"] and "AS DOUBLE PRECISION" in pg_data["sql"]
    assert pg_data["groups"] == lite_data["groups"]
    text = run("explain", "decide.candidates", "-w", ws.root, "--now", NOW, "--sql", "--dialect", "postgres")
    assert "compiled SQL: (postgres)" in text.output
    bad = run("explain", "decide.candidates", "-w", ws.root, "--dialect", "oracle")
    assert bad.exit_code == 2 and "--dialect 'oracle': expected one of sqlite, postgres" in bad.output


def test_explain_shows_groups_failing_having(ws):
    write_pack(ws, "decide", DECIDE_PACK.replace("count() >= 2", "count() >= 3"))
    ingest_events(ws, EVENTS)
    result = run("explain", "decide.candidates", "-w", ws.root, "--now", NOW, "--json",
                 "--key", "operation=lint")
    data = json.loads(result.stdout)
    assert [g["key"] for g in data["groups"]] == [{"operation": "lint"}]
    assert data["groups"][0]["passes_having"] is False
    assert data["groups"][0]["reason"].startswith("filtered out")


def test_explain_pattern_id(ws):
    write_pack(ws, "decide", DECIDE_PACK)
    ingest_events(ws, EVENTS)
    data = json.loads(run("evaluate", "-w", ws.root, "--now", NOW, "--json").stdout)
    db = ws.open_db()
    pattern_id = db.execute("SELECT id FROM pattern_candidates WHERE name = 'build'").fetchone()[0]
    db.close()
    result = run("explain", pattern_id, "-w", ws.root)
    assert result.exit_code == 0, result.output
    assert "produced by decide.candidates" in result.output
    assert data["run_id"] in result.output
    assert "approve_at=0.75" in result.output
    assert "e4" in result.output


def test_explain_unknown_rule_and_pattern(ws):
    write_pack(ws, "decide", DECIDE_PACK)
    assert "has no rule 'nope'" in run("explain", "decide.nope", "-w", ws.root).output
    missing = run("explain", "auto-001-nothing", "-w", ws.root)
    assert missing.exit_code == 1 and "no pattern or rule" in missing.output


def test_evaluate_refuses_invalid_pack_with_diagnostics(ws):
    write_pack(ws, "bad", 'pack bad\nrule r from executions where x == 1 emit report_row\n')
    result = run("evaluate", "-w", ws.root)
    assert result.exit_code == 1
    assert "bad.rules:2:30: error: unknown name 'x'" in result.output
