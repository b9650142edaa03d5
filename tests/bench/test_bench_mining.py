"""bench/mining.py runs on any folder laid out like loghub-2k and writes its table."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import REPO

BENCH_EXTRA = "bench/mining.py compares with Drain3: install the bench extra (pip install -e '.[bench]')"


def write_system(root: Path, name: str, rows: list[tuple[str, str, str]]) -> None:
    folder = root / name
    folder.mkdir(parents=True)
    with (folder / f"{name}_2k.log_structured.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["LineId", "Content", "EventId", "EventTemplate"])
        for index, (content, event, template) in enumerate(rows, 1):
            writer.writerow([index, content, event, template])


def test_benchmark_script_on_a_tiny_folder(tmp_path):
    pytest.importorskip("drain3", reason=BENCH_EXTRA)
    rows = []
    for i in range(30):
        rows.append((f"Receiving block blk_{1000 + i} src: /10.0.0.{i}:50010", "E1",
                     "Receiving block blk_<*> src: /<*>"))
        rows.append((f"worker {['alpha', 'beta', 'gamma'][i % 3]} finished job {i}", "E2",
                     "worker <*> finished job <*>"))
    write_system(tmp_path / "data", "Tiny", rows)
    write_system(tmp_path / "data", "Other", rows[:20])
    out = tmp_path / "table.json"
    done = subprocess.run([sys.executable, str(REPO / "bench" / "mining.py"), str(tmp_path / "data"),
                           "--json", str(out), "--repeat", "1", "--held-out", "2"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Tiny" in done.stdout and "average" in done.stdout and "leave-one-system-out" in done.stdout
    table = json.loads(out.read_text())
    tiny = next(row for row in table["systems"] if row["system"] == "Tiny")
    assert tiny["lines"] == 60 and tiny["truth_groups"] == 2
    assert tiny["autopattern"]["ga"] == 1.0
    assert 0 <= tiny["drain3"]["ga"] <= 1
    assert set(table["leave_one_out"]["held_out"]) == {"Tiny", "Other"}
    # systems in neither half of the fixed split count as test systems (text not tuned on)
    assert "design/test split" in done.stdout and set(table["split"]) == {"test"}
    assert table["split"]["test"]["systems"] == ["Other", "Tiny"]
    synth = table["synthetic"]
    assert set(synth["seeds"]) == {"0", "1", "2"} and synth["held_out"]["autopattern"]["ga"] > 0.5
    assert "held-out seeds 1-2" in done.stdout


def test_synthetic_systems_are_reproducible_and_their_truth_covers_each_line():
    from bench.synthetic_logs import generate

    one, again, other = generate(5, lines=300), generate(5, lines=300), generate(6, lines=300)
    assert one.contents == again.contents and one.truth_ids == again.truth_ids
    assert one.contents != other.contents
    assert len(set(one.truth_ids)) > 20
    for text, truth in zip(one.contents, one.truth_templates):
        glob = ".*?".join(re.escape(part) for part in truth.split("<*>"))
        assert re.fullmatch(glob, text, re.S), (truth, text)
    by_group = {}
    for group, truth in zip(one.truth_ids, one.truth_templates):
        assert by_group.setdefault(group, truth) == truth


def test_benchmark_refuses_a_folder_without_systems(tmp_path):
    done = subprocess.run([sys.executable, str(REPO / "bench" / "mining.py"), str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "structured.csv" in done.stderr


def test_the_speed_goal_is_read_from_unrounded_ratios():
    """1.96x prints as 2.0 in one decimal: the verdict names it as below the goal."""
    from bench.mining import SPEED_GOAL, Row, Scores, averages, render_speed_goal, speed_goal

    def row(name: str, ours: float, theirs: float) -> Row:
        return Row(name, 2000, 5, Scores(1.0, 1.0, 1.0, ours), Scores(1.0, 1.0, 1.0, theirs), {})
    rows = [row("Fast", 300_000, 100_000), row("Close", 196_000, 100_000)]
    goal = speed_goal(rows, averages(rows))
    assert not goal["met"] and set(goal["below"]) == {"Close"}
    assert render_speed_goal(goal).endswith("not met: Close 1.96x")
    rows = [row("Fast", 300_000, 100_000), row("Even", 200_000, 100_000)]
    assert speed_goal(rows, averages(rows)) == {"goal": SPEED_GOAL, "met": True, "below": {}}
