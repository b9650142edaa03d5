"""The scheduled automation workflow: valid YAML, real commands, the stated schedules, PRs only."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import typer.main
import yaml

from engine.cli import app
from engine.language.loader import load_packs
from engine.resources import rules_dir
from tests.support.paths import REPO

WORKFLOW = REPO / ".github" / "workflows" / "pattern-automation.yml"
SCHEDULES = {"detect": "0 */6 * * *", "weekly-report": "0 6 * * 1", "retention": "0 3 1 * *"}


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    # YAML 1.1 reads the key `on` as the boolean true
    data["on"] = data.pop(True, data.get("on"))
    return data


def commands() -> dict:
    return typer.main.get_command(app).commands


def autopattern_calls(job: dict) -> list[list[str]]:
    """Every `autopattern ...` command in a job's run steps, split into words (up to the
    next shell operator such as ; && || > )."""
    calls = []
    for step in job["steps"]:
        lexer = shlex.shlex(step.get("run") or "", posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        current: list[str] | None = None
        for word in lexer:
            if word == "autopattern":
                current = []
                calls.append(current)
            elif current is not None and set(word) <= set(";&|<>()"):
                current = None
            elif current is not None:
                current.append(word)
    return calls


def test_schedules_are_exactly_the_stated_ones(workflow):
    crons = [entry["cron"] for entry in workflow["on"]["schedule"]]
    assert sorted(crons) == sorted(SCHEDULES.values())


@pytest.mark.parametrize("job, cron", SCHEDULES.items())
def test_each_scheduled_job_runs_on_its_own_schedule(workflow, job, cron):
    condition = workflow["jobs"][job]["if"]
    assert f"github.event.schedule == '{cron}'" in condition
    others = [c for c in SCHEDULES.values() if c != cron]
    assert not any(other in condition for other in others)


def test_every_job_calls_only_commands_that_exist(workflow):
    known = commands()
    for name, job in workflow["jobs"].items():
        calls = autopattern_calls(job)
        assert calls, f"job {name} calls no autopattern command"
        for words in calls:
            assert words and words[0] in known, f"job {name}: unknown command autopattern {' '.join(words)}"


def test_evaluated_packs_exist(workflow):
    packs = {item.pack.name for item in load_packs([rules_dir()]) if item.pack}
    for name, job in workflow["jobs"].items():
        for words in autopattern_calls(job):
            if words[0] == "evaluate":
                named = [w for w in words[1:] if not w.startswith("-")]
                assert set(named) <= packs, f"job {name}: unknown packs {set(named) - packs}"


def test_jobs_run_what_the_brief_asks(workflow):
    jobs = workflow["jobs"]
    detect = [w for w in autopattern_calls(jobs["detect"]) if w[0] == "evaluate"]
    assert detect and "retention" not in detect[0] and "performance" not in detect[0]
    assert ["evaluate", "performance"] in autopattern_calls(jobs["weekly-report"])
    assert ["evaluate", "retention"] in autopattern_calls(jobs["retention"])
    checks = [w[0] for w in autopattern_calls(jobs["rules"])]
    assert "check" in checks and "test" in checks


def test_rule_checks_run_on_pull_requests_that_touch_rules(workflow):
    assert workflow["on"]["pull_request"]["paths"] == ["rules/**"]
    assert "pull_request" in workflow["jobs"]["rules"]["if"]


@pytest.mark.parametrize("job", ["detect", "weekly-report"])
def test_results_are_proposed_as_a_pull_request_never_pushed(workflow, job):
    steps = workflow["jobs"][job]["steps"]
    proposals = [s for s in steps if str(s.get("uses", "")).startswith("peter-evans/create-pull-request@")]
    assert len(proposals) == 1
    branch = proposals[0]["with"]["branch"]
    assert branch.startswith("autopattern/")
    assert proposals[0]["with"]["add-paths"].startswith("patterns/")
    for step in steps:
        assert "git push" not in (step.get("run") or "")


def test_only_jobs_that_propose_may_write(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        writes = job.get("permissions", {}).get("contents") == "write"
        proposes = any("create-pull-request" in str(s.get("uses", "")) for s in job["steps"])
        assert writes == proposes, name


def test_weekly_report_attaches_the_html_page_and_links_it(workflow):
    steps = workflow["jobs"]["weekly-report"]["steps"]
    locate = next(s for s in steps if s.get("id") == "report")
    assert "autopattern report --path" in locate["run"] and ".html" in locate["run"]
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact"))
    assert upload["id"] == "artifact"
    assert upload["with"]["path"].startswith("patterns/reports/weekly/${{ steps.report.outputs.week }}")
    assert steps.index(locate) < steps.index(upload)
    pull_request = next(s for s in steps if str(s.get("uses", "")).startswith("peter-evans/create-pull-request"))
    body = pull_request["with"]["body"]
    assert "${{ steps.artifact.outputs.artifact-url }}" in body and "${{ steps.report.outputs.html }}" in body
    assert steps.index(upload) < steps.index(pull_request)


def test_a_shared_store_from_a_secret_replaces_the_cache(workflow):
    """With the AUTOPATTERN_DATABASE_URL secret set, every job uses that store and the
    Actions cache (which GitHub evicts) is skipped; without it the cached SQLite file is used."""
    env = workflow["env"]
    assert env["AUTOPATTERN_DATABASE_URL"] == "${{ secrets.AUTOPATTERN_DATABASE_URL }}"
    assert env["PGPASSWORD"] == "${{ secrets.AUTOPATTERN_DATABASE_PASSWORD }}"
    caches = [step for job in workflow["jobs"].values() for step in job["steps"]
              if str(step.get("uses", "")).startswith("actions/cache")]
    assert caches, "the SQLite fallback keeps its cache"
    assert all(step.get("if") == "env.AUTOPATTERN_DATABASE_URL == ''" for step in caches)
