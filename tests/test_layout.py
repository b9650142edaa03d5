"""The suite's layout stays navigable (tests/README.md): every test folder mirrors a part of
the repository, every folder of Python files is a package, and no test imports a conftest."""

from __future__ import annotations

import ast

from tests.support.paths import REPO

TESTS = REPO / "tests"
ENGINE = REPO / "engine"
# Folders that mirror something outside engine/, or nothing (see tests/README.md).
NOT_ENGINE = {"rules": REPO / "rules", "bench": REPO / "bench", "docs": REPO / "docs",
              "reliability": None, "support": None}
NOT_CODE = {"__pycache__", "__snapshots__", "data", "golden"}


def folders():
    return sorted(p for p in TESTS.rglob("*") if p.is_dir() and not NOT_CODE & set(p.relative_to(TESTS).parts))


def test_every_top_level_folder_mirrors_engine_or_is_listed():
    stray = []
    for folder in (p for p in folders() if p.parent == TESTS):
        name = folder.name
        if name in NOT_ENGINE:
            assert NOT_ENGINE[name] is None or NOT_ENGINE[name].exists(), name
        elif not ((ENGINE / name).is_dir() or (ENGINE / f"{name}.py").is_file()):
            stray.append(name)
    assert stray == [], f"tests/{stray[0]} has no engine/{stray[0]} (package or module): put its tests " \
                        "where the code they test is mirrored, or list the folder in tests/README.md"


def test_nested_folders_mirror_engine_subpackages():
    for folder in (p for p in folders() if p.parent != TESTS):
        relative = folder.relative_to(TESTS)
        if relative.parts[0] in NOT_ENGINE:
            continue
        assert (ENGINE / relative).is_dir(), f"tests/{relative} has no engine/{relative}"


def test_every_folder_is_a_package_and_no_test_imports_a_conftest():
    for folder in folders():
        if any(folder.glob("*.py")):
            assert (folder / "__init__.py").is_file(), f"{folder.relative_to(REPO)} has no __init__.py"
    for path in TESTS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[-1] != "conftest", \
                    f"{path.relative_to(REPO)}:{node.lineno} imports a conftest; helpers go in tests/support/"
            if isinstance(node, ast.Import):
                assert all(alias.name.split(".")[-1] != "conftest" for alias in node.names), path
