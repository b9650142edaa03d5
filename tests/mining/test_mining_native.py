"""The compiled miner (engine/mining/native.py): same results as the source, never stale.

``./run.sh test`` builds it before the suite runs, so the whole suite exercises the
compiled modules; these tests check what the rest cannot: that the source gives the same
results, that an edited source is never shadowed by an old build, and the command line.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.synthetic_logs import generate
from engine.mining import native

ROOT = native.ROOT
COMPILED = native.status() == "compiled"
needs_build = pytest.mark.skipif(not COMPILED, reason=f"the miner is {native.status()}: "
                                 "run `python -m engine.mining build`")

# Mines texts with whichever miner the process imports and prints what it found.
_MINE = """
import json, sys
from itertools import count
from engine.mining import native
from engine.mining.masks import build_mask_set
from engine.mining.miner import Miner
texts = json.load(sys.stdin)
ids = count(1)
miner = Miner("message", build_mask_set(), lambda template: next(ids))
matches = [miner.add(text) for text in texts]
print(json.dumps({"in_use": native.in_use(),
                  "groups": [miner.resolve(m.cluster.id).id for m in matches],
                  "params": [m.params for m in matches[::7]],
                  "state": miner.to_state()}))
"""


def _mine(texts: list[str], **env: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _MINE], input=json.dumps(texts), text=True,
                          capture_output=True, cwd=ROOT, env={**os.environ, **env}, check=True)
    return json.loads(done.stdout)


def test_the_suite_runs_the_compiled_miner_under_ci():
    """CI measures and tests what users run: ``./run.sh`` must have built the miner."""
    if not os.environ.get("CI"):
        pytest.skip("outside CI a machine without a C compiler may run the source")
    assert native.status() == "compiled", "./run.sh did not build the miner"
    import engine.mining.miner
    assert native.in_use() and engine.mining.miner.__file__.endswith(".so")


@needs_build
def test_compiled_and_source_miners_mine_alike():
    texts = [t for seed in (0, 5, 11) for t in generate(seed).contents[:700]]
    compiled, source = _mine(texts), _mine(texts, AUTOPATTERN_NATIVE="0")
    assert compiled.pop("in_use") and not source.pop("in_use")
    assert compiled == source


def _copy_tree(tmp_path: Path) -> Path:
    """The package with its build, where a source can be edited without touching ours."""
    shutil.copytree(ROOT / "engine", tmp_path / "engine",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def _imported_from(root: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "import engine.mining.miner as m, engine.mining.masks as k; "
                               "print(m.__file__.rsplit('.', 1)[-1], k.__file__.rsplit('.', 1)[-1])"],
        cwd=root, env={**os.environ, "PYTHONPATH": str(root)}, text=True,
        capture_output=True, check=True)
    return done.stdout.strip()


@needs_build
def test_an_edited_source_is_imported_instead_of_its_stale_build(tmp_path):
    root = _copy_tree(tmp_path)
    assert _imported_from(root) == "so so"
    masks = root / "engine" / "mining" / "masks.py"
    masks.write_text(masks.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    # all three from source: the compiled miner would expect the compiled masks' classes
    assert _imported_from(root) == "py py"
    status = subprocess.run([sys.executable, "-m", "engine.mining", "status"], cwd=root,
                            env={**os.environ, "PYTHONPATH": str(root)}, text=True,
                            capture_output=True, check=True)
    assert status.stdout == "miner: stale\n"


@needs_build
def test_the_build_can_be_switched_off_for_one_run(tmp_path):
    root = _copy_tree(tmp_path)
    done = subprocess.run([sys.executable, "-m", "engine.mining", "status"], cwd=root,
                          env={**os.environ, "PYTHONPATH": str(root), "AUTOPATTERN_NATIVE": "0"},
                          text=True, capture_output=True, check=True)
    assert done.stdout == "miner: off\n"


def test_the_command_line_says_what_it_does(tmp_path):
    root = _copy_tree(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(root)}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "engine.mining", *args], cwd=root,
                              env=env, text=True, capture_output=True)

    cleaned = run("clean")
    assert cleaned.returncode == 0
    assert run("status").stdout == "miner: not built\n"
    assert _imported_from(root) == "py py"
    wrong = run("compile")
    assert wrong.returncode == 2 and "usage: python -m engine.mining" in wrong.stderr
    helped = run("--help")
    assert helped.returncode == 0 and "status    compiled | not built | stale" in helped.stdout


@needs_build
def test_a_failed_build_names_the_line_and_leaves_the_source_running(tmp_path):
    root = _copy_tree(tmp_path)
    miner = root / "engine" / "mining" / "miner.py"
    source = miner.read_text(encoding="utf-8")
    miner.write_text(source + "\n\ndef _broken() -> int:\n    return 'text'\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "engine.mining", "build"], cwd=root,
                          env={**os.environ, "PYTHONPATH": str(root)}, text=True,
                          capture_output=True)
    assert done.returncode == 1
    line = source.count("\n") + 4
    assert f"engine/mining/miner.py:{line}: error: Incompatible return value" in done.stderr
    assert "hint: the miner still works from its Python source" in done.stderr
    assert _imported_from(root) == "py py"


def test_doctor_warns_when_the_miner_runs_from_source(tmp_path):
    root = _copy_tree(tmp_path / "tree")
    for data in ("grammar", "rules", "schemas"):  # what `init` copies into a workspace
        (root / data).symlink_to(ROOT / data)
    env = {**os.environ, "PYTHONPATH": str(root)}

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", "from engine.cli import main; main()", *args],
                              cwd=root, env=env, text=True, capture_output=True)

    subprocess.run([sys.executable, "-m", "engine.mining", "clean"], cwd=root, env=env,
                   check=True, capture_output=True)
    workspace = tmp_path / "ws"
    assert cli("init", str(workspace)).returncode == 0
    done = cli("doctor", "--workspace", str(workspace))
    assert done.returncode == 0, done.stdout + done.stderr  # a warning, not an error
    assert "  warn  miner         the template miner is compiled and up to date" in done.stdout
    assert ("engine/mining: warning: the template miner is not compiled: mining takes "
            "1.7-2.3x as long\n  repair: python -m engine.mining build") in done.stdout


_HOLDER = """
import sys, time
from pathlib import Path
from itertools import count
import engine.mining.miner as compiled
from engine.mining.masks import build_mask_set
assert compiled.__file__.endswith(".so")
ids = count(1)
miner = compiled.Miner("message", build_mask_set(), lambda template: next(ids))
print("ready", flush=True)
go = Path(sys.argv[1])
while not go.exists():
    time.sleep(0.05)
for n in range(2000):  # runs the code of the build it loaded, replaced meanwhile
    miner.add(f"job {n} finished on node-{n % 7} in {n * 3} ms")
print(len(list(miner.live())))
"""


@needs_build
def test_a_rebuild_replaces_the_build_under_a_running_process(tmp_path):
    """The new build is renamed into place: a process that loaded the old one keeps it."""
    root = _copy_tree(tmp_path / "tree")
    env = {**os.environ, "PYTHONPATH": str(root)}
    go = tmp_path / "go"
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(go)], cwd=root, env=env,
                              text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert holder.stdout.readline() == "ready\n"
        library = next((root / "engine" / "mining").glob("_native__mypyc*.so"))
        before = library.stat().st_ino
        done = subprocess.run([sys.executable, "-m", "engine.mining", "build", "--force"],
                              cwd=root, env=env, text=True, capture_output=True)
        assert done.returncode == 0, done.stderr
        assert done.stdout.endswith("miner: compiled\n")
        assert library.stat().st_ino != before
        go.touch()
        out, err = holder.communicate(timeout=120)
    finally:
        holder.kill()
    assert holder.returncode == 0, err
    assert out.strip().isdigit()
    assert _imported_from(root) == "so so"
