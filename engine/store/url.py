"""Where the telemetry store lives: a URL naming SQLite or PostgreSQL.

``sqlite:///relative/path.db`` (relative to the workspace), ``sqlite:////abs/path.db``,
a bare path (the historical form of ``database:`` in autopattern.yaml), or
``postgresql://user@host:port/dbname`` (``postgres://`` too, with libpq query
parameters such as ``?sslmode=require``). Passwords follow libpq: ``PGPASSWORD`` or
``~/.pgpass``. A password written in a URL is accepted from the environment but never
stored in autopattern.yaml and never shown: every message prints ``redacted``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from engine.errors import Location, StoreError

ENV_VAR = "AUTOPATTERN_DATABASE_URL"
POSTGRES_SCHEMES = ("postgresql", "postgres")
_URL_PASSWORD = re.compile(r"(?P<head>\b(?:postgres(?:ql)?)://[^:/@\s]*):(?P<password>[^@\s]*)@")
_KEYWORD_PASSWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)(?P<password>'[^']*'|\S+)", re.I)
_QUERY_PASSWORD = re.compile(r"(?P<head>[?&]password=)(?P<password>[^&\s]*)", re.I)


@dataclass(frozen=True)
class StoreURL:
    """A parsed store location. ``text`` is what was given (may hold a password)."""

    dialect: str                # "sqlite" | "postgres"
    text: str
    path: Path | None = None    # SQLite: the database file (or None for ":memory:")

    @property
    def memory(self) -> bool:
        return self.dialect == "sqlite" and self.path is None

    @property
    def redacted(self) -> str:
        if self.dialect == "sqlite":
            return f"sqlite:///{self.path}" if self.path is not None else "sqlite:///:memory:"
        return redact(self.text)

    @property
    def has_password(self) -> bool:
        return self.dialect == "postgres" and redact(self.text) != self.text

    def __str__(self) -> str:
        return self.redacted


def store_label(url: StoreURL) -> str:
    """How messages name a store: a SQLite file by its path, anything else by its redacted URL."""
    if url.dialect == "sqlite":
        return str(url.path) if url.path is not None else ":memory:"
    return url.redacted


def redact(text: str) -> str:
    """``text`` with every password it holds (URL, keyword or query form) replaced."""
    text = _URL_PASSWORD.sub(lambda m: f"{m['head']}:redacted@", text)
    text = _QUERY_PASSWORD.sub(lambda m: f"{m['head']}redacted", text)
    return _KEYWORD_PASSWORD.sub(lambda m: f"{m['head']}redacted", text)


def is_url(value: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", value))


def parse_store_url(value: str | Path, *, base: Path | None = None,
                    where: Location | None = None) -> StoreURL:
    """Parse a store location; relative SQLite paths are taken from ``base``."""
    text = str(value)
    if text in (":memory:", "sqlite://", "sqlite:///:memory:"):
        return StoreURL("sqlite", text, None)
    if not is_url(text):
        path = Path(text)
        return StoreURL("sqlite", text, path if path.is_absolute() or base is None else base / path)
    scheme = text.split("://", 1)[0].lower()
    if scheme == "sqlite":
        rest = text.split("://", 1)[1]
        if not rest.startswith("/") or rest == "/":
            raise StoreError(f"SQLite URL {text!r} needs three slashes and a path "
                             "(sqlite:///relative.db or sqlite:////absolute/path.db)", where)
        raw = unquote(rest[1:])
        path = Path(raw)
        return StoreURL("sqlite", text, path if path.is_absolute() or base is None else base / path)
    if scheme in POSTGRES_SCHEMES:
        parts = urlsplit(text)
        if not parts.path.strip("/"):
            raise StoreError(f"PostgreSQL URL {redact(text)!r} names no database "
                             "(postgresql://user@host:port/dbname)", where)
        try:
            parts.port  # noqa: B018 - validates the port
        except ValueError as exc:
            raise StoreError(f"PostgreSQL URL {redact(text)!r}: {exc}", where) from None
        return StoreURL("postgres", text)
    raise StoreError(f"unsupported store URL scheme {scheme!r} in {redact(text)!r}", where,
                     hint="use sqlite:///path.db or postgresql://user@host:port/dbname")
