"""Watch a directory tree and turn what happens to its files into file events.

watchdog's Observer (inotify, FSEvents, ReadDirectoryChangesW, kqueue) reports raw
changes from its own thread into a queue; every ``batch_seconds`` this module folds the
queue into one event per path and hands the batch to a sink (the CLI's sink stores it
through ``ingest_records``). Folding follows the file, not the noise: an editor's
write-then-close, or a delete-and-rename save, is one ``modified``; a temporary file
created and removed within a batch is nothing.

Ignored: ``.git`` folders, the paths the caller names (the workspace's own database and
registry, which change every time we store something), and whatever the tree's
``.gitignore`` files exclude, read with ``pathspec``'s Git-compatible matcher, each file
applying to its own folder, deeper files overriding shallower ones, as git does.
"""

from __future__ import annotations

import hashlib
import os
import queue
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable

import pathspec
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from engine.telemetry.importers.common import rfc3339
from engine.telemetry.records import SourceRecord

DEFAULT_MAX_CONTENT_BYTES = 64 * 1024
DEFAULT_BATCH_SECONDS = 1.0
SETTLE_SECONDS = 0.6
MAX_SETTLE_SECONDS = 3.0
RAW_ACTIONS = {"created": "created", "modified": "modified", "closed": "modified",
               "deleted": "deleted"}

Sink = Callable[[list[SourceRecord]], Any]


@dataclass(frozen=True)
class Change:
    """One raw change reported by the observer."""

    path: Path
    action: str  # created | modified | deleted
    time_ns: int


@dataclass
class WatchSummary:
    batches: int = 0
    events: int = 0
    by_action: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("created", "modified", "deleted"), 0))


class IgnoreRules:
    """Decides which paths of a tree are not worth recording (see the module docstring)."""

    def __init__(self, root: Path, extra_paths: Iterable[Path] = ()):
        self.root = root.resolve()
        self.extra = tuple(Path(path).resolve() for path in extra_paths)
        self._specs: dict[Path, tuple[tuple[int, int], pathspec.GitIgnoreSpec | None]] = {}

    def ignored(self, path: Path) -> bool:
        path = Path(os.path.abspath(path))
        try:
            relative = path.relative_to(self.root)
        except ValueError:
            return True  # outside the tree (a symlink's target): not ours
        if ".git" in relative.parts:
            return True
        if any(path == extra or extra in path.parents for extra in self.extra):
            return True
        parts = relative.parts
        # git cannot re-include a file whose folder is excluded: check folders first.
        for depth in range(1, len(parts)):
            if self._excluded(parts[:depth], is_dir=True):
                return True
        return self._excluded(parts, is_dir=False)

    def _excluded(self, parts: tuple[str, ...], *, is_dir: bool) -> bool:
        """The verdict of the last matching pattern, deeper .gitignore files winning."""
        verdict = None
        for depth in range(len(parts)):
            folder = self.root.joinpath(*parts[:depth])
            spec = self._spec(folder)
            if spec is None:
                continue
            relative = "/".join(parts[depth:]) + ("/" if is_dir else "")
            result = spec.check_file(relative)
            if result.include is not None:
                verdict = result.include
        return bool(verdict)

    def _spec(self, folder: Path) -> pathspec.GitIgnoreSpec | None:
        """The folder's .gitignore, re-read when it changes (it may be edited while we run)."""
        gitignore = folder / ".gitignore"
        try:
            stat = gitignore.stat()
        except OSError:
            self._specs.pop(folder, None)
            return None
        key = (stat.st_mtime_ns, stat.st_size)
        cached = self._specs.get(folder)
        if cached is not None and cached[0] == key:
            return cached[1]
        try:
            lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
            spec = pathspec.GitIgnoreSpec.from_lines(lines)
        except (OSError, ValueError):
            spec = None
        self._specs[folder] = (key, spec)
        return spec


class _Collector(FileSystemEventHandler):
    """Runs on the observer's thread: only queues, never blocks or stores."""

    def __init__(self, changes: "queue.Queue[Change]"):
        self.changes = changes
        self.last_seen = time.monotonic()

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.last_seen = time.monotonic()
        if event.is_directory:
            return
        now = time.time_ns()
        if event.event_type == "moved":
            self.changes.put(Change(Path(os.fsdecode(event.src_path)), "deleted", now))
            self.changes.put(Change(Path(os.fsdecode(event.dest_path)), "created", now))
            return
        action = RAW_ACTIONS.get(event.event_type)
        if action is not None:
            self.changes.put(Change(Path(os.fsdecode(event.src_path)), action, now))


