"""One base class for every error a user can see, each carrying where it happened.

Following pySigma: an error names its source (file, line, column or field) so the CLI
can print ``path:line:col: error: message`` without knowing which stage raised it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where an error points: a file and optionally a line/column or a field path."""

    path: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = [self.path or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        text = ":".join(parts)
        if self.field:
            text += f" [{self.field}]"
        return text


class AutopatternError(Exception):
    """Base of all user-facing errors; ``location`` says where, ``hint`` how to fix."""

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class WorkspaceError(AutopatternError):
    """The workspace or its configuration is missing or invalid."""


class StoreError(AutopatternError):
    """The telemetry database cannot be opened, migrated or written."""


class ValidationFailure(AutopatternError):
    """An event or a document does not match its schema."""


class RuleError(AutopatternError):
    """A rule file is invalid (syntax or semantics)."""


class EvaluationError(AutopatternError):
    """A pack could not be evaluated (bad override, query failure)."""
