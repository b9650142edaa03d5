"""GitHub Actions REST API JSON -> executions for runs, jobs and steps."""

from __future__ import annotations

import json

import pytest

from engine.telemetry.importers.github_actions import read_github_actions
from engine.telemetry.ingest import ingest_records


def _by_id(events):
    return {event["id"]: event for event in events}


def test_runs_listing(data_dir, read_all):
    events, errors = read_all(data_dir / "gha_runs.json", "github-actions")
    runs = _by_id(events)
    ok = runs["gha:run:30433642:1"]
    assert (ok["operation"], ok["status"], ok["duration_ms"], ok["ts"]) == \
        ("CI", "success", 449_000, "2024-05-02T10:07:31.000000Z")
    assert (ok["head_branch"], ok["event"], ok["run_attempt"], ok["actor"], ok["html_url"]) == \
        ("main", "push", 1, "octocat", "https://github.com/octo-org/octo-repo/actions/runs/30433642")
    timed_out = runs["gha:run:30433643:2"]  # the attempt is part of the id
    assert (timed_out["status"], timed_out["conclusion"]) == ("failure", "timed_out")
    (running,) = errors
    assert running.location == "gha_runs.json:1 $.workflow_runs[2]"
    assert "still running" in running.error and "'in_progress'" in running.error


def test_jobs_listing_with_steps(data_dir, read_all):
    events, errors = read_all(data_dir / "gha_jobs.json", "github-actions")
    by_id = _by_id(events)
    job = by_id["gha:job:399444496"]
    assert (job["operation"], job["status"], job["duration_ms"], job["run_id"]) == \
        ("CI/test (3.11)", "failure", 250_000, 30433642)
    steps = [by_id[f"gha:job:399444496:step:{n}"] for n in range(1, 6)]
    assert [(s["step_name"], s["status"], s["duration_ms"]) for s in steps] == [
        ("Set up job", "success", 2500),
        ("Run actions/checkout@v4", "success", 1500),
        ("Run pytest", "failure", 243_250),
        ("Upload coverage", "skipped", 0),
        ("Complete job", "success", 2750),
    ]
    assert steps[2]["operation"] == "CI/test (3.11)/Run pytest"
    # A skipped step without times ends with its job.
    assert steps[3]["ts"] == job["ts"] and steps[3]["duration_unknown"] is True
    # The unfinished job and its unfinished step are errors; its finished step is kept.
    assert "gha:job:399444497:step:1" in by_id
    assert [r.location for r in errors] == ["gha_jobs.json:1 $.jobs[1]",
                                            "gha_jobs.json:1 $.jobs[1].steps[1] 'Run ruff'"]
    assert all("still running" in r.error for r in errors)


def test_combined_export_runs_carrying_their_jobs(data_dir, read_all):
    events, errors = read_all(data_dir / "gha_combined.json", "github-actions")
    assert [e["operation"] for e in events] == ["Nightly", "Nightly/e2e", "Nightly/e2e/Run e2e suite"]
    assert {e["status"] for e in events} == {"failure"}  # cancelled
    step = events[2]
    assert (step["run_id"], step["event"], step["run_html_url"]) == \
        (51000001, "schedule", "https://github.com/octo-org/octo-repo/actions/runs/51000001")
    assert [(r.location, r.error) for r in errors] == \
        [("gha_combined.json:1 $[1]", "neither a workflow run nor a job: skipped")]


def _job(job_id, conclusion="success", **extra):
    job = {"id": job_id, "run_id": 7, "workflow_name": "CI", "name": f"job{job_id}",
           "status": "completed", "conclusion": conclusion, "runner_name": "r",
           "started_at": "2024-01-01T00:00:00Z", "completed_at": "2024-01-01T00:01:00Z",
           "steps": []}
    job.update(extra)
    return job


def test_paginated_pages_written_back_to_back(tmp_path, read_all):
    path = tmp_path / "pages.json"
    pages = [{"total_count": 2, "jobs": [_job(1)]}, {"total_count": 2, "jobs": [_job(2)]}]
    path.write_text("".join(json.dumps(page, indent=1) for page in pages))
    events, errors = read_all(path, "github-actions")
    assert errors == []
    assert [(e["id"], e["duration_ms"]) for e in events] == [("gha:job:1", 60_000), ("gha:job:2", 60_000)]


@pytest.mark.parametrize("conclusion, status", [("success", "success"), ("neutral", "success"),
                                                ("failure", "failure"), ("cancelled", "failure"),
                                                ("timed_out", "failure"), ("skipped", "skipped")])
def test_conclusions(tmp_path, read_all, conclusion, status):
    path = tmp_path / "jobs.json"
    path.write_text(json.dumps({"jobs": [_job(1, conclusion)]}))
    events, _ = read_all(path, "github-actions")
    assert events[0]["status"] == status


