"""Find, parse and check rule files: the one way every command gets packs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine.language import ast
from engine.language.checks import check_pack
from engine.language.diagnostics import Diagnostic, DiagnosticSink, RuleCheckError
from engine.language.parser import parse_file

RULE_SUFFIX = ".rules"


@dataclass
class LoadedPack:
    path: Path
    text: str
    pack: ast.Pack | None
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return self.pack is not None and not any(d.severity == "error" for d in self.diagnostics)


def rule_files(paths: list[Path]) -> list[Path]:
    """Expand folders to their *.rules files (sorted); keep files as given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.glob(f"*{RULE_SUFFIX}")))
        else:
            found.append(path)
    return found


def load_pack(path: Path) -> LoadedPack:
    if not path.is_file():
        diag = Diagnostic("error", "missing-file", "no such rule file", str(path))
        return LoadedPack(path, "", None, [diag])
    pack, diagnostics, text = parse_file(path)
    if pack is not None:
        sink = DiagnosticSink(str(path))
        check_pack(pack, sink)
        diagnostics = [*diagnostics, *sink.items]
    return LoadedPack(path, text, pack, diagnostics)


def load_packs(paths: list[Path]) -> list[LoadedPack]:
    loaded = [load_pack(p) for p in rule_files(paths)]
    _check_unique_names(loaded)
    return loaded


def _check_unique_names(loaded: list[LoadedPack]) -> None:
    seen: dict[str, Path] = {}
    for item in loaded:
        if item.pack is None:
            continue
        other = seen.get(item.pack.name)
        if other is not None:
            item.diagnostics.append(Diagnostic("error", "duplicate-pack",
                                               f"pack {item.pack.name!r} is also defined in {other}",
                                               str(item.path), item.pack.span.line if item.pack.span else None,
                                               item.pack.span.column if item.pack.span else None))
        seen[item.pack.name] = item.path


def require_valid(loaded: list[LoadedPack]) -> list[ast.Pack]:
    """The packs, or a RuleCheckError carrying every error of every file."""
    errors = [d for item in loaded for d in item.diagnostics if d.severity == "error"]
    if errors:
        raise RuleCheckError(errors, {str(item.path): item.text for item in loaded})
    return [item.pack for item in loaded]
