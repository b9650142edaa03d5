"""The miner's three hot modules compiled to C by mypyc, when built, and never a stale build.

Mining is a per-text loop of small Python operations (dict lookups, tuple building, a
regex call) that no single C call covers. mypyc compiles ``masks``, ``align`` and
``miner`` from their own type-annotated source into one extension, which runs the same
code with native classes and calls: 1.4x to 2x the lines per second of the
interpreted modules (bench/mining.py), with identical results. The source stays the
only implementation: without a build, Python imports the ``.py`` files as before.

``build()`` writes the extension modules beside their sources and records a digest of
each source in ``_native.json``. An extension module shadows its ``.py`` file, so an
edit after the build would silently run old code; ``guard()`` (called when
``engine.mining`` is imported) compares the digests and, when any source changed,
imports all three from source (they call one another natively, so it is all or none).
``AUTOPATTERN_NATIVE=0`` does the same on purpose.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.machinery
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = "engine.mining"
MODULES = ("masks", "align", "miner")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent          # the folder that holds ``engine/``
STAMP = HERE / "_native.json"      # {module: digest of the source it was compiled from}
LOCK = HERE / "_native.lock"       # held while a build runs
GROUP = f"{PACKAGE}._native"       # the shared library of the three: _native__mypyc.*.so
ENV = "AUTOPATTERN_NATIVE"
# how mypy reads the three modules: imported modules are trusted, not checked
MYPY_FLAGS = ("--follow-imports=silent", "--ignore-missing-imports",
              "--disable-error-code=annotation-unchecked")


class NativeBuildError(RuntimeError):
    """Compiling the miner failed (mypy or the C compiler said why)."""


def source_digest(module: str) -> str:
    return hashlib.sha256((HERE / f"{module}.py").read_bytes()).hexdigest()


def extension_path(module: str) -> Path | None:
    """The compiled module beside the source, if there is one."""
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = HERE / f"{module}{suffix}"
        if path.exists():
            return path
    return None


def status() -> str:
    """One of ``compiled``, ``not built``, ``stale`` (a source changed since the build),
    ``off`` (AUTOPATTERN_NATIVE=0) or ``incomplete`` (some extension files missing)."""
    present = [extension_path(module) is not None for module in MODULES]
    if not any(present):
        return "not built"
    if not all(present):
        return "incomplete"
    if os.environ.get(ENV, "") == "0":
        return "off"
    try:
        recorded = json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "stale"
    if any(recorded.get(module) != source_digest(module) for module in MODULES):
        return "stale"
    return "compiled"


def in_use() -> bool:
    """Whether the miner running in this process is the compiled one."""
    module = sys.modules.get(f"{PACKAGE}.miner")
    return module is not None and not str(getattr(module, "__file__", "")).endswith(".py")


class _SourceFinder:
    """Finds the three modules as their ``.py`` files, ahead of the extension modules."""

    names = {f"{PACKAGE}.{module}": HERE / f"{module}.py" for module in MODULES}

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        source = cls.names.get(fullname)
        if source is None:
            return None
        return importlib.util.spec_from_file_location(fullname, source)


def guard() -> None:
    """Import the modules from source unless an up-to-date build is there."""
    if status() in ("compiled", "not built"):
        return
    if not any(finder is _SourceFinder for finder in sys.meta_path):
        sys.meta_path.insert(0, _SourceFinder)


def source_module(module: str):
    """A fresh copy of one of the three modules run from its source, whatever is built.

    For tests that subclass or patch the miner (a compiled class allows neither) and for
    checking that the compiled modules give the source's results. The copy imports the
    other two as usual (compiled, when built), which the compiled classes allow.
    """
    name = f"{PACKAGE}._source_{module}"
    spec = importlib.util.spec_from_file_location(name, HERE / f"{module}.py")
    assert spec is not None and spec.loader is not None
    copy = importlib.util.module_from_spec(spec)
    sys.modules[name] = copy  # dataclasses look their module up while the class is made
    spec.loader.exec_module(copy)
    return copy


def build(force: bool = False) -> Path:
    """Compile the three modules and put them beside their sources; returns the stamp.

    Needs mypy (which carries mypyc) and a C compiler with the Python headers. Everything
    is built in a temporary folder; each extension module then replaces the old one with
    a rename, so a process running the old build keeps its own (overwriting a loaded
    shared library in place can crash it), and one starting meanwhile, finding no stamp,
    runs the source. Builds wait for one another (a lock file); one that finds an up to
    date build when its turn comes does nothing unless ``force``. Raises
    ``NativeBuildError`` with the tools' output on failure.
    """
    with open(LOCK, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if status() == "compiled" and not force:
            return STAMP
        return _build_locked()


def _build_locked() -> Path:
    digests = {module: source_digest(module) for module in MODULES}
    sources = [str((HERE / f"{module}.py").relative_to(ROOT)) for module in MODULES]
    with tempfile.TemporaryDirectory(prefix="autopattern-native-") as scratch:
        built = Path(scratch) / "lib"
        script = (
            "from setuptools import setup\n"
            "from mypyc.build import mypycify\n"
            f"modules = mypycify({[*MYPY_FLAGS, *sources]!r}, opt_level='3',\n"
            f"                   group_name={GROUP!r}, target_dir={scratch + '/c'!r})\n"
            "setup(name='autopattern-native', packages=[], ext_modules=modules,\n"
            f"      script_args=['-q', 'build_ext', '--build-lib', {str(built)!r},\n"
            f"                   '--build-temp', {scratch + '/o'!r}])\n")
        done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, text=True,
                              capture_output=True)
        if done.returncode != 0:
            output = (done.stdout + done.stderr).strip()
            raise NativeBuildError(f"compiling {', '.join(sources)} failed:\n{output}")
        made = sorted((built / HERE.relative_to(ROOT)).glob("*.so"))
        names = {path.name.split(".")[0] for path in made}
        missing = [module for module in MODULES if module not in names]
        if missing:
            raise NativeBuildError(f"the build wrote no extension for {', '.join(missing)}")
        STAMP.unlink(missing_ok=True)  # until all are in place, the source runs
        for path in made:
            incoming = HERE / f".{path.name}.new"
            shutil.copyfile(path, incoming)   # same folder as the target: the rename is atomic
            os.replace(incoming, HERE / path.name)
    STAMP.write_text(json.dumps(digests, indent=1) + "\n", encoding="utf-8")
    return STAMP


def clean() -> list[Path]:
    """Remove the extension modules and the stamp (back to the pure-Python miner)."""
    built = tuple(f"{name}." for name in (*MODULES, "_native__mypyc"))
    removed = []
    for path in HERE.iterdir():
        if path == STAMP or (path.suffix == ".so" and path.name.startswith(built)):
            path.unlink()
            removed.append(path)
    return removed


HELP = """usage: python -m engine.mining [build [--force] [--quiet] | status | clean]

