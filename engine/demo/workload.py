"""A seeded, realistic orchestrator workload: the demo's telemetry and the benchmark's.

Several weeks of work by a few people and bots, shaped so that every automation has
something true to find, and plenty that it must not find:

* repeated manual work with variable arguments (``poetry add <pkg>@^<ver>``,
  ``scaffold_module --name <x>``, ``pytest tests/<mod>``) that no pattern covers yet;
* patterns in use: one healthy, one failing about half the time, one that stopped being
  used weeks ago, one degrading over the last three weeks;
* files created in batches, several similar files within hours;
* errors and their fixes: a missing module fixed by ``pip install``, a flaky network
  error fixed by a retry, and recurring failures nobody has fixed;
* plain noise: one-off operations that should match nothing;
* with ``adoption`` (the demo's choice, not the benchmark's): more and more of the
  repeated work (adding a dependency, installing, running tests) goes through a pattern
  as the weeks pass, so the weekly reports have a trend to show. The benchmark's
  workload is generated without it.

Everything comes from one ``random.Random(seed)``, ids are counters and timestamps are
laid out day by day, so the same seed and ``now`` give the same bytes. Events are
yielded in time order one day at a time: memory stays flat however large ``scale`` is.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Callable, Iterator

from engine.models import parse_ts

Event = dict[str, Any]

HUMANS = ("alice", "bob", "carol", "dmitri")
PACKAGES = ("requests", "httpx", "pydantic", "rich", "structlog", "tenacity", "orjson",
            "sqlalchemy", "alembic", "celery", "redis", "boto3", "jinja2", "click")
MODULES = ("billing", "auth", "search", "orders", "inventory", "notifications", "reports",
           "payments", "catalog", "shipping", "users", "audit")
SERVICES = ("gateway", "ledger", "mailer", "pricing", "scheduler", "tracker", "uploader")
BRANCHES = ("feat/login", "feat/cart", "fix/timeout", "feat/export", "chore/deps",
            "fix/rounding", "feat/dark-mode", "feat/webhooks")
LANGS = ("python", "typescript", "go")
MISSING = ("yaml", "dateutil", "jwt", "markdown", "toml", "slugify")


@dataclass
class Day:
    """One calendar day of the workload and the helpers its streams share."""

    rng: random.Random
    index: int          # 0 = the first day of the window
    days: int
    prefix: str         # "YYYY-MM-DDT"
    weekend: bool
    start_ms: int       # the window's start, on the first day
    limit_s: int        # seconds into the day not to reach (now, on the last day)
    counters: dict[str, int]
    events: list[tuple[int, int, Event]] = field(default_factory=list)
    adoption: float = 0.0   # share of adoptable work done through a pattern on this day

    def adopts(self) -> bool:
        """Whether the next unit of adoptable work goes through a pattern: a
        low-discrepancy sequence over the execution counter, no random draw."""
        return self.adoption > 0 and (self.counters["ex"] * 0.6180339887) % 1 < self.adoption

    @property
    def weeks_left(self) -> float:
        return (self.days - self.index) / 7

    def next_id(self, prefix: str) -> str:
        self.counters[prefix] += 1
        return f"{prefix}-{self.counters[prefix]:07d}"

    def moment(self, human: bool) -> int:
        """Milliseconds into the day: office hours for people, any time for bots."""
        if human:
            return self.rng.randrange(8 * 3600_000, 18 * 3600_000)
        return self.rng.randrange(0, 24 * 3600_000)

    def ts(self, ms: int) -> str:
        ms = min(ms, 24 * 3600_000 - 1)
        s, milli = divmod(ms, 1000)
        h, rest = divmod(s, 3600)
        m, s = divmod(rest, 60)
        return f"{self.prefix}{h:02d}:{m:02d}:{s:02d}.{milli:03d}Z"

    def add(self, ms: int, event: Event) -> None:
        if self.start_ms <= ms < self.limit_s * 1000:
            self.events.append((ms, len(self.events), event))

    def execution(self, ms: int, operation: str, command: str | None, ok: bool,
                  duration_ms: int, actor: str, pattern_id: str | None = None,
                  files: list[str] | None = None, **extra: Any) -> str:
        event: Event = {"type": "execution", "id": self.next_id("ex"), "ts": self.ts(ms),
                        "operation": operation, "status": "success" if ok else "failure",
                        "duration_ms": duration_ms, "actor": actor}
        if command is not None:
            event["command"] = command
        if pattern_id is not None:
            event["pattern_id"] = pattern_id
        if files:
            event["files"] = files
        event.update(extra)
        self.add(ms, event)
        return event["id"]

    def file(self, ms: int, path: str, content: str, execution_id: str | None) -> None:
        event: Event = {"type": "file", "id": self.next_id("fe"), "ts": self.ts(ms),
                        "path": path, "action": "created",
                        "size": len(content.encode()), "content": content}
        if execution_id:
            event["execution_id"] = execution_id
        self.add(ms, event)

    def error(self, ms: int, message: str, error_type: str, execution_id: str,
              resolution: str | None = None, resolved: bool | None = None,
              resolution_ms: int | None = None) -> None:
        event: Event = {"type": "error", "id": self.next_id("er"), "ts": self.ts(ms),
                        "message": message, "error_type": error_type,
                        "execution_id": execution_id}
        if resolution is not None:
            event.update(resolution=resolution, resolved=resolved, resolution_ms=resolution_ms)
        self.add(ms, event)


# --- the streams: each adds one unit of work (an execution and what follows it) ------

def add_dependency(day: Day) -> None:
    r = day.rng
    pkg = r.choice(PACKAGES)
    ms = day.moment(True)
    command, ok = f"poetry add {pkg}@^{r.randint(1, 4)}.{r.randint(0, 12)}", r.random() < 0.95
    duration, actor = r.randint(3500, 9000), r.choice(HUMANS)
    if day.adopts():    # the pattern resolves versions from the lock file: no failed resolution
        day.execution(ms, "add_dependency", command, True, duration // 3, "orchestrator",
                      pattern_id="pat-add-dependency")
    else:
        day.execution(ms, "add_dependency", command, ok, duration, actor)


def scaffold_module(day: Day) -> None:
    """Manual scaffolding: three files of the same shape each time (AUTO-001, -002)."""
    r = day.rng
    mod = r.choice(MODULES) + r.choice(("", "_v2", "_core", "_api"))
    ms = day.moment(True)
    paths = [f"src/{mod}/__init__.py", f"src/{mod}/service.py", f"tests/test_{mod}.py"]
    ex = day.execution(ms, "scaffold_module", f"scaffold_module --name {mod} --template service",
                       True, r.randint(900, 2500), r.choice(HUMANS), files=paths)
    title = mod.replace("_", " ").title().replace(" ", "")
    bodies = (f'"""The {mod} package."""\nfrom .service import {title}Service\n\n'
              f'__all__ = ["{title}Service"]\n',
              f'"""{title} service."""\n\n\nclass {title}Service:\n'
              f'    name = "{mod}"\n    retries = {r.randint(1, 5)}\n\n'
              f'    def run(self, payload):\n        return {{"service": self.name, "ok": True}}\n',
              f'from src.{mod} import {title}Service\n\n\n'
              f'def test_{mod}_runs():\n    assert {title}Service().run({{}})["ok"]\n')
    for offset, (path, body) in enumerate(zip(paths, bodies)):
        day.file(ms + 200 + offset * 50, path, body, ex)


def run_tests(day: Day) -> None:
    """CI test runs; failures are a missing module (fixed) or a known flaky assertion."""
    r = day.rng
    mod = r.choice(MODULES)
    ms = day.moment(False)
    roll = r.random()
    ok = roll >= 0.12
    duration, runner = r.randint(8000, 60000), f"runner-{r.randint(1, 6)}"
    if day.adopts():    # the pattern runs only the tests the change touches, and reruns the flaky one
        ok = roll >= 0.07
        ex = day.execution(ms, "run_tests", f"pytest tests/{mod} -q", ok, duration // 2, "ci-bot",
                           pattern_id="pat-run-tests", runner=runner)
    else:
        ex = day.execution(ms, "run_tests", f"pytest tests/{mod} -q", ok, duration, "ci-bot", runner=runner)
    if ok:
        return
    if roll < 0.07:
        name = r.choice(MISSING)
        fixed = r.random() < 0.92
        day.error(ms + 10, f"ModuleNotFoundError: No module named '{name}'",
                  "ModuleNotFoundError", ex, resolution=f"pip install {name}", resolved=fixed,
                  resolution_ms=r.randint(4000, 20000))
    else:
        day.error(ms + 10, "AssertionError: expected status 200, got 503 in "
                           "tests/test_health.py::test_health_endpoint",
                  "AssertionError", ex)


def install_deps(day: Day) -> None:
    """Flaky network: a timeout, fixed by retrying, then the retry's own execution."""
    r = day.rng
    ms = day.moment(False)
    ok = r.random() >= 0.15
    actor = r.choice(("ci-bot", "orchestrator"))
    duration = r.randint(20000, 90000)
    if day.adopts():    # the pattern installs from a warm wheel cache: no network to time out
        day.execution(ms, "install_deps", "pip install -r requirements.txt", True, duration // 3, actor,
                      pattern_id="pat-install-deps")
        return
    ex = day.execution(ms, "install_deps", "pip install -r requirements.txt", ok, duration, actor)
    if ok:
        return
    fixed = r.random() < 0.85
    timeout = r.choice((10, 15, 30))
    day.error(ms + 5, f"ConnectionError: HTTPSConnectionPool(host='pypi.org', port=443): "
                      f"Read timed out. (read timeout={timeout})",
              "ConnectionError", ex, resolution="retry", resolved=fixed,
              resolution_ms=r.randint(30000, 120000))
    if fixed:
        day.execution(ms + 60000, "install_deps", "pip install -r requirements.txt", True,
                      r.randint(20000, 90000), actor)


