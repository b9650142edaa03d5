"""autopattern's benchmark: speed, memory and scale, each against a baseline of the same run.

    python bench/run.py [--scale small|full|N] [--repeat 3] [--json OUT]
                        [--history-factor 10] [--measures ingest,evaluate,growth,memory,mining]
                        [--database postgresql://user@host:port/throwaway_db]
    ./run.sh bench ...

The workload is the demo's seeded generator over 90 days, sized by executions (``full``:
1,000,000 executions with about 145k file events and 92k errors, half of them
resolved, and patterns in use), written once as JSON Lines under bench/results/cache/.
Measures, each timed back to back with its baseline ``--repeat`` times (median, min–max):

  ingest    events/s of the whole ingest vs json.loads + executemany   goal >= 0.35x
  evaluate  every pack's whole run vs its compiled SQL run bare         goal <= 1.2x, < 10 s at 1M
  growth    evaluate with F x the rows in the DB vs 1x, same window     goal <= 1.2x
  memory    peak RSS of one evaluate in a child process                 goal <= 300 MB at 1M
  mining    template mining vs Drain3 (bench/mining.py)                 goal >= 2x, GA >= Drain3's

With --database (a throwaway PostgreSQL database: it is emptied), ingest and evaluate
are also measured on PostgreSQL beside SQLite (bench/postgres_measure.py):
  pg-ingest   events/s into PostgreSQL vs into SQLite                   reported
  pg-evaluate every pack on PostgreSQL vs on SQLite, same events         goal <= 1.5x at 1M

Prints the table and writes it with the machine and the workload as JSON.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import Result, Spread, machine_info  # noqa: E402
from bench.workload_cache import SIZES, Workload, ensure_workload, parse_size  # noqa: E402

MEASURES = ("ingest", "evaluate", "growth", "memory", "mining")
RESULTS = REPO / "bench" / "results"
DAYS = 90
SEED = 7
NOW = "2026-11-24T00:00:00Z"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 2)[2])
    parser.add_argument("--scale", default="small",
                        help="small (16k executions, ~20k events), full (1M executions) or a "
                             "number of executions such as 200000 or 200k (default: small)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per measure (median)")
    parser.add_argument("--json", type=Path, help="write the results as JSON to this file")
    parser.add_argument("--history-factor", type=int, default=10,
                        help="growth: the DB holds this many times the window's executions "
                             "(default 10; lower it when disk or time is short)")
    parser.add_argument("--measures", default=",".join(MEASURES),
                        help=f"comma-separated subset of {','.join(MEASURES)}")
    parser.add_argument("--mining-systems", nargs="*",
                        help="mining: only these Loghub systems (default: all)")
    parser.add_argument("--mining-data", type=Path, help="mining: the Loghub-2k folder")
    parser.add_argument("--cache-dir", type=Path, default=RESULTS / "cache",
                        help="where the generated workload is kept between runs")
    parser.add_argument("--workdir", type=Path, default=RESULTS / "work",
                        help="where the benchmark's workspaces are built (emptied first)")
    parser.add_argument("--now", default=NOW, help="end of the workload's 90 days (RFC 3339)")
    parser.add_argument("--database", help="also measure ingest and evaluate on this PostgreSQL "
                                           "database (a throwaway one: it is emptied first)")
    args = parser.parse_args(argv)
    try:
        args.executions = parse_size(args.scale)
        args.now_dt = datetime.fromisoformat(args.now.replace("Z", "+00:00"))
    except ValueError as exc:
        parser.error(str(exc))
    if args.now_dt.tzinfo is None:
        args.now_dt = args.now_dt.replace(tzinfo=timezone.utc)
    args.selected = [m.strip() for m in args.measures.split(",") if m.strip()]
    unknown = [m for m in args.selected if m not in MEASURES]
    if unknown or not args.selected:
        parser.error(f"--measures: unknown {unknown or 'empty list'}; choose from {', '.join(MEASURES)}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.database:
        import os
        from engine.errors import AutopatternError
        from engine.store.url import ENV_VAR, parse_store_url
        try:
            if parse_store_url(args.database).dialect != "postgres":
                parser.error("--database must be a postgresql:// URL (SQLite is always measured)")
        except AutopatternError as exc:
            parser.error(f"--database: {exc}")
        os.environ.pop(ENV_VAR, None)   # each measured workspace names its own store
    if args.history_factor < 2:
        parser.error("--history-factor must be at least 2")
    return args


def say(text: str) -> None:
    """Progress goes to stderr: stdout carries only the table."""
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def at_full(workload: Workload) -> bool:
    """Absolute goals are set for 1M executions: judged when the full size was asked for
    (the seeded generator lands within a fraction of a percent of it)."""
    return workload.executions_wanted >= SIZES["full"]


class Results(list):
    """The rows so far; with ``--json`` each one is written as soon as it is measured,
    so a long run that is stopped still leaves what it had measured."""

    def __init__(self, args: argparse.Namespace, workload: Workload):
        super().__init__()
        self.args, self.workload, self.started = args, workload, time.perf_counter()

    def append(self, result: Result) -> None:
        super().append(result)
        self.save()

    def extend(self, results) -> None:
        super().extend(results)
        self.save()

    def save(self) -> None:
        if self.args.json:
            self.args.json.parent.mkdir(parents=True, exist_ok=True)
            doc = document(self.args, list(self), self.workload, time.perf_counter() - self.started)
            self.args.json.write_text(json.dumps(doc, indent=2), encoding="utf-8")


def run(args: argparse.Namespace) -> tuple[list[Result], Workload]:
    say(f"workload: {args.executions:,} executions over {DAYS} days (cache: {args.cache_dir})")
    workload = ensure_workload(args.cache_dir, args.executions, SEED, args.now_dt, DAYS)
    say(f"workload ready: {workload.events:,} events {workload.counts}")
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = Results(args, workload)
    base = None
    if "ingest" in args.selected:
        from bench.ingest_measure import measure_ingest
        say("ingest ...")
        result, base = measure_ingest(args.workdir, workload, args.repeat)
        results.append(result)
    needs_base = {"evaluate", "growth", "memory"} & set(args.selected)
    if needs_base and base is None:
        from bench.ingest_measure import ingest_workspace, reusable_workspace
        base = reusable_workspace(args.workdir / "base", workload)
        if base is None:
            say("building the evaluated workspace (ingest not timed) ...")
            base, _ = ingest_workspace(args.workdir / "base", workload)
        else:
            say(f"reusing {base.root} (built from this workload by an earlier run)")
    if "evaluate" in args.selected:
        from bench.evaluate_measure import measure_evaluate
        say("evaluate ...")
        results.extend(measure_evaluate(base, args.now_dt, args.repeat, workload.counts["execution"],
                                        at_full(workload)))
    if "memory" in args.selected:
        from bench.memory_measure import measure_memory
        say("memory ...")
        results.append(measure_memory(base.root, args.now, args.repeat, workload.counts["execution"],
                                      at_full(workload)))
    if "growth" in args.selected:
        from bench.history import measure_growth
        say(f"growth: building {args.history_factor}x history ...")
        results.append(measure_growth(base, args.workdir / "history", args.now_dt, args.repeat,
                                      args.history_factor, DAYS, workload.counts["execution"]))
        shutil.rmtree(args.workdir / "history", ignore_errors=True)
    if args.database and ({"ingest", "evaluate"} & set(args.selected)):
        from bench.postgres_measure import measure_postgres_evaluate, measure_postgres_ingest
        from engine.store.url import redact
        say(f"PostgreSQL ({redact(args.database)}): ingest ...")
        result, pg_ws, lite_ws = measure_postgres_ingest(args.workdir / "pg", workload, args.repeat,
                                                         args.database)
        results.append(result)
        if "evaluate" in args.selected:
            say("PostgreSQL: evaluate ...")
            results.append(measure_postgres_evaluate(pg_ws, lite_ws, args.now_dt, args.repeat,
                                                     at_full(workload)))
    if "mining" in args.selected:
        from bench.mining_measure import measure_mining
        say("template mining vs Drain3 ...")
        results.append(measure_mining(args.repeat, args.mining_systems, args.mining_data))
    return results, workload


# --- output ----------------------------------------------------------------------------

def fmt_value(spread: Spread | None, unit: str) -> str:
    if spread is None:
        return "—"
    digits = 0 if spread.median >= 1000 else 1 if spread.median >= 10 else 2
    def one(v: float) -> str:
        return f"{v:,.{digits}f}"
    return f"{one(spread.median)} {unit} ({one(spread.low)}–{one(spread.high)})"


def fmt_ratio(spread: Spread | None) -> str:
    if spread is None:
        return "—"
    return f"{spread.median:.2f}x ({spread.low:.2f}–{spread.high:.2f})"


def render(results: list[Result]) -> str:
    header = ("measure", "autopattern", "baseline", "ratio", "goal", "met?")
    rows = [header] + [(r.measure, fmt_value(r.autopattern, r.unit), fmt_value(r.baseline, r.unit),
                        fmt_ratio(r.ratio), r.goal,
                        {True: "yes", False: "NO", None: "n/a"}[r.met]) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [" | ".join(cell.ljust(w) for cell, w in zip(row, widths)) for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    notes = [f"  {r.measure}: {n}" for r in results for n in r.notes]
    return "\n".join(lines + (["", "notes:"] + notes if notes else []))


def document(args: argparse.Namespace, results: list[Result], workload: Workload,
             seconds: float) -> dict:
    return {
        "taken_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine_info(),
        "revision": revision(),
        "workload": workload.to_json(),
        "settings": {"scale": args.scale, "repeat": args.repeat,
                     "history_factor": args.history_factor, "measures": args.selected},
        "seconds": round(seconds, 1),
        "results": [r.to_json() for r in results],
    }


def revision() -> str | None:
    """The commit measured, marked ``-dirty`` when the working tree had changes."""
    try:
        done = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=REPO,
                              capture_output=True, text=True, timeout=10)
    except OSError:
        return None
    return done.stdout.strip() or None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results, workload = run(args)
    print(f"autopattern benchmark: {workload.counts.get('execution', 0):,} executions, "
          f"{workload.events:,} events, median of {args.repeat} (min–max)")
    print(render(results))
    if args.json:
        say(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
