"""Imports point down: evaluation runs rules and hands findings to the outputs its caller
gives it (``engine.outputs``); it never imports the registry, the report or retention."""

from __future__ import annotations

import ast

from tests.support.paths import REPO

ABOVE = ("engine.report", "engine.registry", "engine.retention", "engine.outputs")


def imported_modules(path) -> list[tuple[int, str]]:
    """Every module a file imports (at any depth: lazy imports in functions count too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


def test_evaluate_imports_nothing_from_the_registry_the_report_or_retention():
    wrong = [f"{path.relative_to(REPO)}:{line} imports {module}"
             for path in sorted((REPO / "engine/evaluate").rglob("*.py"))
             for line, module in imported_modules(path)
             if any(module == above or module.startswith(above + ".") for above in ABOVE)
             or "retention" in module.split(".")]
    assert wrong == [], "engine/evaluate must not import what acts on findings; hand it a handler " \
                        "in engine.outputs instead:\n" + "\n".join(wrong)


def test_the_scan_sees_lazy_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from engine.report.weekly import build_and_write_report\n")
    assert (2, "engine.report.weekly") in imported_modules(sample)
