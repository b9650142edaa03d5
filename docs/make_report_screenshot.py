"""Build the demo workspace, then screenshot its latest weekly report in headless Chromium.

    .venv/bin/python docs/make_report_screenshot.py [--output docs/images/weekly-report.png] [--full]

The README's screenshot is made by this script, from a fixed seed and now, so anyone can
make it again (needs the Debian `chromium` package). It keeps the top of the page (the
success metrics and what needs a person) unless --full is given.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.demo import run_demo  # noqa: E402
from engine.report.browser import visit  # noqa: E402

NOW = "2026-11-30T00:00:00Z"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "images" / "weekly-report.png")
    parser.add_argument("--full", action="store_true", help="the whole page, not only its top")
    parser.add_argument("--height", type=int, default=1560, help="pixels kept from the top (without --full)")
    parser.add_argument("--workspace", type=Path, help="build the demo here (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="autopattern-shot-") as scratch:
        root = args.workspace or Path(scratch) / "demo"
        result = run_demo(root, now=NOW)
        html = Path(result.extra["reports"][-1]["html"])
        seen = visit(html, width=1200, height=args.height)
        if seen.console_errors or seen.requests != [html.resolve().as_uri()]:
            print(f"unexpected: console {seen.console_errors}, requests {seen.requests}", file=sys.stderr)
            return 1
        png = seen.screenshot if args.full else _top(seen.screenshot, args.height)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_bytes(png)
        print(f"{args.output} ({len(png):,} bytes) from {html}")
    return 0


def _top(png: bytes, height: int) -> bytes:
    """The first ``height`` rows of a PNG (re-encoded with the standard library only)."""
    import struct
    import zlib

    def chunks(data: bytes):
        at = 8
        while at < len(data):
            length = struct.unpack(">I", data[at:at + 4])[0]
            yield data[at + 4:at + 8], data[at + 8:at + 8 + length]
            at += 12 + length

    header = next(body for kind, body in chunks(png) if kind == b"IHDR")
    width, full, depth, color = struct.unpack(">IIBB", header[:10])
    if full <= height:
        return png
    channels = {2: 3, 6: 4}[color]
    stride = width * channels * depth // 8 + 1
    raw = zlib.decompress(b"".join(body for kind, body in chunks(png) if kind == b"IDAT"))
    kept = raw[:stride * height]               # filters refer only to the row above: a prefix stays valid

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    new_header = struct.pack(">II", width, height) + header[8:]
    return (png[:8] + chunk(b"IHDR", new_header) + chunk(b"IDAT", zlib.compress(kept, 9))
            + chunk(b"IEND", b""))


if __name__ == "__main__":
    raise SystemExit(main())
