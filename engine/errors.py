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
    """Base of all user-facing errors; ``location`` says where, ``hint`` how to fix.

    ``status`` is the exit status the command line ends with when this error stops a
    command, so every command exits alike for the same kind of error: 2 (click's status
    for usage errors) when the command could not start its work (no workspace, a
    malformed option, an unreadable configuration, store or input), 1 when it started and
    what was asked failed (an invalid rule, an evaluation, an unknown pattern, a refused
    decision). A subclass sets its default; ``status=`` overrides it for one error.
    """

    status: int = 2

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None,
                 *, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint
        if status is not None:
            self.status = status

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

    status = 1  # as `autopattern check` exits on rule errors


class EvaluationError(AutopatternError):
    """A pack could not be evaluated (bad override, query failure)."""

    status = 1
