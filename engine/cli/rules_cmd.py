"""`check`, `evaluate` and `explain`: the rule language's commands."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from engine.cli.common import JsonOption, WorkspaceOption, fail, note, print_json, render_error, say, workspace
from engine.errors import AutopatternError
from engine.wording import plural
from engine.workspace import find_workspace

NowOption = Annotated[Optional[str], typer.Option(
    "--now", help="The run's fixed now (RFC 3339, e.g. 2026-11-24T12:00:00Z); windows are relative to it. "
                  "Default: the current time.")]
ProfileOption = Annotated[Optional[str], typer.Option(
    "--profile", help="Params profile for this run: aggressive, conservative, or a name defined under "
                      "`profiles:` in autopattern.yaml (default: the config's `profile:`).", show_default=False)]
SetOption = Annotated[Optional[list[str]], typer.Option(
    "--set", help="Override a param for this run: pack.param=value (repeatable), e.g. "
                  "--set execution_patterns.approve_at=0.8")]


def register(app: typer.Typer) -> None:
    app.command("check")(check)
    app.command("evaluate")(evaluate)
    app.command("explain")(explain)


def check(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Rule files or folders (default: the workspace's rules/).")] = None,
    ws_path: WorkspaceOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    data: Annotated[bool, typer.Option("--data/--no-data", help="Also look up the attrs.NAME fields the "
                                       "rules read in the workspace's stored events (read-only); a field "
                                       "no event has is a warning. Skipped when there is no store.")] = True,
    as_json: JsonOption = False,
) -> None:
    """Check rule files: syntax, names, types, ranges; warnings for unused params and
    unreachable decisions, and for attrs.NAME fields no stored event has. Exit code 1
    when there are errors."""
    from engine.language.loader import load_packs

    from engine.evaluate.session import config_problems

    ws = None if paths else workspace(ws_path)
    targets = paths or [ws.rules_dir]   # a configured rules path outside the workspace raises
    loaded = load_packs(targets)
    if data:
        _look_up_attrs(loaded, ws, ws_path)
    diagnostics = [d for item in loaded for d in item.diagnostics]
    errors = sum(d.severity == "error" for d in diagnostics)
    # The workspace's own rules are checked with its config: a param value there that a run
    # would refuse (approve_at: "high", out of range, an unknown pack) is an error here too.
    config = config_problems(ws, [i.pack for i in loaded if i.pack]) if ws is not None and loaded and not errors else []
    errors += len(config)
    warnings = len(diagnostics) - sum(d.severity == "error" for d in diagnostics)
    if as_json:
        print_json({"files": [{"path": str(i.path), "pack": i.pack.name if i.pack else None, "ok": i.ok,
                               "diagnostics": [d.to_json() for d in i.diagnostics]} for i in loaded],
                    "config": [{"error": e.message, "location": str(e.location) if e.location else None}
                               for e in config],
                    "errors": errors, "warnings": warnings})
    else:
        if not loaded:
            say(f"no rule files in {', '.join(map(str, targets))}")
        for item in loaded:
            for diagnostic in item.diagnostics:
                typer.echo(diagnostic.render(item.text), err=diagnostic.severity == "error")
        for problem in config:
            typer.echo(render_error(problem), err=True)
        rules = sum(len(i.pack.rules) for i in loaded if i.pack)
        say(f"{plural(len(loaded), 'file')}, {plural(rules, 'rule')}: "
            f"{plural(errors, 'error')}, {plural(warnings, 'warning')}")
    if errors or (strict and warnings) or not loaded:
        raise typer.Exit(1)


def _look_up_attrs(loaded, ws, ws_path) -> None:
    """Warn about attrs.NAME fields no stored event has (engine.evaluate.datacheck).

    With explicit paths the workspace is only needed for its store: a missing or broken
    one means there is nothing to look up, never a failed check.
    """
    from engine.evaluate.datacheck import absent_attr_warnings
    if ws is None:
        try:
            ws = find_workspace(ws_path)
        except AutopatternError:
            return
    try:
        absent_attr_warnings(loaded, ws.db_path)
    except AutopatternError:      # a database path outside the workspace: nothing to look up
        pass


def evaluate(
    packs: Annotated[Optional[list[str]], typer.Argument(help="Packs to run, by name or id (default: all).")] = None,
    now: NowOption = None,
    assignments: SetOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Compute everything, write nothing "
                                          "(no registry documents, no run record, no retention).")] = False,
    profile: ProfileOption = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print each rule's finding count and "
                                          "time on stderr as it runs (default: one summary line).")] = False,
    ws_path: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Run the rule packs against the telemetry and update the pattern registry.

    Every window is relative to --now, so a run over old telemetry is reproducible.
    --profile picks a set of params (aggressive, conservative, or one of autopattern.yaml's
    profiles) for this run; it is recorded with the run. On stderr: one line with the
    number of rules and the time taken, or with -v each rule's findings and time.
    """
    from engine.evaluate.session import evaluate_workspace, parse_now
    from engine.outputs import OUTPUTS

    ws = workspace(ws_path)
    rules: list = []

    def progress(rule) -> None:
        rules.append(rule)
        if verbose:
            note(f"  {rule.pack}.{rule.rule}: {plural(len(rule.findings), 'finding')} ({rule.elapsed_ms:.0f} ms)")

    started = time.perf_counter()
    result = evaluate_workspace(ws, outputs=OUTPUTS, packs=packs, now=parse_now(now), assignments=assignments or [],
                                dry_run=dry_run, on_rule=None if as_json else progress, profile=profile,
                                on_wait=lambda who: note(f"waiting: another evaluation holds the store ({who})"))
    if as_json:
        print_json(result.to_json())
        return
    if not verbose:
        note(timing_summary(rules, time.perf_counter() - started))
    say(render_evaluation(result))


