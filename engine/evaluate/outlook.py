"""What retention will do with the telemetry just stored, said before it does it.

Importing a team's history (two years of CI reports) stores events far older than the
retention window; the next `evaluate` would delete most of them at once. So `ingest`
asks the workspace's retention pack, exactly as the next evaluation would run it (same
rules, same params, a dry run at the current time), how many stored rows are past the
window and whether they would be deleted, and names the param that keeps them.
"""

from __future__ import annotations

import math
import re
import sqlite3
from datetime import datetime, timezone
from typing import Any

from engine.clock import format_ts
from engine.errors import AutopatternError
from engine.language import ast
from engine.wording import plural


RETENTION_PACK = "retention"
_PACK_LINE = re.compile(r"^\s*pack\s+" + RETENTION_PACK + r"\b", re.MULTILINE)


def retention_outlook(ws, now: datetime | None = None) -> dict[str, Any] | None:
    """Rows past retention per table and what the next evaluate does with them.

    Runs the workspace's ``retention`` pack as `evaluate` would (its rules, the
    workspace's params, at ``now``), reading only: no run record, no deletion. Only the
    retention pack's file is parsed (an ingest must stay quick). None when the
    workspace has no valid retention pack, or the store is busy: this is advice, and a
    broken rule file is for `check` to report, not a reason to fail an ingest.
    """
    from engine.evaluate.runner import prepare, run_pack
    from engine.evaluate.session import run_params
    from engine.language.loader import load_pack, rule_files

    now = now or datetime.now(timezone.utc)
    try:
        candidates = [path for path in rule_files([ws.rules_dir])
                      if _PACK_LINE.search(path.read_text(encoding="utf-8", errors="replace"))]
        loaded = [item for item in map(load_pack, candidates)
                  if item.ok and item.pack.name == RETENTION_PACK]
        if not loaded:
            return None
        pack = loaded[0].pack
        params = run_params(ws, [pack], [])[pack.name]
        db = ws.open_db(create=False)
        try:
            prepare(db)
            results = run_pack(db, pack, params, now)
        finally:
            db.close()
    except (AutopatternError, OSError, sqlite3.Error):
        return None
    tables = []
    for result in results:
        if result.kind != "retention" or not result.findings:
            continue
        finding = result.findings[0]
        rows = int(finding.fields.get("rows") or 0)
        if rows <= 0:
            continue
        rule = pack.rule(result.rule)
        oldest = finding.fields.get("oldest")
        tables.append({"rule": result.rule, "table": result.compiled.table, "rows": rows,
                       "oldest": oldest, "decision": finding.decision,
                       "params": {name: params.get(name) for name in window_params(pack, rule)},
                       "keep_with": keep_with(pack, rule, oldest, now)})
    return {"now": format_ts(now), "tables": tables}


def keep_with(pack: ast.Pack, rule: ast.Rule | None, oldest: Any, now: datetime) -> list[str]:
    """``PACK.PARAM=Nd`` settings that would keep every row back to ``oldest``: what the
    outlook and the retention run both offer a user who meant to keep imported history."""
    return [f"{pack.name}.{name}={_days_covering(oldest, now)}"
            for name in window_params(pack, rule)]


def window_params(pack: ast.Pack, rule: ast.Rule | None) -> list[str]:
    """The duration params a retention rule's row filter reads (its window)."""
    if rule is None or rule.where is None:
        return []
    names = []
    for node in ast.walk(rule.where):
        if isinstance(node, ast.NameRef):
            param = pack.param(node.name)
            if param is not None and param.default.type == "duration" and node.name not in names:
                names.append(node.name)
    return names


def _days_covering(oldest: Any, now: datetime) -> str:
    """A window (whole days) that reaches past the oldest row, to keep everything stored."""
    try:
        moment = datetime.fromisoformat(str(oldest).replace("Z", "+00:00"))
    except ValueError:
        return "3650d"
    days = math.ceil((now - moment).total_seconds() / 86400) + 1
    return f"{min(max(days, 1), 3650)}d"


def describe(outlook: dict[str, Any] | None) -> list[str]:
    """The outlook in sentences, one per table with rows past the window."""
    lines = []
    for entry in (outlook or {}).get("tables", []):
        window = ", ".join(f"{name} = {_duration(value)}" for name, value in entry["params"].items())
        what = ("the next `autopattern evaluate` deletes them" if entry["decision"] == "delete"
                else "the next `autopattern evaluate` keeps them for now (" + entry["decision"] + ")")
        keep = " or ".join(f"--set {item}" for item in entry["keep_with"])
        rows = f"{plural(entry['rows'], 'stored row', thousands=True)} of {entry['table']} " \
               + ("are" if entry["rows"] != 1 else "is")
        lines.append(f"retention: {rows} past the retention "
                     f"window ({window}; oldest {entry['oldest']}): {what}."
                     + (f" To keep them, evaluate with {keep}, or set it under `params:` in "
                        "autopattern.yaml." if keep else ""))
    return lines


def _duration(value: Any) -> str:
    if isinstance(value, (int, float)) and value % 86_400_000 == 0:
        return f"{int(value // 86_400_000)}d"
    return str(value)
