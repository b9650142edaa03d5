"""Peak memory of one evaluate, measured in a child process of its own.

The child runs one ``evaluate_workspace`` (or, for the reference, only imports what it
would) and exits. It is started by a small launcher process, which reports
``getrusage(RUSAGE_CHILDREN).ru_maxrss`` once the child is done: Linux carries a
process's peak RSS across fork and exec, so a child forked straight from the benchmark
(which holds far more) would report the benchmark's own peak.

    python -m bench.memory_measure --launch WORKSPACE NOW [--imports-only]   (the launcher)
    python -m bench.memory_measure WORKSPACE NOW [--imports-only]            (the child)
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
from pathlib import Path

from bench.common import Result, Spread

REPO = Path(__file__).resolve().parent.parent
GOAL_MB = 300


def peak_rss_mb(workspace: Path, now: str, imports_only: bool = False) -> float:
    """Peak RSS in MB of a child process evaluating ``workspace`` (Linux: ru_maxrss in KB)."""
    command = [sys.executable, "-m", "bench.memory_measure", "--launch", str(workspace), now]
    if imports_only:
        command.append("--imports-only")
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the memory child failed ({done.returncode}): {done.stderr[-2000:]}")
    return int(done.stdout.strip()) / 1024


def measure_memory(workspace: Path, now: str, repeat: int, executions: int,
                   at_full: bool) -> Result:
    runs = [peak_rss_mb(workspace, now) for _ in range(max(1, repeat))]
    reference = [peak_rss_mb(workspace, now, imports_only=True) for _ in range(max(1, repeat))]
    mine, base = Spread.of(runs), Spread.of(reference)
    notes = ["baseline column: the same child after its imports only (the interpreter's floor)"]
    if not at_full:
        notes.append("goal judged only at 1M executions (--scale full)")
    return Result(f"peak RSS of evaluate ({executions:,} executions)", "MB", mine, base, None,
                  f"<= {GOAL_MB} MB at 1M executions",
                  (mine.median <= GOAL_MB) if at_full else None, notes)


def _child(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace", type=Path)
    parser.add_argument("now")
    parser.add_argument("--imports-only", action="store_true")
    parser.add_argument("--launch", action="store_true",
                        help="run the child, then print its peak RSS in KB")
    args = parser.parse_args(argv)
    if args.launch:
        command = [sys.executable, "-m", "bench.memory_measure", str(args.workspace), args.now]
        done = subprocess.run(command + (["--imports-only"] if args.imports_only else []))
        if done.returncode != 0:
            return done.returncode
        print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        return 0
    from engine.evaluate.session import evaluate_workspace, parse_now
    from engine.outputs import OUTPUTS
    from engine.workspace import load_workspace
    import engine.registry.emit  # noqa: F401  (imported lazily by evaluate: count it here too)
    if not args.imports_only:
        evaluate_workspace(load_workspace(args.workspace), outputs=OUTPUTS, now=parse_now(args.now))
    return 0


if __name__ == "__main__":
    sys.exit(_child())
