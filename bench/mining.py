"""Benchmark of the template miner against Drain3 on Loghub-style data, in one run.

    python bench/mining.py [DATA_DIR] [--json OUT] [--systems HDFS Linux ...] [--repeat 7]

DATA_DIR (default ../shared/data/loghub-2k beside the repository) holds one sub-folder
per system with ``<Name>_2k.log_structured.csv`` (columns ``Content``, ``EventId``,
``EventTemplate``). Both miners read the same ``Content`` lines, in order, online.

Measures, per system and on average:
  GA   grouping accuracy: share of lines whose predicted group is exactly their
       ground-truth group (Zhu et al. 2019);
  PA   parsing accuracy: share of lines whose template equals the ground truth's;
  FGA  F1 of groups: precision and recall of exactly-right groups (Khan et al. 2022);
  lines/s  median over ``--repeat`` runs of mining all lines (masking included), the
       two miners' runs taken in turns and timed in CPU time of this process (both are
       single-threaded; other jobs on a shared machine then count for neither); the
       average row is the mean of the systems' lines/s, the pooled row all lines over
       all time (the slowest systems weigh most).

Groups are the ids each miner hands out, followed through merges (what the store
keeps). autopattern runs its ONE shared configuration; Drain3 gets the Loghub
benchmark's per-system masks, similarity threshold and depth (``DRAIN3_SETTINGS``).

Generalisation, reported in the same run:
  design/test split: the systems are split, once and before any tuning, into a design
       half (``DESIGN_SYSTEMS``: the only ones looked at while changing masks or rules)
       and a test half; both halves' GA/PA are reported. A system in neither list (any
       other Loghub folder) counts as test;
  synthetic: ``bench/synthetic_logs.py`` makes systems of log statements with known
       templates (glued constants, quoting, key=value, brackets, enumerations of few
       values vs real variables) from a seed; seed 0 is the design seed, ``--held-out``
       seeds are never looked at while tuning. Drain3 runs them with its defaults.

Leave-one-system-out (``--no-loo`` to skip). For each system, the
miner's one numeric setting (``family_size``) is chosen from a grid on the *other*
systems only, then scored on the held-out one; if that score matches the shipped
configuration's, the shipped configuration was not fitted to any one system.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from itertools import count
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic_logs import generate  # noqa: E402
from engine.mining.align import clear_caches  # noqa: E402
from engine.mining.masks import build_mask_set  # noqa: E402
from engine.mining.miner import Miner, MinerConfig  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "loghub-2k"
GRID = (2, 3, 4, 5, 6)  # family_size: distinct values at one token before it is a slot
# Fixed before tuning (alphabetical order, every other system): only the design half is
# read while masks and rules change; the test half stands in for systems not on hand.
DESIGN_SYSTEMS = ("HDFS", "HealthApp", "Mac", "Spark")
TEST_SYSTEMS = ("Hadoop", "Linux", "Proxifier", "Zookeeper")  # and any system not listed
DESIGN_SEED = 0
HELD_OUT_SEEDS = tuple(range(1, 9))  # synthetic seeds never read while tuning

IP = r"(\d+\.){3}\d+"
DRAIN3_SETTINGS = {  # logpai/logparser Drain/benchmark.py: regex, st, depth per system
    "HDFS": ([r"blk_-?\d+", r"(\d+\.){3}\d+(:\d+)?"], 0.5, 4),
    "Hadoop": ([IP], 0.5, 4),
    "Spark": ([IP, r"\b[KGTM]?B\b", r"([\w-]+\.){2,}[\w-]+"], 0.5, 4),
    "Zookeeper": ([r"(/|)(\d+\.){3}\d+(:\d+)?"], 0.5, 4),
    "BGL": ([r"core\.\d+"], 0.5, 4),
    "HPC": ([r"=\d+"], 0.5, 4),
    "Thunderbird": ([IP], 0.5, 4),
    "Windows": ([r"0x.*?\s"], 0.7, 5),
    "Linux": ([IP, r"\d{2}:\d{2}:\d{2}"], 0.39, 6),
    "Android": ([r"(/[\w-]+)+", r"([\w-]+\.){2,}[\w-]+",
                 r"\b(\-?\+?\d+)\b|\b0[Xx][a-fA-F\d]+\b|\b[a-fA-F\d]{4,}\b"], 0.2, 6),
    "HealthApp": ([], 0.2, 4),
    "Apache": ([IP], 0.5, 4),
    "Proxifier": ([r"<\d+\ssec", r"([\w-]+\.)+[\w-]+(:\d+)?", r"\d{2}:\d{2}(:\d{2})*", r"[KGTM]B"],
                  0.6, 3),
    "OpenSSH": ([IP, r"([\w-]+\.){2,}[\w-]+"], 0.6, 5),
    "OpenStack": ([r"((\d+\.){3}\d+,?)+", r"/.+?\s", r"\d+"], 0.5, 5),
    "Mac": ([r"([\w-]+\.){2,}[\w-]+"], 0.7, 6),
}
DRAIN3_DEFAULT = ([], 0.4, 4)  # a system the benchmark has no settings for: Drain3's defaults


@dataclass
class System:
    name: str
    contents: list[str]
    truth_ids: list[str]
    truth_templates: list[str]


@dataclass
class Parse:
    groups: list            # per line: the id of its group
    templates: list[str]    # per line: its template


@dataclass
class Scores:
    ga: float
    pa: float
    fga: float
    lines_per_s: float = 0.0
    templates: int = 0


@dataclass
class Row:
    system: str
    lines: int
    truth_groups: int
    autopattern: Scores
    drain3: Scores
    drain3_config: dict = field(default_factory=dict)


# --- data ------------------------------------------------------------------------------

def load_systems(data_dir: Path, only: list[str] | None = None) -> list[System]:
    systems = []
    for folder in sorted(p for p in data_dir.iterdir() if p.is_dir()):
        found = sorted(folder.glob("*_structured.csv"))
        if not found or (only and folder.name not in only):
            continue
        with found[0].open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        systems.append(System(folder.name, [r["Content"] for r in rows],
                              [r["EventId"] for r in rows], [r["EventTemplate"] for r in rows]))
    return systems


# --- the two miners --------------------------------------------------------------------

def parse_autopattern(contents: list[str], config: MinerConfig) -> Parse:
    """One cold run: a fresh miner, fresh mask caches and no memoised alignments, as a new
    ingest process has (repeats must not time answers an earlier run left behind)."""
    clear_caches()
    ids = count(1)
    miner = Miner("message", build_mask_set(), lambda template: next(ids), config)
    assigned = [miner.add(text).cluster.id for text in contents]
    final = [miner.resolve(cid) for cid in assigned]
    return Parse([c.id for c in final], [c.template for c in final])


def drain3_config(system: str) -> tuple[list[str], float, int]:
    return DRAIN3_SETTINGS.get(system, DRAIN3_DEFAULT)


def parse_drain3(contents: list[str], system: str) -> Parse:
    from drain3 import TemplateMiner
    from drain3.masking import MaskingInstruction
    from drain3.template_miner_config import TemplateMinerConfig

    regexes, st, depth = drain3_config(system)
    config = TemplateMinerConfig()
    config.drain_sim_th, config.drain_depth = st, depth
    config.masking_instructions = [MaskingInstruction(r, "*") for r in regexes]
    config.profiling_enabled = False
    miner = TemplateMiner(config=config)
    assigned = [miner.add_log_message(text)["cluster_id"] for text in contents]
    templates = {c.cluster_id: c.get_template() for c in miner.drain.clusters}
    return Parse(assigned, [templates[cid] for cid in assigned])


# --- measures --------------------------------------------------------------------------

def score(system: System, parse: Parse) -> Scores:
    """GA, PA and FGA of a parse against the system's ground truth."""
    truth_size = Counter(system.truth_ids)
    members = defaultdict(list)
    for line, group in enumerate(parse.groups):
        members[group].append(line)
    right_lines = right_groups = 0
    for lines in members.values():
        truths = {system.truth_ids[i] for i in lines}
        if len(truths) == 1 and truth_size[truths.pop()] == len(lines):
            right_lines += len(lines)
            right_groups += 1
    total = len(system.contents)
    precision = right_groups / len(members) if members else 0.0
    recall = right_groups / len(truth_size) if truth_size else 0.0
    fga = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    parsed_right = sum(_norm(t) == _norm(p) for t, p in zip(system.truth_templates, parse.templates))
    return Scores(right_lines / total, parsed_right / total, fga, templates=len(members))


