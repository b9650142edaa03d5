"""Opening an input file the same way for every reader: plain or gzip-compressed.

CI systems archive reports and traces compressed (``junit.xml.gz``, ``traces.json.gz``).
Whether a file is gzip is told from its first two bytes (the gzip magic), not its name,
so a renamed file reads the same; every reader (JSON Lines, the importers, format
detection) opens files through here and never sees the difference. Decompression is
streamed: a large compressed JSON Lines file is not held in memory.

``describe_unreadable`` tells why a file cannot be read at all (empty, binary) before a
format is guessed, so a folder's stray files are listed with a reason a person
understands instead of a parser's complaint.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import IO

GZIP_MAGIC = b"\x1f\x8b"
# Errors that reading a damaged compressed stream raises part way through.
DECOMPRESSION_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)


class _Closing:
    """Closes the gzip reader and the file under it together."""

    def __init__(self, outer: IO[bytes], inner: IO[bytes]):
        self.outer, self.inner = outer, inner

    def __enter__(self) -> IO[bytes]:
        return self.outer

    def __exit__(self, *exc) -> None:
        self.outer.close()
        if self.inner is not self.outer:
            self.inner.close()


def opened(path: str | Path) -> _Closing:
    """``with opened(path) as stream``: the decompressed bytes, closed properly after."""
    raw = open(path, "rb")
    if raw.read(2) == GZIP_MAGIC:
        raw.seek(0)
        return _Closing(gzip.GzipFile(fileobj=raw, mode="rb"), raw)
    raw.seek(0)
    return _Closing(raw, raw)


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")   # Windows tools (PowerShell) write reports in UTF-16


def head_text(head: bytes) -> str:
    """The first block as text for format detection: UTF-16 when it starts with its BOM."""
    if head.startswith(UTF16_BOMS):
        return head.decode("utf-16", errors="replace")
    return head.decode("utf-8", errors="replace")


def read_bytes(path: str | Path) -> bytes:
    with opened(path) as stream:
        return stream.read()


def read_head(path: str | Path, size: int) -> bytes:
    """The first ``size`` bytes of the (decompressed) content."""
    with opened(path) as stream:
        return stream.read(size)


def logical_suffix(path: str | Path) -> str:
    """The extension that says the content's format: ``.jsonl`` for ``events.jsonl.gz``."""
    name = Path(path)
    if name.suffix.lower() == ".gz":
        name = name.with_suffix("")
    return name.suffix.lower()


def describe_unreadable(head: bytes) -> str | None:
    """Why content starting with ``head`` is not telemetry text, or None when it may be.

    Empty (or only whitespace) and binary content are told apart here; a NUL byte or
    bytes that are not UTF-8 in the first block mean binary (an image, an archive, a
    database file) — no supported format is binary.
    """
    if head.startswith(UTF16_BOMS):
        return None if head[2:].strip(b"\x00 \t\r\n") else "the file is empty"
    if not head.strip():
        return "the file is empty"
    if b"\x00" in head:
        return "binary content (not text): not a telemetry format"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # a multi-byte character cut by the block's end is fine
            return "binary content (not UTF-8 text): not a telemetry format"
    return None