Compile the template miner (engine/mining/masks.py, align.py, miner.py) to C with mypyc.
Same results as the Python source, 1.7-2.3x faster; ./run.sh does it before its job.

  build     compile, unless the build is up to date (--force: anyway; --quiet: say
            nothing when up to date). Needs mypy (pip install -e '.[fast]') and a C
            compiler with the Python headers. About 15 s.
  status    compiled | not built | stale (a source changed since: the source runs)
            | incomplete | off (AUTOPATTERN_NATIVE=0: the source runs)
  clean     remove the build: the source runs"""


def main(argv: list[str] | None = None) -> int:
    """``python -m engine.mining [build [--force] [--quiet] | status | clean]``: compile the
    miner (``--quiet``: say nothing when it is up to date), say whether it is, or remove
    the build."""
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "status"
    if command in ("-h", "--help", "help"):
        print(HELP)
        return 0
    if command == "status":
        print(f"miner: {status()}")
        return 0
    if command == "build":
        if status() == "compiled" and "--force" not in args:
            if "--quiet" not in args:
                print("miner: compiled (up to date)")
            return 0
        print("compiling the miner with mypyc (about 15 s) ...", flush=True)
        try:
            build(force="--force" in args)
        except (NativeBuildError, OSError) as error:
            print(f"error: {error}", file=sys.stderr)
            print("hint: the miner still works from its Python source, only slower; "
                  "compiling needs mypy and a C compiler (gcc) with the Python headers",
                  file=sys.stderr)
            return 1
        print(f"miner: {status()}")
        return 0
    if command == "clean":
        for path in clean():
            print(f"removed {path.relative_to(ROOT)}")
        return 0
    print("usage: python -m engine.mining [build [--force] [--quiet] | status | clean]",
          file=sys.stderr)
    return 2
