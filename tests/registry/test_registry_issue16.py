"""Issue 16, end to end through the CLI: one consistent, trustworthy registry.

Each test drives `autopattern` as a person would (init, ingest, evaluate, patterns,
suggest, heal, explain, check) on telemetry the shipped packs have not been tuned on.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from engine.cli import app
from engine.registry.files import read_document
from engine.registry.schemas import validate_document
from tests.support.paths import REPO

NOW = "2026-11-24T12:00:00Z"
_NOW = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)


def cli(*args) -> object:
    return CliRunner().invoke(app, [str(a) for a in args])


def ts(hours_ago: float) -> str:
    return (_NOW - timedelta(hours=hours_ago)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def run(i, operation, command, status="success", *, hours=1.0, duration=1000, pattern_id=None) -> dict:
    event = {"type": "execution", "id": f"{operation}-{i}", "ts": ts(hours + i * 0.5), "operation": operation,
             "command": command, "status": status, "duration_ms": duration}
    if pattern_id:
        event["pattern_id"] = pattern_id
    return event


def error(i, message, resolution=None, resolved=None, *, hours=2.0) -> dict:
    event = {"type": "error", "id": f"err-{abs(hash(message)) % 10**8}-{i}", "ts": ts(hours + i), "message": message}
    if resolution is not None:
        event.update(resolution=resolution, resolved=resolved)
    return event


def scenario() -> list[dict]:
    """A flaky test, a broken install step, a pattern that keeps failing, recoveries, and a test
    target that always fails inside an otherwise healthy `pytest <*> -q`."""
    events = []
    flaky = "tests.test_checkout.test_payment_webhook"
    events += [run(i, flaky, f"pytest -k {flaky}", "failure" if i % 5 in (0, 2) else "success") for i in range(20)]
    events += [run(i, "install_deps", "pip install -r requirements.txt", "failure") for i in range(5)]
    events += [run(i, "deploy_preview", f"deploy preview pr-{i}", "failure" if i < 4 else "success",
                   pattern_id="pat-deploy-preview") for i in range(6)]
    targets = ["tests/api", "tests/orders", "tests/users", "tests/search", "tests/auth"]
    events += [run(i, "run_tests", f"pytest {targets[i % 5]} -q", duration=30000) for i in range(12)]
    events += [run(100 + i, "run_tests", "pytest tests/payments -q", "failure", duration=30000) for i in range(2)]
    for i, module in enumerate(["yaml", "requests", "jinja2", "dateutil", "toml"]):
        events.append(error(i, f"ModuleNotFoundError: No module named '{module}'", f"pip install {module}", True))
    for i in range(5):
        events.append(error(10 + i, f"ConnectionError: read timed out after {30 + i}s", "retry", i != 0))
    for i in range(4):
        events.append(error(20 + i, f"PermissionError: [Errno 13] Permission denied: '/var/run/app{i}.sock'"))
    return events


@pytest.fixture
def scenario_ws(tmp_path) -> Path:
    root = tmp_path / "ws"
    assert cli("init", root).exit_code == 0
    events = tmp_path / "events.jsonl"
    events.write_text("".join(json.dumps(e) + "\n" for e in scenario()), encoding="utf-8")
    ingested = cli("ingest", events, "-w", root)
    assert ingested.exit_code == 0, ingested.output
    evaluated = cli("evaluate", "-w", root, "--now", NOW)
    assert evaluated.exit_code == 0, evaluated.output
    return root


def listed(ws: Path, *args) -> list[dict]:
    result = cli("patterns", "list", "-w", ws, "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def registry_files(ws: Path) -> dict[str, bytes]:
    root = ws / "patterns"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# -- 1. the status is the decision ------------------------------------------------------

def test_status_is_the_decision_and_the_filters_find_it(scenario_ws):
    quarantined = listed(scenario_ws, "--status", "quarantined")
    names = {row["name"] for row in quarantined}
    assert "operation tests.test_checkout.test_payment_webhook keeps failing" in names     # a flaky test
    assert "operation install_deps keeps failing" in names                                 # 5 of 5 failed
    assert any(row["kind"] == "quarantine_entry" for row in quarantined)                   # pat-deploy-preview
    assert all(row["path"].startswith("quarantine/") for row in quarantined)
    assert {row["status"] for row in listed(scenario_ws, "--kind", "anti_pattern")} == {"quarantined", "recorded"}
    heals = {row["name"]: row["status"] for row in listed(scenario_ws, "--kind", "self_heal")}
    assert sorted(heals.values()) == ["ask_first", "auto_apply"]
    assert [row["kind"] for row in listed(scenario_ws, "--status", "auto_apply")] == ["self_heal"]
    table = cli("patterns", "list", "-w", scenario_ws, "--status", "ask_first").stdout
    assert table.startswith("NAME") and "retry fixes ConnectionError" in table
    bad = cli("patterns", "list", "-w", scenario_ws, "--status", "active")
    assert bad.exit_code == 2 and "unknown status 'active'" in bad.output


# -- 2. packs agree ---------------------------------------------------------------------

def test_quarantined_work_is_never_drafted_or_suggested_and_suggest_says_why(scenario_ws):
    documents = [row for row in listed(scenario_ws) if row["kind"] in ("pattern_candidate", "suggestion")]
    assert not [row for row in documents if "install_deps" in row["name"]]       # no draft, no suggestion
    shown = cli("suggest", "-w", scenario_ws, "--operation", "install_deps", "--command", "pip install -r requirements.txt")
    assert shown.exit_code == 1
    assert "no approved pattern or draft fits" in shown.stdout
    assert "left out:" in shown.stdout and "operation install_deps is quarantined" in shown.stdout
    assert "since 2026-11-24" in shown.stdout
    preview = cli("suggest", "-w", scenario_ws, "--operation", "deploy_preview", "--json")
    left_out = json.loads(preview.stdout)["left_out"]
    assert [item["id"] for item in left_out] == ["pat-deploy-preview"]
    assert left_out[0]["why"].startswith("pat-deploy-preview matches but is quarantined since")


def test_an_approved_pattern_warns_about_a_value_that_always_fails(scenario_ws):
    [pattern] = [row for row in listed(scenario_ws, "--kind", "pattern_candidate") if row["name"].startswith("run_tests")]
    assert pattern["status"] == "approved" and pattern["name"] == "run_tests: pytest {path} -q"
    document = read_document(scenario_ws / "patterns" / pattern["path"])
    assert [(w["slot"], w["value"], w["failures"], w["runs"]) for w in document["warnings"]] == \
        [("path", "tests/payments", 2, 2)]
    shown = cli("suggest", "-w", scenario_ws, "--operation", "run_tests", "--command", "pytest tests/api -q")
    assert shown.exit_code == 0, shown.output
    assert "warning: runs with path = 'tests/payments' always failed (2 of 2)" in shown.stdout
    assert "warning" in cli("patterns", "show", pattern["id"], "-w", scenario_ws).stdout


# -- 3. re-running is a no-op -----------------------------------------------------------

def _state(root: Path) -> tuple:
    conn = sqlite3.connect(root / "autopattern.db")
    try:
        tables = {table: conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
                  for table in ("pattern_candidates", "anti_patterns", "error_patterns", "pattern_metrics")}
        decisions = conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0]
    finally:
        conn.close()
    return registry_files(root), tables, decisions


def test_re_evaluating_at_the_same_now_changes_nothing_for_every_pack(tmp_path):
    root = tmp_path / "demo"
    assert cli("demo", "--workspace", root).exit_code == 0
    now = "2026-12-04T00:00:00.000Z"
    # metric snapshots in both of AUTO-007's periods, so usage_stopped has evidence to read
    assert cli("evaluate", "-w", root, "--now", "2026-11-24T00:00:00.000Z").exit_code == 0
    assert cli("evaluate", "-w", root, "--now", now).exit_code == 0
    before = _state(root)
    assert any("stopped-being-used" in path for path in before[0]), "usage_stopped flagged nothing"
    again = cli("evaluate", "-w", root, "--now", now, "--json")
    assert sum(len(s["documents"]) for s in json.loads(again.stdout)["registry"].values()) == 0
    assert _state(root) == before
    packs = [line.split()[1] for p in sorted((root / "rules").glob("*.rules"))
             for line in p.read_text(encoding="utf-8").splitlines() if line.startswith("pack ")]
    assert len(packs) == 10   # AUTO-001..008, retention and flaky_tests
    for pack in packs:
        result = cli("evaluate", pack, "-w", root, "--now", now)
        assert result.exit_code == 0, result.output
        assert _state(root) == before, f"re-running {pack} changed the registry"


# -- 4. safe self-heal ------------------------------------------------------------------

def test_heal_binds_only_values_shaped_like_the_learned_ones(scenario_ws):
    same = cli("heal", "-w", scenario_ws, "ModuleNotFoundError: No module named 'lxml'", "--json")
    assert json.loads(same.stdout)["recovery"]["auto_apply"] is True
    other = cli("heal", "-w", scenario_ws, "ModuleNotFoundError: No module named 'lxml.etree'", "--json")
    recovery = json.loads(other.stdout)["recovery"]
    assert recovery["command"] == "pip install lxml.etree" and recovery["auto_apply"] is False
    assert "'lxml.etree' has '.', which none of them had" in recovery["why"]
    text = cli("heal", "-w", scenario_ws, "ModuleNotFoundError: No module named 'lxml.etree'")
    assert "ask first" in text.stderr


def test_heal_refuses_nothing_and_explains_what_it_cannot_heal(scenario_ws):
    empty = cli("heal", "-w", scenario_ws, "")
    assert empty.exit_code == 2 and "the error message is empty" in empty.output
    never = cli("heal", "-w", scenario_ws, "PermissionError: [Errno 13] Permission denied: '/var/run/app9.sock'")
    assert never.exit_code == 1 and "is recorded as never fixed" in never.stderr
    close = cli("heal", "-w", scenario_ws, "ModuleNotFoundErr: No module called lxml", "--json")
    assert close.exit_code == 1
    notes = json.loads(close.stdout)["notes"]
    assert notes and "the closest is \"ModuleNotFoundError: No module named '<*>'\"" in notes[0]


# -- 5. names and ids people can use ----------------------------------------------------

def test_names_are_unique_readable_and_name_a_pattern(tmp_path):
    root = tmp_path / "demo"
    assert cli("demo", "--workspace", root).exit_code == 0
    rows = listed(root)
    names = [row["name"] for row in rows]
    assert len(set(names)) == len(names)
    batches = sorted(row["name"] for row in rows if row["kind"] == "batch_pattern")
    assert "batch src/{name}/service.py" in batches and "batch src/{name}/__init__.py" in batches
    assert "build_image: docker build -t {tag} ." in names
    target = next(row for row in rows if row["name"] == "build_image: docker build -t {tag} .")
    by_name = cli("patterns", "show", "build_image: docker build -t {tag} .", "-w", root, "--json")
    assert json.loads(by_name.stdout)["id"] == target["id"]
    by_prefix = cli("explain", target["id"][:-6], "-w", root)
    assert by_prefix.exit_code == 0 and target["id"] in by_prefix.stdout
    ambiguous = cli("patterns", "approve", "auto-001", "-w", root)
    assert ambiguous.exit_code == 1 and "matches 12 patterns" in ambiguous.output
    assert "build_image: docker build -t {tag} ." in ambiguous.output
    rejected = cli("patterns", "reject", "build_image: docker build -t {tag} .", "-w", root, "--reason", "no")
    assert rejected.exit_code == 0 and "approved -> rejected" in rejected.stdout


# -- 6. documents a reviewer reads ------------------------------------------------------

def test_documents_are_yaml_validated_and_comments_survive_a_rerun(scenario_ws):
    paths = sorted((scenario_ws / "patterns").glob("*/**/*.yaml"))
    assert paths and not list((scenario_ws / "patterns").glob("[!r]*/**/*.json"))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# autopattern ")
        document = yaml.safe_load(text)
        assert list(document)[:3] == ["id", "kind", "status"] and list(document)[-1] == "history"
        validate_document(document["kind"], document, source=str(path))
        assert document["id"][-10:] in path.name
    commented = paths[0]
    commented.write_text(commented.read_text(encoding="utf-8") + "# reviewed by dana\n", encoding="utf-8")
    assert cli("evaluate", "-w", scenario_ws, "--now", NOW).exit_code == 0
    assert commented.read_text(encoding="utf-8").endswith("# reviewed by dana\n")


def _make_legacy(root: Path) -> dict[str, int]:
    """Turn a registry into what an older version wrote: `<id>.json`, `active` statuses."""
    conn = sqlite3.connect(root / "autopattern.db")
    versions = {}
    for path in sorted((root / "patterns").glob("*/**/*.yaml")):
        document = read_document(path)
        if document["kind"] in ("self_heal", "anti_pattern"):
            document["status"] = "active"
            if document.get("engine"):
                document["engine"]["status"] = "active"
            document["history"][-1]["status"] = "active"
        document.pop("warnings", None)
        legacy = path.parent / f"{document['id']}.json"
        legacy.write_text(json.dumps(document, indent=2), encoding="utf-8")
        path.unlink()
        relative = legacy.relative_to(root / "patterns").as_posix()
        conn.execute("UPDATE pattern_candidates SET document_path = ?, status = ? WHERE id = ?",
                     (relative, document["status"], document["id"]))
        versions[document["id"]] = len(document["history"])
    conn.commit()
    conn.close()
    return versions


def test_an_older_json_registry_is_converted_without_losing_history(scenario_ws):
    assert cli("patterns", "reject", "run_tests: pytest {path} -q", "-w", scenario_ws, "--reason", "flaky").exit_code == 0
    versions = _make_legacy(scenario_ws)
    warned = cli("doctor", "-w", scenario_ws)
    assert "written by an older version (JSON)" in warned.stdout
    upgraded = cli("patterns", "upgrade", "-w", scenario_ws)
    assert upgraded.exit_code == 0, upgraded.output
    assert "status active -> auto_apply" in upgraded.stdout and "status active -> quarantined" in upgraded.stdout
    assert not list((scenario_ws / "patterns").glob("[!r]*/**/*.json"))
    for row in listed(scenario_ws):
        document = read_document(scenario_ws / "patterns" / row["path"])
        kept = versions[row["id"]]
        assert len(document["history"]) in (kept, kept + 1)          # old versions kept, maybe one more
        assert row["status"] not in ("active", "resolved")
    rejected = next(row for row in listed(scenario_ws) if row["name"] == "run_tests: pytest {path} -q")
    history = read_document(scenario_ws / "patterns" / rejected["path"])["history"]
    assert [entry["actor"] for entry in history][:2] == ["engine", "human:" + history[1]["actor"][6:]]
    assert cli("patterns", "upgrade", "-w", scenario_ws).stdout.startswith("nothing to upgrade")
    assert cli("doctor", "-w", scenario_ws).exit_code == 0


# -- 7. profiles ------------------------------------------------------------------------

def test_profiles_are_chosen_per_workspace_or_run_shown_and_recorded(scenario_ws):
    config = scenario_ws / "autopattern.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("params: {}", "params: {}\nprofile: conservative\n"
                      "profiles:\n  strict: {execution_patterns.approve_at: 0.99}\n"), encoding="utf-8")
    conservative = json.loads(cli("evaluate", "-w", scenario_ws, "--now", NOW, "--json", "--dry-run").stdout)
    assert conservative["profile"] == "conservative"
    assert conservative["params"]["execution_patterns"]["approve_at"] == 0.9
    aggressive = json.loads(cli("evaluate", "-w", scenario_ws, "--now", NOW, "--json", "--profile", "aggressive").stdout)
    assert aggressive["params"]["execution_patterns"]["approve_at"] == 0.75
    assert aggressive["params"]["anti_patterns"]["quarantine_at"] == 0.4
    conn = sqlite3.connect(scenario_ws / "autopattern.db")
    recorded = json.loads(conn.execute("SELECT params FROM evaluation_runs ORDER BY started_at DESC LIMIT 1").fetchone()[0])
    conn.close()
    assert recorded["@profile"] == "aggressive"
    explained = cli("explain", "execution_patterns.repeated_execution", "-w", scenario_ws, "--profile", "strict")
    assert "profile strict" in explained.stdout and "approve_at=0.99" in explained.stdout
    # a run under `strict` re-decides run_tests (0.93 < 0.99): its explain names that run's profile
    assert cli("evaluate", "-w", scenario_ws, "--now", NOW, "--profile", "strict").exit_code == 0
    pattern = next(row for row in listed(scenario_ws, "--kind", "pattern_candidate") if row["name"].startswith("run_tests"))
    assert pattern["status"] == "draft"
    assert "profile     strict" in cli("explain", pattern["id"], "-w", scenario_ws).stdout
    assert "profile conservative" in cli("explain", "execution_patterns.repeated_execution", "-w", scenario_ws).stdout
    unknown = cli("evaluate", "-w", scenario_ws, "--now", NOW, "--profile", "bold")
    assert unknown.exit_code == 1 and "unknown profile 'bold'" in unknown.output and "conservative" in unknown.output


# -- 8. explain and check, precise ------------------------------------------------------

def test_explain_is_precise_and_check_catches_bad_config(scenario_ws, tmp_path):
    pattern = next(row for row in listed(scenario_ws, "--kind", "pattern_candidate") if row["name"].startswith("run_tests"))
    shown = cli("explain", pattern["id"], "-w", scenario_ws).stdout
    assert 'group key   {"command_template_id": ' in shown and '"operation": "run_tests"' in shown
    assert "lookback=30d" in shown
    rule = cli("explain", "execution_patterns.repeated_execution", "-w", scenario_ws).stdout
    assert "now 2026-11-24T12:00:00.000Z  (from the last run, run-" in rule
    assert "compiled SQL:" not in rule and "add --sql" in rule
    assert "let success_rate = " in rule and " %" in rule.split("let success_rate = ")[1].splitlines()[0]
    with_sql = cli("explain", "execution_patterns.repeated_execution", "-w", scenario_ws, "--sql").stdout
    assert with_sql.index("=> ") < with_sql.index("compiled SQL:")
    perf = cli("explain", "performance.manual_work_with_pattern", "-w", scenario_ws)
    assert perf.exit_code == 0, perf.output
    assert "e+" not in perf.stdout and "period=7d" in perf.stdout
    config = scenario_ws / "autopattern.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "params: {}", 'params:\n  execution_patterns.approve_at: "high"'), encoding="utf-8")
    checked = cli("check", "-w", scenario_ws)
    assert checked.exit_code == 1
    assert "autopattern.yaml" in checked.output and "approve_at = 'high' is not a number" in checked.output
    missing = cli("evaluate", "-w", tmp_path / "nowhere")
    assert missing.exit_code == 2 and "workspace folder" in missing.output and "does not exist" in missing.output
    assert "no such rule file" not in missing.output


def test_the_registry_page_documents_every_status_in_one_table():
    from engine.registry.layout import STATUS_MEANINGS

    text = (REPO / "docs" / "registry.md").read_text(encoding="utf-8")
    for status, meaning in STATUS_MEANINGS.items():
        assert f"| `{status}` | {meaning} |" in text, status
    assert "## Profiles" in text and "## Names" in text and "YAML" in text


def test_a_released_operation_is_not_quarantined_again_by_the_engine(scenario_ws):
    name = "operation install_deps keeps failing"
    released = cli("patterns", "release", name, "-w", scenario_ws, "--reason", "fixed the mirror", "--actor", "dana")
    assert released.exit_code == 0, released.output
    assert "quarantined -> recorded" in released.stdout
    assert cli("evaluate", "-w", scenario_ws, "--now", NOW).exit_code == 0
    [row] = [r for r in listed(scenario_ws, "--kind", "anti_pattern") if r["name"] == name]
    assert row["status"] == "recorded" and row["path"].startswith("anti_patterns/")
    document = read_document(scenario_ws / "patterns" / row["path"])
    assert document["quarantined"] is False
    assert "quarantine not applied: human:dana released it" in document["history"][-1]["reason"]
    # released work is drafted again
    assert any("install_deps" in r["name"] for r in listed(scenario_ws, "--kind", "pattern_candidate"))
    through_pattern = cli("patterns", "release", "pattern pat-deploy-preview keeps failing", "-w", scenario_ws)
    assert through_pattern.exit_code == 1 and "release the pattern itself" in through_pattern.output


def test_heal_says_which_recovery_it_left_out(scenario_ws):
    [auto] = listed(scenario_ws, "--status", "auto_apply")
    assert cli("patterns", "quarantine", auto["id"], "-w", scenario_ws, "--reason", "broke a build").exit_code == 0
    result = cli("heal", "-w", scenario_ws, "ModuleNotFoundError: No module named 'lxml'")
    assert result.exit_code == 1
    assert f"{auto['id']} ({auto['name']}) matches but is quarantined" in result.stderr


def test_check_validates_every_profile(scenario_ws):
    config = scenario_ws / "autopattern.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "params: {}", "params: {}\nprofiles:\n  bold: {anti_patterns.quarantine_at: 1.5}\n"), encoding="utf-8")
    checked = cli("check", "-w", scenario_ws)
    assert checked.exit_code == 1
    assert "(profiles.bold)" in checked.output and "quarantine_at = 1.5 is outside its range" in checked.output
