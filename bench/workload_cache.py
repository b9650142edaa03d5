"""The benchmark's workload: the demo's seeded generator, sized by executions, cached as JSONL.

Generating a million executions takes about a minute, so the JSON Lines file is written
once per (seed, now, days, size) under the cache folder and reused: every measure then
reads the same bytes. The file is written beside its final name and renamed, so an
interrupted run never leaves a half file that a later run would trust.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from engine.demo.workload import generate_events

SIZES = {"small": 16_000, "full": 1_000_000}  # executions; small is about 20k events


@dataclass(frozen=True)
class Workload:
    path: Path
    seed: int
    now: str
    days: int
    executions_wanted: int
    generator_scale: float
    counts: dict[str, int]    # events per type actually generated
    resolved_errors: int      # errors that carry a resolution

    @property
    def events(self) -> int:
        return sum(self.counts.values())

    def to_json(self) -> dict:
        data = asdict(self)
        data["path"] = str(self.path)
        data["events"] = self.events
        return data


def parse_size(text: str) -> int:
    """``small``, ``full`` or a number of executions (``200000``, ``200k``, ``1m``)."""
    text = text.strip().lower()
    if text in SIZES:
        return SIZES[text]
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    digits = text[:-1] if factor > 1 else text
    try:
        value = int(float(digits) * factor)
    except ValueError:
        raise ValueError(f"--scale {text!r}: expected small, full or a number of executions") from None
    if value < 100:
        raise ValueError(f"--scale {text!r}: at least 100 executions")
    return value


def generator_scale(executions: int, seed: int, now: datetime, days: int) -> float:
    """The generator's ``scale`` that yields about ``executions`` executions.

    Measured, not assumed: the generator is run once at scale 1 over the same days.
    """
    per_unit = sum(1 for e in generate_events(seed, now, days, 1.0) if e["type"] == "execution")
    return executions / per_unit


def ensure_workload(cache_dir: Path, executions: int, seed: int, now: datetime,
                    days: int) -> Workload:
    """The cached workload of this size, generating it first if needed."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    stem = f"workload-s{seed}-{now.strftime('%Y%m%dT%H%M%SZ')}-{days}d-{executions}"
    path, meta_path = cache_dir / f"{stem}.jsonl", cache_dir / f"{stem}.meta.json"
    if path.is_file() and meta_path.is_file():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        return Workload(path, seed, meta["now"], days, executions, meta["generator_scale"],
                        meta["counts"], meta["resolved_errors"])
    scale = generator_scale(executions, seed, now, days)
    counts: Counter[str] = Counter()
    resolved = 0
    partial = path.with_suffix(".jsonl.part")
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with open(partial, "w", encoding="utf-8") as out:
        for event in generate_events(seed, now, days, scale):
            counts[event["type"]] += 1
            resolved += "resolution" in event
            out.write(encode(event))
            out.write("\n")
    os.replace(partial, path)
    stamp = now.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    meta = {"now": stamp, "generator_scale": scale, "counts": dict(counts),
            "resolved_errors": resolved}
    meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return Workload(path, seed, stamp, days, executions, scale, dict(counts), resolved)