def _norm(template: str) -> str:
    return " ".join(template.split())


def timed_pair(ours, theirs, repeat: int) -> tuple[Parse, float, Parse, float]:
    """Both parses and the median CPU seconds of ``repeat`` runs of each, taken in turns
    (ours, theirs, ours, ...) so that a slow spell of a shared machine hits both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    parses: list = [None, None]
    for _ in range(max(1, repeat)):
        for index, run in enumerate((ours, theirs)):
            start = time.process_time()
            parses[index] = run()
            times[index].append(time.process_time() - start)
    return (parses[0], statistics.median(times[0]), parses[1], statistics.median(times[1]))


def benchmark(systems: list[System], config: MinerConfig, repeat: int) -> list[Row]:
    rows = []
    for system in systems:
        lines = len(system.contents)
        mine, mine_s, theirs, theirs_s = timed_pair(
            lambda: parse_autopattern(system.contents, config),
            lambda: parse_drain3(system.contents, system.name), repeat)
        ours, drains = score(system, mine), score(system, theirs)
        ours.lines_per_s, drains.lines_per_s = lines / mine_s, lines / theirs_s
        regexes, st, depth = drain3_config(system.name)
        rows.append(Row(system.name, lines, len(set(system.truth_ids)), ours, drains,
                        {"regex": regexes, "st": st, "depth": depth}))
    return rows


def leave_one_out(systems: list[System], config: MinerConfig) -> dict:
    """Pick the threshold on the other systems, score it on the held-out one."""
    ga = {(s.name, st): score(s, parse_autopattern(s.contents, replace(config, family_size=st))).ga
          for s in systems for st in GRID}
    held = {}
    for system in systems:
        others = [s.name for s in systems if s is not system]
        chosen = max(GRID, key=lambda st: (statistics.mean(ga[(o, st)] for o in others)
                                           if others else 0, -abs(st - config.family_size)))
        held[system.name] = {"chosen_family_size": chosen, "ga": ga[(system.name, chosen)]}
    return {
        "grid": list(GRID),
        "shipped_family_size": config.family_size,
        "held_out": held,
        "average_ga_held_out": statistics.mean(h["ga"] for h in held.values()),
        "average_ga_by_family_size": {st: statistics.mean(ga[(s.name, st)] for s in systems)
                                     for st in GRID},
    }


def split_summary(rows: list[Row]) -> dict:
    """Mean and worst GA, mean PA, of the design half and the test half."""
    halves = {"design": [r for r in rows if r.system in DESIGN_SYSTEMS],
              "test": [r for r in rows if r.system not in DESIGN_SYSTEMS]}
    return {half: _summary(picked) for half, picked in halves.items() if picked}


def _summary(rows: list[Row]) -> dict:
    out = {"systems": [r.system for r in rows]}
    for miner in ("autopattern", "drain3"):
        scores = [getattr(r, miner) for r in rows]
        out[miner] = {"ga": statistics.mean(s.ga for s in scores),
                      "worst_ga": min(s.ga for s in scores),
                      "pa": statistics.mean(s.pa for s in scores)}
    return out


def synthetic(config: MinerConfig, seeds: tuple[int, ...]) -> dict:
    """GA/PA on generated systems: the design seed and the held-out seeds."""
    rows = {}
    for seed in (DESIGN_SEED, *seeds):
        system = generate(seed)
        ours = score(system, parse_autopattern(system.contents, config))
        theirs = score(system, parse_drain3(system.contents, system.name))
        rows[seed] = Row(system.name, len(system.contents), len(set(system.truth_ids)),
                         ours, theirs)
    held = [rows[seed] for seed in seeds]
    return {"design": _summary([rows[DESIGN_SEED]]),
            "held_out": _summary(held) if held else None,
            "seeds": {seed: {"groups": r.truth_groups, "autopattern": vars(r.autopattern),
                             "drain3": vars(r.drain3)} for seed, r in rows.items()}}


def averages(rows: list[Row]) -> dict:
    def mean(miner: str, measure: str) -> float:
        return statistics.mean(getattr(getattr(r, miner), measure) for r in rows)
    def pooled(miner: str) -> float:
        """All lines over all time: the slow systems weigh by the time they take."""
        return (sum(r.lines for r in rows)
                / sum(r.lines / getattr(r, miner).lines_per_s for r in rows))
    return {miner: {**{m: mean(miner, m) for m in ("ga", "pa", "fga", "lines_per_s")},
                    "pooled_lines_per_s": pooled(miner)}
            for miner in ("autopattern", "drain3")}


def render_generalisation(split: dict, synth: dict | None) -> list[str]:
    def line(label: str, summary: dict) -> str:
        a, d = summary["autopattern"], summary["drain3"]
        return (f"  {label:<34} GA {a['ga']:.3f} (worst {a['worst_ga']:.3f}) PA {a['pa']:.3f}"
                f" | Drain3 GA {d['ga']:.3f} (worst {d['worst_ga']:.3f}) PA {d['pa']:.3f}")
    out = ["", "design/test split (fixed before tuning; only the design half is read while tuning):"]
    for half, summary in split.items():
        out.append(line(f"{half}: {' '.join(summary['systems'])}", summary))
    if synth:
        out.append("synthetic statements (bench/synthetic_logs.py, 2000 lines each; "
                   "Drain3 with its defaults):")
        out.append(line(f"design seed {DESIGN_SEED}", synth["design"]))
        if synth["held_out"]:
            seeds = [s for s in synth["seeds"] if s != DESIGN_SEED]
            out.append(line(f"held-out seeds {min(seeds)}-{max(seeds)}", synth["held_out"]))
    return out


SPEED_GOAL = 2.0  # issue 19: at least twice Drain3's lines/s on every system, and pooled


def speed_goal(rows: list[Row], avg: dict) -> dict:
    """Whether this run met the speed goal, and the systems (or the pooled figure) below
    it, read from the unrounded ratios (a speed-up printed as 2.0 can be 1.96)."""
    ratios = {r.system: r.autopattern.lines_per_s / r.drain3.lines_per_s for r in rows}
    a, d = avg["autopattern"], avg["drain3"]
    ratios["pooled"] = a["pooled_lines_per_s"] / d["pooled_lines_per_s"]
    below = {name: ratio for name, ratio in ratios.items() if ratio < SPEED_GOAL}
    return {"goal": SPEED_GOAL, "met": not below, "below": below}


def render_speed_goal(goal: dict) -> str:
    below = ", ".join(f"{name} {ratio:.2f}x" for name, ratio in goal["below"].items())
    return (f"speed goal (>= {goal['goal']:g}x Drain3 on every system and pooled): "
            + ("met" if goal["met"] else f"not met: {below}"))


def render(rows: list[Row], avg: dict, loo: dict | None) -> str:
    head = (f"{'system':<11} {'lines':>5} {'groups':>6} | {'GA':>6} {'PA':>6} {'FGA':>6} "
            f"{'lines/s':>8} | {'GA':>6} {'PA':>6} {'FGA':>6} {'lines/s':>8} | speed-up")
    out = [f"{'':<25} | {'autopattern (one shared config)':<29} | "
           f"{'Drain3 (Loghub per-system settings)':<29} |", head, "-" * len(head)]
    for r in rows:
        a, d = r.autopattern, r.drain3
        out.append(f"{r.system:<11} {r.lines:>5} {r.truth_groups:>6} | {a.ga:6.3f} {a.pa:6.3f} "
                   f"{a.fga:6.3f} {a.lines_per_s:8.0f} | {d.ga:6.3f} {d.pa:6.3f} {d.fga:6.3f} "
                   f"{d.lines_per_s:8.0f} | {a.lines_per_s / d.lines_per_s:6.2f}x")
    a, d = avg["autopattern"], avg["drain3"]
    out.append("-" * len(head))
    out.append(f"{'average':<11} {'':>5} {'':>6} | {a['ga']:6.3f} {a['pa']:6.3f} {a['fga']:6.3f} "
               f"{a['lines_per_s']:8.0f} | {d['ga']:6.3f} {d['pa']:6.3f} {d['fga']:6.3f} "
               f"{d['lines_per_s']:8.0f} | {a['lines_per_s'] / d['lines_per_s']:6.2f}x")
    out.append(f"{'all lines, pooled':<25} | {'':>20} {a['pooled_lines_per_s']:8.0f} | "
               f"{'':>20} {d['pooled_lines_per_s']:8.0f} | "
               f"{a['pooled_lines_per_s'] / d['pooled_lines_per_s']:6.2f}x")
    out.append(render_speed_goal(speed_goal(rows, avg)))
    if loo:
        out.append("")
        out.append(f"leave-one-system-out (family size chosen on the other systems from "
                   f"{loo['grid']}; shipped {loo['shipped_family_size']}):")
        for name, held in loo["held_out"].items():
            out.append(f"  {name:<11} chosen {held['chosen_family_size']:<4} GA {held['ga']:.3f}")
        out.append(f"  average GA held out: {loo['average_ga_held_out']:.3f}")
        by = ", ".join(f"{st}: {ga:.3f}" for st, ga in loo["average_ga_by_family_size"].items())
        out.append(f"  average GA by family size: {by}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", type=Path, help="also write the table as JSON to this file")
    parser.add_argument("--systems", nargs="*", help="only these systems (folder names)")
    parser.add_argument("--repeat", type=int, default=7,
                        help="timed runs per miner, taken in turns (median; default 7)")
    parser.add_argument("--no-loo", action="store_true", help="skip the leave-one-out check")
    parser.add_argument("--held-out", type=int, default=len(HELD_OUT_SEEDS),
                        help="synthetic held-out seeds 1..N (0: only the design seed)")
    parser.add_argument("--no-synthetic", action="store_true", help="skip the synthetic set")
    args = parser.parse_args(argv)
    if not args.data_dir.is_dir():
        parser.error(f"no data folder at {args.data_dir}")
    systems = load_systems(args.data_dir, args.systems)
    if not systems:
        parser.error(f"no <system>/*_structured.csv under {args.data_dir}")
    config = MinerConfig()
    rows = benchmark(systems, config, args.repeat)
    avg = averages(rows)
    split = split_summary(rows)
    synth = (None if args.no_synthetic
             else synthetic(config, tuple(range(1, args.held_out + 1))))
    loo = None if args.no_loo else leave_one_out(systems, config)
    print(render(rows, avg, loo))
    print("\n".join(render_generalisation(split, synth)))
    if args.json:
        doc = {"config": vars(config) if hasattr(config, "__dict__") else str(config),
               "systems": [_row_json(r) for r in rows], "average": avg,
               "speed_goal": speed_goal(rows, avg), "leave_one_out": loo,
               "split": split, "synthetic": synth}
        args.json.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return 0


def _row_json(row: Row) -> dict:
    return {"system": row.system, "lines": row.lines, "truth_groups": row.truth_groups,
            "autopattern": vars(row.autopattern), "drain3": vars(row.drain3),
            "drain3_config": row.drain3_config}


if __name__ == "__main__":
    sys.exit(main())
