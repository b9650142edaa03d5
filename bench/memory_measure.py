"""Peak memory of one evaluate, measured in a child process of its own.

The child runs one ``evaluate_workspace`` (or, for the reference, only imports what it
would) and exits; its peak resident set comes from the kernel's rusage of that one
child (``os.wait4``, the per-child form of ``getrusage(RUSAGE_CHILDREN)``), so nothing
the benchmark itself holds is counted.

    python -m bench.memory_measure WORKSPACE NOW [--imports-only]   (the child)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from bench.common import Result, Spread

REPO = Path(__file__).resolve().parent.parent
GOAL_MB = 300


def peak_rss_mb(workspace: Path, now: str, imports_only: bool = False) -> float:
    """Peak RSS in MB of a child process evaluating ``workspace`` (Linux: ru_maxrss in KB)."""
    command = [sys.executable, "-m", "bench.memory_measure", str(workspace), now]
    if imports_only:
        command.append("--imports-only")
    child = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    if child.returncode != 0:
        raise RuntimeError(f"the memory child failed ({child.returncode}): {error[-2000:]}")
    return usage.ru_maxrss / 1024


def measure_memory(workspace: Path, now: str, repeat: int, executions: int) -> Result:
    runs = [peak_rss_mb(workspace, now) for _ in range(max(1, repeat))]
    reference = [peak_rss_mb(workspace, now, imports_only=True) for _ in range(max(1, repeat))]
    mine, base = Spread.of(runs), Spread.of(reference)
    at_full = executions >= 1_000_000
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
    args = parser.parse_args(argv)
    from engine.evaluate.session import evaluate_workspace, parse_now
    from engine.workspace import load_workspace
    import engine.registry.emit  # noqa: F401  (imported lazily by evaluate: count it here too)
    if not args.imports_only:
        evaluate_workspace(load_workspace(args.workspace), now=parse_now(args.now))
    return 0


if __name__ == "__main__":
    sys.exit(_child())
