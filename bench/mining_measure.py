"""Template mining against Drain3: runs bench/mining.py (owned by the miner) and reads its JSON.

bench/mining.py mines the Loghub-2k systems with both miners on the same lines and
reports grouping accuracy and lines/s per system. The ratio here is autopattern's
average lines/s over Drain3's; the min–max is over the systems. The goal is twice the
speed on every system and over all lines pooled, at equal or better average grouping
accuracy; the notes carry the generalisation checks of the same run (the test half of
the fixed design/test split, and the held-out synthetic systems).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import Result, Spread
from bench.mining import SPEED_GOAL

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "bench" / "mining.py"
GOAL_TEXT = f">= {SPEED_GOAL}x on every system and pooled, GA >= Drain3's"


def measure_mining(repeat: int, systems: list[str] | None, data_dir: Path | None) -> Result:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "mining.json"
        # a mining run takes milliseconds: at least 7 alternated runs, for a steadier median
        command = [sys.executable, str(SCRIPT), "--json", str(out), "--no-loo",
                   "--repeat", str(max(7, repeat))]
        if data_dir is not None:
            command.insert(2, str(data_dir))
        if systems:
            command += ["--systems", *systems]
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
        if done.returncode != 0 or not out.is_file():
            return _skipped(f"bench/mining.py failed ({done.returncode}): "
                            f"{(done.stderr or done.stdout).strip()[-500:]}")
        doc = json.loads(out.read_text(encoding="utf-8"))
    rows = doc["systems"]
    ours = Spread.of([r["autopattern"]["lines_per_s"] for r in rows])
    theirs = Spread.of([r["drain3"]["lines_per_s"] for r in rows])
    per_system = Spread.of([r["autopattern"]["lines_per_s"] / r["drain3"]["lines_per_s"]
                            for r in rows])
    avg = doc["average"]
    speed = avg["autopattern"]["lines_per_s"] / avg["drain3"]["lines_per_s"]
    ratio = Spread(speed, per_system.low, per_system.high, per_system.samples)
    ga_ours, ga_theirs = avg["autopattern"]["ga"], avg["drain3"]["ga"]
    pooled = avg["autopattern"]["pooled_lines_per_s"] / avg["drain3"]["pooled_lines_per_s"]
    # the speed verdict is the script's own (every system and pooled, unrounded ratios)
    met = doc["speed_goal"]["met"] and ga_ours >= ga_theirs
    notes = [f"{len(rows)} Loghub-2k systems; ratio = mean lines/s over Drain3's mean lines/s "
             f"(min–max: per system); all lines pooled {pooled:.2f}x; "
             f"grouping accuracy {ga_ours:.3f} vs Drain3 {ga_theirs:.3f}"]
    notes += _generalisation(doc)
    return Result("template mining vs Drain3", "lines/s", ours, theirs, ratio,
                  GOAL_TEXT, met, notes,
                  {"ga": {"autopattern": ga_ours, "drain3": ga_theirs}, "pooled_ratio": pooled,
                   "systems": [r["system"] for r in rows]})


def _generalisation(doc: dict) -> list[str]:
    notes = []
    test = (doc.get("split") or {}).get("test")
    if test:
        notes.append(f"test half of the design/test split ({' '.join(test['systems'])}): GA "
                     f"{test['autopattern']['ga']:.3f} (worst {test['autopattern']['worst_ga']:.3f})"
                     f" vs Drain3 {test['drain3']['ga']:.3f}")
    held = (doc.get("synthetic") or {}).get("held_out")
    if held:
        notes.append(f"held-out synthetic systems ({len(held['systems'])}): GA "
                     f"{held['autopattern']['ga']:.3f} (worst {held['autopattern']['worst_ga']:.3f})"
                     f" vs Drain3 {held['drain3']['ga']:.3f}")
    return notes


def _skipped(reason: str) -> Result:
    return Result("template mining vs Drain3", "lines/s", None, None, None, GOAL_TEXT, None,
                  [reason])