def build_image(day: Day) -> None:
    """A recurring failure nobody fixes: the docker socket on one runner."""
    r = day.rng
    svc = r.choice(SERVICES)
    ms = day.moment(False)
    runner = r.randint(1, 6)
    ok = not (runner == 4 and r.random() < 0.8)
    ex = day.execution(ms, "build_image", f"docker build -t {svc}:{r.randint(100, 999)} .", ok,
                       r.randint(30000, 240000), "ci-bot", runner=f"runner-{runner}")
    if not ok:
        day.error(ms + 20, "PermissionError: [Errno 13] Permission denied: "
                           "'/var/run/docker.sock'", "PermissionError", ex)


def scaffold_service(day: Day) -> None:
    """The healthy pattern; now and then someone does the same work by hand."""
    r = day.rng
    svc = r.choice(SERVICES)
    ms = day.moment(True)
    manual = r.random() < 0.15
    day.execution(ms, "scaffold_service", f"scaffold_service --name {svc} --port {r.randint(8000, 8099)}",
                  r.random() < 0.97, r.randint(1500, 4000) * (3 if manual else 1),
                  r.choice(HUMANS) if manual else "orchestrator",
                  pattern_id=None if manual else "pat-scaffold-service")


def deploy_preview(day: Day) -> None:
    """The pattern that fails about half of the time: quarantine material."""
    r = day.rng
    ms = day.moment(True)
    ok = r.random() < 0.5
    pr = r.randint(100, 900)
    ex = day.execution(ms, "deploy_preview", f"deploy-preview --branch {r.choice(BRANCHES)} --pr {pr}",
                       ok, r.randint(60000, 300000), "orchestrator", pattern_id="pat-deploy-preview")
    if not ok:
        day.error(ms + 30, f"TimeoutError: preview environment pr-{pr} not ready after 300s",
                  "TimeoutError", ex)


