"""Effective params of a run: the pack's defaults, then the workspace config, then --set.

Overrides are text or YAML values; each is converted to the param's type and checked
against its range, with an error naming where the override came from.
"""

from __future__ import annotations

import re
from typing import Any

from engine.errors import EvaluationError, Location
from engine.language import ast
from engine.language.parser import DURATION_MS

_DURATION = re.compile(r"([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d|w)")


def parse_assignment(text: str) -> tuple[str, str, str]:
    """Split ``pack.param=value`` (as given to --set)."""
    if "=" not in text or "." not in text.split("=", 1)[0]:
        raise EvaluationError(f"--set {text!r}: expected pack.param=value (e.g. execution_patterns.approve_at=0.8)")
    target, value = text.split("=", 1)
    pack, param = target.strip().split(".", 1)
    return pack, param, value.strip()


def effective_params(packs: list[ast.Pack], overrides: list[tuple[str, str, Any, str]]) -> dict[str, dict[str, Any]]:
    """Params per pack. ``overrides`` are (pack, param, value, origin) in increasing priority."""
    values = {pack.name: {p.name: p.default.value for p in pack.params} for pack in packs}
    by_name = {pack.name: pack for pack in packs}
    for pack_name, param_name, raw, origin in overrides:
        pack = by_name.get(pack_name)
        if pack is None:
            # an override for a pack not being evaluated this run is not an error
            continue
        param = pack.param(param_name)
        if param is None:
            known = ", ".join(p.name for p in pack.params) or "none"
            raise EvaluationError(f"pack {pack_name!r} has no param {param_name!r} (params: {known})",
                                  Location(origin, field=f"{pack_name}.{param_name}"))
        values[pack_name][param_name] = convert(param, raw, origin, field=f"{pack_name}.{param_name}")
    return values


def convert(param: ast.Param, raw: Any, origin: str, *, field: str | None = None) -> Any:
    kind = param.default.type
    where = Location(origin, field=field or param.name)
    value = _coerce(kind, raw)
    if value is None:
        raise EvaluationError(f"{param.name} = {raw!r} is not {_kind_words(kind)}", where)
    if kind in ("number", "duration"):
        for bound, ok in ((param.low, lambda b: value >= b), (param.high, lambda b: value <= b)):
            if bound is not None and not ok(bound.value):
                raise EvaluationError(
                    f"{param.name} = {raw} is outside its range {param.low.text if param.low else '…'} .. "
                    f"{param.high.text if param.high else '…'}", where)
    return value


def _coerce(kind: str, raw: Any) -> Any:
    text = str(raw).strip() if not isinstance(raw, (bool, int, float)) else raw
    if kind == "number":
        if isinstance(text, bool):
            return None
        if isinstance(text, (int, float)):
            return text
        try:
            number = float(text)
        except ValueError:
            return None
        return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
    if kind == "duration":
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            return text
        match = _DURATION.fullmatch(str(text))
        if not match:
            return None
        millis = float(match.group(1)) * DURATION_MS[match.group(2)]
        return int(millis) if millis.is_integer() else millis
    if kind == "bool":
        if isinstance(text, bool):
            return text
        return {"true": True, "false": False}.get(str(text).lower())
    if kind == "string":
        return str(raw)
    return None


def _kind_words(kind: str) -> str:
    return {"number": "a number", "duration": "a duration such as 30d or 12h", "bool": "true or false",
            "string": "text"}.get(kind, kind)


# --- profiles --------------------------------------------------------------------------
# A profile is a named set of param overrides chosen per workspace (`profile:` in
# autopattern.yaml) or per run (`--profile`). Two ship with autopattern; a workspace may
# define more, or redefine these, under `profiles:`. The brief's thresholds are the
# aggressive profile; conservative approves only what is nearly always right and
# quarantines sooner. A run records the profile it used with its params.
PROFILE_KEY = "@profile"        # the key of the profile in a run's recorded params
BUILTIN_PROFILES: dict[str, dict[str, Any]] = {
    "aggressive": {"execution_patterns.approve_at": 0.75, "file_patterns.approve_at": 0.75,
                   "anti_patterns.quarantine_at": 0.4, "error_recovery.auto_apply_at": 0.85},
    "conservative": {"execution_patterns.approve_at": 0.9, "file_patterns.approve_at": 0.9,
                     "anti_patterns.quarantine_at": 0.25, "error_recovery.auto_apply_at": 0.95},
}


def profiles(config: dict[str, Any], config_path: str) -> dict[str, dict[str, Any]]:
    """Every profile a workspace can use: the shipped ones, then its own (which win)."""
    found = {name: dict(values) for name, values in BUILTIN_PROFILES.items()}
    own = config.get("profiles") or {}
    if not isinstance(own, dict):
        raise EvaluationError("profiles must be a mapping of NAME: {pack.param: value}",
                              Location(config_path, field="profiles"))
    for name, values in own.items():
        if not isinstance(values, dict):
            raise EvaluationError(f"profile {name!r} must be a mapping of pack.param: value",
                                  Location(config_path, field=f"profiles.{name}"))
        found[str(name)] = dict(values)
    return found


def profile_name(ws, override: str | None = None) -> str | None:
    """The profile of a run: ``--profile``, else the workspace's ``profile:``, else none."""
    name = override if override is not None else ws.config.get("profile")
    if name is None or name == "":
        return None
    known = profiles(ws.config, str(ws.config_path))
    if not isinstance(name, str) or name not in known:
        origin = "--profile" if override is not None else str(ws.config_path)
        raise EvaluationError(f"unknown profile {name!r}; profiles: {', '.join(sorted(known))}",
                              Location(origin, field="profile"),
                              hint="define it under `profiles:` in autopattern.yaml")
    return name


def profile_overrides(ws, name: str | None) -> dict[str, Any]:
    """The ``pack.param: value`` overrides of profile ``name`` (none for no profile)."""
    if name is None:
        return {}
    return profiles(ws.config, str(ws.config_path))[name]