@pytest.mark.parametrize("job, reason", [
    (_job(1, "mystery"), "unknown conclusion 'mystery'"),
    (_job(1, completed_at=None), "no completion time"),
    (_job(1, completed_at="yesterday"), "not an ISO 8601 timestamp"),
    (_job("x"), "no numeric 'id'"),
])
def test_unmappable_jobs_are_per_record_errors(tmp_path, read_all, job, reason):
    path = tmp_path / "jobs.json"
    path.write_text(json.dumps({"jobs": [job, _job(2)]}))
    events, errors = read_all(path, "github-actions")
    assert [e["id"] for e in events] == ["gha:job:2"]
    assert reason in errors[0].error
    assert json.loads(errors[0].raw)["conclusion"] == job["conclusion"]


def test_a_document_without_runs_or_jobs_is_an_error(tmp_path, read_all):
    path = tmp_path / "other.json"
    path.write_text('{"total_count": 0, "artifacts": []}')
    events, errors = read_all(path, "github-actions")
    assert events == [] and "no workflow runs or jobs" in errors[0].error


def test_ingest_is_idempotent(data_dir, memory_store):
    path = data_dir / "gha_jobs.json"
    first = ingest_records(memory_store, read_github_actions(path), source="github-actions")
    again = ingest_records(memory_store, read_github_actions(path), source="github-actions")
    assert (first.stored, first.rejected) == (7, 2)
    assert (again.stored, again.duplicates, again.rejected) == (0, 7, 2)
    skipped = memory_store.execute("SELECT COUNT(*) FROM execution_logs WHERE status = 'skipped'").fetchone()[0]
    assert skipped == 1


def test_a_single_run_object_is_detected_and_read(tmp_path, read_all):
    run = {"id": 30433642, "name": "CI", "head_branch": "main", "head_sha": "acb5820ced94", "run_number": 562,
           "event": "push", "status": "completed", "conclusion": "success", "workflow_id": 159038,
           "run_attempt": 2, "run_started_at": "2024-05-02T10:00:00Z", "updated_at": "2024-05-02T10:07:31Z",
           "triggering_actor": {"login": "hubot"}, "actor": {"login": "octocat"}}
    path = tmp_path / "run.json"
    path.write_text(json.dumps(run, indent=2))
    events, errors = read_all(path)          # no --format: detected
    assert errors == []
    (event,) = events
    assert (event["id"], event["operation"], event["duration_ms"], event["actor"]) == \
        ("gha:run:30433642:2", "CI", 451000, "hubot")
    assert event["commit"] == "acb5820ced94"


GH_VIEW = {
    "attempt": 1, "conclusion": "failure", "createdAt": "2024-05-02T10:00:00Z", "databaseId": 9001,
    "displayTitle": "Fix", "event": "push", "headBranch": "main", "headSha": "c0ffee1", "name": "CI", "number": 77,
    "startedAt": "2024-05-02T10:00:00Z", "status": "completed", "updatedAt": "2024-05-02T10:06:00Z",
    "url": "https://github.com/o/r/actions/runs/9001", "workflowDatabaseId": 159038, "workflowName": "CI",
    "jobs": [{"completedAt": "2024-05-02T10:05:00Z", "conclusion": "failure", "databaseId": 555, "name": "test",
              "startedAt": "2024-05-02T10:01:00Z", "status": "completed",
              "url": "https://github.com/o/r/actions/runs/9001/job/555",
              "steps": [{"completedAt": "2024-05-02T10:05:00Z", "conclusion": "failure", "name": "Run pytest",
                         "number": 2, "startedAt": "2024-05-02T10:02:00Z", "status": "completed"}]}],
}


def test_gh_cli_json_reads_like_the_rest_api(tmp_path, read_all):
    """`gh run view --json ...` (camelCase, databaseId) gives the same ids as the REST API."""
    path = tmp_path / "view.json"
    path.write_text(json.dumps(GH_VIEW, indent=2))
    events, errors = read_all(path)
    assert errors == []
    assert [(e["id"], e["operation"], e["status"], e["duration_ms"]) for e in events] == [
        ("gha:run:9001:1", "CI", "failure", 360000),
        ("gha:job:555", "CI/test", "failure", 240000),
        ("gha:job:555:step:2", "CI/test/Run pytest", "failure", 180000)]
    assert {e["commit"] for e in events} == {"c0ffee1"}
    listing = tmp_path / "list.json"          # gh run list --json ...
    listing.write_text(json.dumps([{k: v for k, v in GH_VIEW.items() if k != "jobs"}]))
    events, errors = read_all(listing)
    assert errors == [] and [e["id"] for e in events] == ["gha:run:9001:1"]