def timing_summary(rules: list, seconds: float) -> str:
    """The stderr line of a run without -v: how many rules ran, how long, and the slowest
    (the one to look at with -v or `explain --profile` when a run is slow)."""
    text = f"evaluated {plural(len(rules), 'rule')} in {seconds:.1f} s"
    if rules:
        slowest = max(rules, key=lambda r: r.elapsed_ms)
        text += f" (slowest {slowest.pack}.{slowest.rule}: {slowest.elapsed_ms:.0f} ms; -v for each rule)"
    return text


def render_evaluation(result) -> str:
    lines = [f"run {result.run.run_id}  now {result.run.now}"
             + (f"  profile {result.profile}" if result.profile else "")
             + ("  (dry run: nothing written)" if result.run.dry_run else "")]
    for r in result.results:
        counts = ", ".join(f"{n} {d}" for d, n in sorted(r.counts().items())) or "nothing found"
        lines.append(f"  {r.pack_id or r.pack:<9} {r.rule:<28} {counts}")
    written = sum(len(s.get("documents", [])) for s in result.registry.values())
    lines.append(f"registry: {plural(written, 'document')} {'would be ' if result.run.dry_run else ''}written")
    for outcome in result.extras.get("retention", []):
        lines.append(f"retention {outcome['table']}: {plural(outcome['rows'], 'row')}, {outcome['decision']}"
                     f" ({outcome['deleted']} deleted)")
        fresh = outcome.get("ingested_since_last_run")
        if fresh:
            since = (f"since the previous evaluate ({outcome['previous_run_started']})"
                     if outcome.get("previous_run_started") else "before this first evaluate")
            done = "would be deleted" if result.run.dry_run else "were deleted"
            keep = " or ".join(f"--set {item}" for item in outcome.get("keep_with", []))
            if fresh == 1:
                done = done.replace("were", "was")
            lines.append(f"  warning: {fresh:,} of these rows {'was' if fresh == 1 else 'were'} ingested {since} "
                         f"and {done} at once "
                         "(past the retention window already when stored, e.g. imported history)"
                         + (f"; to keep such rows evaluate with {keep} or set the param under "
                            "`params:` in autopattern.yaml" + ("" if result.run.dry_run else
                            ", then ingest the same files again (ingest is idempotent)") if keep else ""))
    upgrade = result.extras.get("upgrade")
    if upgrade:
        lines.append(f"upgrade: {plural(len(upgrade['converted']), 'document')} of an older version converted to YAML")
    for report in result.extras.get("reports", []):
        lines.append(f"report: {report.get('markdown') or report.get('path')}")
    return "\n".join(lines)


def explain(
    target: Annotated[str, typer.Argument(help="PACK.RULE to trace a rule, or a pattern (id, id prefix or name).")],
    keys: Annotated[Optional[list[str]], typer.Option("--key", help="Only groups whose key matches NAME=VALUE (repeatable).")] = None,
    now: NowOption = None,
    assignments: SetOption = None,
    max_groups: Annotated[int, typer.Option("--max-groups", help="Show at most this many groups.")] = 50,
    sql: Annotated[bool, typer.Option("--sql", help="Also print the compiled SQL and its bound values "
                                                  "(as the store in use runs it, or as compiled for --dialect).")] = False,
    profile: ProfileOption = None,
    dialect: Annotated[Optional[str], typer.Option(
        "--dialect", help="With --sql: show the SQL as compiled for this database, sqlite or postgres "
                          "(default: the store in use).")] = None,
    ws_path: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Explain a rule: its params, every group's values against every threshold, and the
    decision with its reason (--sql adds the compiled SQL and bound values). Without
    --now, the rule is traced at the last run's now, so it agrees with the registry.
    Or explain a pattern (an id, a unique id prefix or its name): the rule, run, profile
    and params that produced it, and the events behind it."""
    import re

    from engine.evaluate.session import parse_now
    from engine.compile.nodes import DIALECTS
    from engine.explain import explain_pattern, explain_rule, render_pattern_trace, render_rule_trace

    ws = workspace(ws_path)
    if re.fullmatch(r"[A-Za-z0-9_-]+\.[A-Za-z_][A-Za-z0-9_]*", target):
        filters = dict(_split_key(k) for k in keys or [])
        if dialect is not None and dialect not in DIALECTS:
            fail(f"--dialect {dialect!r}: expected one of {', '.join(DIALECTS)}")
        trace = explain_rule(ws, target, now=parse_now(now) if now else None, assignments=assignments or [],
                             key_filters=filters, max_groups=max_groups, profile=profile, dialect=dialect)
        print_json(trace.to_json()) if as_json else say(render_rule_trace(trace, sql=sql))
    else:
        trace = explain_pattern(ws, target)
        print_json(trace) if as_json else say(render_pattern_trace(trace))


def _split_key(text: str) -> tuple[str, str]:
    if "=" not in text:
        fail(f"--key {text!r}: expected NAME=VALUE")
    name, value = text.split("=", 1)
    return name.strip(), value.strip()
