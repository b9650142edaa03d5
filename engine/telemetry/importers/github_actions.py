"""GitHub Actions workflow runs, jobs and steps (REST API JSON) -> execution events.

Accepts what the API and its usual exports return: a runs listing (``{"total_count",
"workflow_runs": [...]}``), a jobs listing (``{"total_count", "jobs": [...]}``), pages
of either written back to back (``gh api --paginate``), and combined exports (a list
or an object holding runs and jobs, or runs that each carry their ``jobs``).

Every level is an execution with its own operation, so each can form its own pattern:
the run is ``<workflow>``, a job ``<workflow>/<job>``, a step
``<workflow>/<job>/<step>``. Ids come from GitHub's ids (run id and attempt, job id,
step number), so ingesting an export twice stores nothing new. A run, job or step that
has no conclusion yet is still running: a per-record error, ingest it again later.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from engine.telemetry.importers.common import (
    JsonProblem, as_dict, as_list, as_text, failure, iter_json_documents, parse_timestamp,
    rfc3339,
)
from engine.telemetry.records import SourceRecord

CONCLUSIONS = {
    "success": "success",
    "neutral": "success",
    "failure": "failure",
    "cancelled": "failure",
    "timed_out": "failure",
    "startup_failure": "failure",
    "action_required": "failure",
    "stale": "failure",
    "skipped": "skipped",
}
RUN_EXTRAS = ("head_branch", "head_sha", "event", "run_attempt", "run_number", "html_url",
              "workflow_id")


class MappingError(ValueError):
    """A run, job or step that cannot become an execution."""


def read_github_actions(path: Path, **_options: Any) -> Iterator[SourceRecord]:
    """Yield one execution per workflow run, job and step found in ``path``."""
    for document in iter_json_documents(path):
        if isinstance(document, JsonProblem):
            yield failure(f"{path}:{document.line}:{document.column}", document.message,
                          line=document.line, raw=document.raw)
            continue
        where = f"{path}:{document.line}"
        runs: list[tuple[str, dict[str, Any]]] = []
        jobs: list[tuple[str, dict[str, Any]]] = []
        unknown = collect(from_gh_cli(document.value), "$", runs, jobs)
        if not runs and not jobs:
            yield failure(where, "no workflow runs or jobs found: expected the GitHub REST "
                                 "API's 'workflow_runs' or 'jobs' listing", line=document.line)
            continue
        for pointer in unknown:
            yield failure(f"{where} {pointer}", "neither a workflow run nor a job: skipped",
                          line=document.line)
        run_by_id = {run.get("id"): run for _, run in runs if isinstance(run.get("id"), int)}
        for pointer, run in runs:
            yield _record(f"{where} {pointer}", document.line, run, map_run)
        for pointer, job in jobs:
            run_id = job.get("run_id")
            run = run_by_id.get(run_id) if isinstance(run_id, int) else None
            yield _record(f"{where} {pointer}", document.line, job,
                          lambda item: map_job(item, run))
            yield from _step_records(f"{where} {pointer}", document.line, job, run)


_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")
# gh's names that differ from the REST API's beyond camelCase (`gh run view --json ...`).
_GH_RUN_KEYS = {"database_id": "id", "attempt": "run_attempt", "number": "run_number",
                "started_at": "run_started_at", "url": "html_url", "workflow_database_id": "workflow_id"}
_GH_JOB_KEYS = {"database_id": "id", "url": "html_url"}


def from_gh_cli(value: Any) -> Any:
    """``gh run list/view --json`` output in the REST API's shape; anything else as it is.

    The gh CLI writes the same runs, jobs and steps in camelCase (``databaseId``,
    ``headSha``, ``startedAt``) with a few other names (``number`` for a run's number,
    ``attempt``, ``url``); an object with a ``databaseId`` is such an object.
    """
    if isinstance(value, list):
        return [from_gh_cli(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "databaseId" not in value:   # a listing: its runs or jobs may be gh's
        return {key: from_gh_cli(item) if key in ("jobs", "workflow_runs", "runs") else item
                for key, item in value.items()}
    snake = {_CAMEL.sub(r"_\1", key).lower(): item for key, item in value.items()}
    is_job = "steps" in snake or ("workflow_database_id" not in snake and "workflow_name" not in snake
                                  and "head_sha" not in snake)
    renames = _GH_JOB_KEYS if is_job else _GH_RUN_KEYS
    result = {renames.get(key, key): item for key, item in snake.items()}
    if "steps" in result:
        result["steps"] = [{_CAMEL.sub(r"_\1", key).lower(): item for key, item in step.items()}
                           if isinstance(step, dict) else step for step in as_list(result["steps"])]
    if "jobs" in result:
        result["jobs"] = from_gh_cli(result["jobs"])
    return result


def collect(value: Any, pointer: str, runs: list, jobs: list) -> list[str]:
    """Walk a document, sorting the objects it holds into runs and jobs.

    Returns the pointers of list items that are neither, so the caller can say so.
    """
    unknown: list[str] = []
    if isinstance(value, list):
        for index, item in enumerate(value):
            kind = _kind(item)
            if kind is None:
                unknown.append(f"{pointer}[{index}]")
            else:
                _take(item, f"{pointer}[{index}]", kind, runs, jobs, unknown)
        return unknown
    if isinstance(value, dict):
        kind = _kind(value)
        if kind in ("run", "job"):
            _take(value, pointer, kind, runs, jobs, unknown)
            return unknown
        for key in ("workflow_runs", "runs", "jobs"):
            if isinstance(value.get(key), list):
                unknown += collect(value[key], f"{pointer}.{key}", runs, jobs)
    return unknown


def _take(item: dict, pointer: str, kind: str, runs: list, jobs: list, unknown: list) -> None:
    if kind == "listing":
        unknown += collect(item, pointer, runs, jobs)
        return
    if kind == "run":
        runs.append((pointer, item))
        nested, nested_pointer = item.get("jobs"), f"{pointer}.jobs"
        if isinstance(nested, dict):  # a whole jobs listing stored under its run
            nested, nested_pointer = nested.get("jobs"), f"{pointer}.jobs.jobs"
        for index, job in enumerate(as_list(nested)):
            if isinstance(job, dict):  # a job listed under its run belongs to it
                jobs.append((f"{nested_pointer}[{index}]", {"run_id": item.get("id"), **job}))
        return
    jobs.append((pointer, item))


def _kind(item: Any) -> str | None:
    """run, job, listing or None, from the fields GitHub always sends."""
    if not isinstance(item, dict):
        return None
    if "steps" in item or ("run_id" in item and "runner_name" in item):
        return "job"
    if "workflow_id" in item or "run_number" in item or ("run_attempt" in item and "jobs" in item):
        return "run"
    if any(isinstance(item.get(key), list) for key in ("workflow_runs", "runs", "jobs")):
        return "listing"
    return None


def _record(location: str, line: int, item: dict[str, Any], mapper) -> SourceRecord:
    try:
        return SourceRecord(location=location, event=mapper(item), line=line)
    except MappingError as exc:
        return failure(location, str(exc), line=line, raw=_without(item, ("steps", "jobs")))


def _step_records(location: str, line: int, job: dict[str, Any],
                  run: dict[str, Any] | None) -> Iterator[SourceRecord]:
    for index, step in enumerate(as_list(job.get("steps"))):
        step_location = f"{location}.steps[{index}]"
        if isinstance(step, dict) and step.get("name"):
            step_location += f" {step['name']!r}"
        if not isinstance(step, dict):
            yield failure(step_location, "a step must be an object", line=line)
            continue
        yield _record(step_location, line, step, lambda item: map_step(item, job, run))


def map_run(run: dict[str, Any]) -> dict[str, Any]:
    run_id = _required_id(run, "id", "workflow run")
    attempt = run.get("run_attempt") or 1
    name = as_text(run.get("name")) or as_text(run.get("display_title")) \
        or f"workflow {run.get('workflow_id')}"
    started = run.get("run_started_at") or run.get("created_at")
    event = _execution(run, f"gha:run:{run_id}:{attempt}", str(name), started,
                       run.get("updated_at"), "workflow run")
    event.update(level="run", run_id=run_id, workflow_name=name)
    event.update({key: run[key] for key in RUN_EXTRAS if run.get(key) is not None})
    if as_text(run.get("head_sha")):
        event["commit"] = run["head_sha"]
    actor = _login(run)
    if actor:
        event["actor"] = actor
    return event


def map_job(job: dict[str, Any], run: dict[str, Any] | None) -> dict[str, Any]:
    job_id = _required_id(job, "id", "job")
    name = as_text(job.get("name")) or f"job {job_id}"
    event = _execution(job, f"gha:job:{job_id}", f"{_workflow_name(job, run)}/{name}",
                       job.get("started_at"), job.get("completed_at"), "job")
    event.update(level="job", job_id=job_id, job_name=name)
    event.update(_context(job, run))
    for key in ("runner_name", "html_url"):
        if as_text(job.get(key)):
            event[key] = job[key]
    return event


def map_step(step: dict[str, Any], job: dict[str, Any], run: dict[str, Any] | None) -> dict[str, Any]:
    job_id = _required_id(job, "id", "job")
    number = step.get("number")
    if not isinstance(number, int):
        raise MappingError("step has no number")
    name = as_text(step.get("name")) or f"step {number}"
    operation = f"{_workflow_name(job, run)}/{as_text(job.get('name')) or f'job {job_id}'}/{name}"
    # A skipped step often has no times of its own: it "ended" when its job did.
    completed = step.get("completed_at") or job.get("completed_at")
    event = _execution(step, f"gha:job:{job_id}:step:{number}", operation,
                       step.get("started_at"), completed, "step")
    event.update(level="step", job_id=job_id, step_number=number, step_name=name,
                 job_name=job.get("name"))
    event.update(_context(job, run))
    return event


def _execution(item: dict[str, Any], event_id: str, operation: str, started: Any,
               completed: Any, what: str) -> dict[str, Any]:
    """The part every level shares: status from the conclusion, duration from the times."""
    conclusion = item.get("conclusion")
    if conclusion is None or conclusion == "":
        raise MappingError(f"{what} is still running (status {item.get('status') or 'unknown'!r}, "
                           "no conclusion yet): ingest it again once it has finished")
    if not isinstance(conclusion, str) or conclusion not in CONCLUSIONS:
        raise MappingError(f"{what} has an unknown conclusion {conclusion!r}")
    if not completed:
        raise MappingError(f"{what} has a conclusion but no completion time")
    end = _time(completed, what)
    duration_ms = 0
    event: dict[str, Any] = {}
    if started:
        start = _time(started, what)
        duration_ms = max(0, round((end - start).total_seconds() * 1000))
    else:
        event["duration_unknown"] = True
    return {"type": "execution", "id": event_id, "ts": rfc3339(end), "operation": operation,
            "status": CONCLUSIONS[conclusion], "duration_ms": duration_ms,
            "conclusion": conclusion, **event}


def _context(job: dict[str, Any], run: dict[str, Any] | None) -> dict[str, Any]:
    """The run's fields kept on a job or step: from the run when known, else the job."""
    context: dict[str, Any] = {"run_id": job.get("run_id")}
    for key in RUN_EXTRAS:
        if key == "html_url":
            continue
        value = (run or {}).get(key, job.get(key))
        if value is not None:
            context[key] = value
    if run and run.get("html_url"):
        context["run_html_url"] = run["html_url"]
    if isinstance(context.get("head_sha"), str) and context["head_sha"]:
        context["commit"] = context["head_sha"]   # the name rules group by (attrs.commit)
    if as_text(job.get("runner_name")):
        context["runner"] = job["runner_name"]    # attrs.runner
    actor = _login(run or {})
    if actor:
        context["actor"] = actor
    return {key: value for key, value in context.items() if value is not None}


def _workflow_name(job: dict[str, Any], run: dict[str, Any] | None) -> str:
    name = as_text(job.get("workflow_name")) or as_text((run or {}).get("name"))
    if name:
        return name
    # gh run view --json jobs lists jobs without their run: say so rather than "run None"
    return f"run {job['run_id']}" if job.get("run_id") is not None else "(unknown workflow)"


def _login(run: dict[str, Any]) -> str | None:
    """Who started the run: the re-runner (triggering_actor) before the original actor."""
    for key in ("triggering_actor", "actor"):
        login = as_text(as_dict(run.get(key)).get("login"))
        if login:
            return login
    return None


def _required_id(item: dict[str, Any], key: str, what: str) -> int:
    value = item.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise MappingError(f"{what} has no numeric {key!r}")
    return value


def _time(value: Any, what: str):
    if not isinstance(value, str):
        raise MappingError(f"{what} time {value!r} is not a timestamp")
    try:
        return parse_timestamp(value)[0]
    except ValueError:
        raise MappingError(f"{what} time {value!r} is not an ISO 8601 timestamp") from None


def _without(item: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if key not in keys}
