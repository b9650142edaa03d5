"""Generators of realistic telemetry files for tests (and the lead's evaluate tests).

``write_ci_junit_reports`` writes what a CI system leaves behind after N runs of a
pytest suite with ``--junitxml``: one report per run, timestamps a few hours apart,
durations that vary, and one flaky test that fails in a chosen share of the runs with
a message that differs slightly from run to run (as real ones do: ports, timings).
``write_otlp_export`` and ``write_github_actions_export`` do the same for a collector's
trace file and a GitHub Actions export. Each returns what it wrote, so tests assert
against the generator's own figures instead of hard-coded ones.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import quoteattr

STABLE_TESTS = (
    ("tests.test_api", "test_login"),
    ("tests.test_api", "test_logout"),
    ("tests.test_api", "test_list_orders[page-1]"),
    ("tests.test_db", "test_migrate"),
    ("tests.test_cli", "test_help"),
)
FLAKY_TEST = ("tests.test_checkout", "test_payment_webhook")


@dataclass(frozen=True)
class CiReports:
    """What was written, so a test can assert against it instead of hard-coding."""

    paths: list[Path]
    tests_per_run: int
    flaky_operation: str
    flaky_failures: int
    stable_operations: list[str]


def write_ci_junit_reports(folder: Path, *, runs: int = 20, flaky_failures: int = 8,
                           seed: int = 7, start: datetime | None = None) -> CiReports:
    """Write ``runs`` pytest JUnit reports; the flaky test fails in ``flaky_failures`` of them."""
    rng = random.Random(seed)
    start = start or datetime(2024, 5, 1, 6, 0, tzinfo=timezone.utc)
    failing_runs = set(rng.sample(range(runs), flaky_failures))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for run in range(runs):
        stamp = start + timedelta(hours=3 * run, seconds=rng.randint(0, 59))
        cases = [_case(classname, name, rng.uniform(0.005, 0.4)) for classname, name in STABLE_TESTS]
        flaky_time = rng.uniform(1.0, 4.0)
        if run in failing_runs:
            port = rng.randint(40000, 60000)
            cases.append(_case(*FLAKY_TEST, flaky_time, failure=(
                f"TimeoutError: webhook not received on port {port} after {flaky_time:.1f}s",
                "TimeoutError")))
        else:
            cases.append(_case(*FLAKY_TEST, flaky_time))
        failures = 1 if run in failing_runs else 0
        path = folder / f"junit-run-{1000 + run}.xml"
        path.write_text(_report(cases, stamp, failures, run), encoding="utf-8")
        paths.append(path)
    return CiReports(paths=paths, tests_per_run=len(STABLE_TESTS) + 1,
                     flaky_operation=".".join(FLAKY_TEST), flaky_failures=flaky_failures,
                     stable_operations=[".".join(test) for test in STABLE_TESTS])


def _case(classname: str, name: str, seconds: float,
          failure: tuple[str, str] | None = None) -> str:
    head = f"<testcase classname={quoteattr(classname)} name={quoteattr(name)} time=\"{seconds:.3f}\""
    if failure is None:
        return head + " />"
    message, error_type = failure
    body = f"def {name}():\n&gt;       wait_for_webhook()\nE       {message}"
    return (f"{head}><failure message={quoteattr(message)} type={quoteattr(error_type)}>"
            f"{body}</failure></testcase>")


def _report(cases: list[str], stamp: datetime, failures: int, run: int) -> str:
    # pytest writes a local, offset-aware ISO timestamp since 7.x; older ones are naive.
    total = len(cases)
    return ('<?xml version="1.0" encoding="utf-8"?>'
            '<testsuites name="pytest tests">'
            f'<testsuite name="pytest" errors="0" failures="{failures}" skipped="0" tests="{total}" '
            f'time="{total * 0.5:.3f}" timestamp="{stamp.isoformat()}" hostname="ci-runner-{run % 3}">'
            + "".join(cases) + "</testsuite></testsuites>\n")


@dataclass(frozen=True)
class FlakyExport:
    """One file holding ``runs`` runs of a pipeline in which one operation is flaky."""

    path: Path
    runs: int
    executions: int
    errors: int
    flaky_operation: str
    flaky_failures: int
    stable_operations: list[str]
    # Operations that contain the flaky one and so fail with it, at the same rate
    # (the trace's root span; the workflow run and the job).
    containing_operations: list[str]


PIPELINE_STEPS = ("checkout", "build", "test_integration", "deploy_staging")
FLAKY_STEP = "test_integration"


def write_otlp_export(path: Path, *, runs: int = 20, flaky_failures: int = 8, seed: int = 11,
                      start_ns: int = 1714543200_000000000) -> FlakyExport:
    """A collector file-exporter output: one trace per CI run, one line per trace.

    Each trace has a root ``ci.pipeline`` span and one child per step; the
    ``test_integration`` span fails (status ERROR, with an ``exception`` event) in
    ``flaky_failures`` of the runs, and so does its root.
    """
    rng = random.Random(seed)
    failing = set(rng.sample(range(runs), flaky_failures))
    lines = []
    for run in range(runs):
        trace_id = f"{rng.getrandbits(128):032x}"
        root_id = f"{rng.getrandbits(64) | 1:016x}"
        clock = start_ns + run * 3 * 3600 * 10**9
        spans = []
        for step in PIPELINE_STEPS:
            duration = rng.randint(2 * 10**9, 60 * 10**9) + rng.randint(0, 999_999)
            span = {"traceId": trace_id, "spanId": f"{rng.getrandbits(64) | 1:016x}",
                    "parentSpanId": root_id, "name": step, "kind": 1,
                    "startTimeUnixNano": str(clock), "endTimeUnixNano": str(clock + duration),
                    "attributes": [_attr("process.command_line", f"make {step} RUN={run}")],
                    "status": {}}
            if step == FLAKY_STEP and run in failing:
                span["status"] = {"code": 2, "message": "integration tests failed"}
                span["events"] = [{"timeUnixNano": str(clock + duration - 1000), "name": "exception",
                                   "attributes": [_attr("exception.type", "ConnectionResetError"),
                                                  _attr("exception.message",
                                                        f"connection reset by peer (port {rng.randint(40000, 60000)})")]}]
            spans.append(span)
            clock += duration
        spans.insert(0, {"traceId": trace_id, "spanId": root_id, "name": "ci.pipeline", "kind": 1,
                         "startTimeUnixNano": spans[0]["startTimeUnixNano"],
                         "endTimeUnixNano": str(clock),
                         "status": {"code": 2} if run in failing else {}})
        lines.append({"resourceSpans": [{
            "resource": {"attributes": [_attr("service.name", "ci-pipeline")]},
            "scopeSpans": [{"scope": {"name": "ci.tracer", "version": "1.0.0"}, "spans": spans}]}]})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return FlakyExport(path, runs, runs * (len(PIPELINE_STEPS) + 1), flaky_failures,
                       FLAKY_STEP, flaky_failures,
                       [step for step in PIPELINE_STEPS if step != FLAKY_STEP], ["ci.pipeline"])


def _attr(key: str, value: str) -> dict:
    return {"key": key, "value": {"stringValue": value}}


def write_github_actions_export(path: Path, *, runs: int = 20, flaky_failures: int = 8,
                                seed: int = 13) -> FlakyExport:
    """A combined export: ``runs`` runs of workflow "CI", each carrying its jobs listing.

    Jobs ``build`` and ``e2e`` each have three steps; ``e2e``'s "Run e2e tests" step
    (and so the job and the run) fails in ``flaky_failures`` of the runs.
    """
    rng = random.Random(seed)
    failing = set(rng.sample(range(runs), flaky_failures))
    start = datetime(2024, 5, 1, 6, 0, tzinfo=timezone.utc)
    exported = []
    for run in range(runs):
        run_id = 9_000_000 + run
        clock = start + timedelta(hours=3 * run)
        jobs = []
        for number, job_name in enumerate(("build", "e2e")):
            job_start = clock
            steps = []
            for step_number, step_name in enumerate(
                    ("Set up job", "Run make" if job_name == "build" else "Run e2e tests",
                     "Complete job"), start=1):
                step_end = clock + timedelta(seconds=rng.randint(1, 90))
                failed = job_name == "e2e" and step_number == 2 and run in failing
                steps.append({"name": step_name, "status": "completed",
                              "conclusion": "failure" if failed else "success",
                              "number": step_number, "started_at": _iso(clock),
                              "completed_at": _iso(step_end)})
                clock = step_end
            job_failed = job_name == "e2e" and run in failing
            jobs.append({"id": run_id * 10 + number, "run_id": run_id, "workflow_name": "CI",
                         "head_branch": "main", "run_attempt": 1, "name": job_name,
                         "status": "completed", "conclusion": "failure" if job_failed else "success",
                         "started_at": _iso(job_start), "completed_at": _iso(clock),
                         "runner_name": f"GitHub Actions {run % 4}", "labels": ["ubuntu-latest"],
                         "steps": steps})
        exported.append({"id": run_id, "name": "CI", "head_branch": "main", "run_number": 100 + run,
                         "event": "push", "status": "completed",
                         "conclusion": "failure" if run in failing else "success",
                         "workflow_id": 4242, "run_attempt": 1,
                         "html_url": f"https://github.com/octo-org/octo-repo/actions/runs/{run_id}",
                         "created_at": _iso(start + timedelta(hours=3 * run)),
                         "run_started_at": _iso(start + timedelta(hours=3 * run)),
                         "updated_at": _iso(clock), "jobs": {"total_count": 2, "jobs": jobs}})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"total_count": runs, "workflow_runs": exported}, indent=2),
                    encoding="utf-8")
    return FlakyExport(path, runs, runs * (1 + 2 * 4), 0, "CI/e2e/Run e2e tests", flaky_failures,
                       ["CI/build", "CI/build/Set up job", "CI/build/Run make", "CI/build/Complete job",
                        "CI/e2e/Set up job", "CI/e2e/Complete job"], ["CI", "CI/e2e"])


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