def legacy_migrate(day: Day) -> None:
    """The stale pattern: busy in the first ten days, then never used again."""
    if day.index >= 10:
        return
    r = day.rng
    ms = day.moment(True)
    day.execution(ms, "migrate_db", f"alembic upgrade {r.randrange(16**6):06x}", r.random() < 0.9,
                  r.randint(5000, 20000), "orchestrator", pattern_id="pat-legacy-migrate")


def generate_client(day: Day) -> None:
    """The degrading pattern: fine until three weeks ago, then worse every day."""
    r = day.rng
    decline = max(0.0, 1 - day.weeks_left / 3)  # 0 until the last 3 weeks, then up to 1
    ok = r.random() < 0.98 - 0.45 * decline
    ms = day.moment(True)
    day.execution(ms, "generate_client",
                  f"generate-client --spec api/{r.choice(SERVICES)}.yaml --lang {r.choice(LANGS)}",
                  ok, int(r.randint(4000, 8000) * (1 + 1.5 * decline)), "orchestrator",
                  pattern_id="pat-generate-client")


def handler_batch(day: Day) -> None:
    """Several similar handler files within a few hours (AUTO-002, AUTO-008)."""
    r = day.rng
    ms = day.moment(True)
    for _ in range(r.randint(3, 6)):
        name = r.choice(("invoice", "refund", "customer", "coupon", "export", "webhook",
                         "session", "quota", "report", "upload")) + r.choice(("", "s", "_admin"))
        title = name.replace("_", " ").title().replace(" ", "")
        content = (f'"""{title} handler."""\nfrom app.handlers.base import Handler\n\n\n'
                   f'class {title}Handler(Handler):\n    route = "/{name}"\n'
                   f'    timeout_s = {r.choice((5, 10, 30))}\n\n    def handle(self, request):\n'
                   f'        return self.ok({{"resource": "{name}"}})\n')
        path = f"src/handlers/{name}_handler.py"
        ex = day.execution(ms, "create_handler", f"create_handler --name {name}", True,
                           r.randint(300, 1200), r.choice(HUMANS), files=[path])
        day.file(ms + 100, path, content, ex)
        ms += r.randint(5, 90) * 60_000