def watch(root: Path, sink: Sink, stop_event: threading.Event, *,
          max_content_bytes: int = DEFAULT_MAX_CONTENT_BYTES,
          batch_seconds: float = DEFAULT_BATCH_SECONDS,
          ignore_paths: Iterable[Path] = (),
          on_ready: Callable[[], None] | None = None,
          on_batch: Callable[[list[SourceRecord], Any], None] | None = None) -> WatchSummary:
    """Record file events under ``root`` until ``stop_event`` is set, then flush the rest.

    ``sink`` receives each non-empty batch of records; ``on_batch`` (if given) then gets
    the batch and whatever the sink returned, which is how the CLI prints a line per
    batch. ``on_ready`` is called once the observer watches the tree: changes from then
    on are recorded.
    """
    root = root.resolve()
    rules = IgnoreRules(root, ignore_paths)
    changes: queue.Queue[Change] = queue.Queue()
    collector = _Collector(changes)
    observer = Observer()
    observer.schedule(collector, str(root), recursive=True)
    observer.start()
    summary = WatchSummary()

    def flush() -> None:
        batch = fold(_drain(changes), root, rules, max_content_bytes)
        if not batch:
            return
        result = sink(batch)
        summary.batches += 1
        summary.events += len(batch)
        for record in batch:
            summary.by_action[record.event["action"]] += 1
        if on_batch is not None:
            on_batch(batch, result)

    try:
        if on_ready is not None:
            on_ready()
        while not stop_event.wait(batch_seconds):
            flush()
        _settle(collector)
    finally:
        observer.stop()
        observer.join(timeout=10)
    flush()  # whatever arrived until the observer stopped: the last batch is not lost
    return summary


def _settle(collector: _Collector) -> None:
    """Give the observer time to deliver what the OS already reported before stopping it.

    A file written just before Ctrl-C is still in the kernel's or watchdog's queues;
    stopping at once would drop it. Wait until nothing arrived for ``SETTLE_SECONDS``
    (longer than watchdog's pairing delay of moves), at most ``MAX_SETTLE_SECONDS``.
    """
    deadline = time.monotonic() + MAX_SETTLE_SECONDS
    while time.monotonic() < deadline:
        quiet = time.monotonic() - collector.last_seen
        if quiet >= SETTLE_SECONDS:
            return
        time.sleep(max(0.0, min(SETTLE_SECONDS - quiet, deadline - time.monotonic(), 0.1)))


def _drain(changes: "queue.Queue[Change]") -> list[Change]:
    drained = []
    while True:
        try:
            drained.append(changes.get_nowait())
        except queue.Empty:
            return drained


def fold(changes: list[Change], root: Path, rules: IgnoreRules,
         max_content_bytes: int) -> list[SourceRecord]:
    """One file event per path, in the order paths first changed.

    A path's event depends on its first raw change and on whether it exists now:
    first ``created`` and still there -> created; first ``created`` and gone -> nothing
    (a temporary file); otherwise there -> modified, gone -> deleted.
    """
    first: dict[Path, Change] = {}
    last: dict[Path, Change] = {}
    for change in changes:
        if rules.ignored(change.path):
            continue
        first.setdefault(change.path, change)
        last[change.path] = change
    records = []
    for path, opening in first.items():
        exists = path.is_file()
        if opening.action == "created":
            action = "created" if exists else None
        else:
            action = "modified" if exists else "deleted"
        if action is None:
            continue
        records.append(file_record(path, root, action, last[path].time_ns, max_content_bytes))
    return records


def file_record(path: Path, root: Path, action: str, time_ns: int,
                max_content_bytes: int) -> SourceRecord:
    """A file event for ``path`` as it is now (content read only when it is small text)."""
    relative = path.relative_to(root).as_posix()
    ts = rfc3339(datetime.fromtimestamp(time_ns / 1e9, tz=timezone.utc))
    digest = hashlib.sha1(f"{relative}\0{action}\0{time_ns}".encode()).hexdigest()[:20]
    event: dict[str, Any] = {"type": "file", "id": f"watch:{digest}", "ts": ts,
                             "path": relative, "action": action}
    if action != "deleted":
        event.update(_content(path, max_content_bytes))
    return SourceRecord(location=f"watch: {relative}", event=event)


def _content(path: Path, max_content_bytes: int) -> dict[str, Any]:
    """size, and content when the file is UTF-8 text within the limit; else why not."""
    try:
        size = path.stat().st_size
    except OSError:
        return {"content_skipped": "unreadable"}
    fields: dict[str, Any] = {"size": size}
    if size > max_content_bytes:
        fields["content_skipped"] = "too large"
        return fields
    try:
        data = path.read_bytes()[:max_content_bytes]
    except OSError:
        fields["content_skipped"] = "unreadable"
        return fields
    if b"\0" in data:
        fields["content_skipped"] = "binary"
        return fields
    try:
        fields["content"] = data.decode("utf-8")
    except UnicodeDecodeError:
        fields["content_skipped"] = "binary"
    return fields
