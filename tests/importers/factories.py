"""Generators of realistic telemetry files for tests (and the lead's evaluate tests).

``write_ci_junit_reports`` writes what a CI system leaves behind after N runs of a
pytest suite with ``--junitxml``: one report per run, timestamps a few hours apart,
durations that vary, and one flaky test that fails in a chosen share of the runs with
a message that differs slightly from run to run (as real ones do: ports, timings).
"""

from __future__ import annotations

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