def migration_batch(day: Day) -> None:
    """SQL migrations, written in bursts by the orchestrator."""
    r = day.rng
    ms = day.moment(False)
    for _ in range(r.randint(2, 4)):
        table = r.choice(("orders", "users", "invoices", "events", "sessions"))
        column = r.choice(("created_by", "region", "archived_at", "score", "tags"))
        day.counters["mig"] += 1
        path = f"migrations/{day.counters['mig']:04d}_add_{column}_to_{table}.sql"
        content = (f"-- add {column} to {table}\nALTER TABLE {table} ADD COLUMN {column} TEXT;\n"
                   f"CREATE INDEX idx_{table}_{column} ON {table}({column});\n")
        day.file(ms, path, content, None)
        ms += r.randint(1, 30) * 60_000


NOISE = (
    lambda r: ("tag_release", f"git tag v{r.randint(0, 3)}.{r.randint(0, 20)}.{r.randint(0, 9)}"),
    lambda r: ("probe_status", f"curl -s https://status.internal/{r.randrange(16**8):08x}"),
    lambda r: ("clean_build", f"rm -rf build/{r.randrange(16**5):05x}"),
    lambda r: (f"adhoc_{r.randrange(16**6):06x}", None),
    lambda r: ("open_issue", f"gh issue create --title 'flaky {r.randrange(10**6)}'"),
    lambda r: ("rotate_key", f"vault rotate secret/{r.randrange(16**6):06x}"),
)


def noise(day: Day) -> None:
    r = day.rng
    operation, command = r.choice(NOISE)(r)
    ms = day.moment(True)
    day.execution(ms, operation, command, r.random() < 0.9, r.randint(100, 30000),
                  r.choice(HUMANS + ("orchestrator",)), host=f"ws-{r.randint(1, 40)}")


# stream -> (units per weekday at scale 1, share kept on weekends)
STREAMS: tuple[tuple[Callable[[Day], None], float, float], ...] = (
    (add_dependency, 10, 0.1),
    (scaffold_module, 4, 0.1),
    (run_tests, 30, 0.6),
    (install_deps, 10, 0.6),
    (build_image, 8, 0.6),
    (scaffold_service, 8, 0.2),
    (deploy_preview, 5, 0.2),
    (legacy_migrate, 4, 0.2),
    (generate_client, 6, 0.2),
    (handler_batch, 0.5, 0.0),
    (migration_batch, 0.4, 0.0),
    (noise, 10, 0.3),
)


def default_now() -> datetime:
    """Midnight UTC today: the demo is the same all day long for a given seed."""
    return datetime.combine(datetime.now(timezone.utc).date(), time(), tzinfo=timezone.utc)


def generate_events(seed: int = 7, now: datetime | str | None = None, days: int = 42,
                    scale: float = 1.0, adoption: bool = False) -> Iterator[Event]:
    """Yield the workload's events in time order, over the ``days`` before ``now``.

    ``scale`` multiplies every stream's volume (1.0 is about 3,300 executions and 800 file and error events).
    ``adoption`` ramps the share of adoptable work done through a pattern from none (the
    first fifth of the window) to ADOPTION_MAX (its end).
    """
    if days < 1 or scale <= 0:
        raise ValueError("days must be >= 1 and scale > 0")
    end = parse_ts(now) if now is not None else default_now()
    rng = random.Random(seed)
    counters = {"ex": 0, "fe": 0, "er": 0, "mig": 0}
    start = end - timedelta(days=days)
    first = start.date()
    for index in range((end.date() - first).days + 1):
        on = first + timedelta(days=index)
        limit = _seconds_left(on, end)
        if limit <= 0:
            break
        start_ms = _ms_into_day(start) if index == 0 else 0
        day = Day(rng, index, days, on.isoformat() + "T", on.weekday() >= 5, start_ms, limit,
                  counters, adoption=_adoption(index, days) if adoption else 0.0)
        _fill(day, scale)
        day.events.sort(key=lambda item: (item[0], item[1]))
        for _ms, _n, event in day.events:
            yield event


ADOPTION_MAX = 0.7


def _adoption(index: int, days: int) -> float:
    return ADOPTION_MAX * min(1.0, max(0.0, (index / days - 0.2) / 0.8))


def _fill(day: Day, scale: float) -> None:
    rng = day.rng
    for stream, per_day, weekend_share in STREAMS:
        expected = per_day * scale * (weekend_share if day.weekend else 1.0)
        units = int(expected) + (rng.random() < expected - int(expected))
        for _ in range(units):
            stream(day)


def _ms_into_day(moment: datetime) -> int:
    return ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1000 \
        + moment.microsecond // 1000


def _seconds_left(on: date, end: datetime) -> int:
    start = datetime.combine(on, time(), tzinfo=timezone.utc)
    return min(86400, int((end - start).total_seconds()))
