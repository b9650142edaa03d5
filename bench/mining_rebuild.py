"""Whether the template miner groups lines the same when it is rebuilt from its saved
state every N lines, as ingest does for each batch and each ``autopattern ingest`` call.

    python bench/mining_rebuild.py [--every 200 50] [--systems Proxifier Mac] [--seeds 0]

For each system (Loghub 2k folders, as ``bench/mining.py`` reads them) and synthetic
seed, prints GA of the uninterrupted miner and of miners rebuilt from a JSON round trip
of ``Miner.to_state`` after every N lines, and whether each rebuilt run handed every
line the same group id as the uninterrupted one.
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import count
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.mining import DEFAULT_DATA, Parse, load_systems, score  # noqa: E402
from bench.synthetic_logs import generate  # noqa: E402
from engine.mining.masks import build_mask_set  # noqa: E402
from engine.mining.miner import Miner, MinerConfig  # noqa: E402


def parse_with_rebuilds(contents: list[str], every: int | None,
                        config: MinerConfig | None = None) -> tuple[Parse, list[int]]:
    """Mine ``contents`` with a fresh miner loaded from the last one's state (a JSON round
    trip, counts and times as the templates table keeps them) after every ``every``
    lines (None: never). Returns the parse and the size in bytes of each saved state."""
    masks = build_mask_set()
    ids = count(1)

    def new_id(template: str) -> int:
        return next(ids)

    miner = Miner("message", masks, new_id, config)
    assigned, sizes = [], []
    for line, text in enumerate(contents):
        if every and line and line % every == 0:
            saved = json.dumps(miner.to_state(), separators=(",", ":"))
            sizes.append(len(saved.encode()))
            rows = {c.id: (c.count, c.first_seen, c.last_seen) for c in miner.clusters.values()}
            clusters = miner.clusters
            miner = Miner("message", masks, new_id, config, miner.preparer)
            miner.load_state(json.loads(saved), rows)
            assert set(miner.clusters) == set(clusters)
        assigned.append(miner.add(text).cluster.id)
    final = [miner.resolve(cid) for cid in assigned]
    return Parse([c.id for c in final], [c.template for c in final]), sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--every", type=int, nargs="+", default=[1000, 200, 50])
    parser.add_argument("--systems", nargs="+", default=["Proxifier", "Mac"])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    args = parser.parse_args(argv)
    systems = load_systems(args.data, args.systems) + [generate(s) for s in args.seeds]
    for system in systems:
        whole, _ = parse_with_rebuilds(system.contents, None)
        cells = [f"uninterrupted GA {score(system, whole).ga:.3f}"]
        for every in args.every:
            parse, sizes = parse_with_rebuilds(system.contents, every)
            same = parse.groups == whole.groups
            cells.append(f"every {every}: GA {score(system, parse).ga:.3f}"
                         f"{' same' if same else ' DIFFERS'} (state {max(sizes, default=0)} B)")
        print(f"{getattr(system, 'name', '?'):>12}  " + "; ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
