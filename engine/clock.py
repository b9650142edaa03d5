"""The one storage format of a moment, and the current moment in it.

Every timestamp the engine stores or compares as text is fixed-width UTC with
milliseconds (``2026-01-01T00:00:00.000Z``), so text order is time order on both
stores. This module imports nothing of the engine: the store, statistics, evaluation
and reports all need it, and none of them should need each other for it.
"""

from __future__ import annotations

from datetime import datetime, timezone


def utc_now_text() -> str:
    """Now, in the storage format."""
    return format_ts(datetime.now(timezone.utc))


def format_ts(moment: datetime) -> str:
    """The storage format of ``moment`` (a naive one is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    # isoformat is much faster than strftime; a UTC moment always ends in "+00:00".
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")[:-6] + "Z"
