"""The directory watcher: ignore rules, folding, and the library loop driven by a test."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from engine.telemetry.watch import Change, IgnoreRules, fold, watch

WAIT_SECONDS = 10.0


def _until(condition, timeout=WAIT_SECONDS):
    """Poll ``condition`` until it holds; file events arrive on the observer's schedule."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.fixture
def tree(tmp_path) -> Path:
    root = tmp_path / "tree"
    (root / ".git").mkdir(parents=True)
    (root / "src" / "vendor").mkdir(parents=True)
    (root / "build").mkdir()
    (root / ".gitignore").write_text("build/\n*.log\n!keep.log\n/top-only.txt\n")
    (root / "src" / ".gitignore").write_text("vendor/\n!important.log\n")
    return root


@pytest.mark.parametrize("relative, ignored", [
    ("main.py", False),
    (".git/HEAD", True),
    ("sub/.git/config", True),
    ("build/out.o", True),          # folder excluded at the root
    ("src/build/x.o", True),        # build/ matches at any depth
    ("debug.log", True),
    ("keep.log", False),            # negated
    ("top-only.txt", True),
    ("src/top-only.txt", False),    # anchored to the root's folder
    ("src/vendor/lib.py", True),    # nested .gitignore applies to its own folder
    ("vendor/lib.py", False),       # ...and not above it
    ("src/important.log", False),   # a deeper file overrides a shallower one
    ("src/other.log", True),
    ("workspace/autopattern.db", True),
    ("workspace/autopattern.db-wal", True),
    ("workspace/patterns/drafts/a.json", True),
    ("workspace/autopattern.yaml", False),
])
def test_ignore_rules(tree, relative, ignored):
    ws = tree / "workspace"
    rules = IgnoreRules(tree, [ws / "autopattern.db", ws / "autopattern.db-wal", ws / "patterns"])
    assert rules.ignored(tree / relative) is ignored


def test_gitignore_edits_apply_without_restart(tree):
    rules = IgnoreRules(tree)
    assert not rules.ignored(tree / "notes.md")
    (tree / ".gitignore").write_text("*.md\n")
    assert rules.ignored(tree / "notes.md")


def _changes(*items):
    return [Change(path, action, n) for n, (path, action) in enumerate(items, start=1)]


def test_fold_keeps_one_event_per_path_following_the_file(tree):
    rules = IgnoreRules(tree)
    kept, gone, edited, replaced, temp = (tree / name for name in
                                          ("kept.txt", "gone.txt", "edited.txt", "replaced.txt", "temp.txt"))
    kept.write_text("new")
    edited.write_text("v2")
    replaced.write_text("saved by rename")
    changes = _changes((kept, "created"), (kept, "modified"), (gone, "modified"), (gone, "deleted"),
                       (edited, "modified"), (edited, "modified"), (replaced, "deleted"),
                       (replaced, "created"), (temp, "created"), (temp, "deleted"),
                       (tree / "x.log", "created"))
    records = fold(changes, tree, rules, max_content_bytes=100)
    assert [(r.event["path"], r.event["action"]) for r in records] == [
        ("kept.txt", "created"), ("gone.txt", "deleted"), ("edited.txt", "modified"),
        ("replaced.txt", "modified")]
    assert records[0].event["content"] == "new" and records[0].event["size"] == 3
    assert "size" not in records[1].event


@pytest.mark.parametrize("data, limit, content, skipped", [
    (b"hello\n", 100, "hello\n", None),
    (b"x" * 101, 100, None, "too large"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", 100, None, "binary"),
    ("caf\u00e9".encode("latin-1"), 100, None, "binary"),
])
def test_content_only_for_small_text(tmp_path, data, limit, content, skipped):
    path = tmp_path / "f"
    path.write_bytes(data)
    (record,) = fold(_changes((path, "created")), tmp_path, IgnoreRules(tmp_path), limit)
    assert record.event.get("content") == content
    assert record.event.get("content_skipped") == skipped
    assert record.event["size"] == len(data)


class _Sink:
    def __init__(self):
        self.batches = []
        self.lock = threading.Lock()

    def __call__(self, records):
        with self.lock:
            self.batches.append(records)
        return len(records)

    def events(self):
        with self.lock:
            return [record.event for batch in self.batches for record in batch]

    def actions(self):
        return [(e["path"], e["action"]) for e in self.events()]


def test_watch_records_creates_modifies_and_deletes_and_flushes_on_stop(tree):
    sink, stop, ready = _Sink(), threading.Event(), threading.Event()
    printed = []
    result = {}
    thread = threading.Thread(target=lambda: result.update(summary=watch(
        tree, sink, stop, batch_seconds=0.1, on_ready=ready.set, max_content_bytes=1000,
        on_batch=lambda batch, returned: printed.append(returned))))
    thread.start()
    try:
        assert ready.wait(WAIT_SECONDS)
        (tree / "src" / "app.py").write_text("print('hi')\n")
        (tree / "build" / "out.o").write_bytes(b"\0")
        (tree / "debug.log").write_text("noise")
        (tree / ".git" / "index").write_text("git")
        assert _until(lambda: ("src/app.py", "created") in sink.actions())

        (tree / "src" / "app.py").write_text("print('hello')\n")
        assert _until(lambda: ("src/app.py", "modified") in sink.actions())

        (tree / "src" / "app.py").unlink()
        assert _until(lambda: ("src/app.py", "deleted") in sink.actions())
        (tree / "last.txt").write_text("written just before stopping")
    finally:
        stop.set()  # the last file may still be in the queue: stopping must store it
        thread.join(WAIT_SECONDS)
    assert not thread.is_alive()
    actions = sink.actions()
    assert actions == [("src/app.py", "created"), ("src/app.py", "modified"),
                       ("src/app.py", "deleted"), ("last.txt", "created")]
    events = sink.events()
    assert events[1]["content"] == "print('hello')\n"
    assert len({e["id"] for e in events}) == len(events)
    summary = result["summary"]
    assert summary.events == 4 and summary.batches == len(sink.batches) == len(printed)
    assert summary.by_action == {"created": 2, "modified": 1, "deleted": 1}
