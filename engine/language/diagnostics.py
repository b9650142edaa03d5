"""Diagnostics: what `check` reports, each with a location, the source line and a caret.

Rendered like a compiler's message::

    rules/exec.rules:12:9: error: unknown column 'comand' of source executions
       12 |   where comand is null
          |         ^~~~~~
      hint: did you mean 'command'?
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable, Literal

from engine.errors import Location, RuleError

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    code: str                   # stable identifier, e.g. "unknown-column"
    message: str
    path: str
    line: int | None = None
    column: int | None = None
    end_column: int | None = None
    hint: str | None = None

    @property
    def location(self) -> Location:
        return Location(self.path, self.line, self.column)

    def render(self, source: str | None = None) -> str:
        head = f"{self.location}: {self.severity}: {self.message}"
        lines = [head]
        if source is not None and self.line is not None:
            source_lines = source.splitlines()
            if 0 < self.line <= len(source_lines):
                text = source_lines[self.line - 1].expandtabs(1)
                gutter = f"{self.line:>5} | "
                lines.append(gutter + text)
                col = max(1, self.column or 1)
                width = 1
                if self.end_column and self.end_column > col:
                    width = self.end_column - col
                lines.append(" " * (len(gutter) - 2) + "| " + " " * (col - 1) + "^" + "~" * (width - 1))
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {"severity": self.severity, "code": self.code, "message": self.message,
                "path": self.path, "line": self.line, "column": self.column, "hint": self.hint}


@dataclass
class DiagnosticSink:
    """Collects every diagnostic of a file instead of stopping at the first."""

    path: str
    items: list[Diagnostic] = field(default_factory=list)

    def error(self, code: str, message: str, span=None, hint: str | None = None) -> None:
        self._add("error", code, message, span, hint)

    def warning(self, code: str, message: str, span=None, hint: str | None = None) -> None:
        self._add("warning", code, message, span, hint)

    def _add(self, severity, code, message, span, hint) -> None:
        line = column = end_column = None
        if span is not None:
            line, column = span.line, span.column
            end_column = span.end_column if span.end_line == span.line else None
        self.items.append(Diagnostic(severity, code, message, self.path, line, column, end_column, hint))

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.items)


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


class RuleCheckError(RuleError):
    """Raised by APIs that need a valid pack; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic], sources: dict[str, str] | None = None):
        first = next((d for d in diagnostics if d.severity == "error"), diagnostics[0])
        super().__init__(first.message, first.location)
        self.diagnostics = diagnostics
        self.sources = sources or {}

    def __str__(self) -> str:
        return "\n".join(d.render(self.sources.get(d.path)) for d in self.diagnostics
                         if d.severity == "error")
