"""Assemble the weekly report from the rows of a pack's `report_row` rules, and write it.

A rule that emits both ``value`` and ``target`` is a headline metric (the pattern
system's own success measure against its target); every other rule is a section, in
rule order, titled by the rule's description. Literal text fields of a rule (``definition``,
``time_saved_method``) are its explanation, printed once rather than on every row. The
numbers all come from SQL; this module only arranges them.

``model.complete`` then adds what is read around those rows (trends over the last weeks,
what needs a person, names, movers, the footer). The report is written to
``patterns/reports/weekly/<ISO week>.json``, ``.md`` and ``.html``, validated first and
written atomically. Building it twice for the same ``now`` changes
nothing on disk: a report whose content is unchanged keeps the run id that first wrote it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from engine.clock import format_ts
from engine.language import ast
from engine.registry.files import plain, read_document, render, write_atomic
from engine.registry.schemas import validate_document
from engine.report.html import render_html
from engine.report.markdown import render_markdown
from engine.report.model import complete
from engine.results import RunInfo

REPORT_FOLDER = Path("reports") / "weekly"
SCHEMA = "weekly_report"
HEADLINE_FIELDS = ("value", "target")
METRIC_FIELDS = ("value", "target", "met", "numerator", "denominator")
TEXT_FIELDS = ("definition", "time_saved_method")   # a rule's explanation, when given as a literal
DEFAULT_PERIOD_MS = 7 * 86_400_000
PERIOD_PARAM = "period"


def build_and_write_report(db, patterns_dir: Path, run: RunInfo, pack: ast.Pack, results) -> dict[str, Any]:
    """Build the report of this run's ``report_row`` results, validate it, write it unless dry.

    Returns a summary (week, paths, whether files changed, headline) for the run's output.
    """
    document = complete(db, patterns_dir, build_report(run, pack, results))
    validate_document(SCHEMA, document, source=f"{pack.name} report")
    json_path, md_path, html_path = report_paths(patterns_dir, document["week"])
    written = False if run.dry_run else write_report(document, json_path, md_path, html_path)
    return {"pack": pack.name, "week": document["week"], "json": str(json_path), "markdown": str(md_path),
            "html": str(html_path), "written": written, "dry_run": run.dry_run,
            "headline": [{k: m.get(k) for k in ("name", "value", "target", "met", "numerator", "denominator")}
                         for m in document["headline"]]}


def build_report(run: RunInfo, pack: ast.Pack, results) -> dict[str, Any]:
    """The report document (plain data, schema-shaped) of one run's report rows."""
    now = _parse(run.now)
    params = run.params.get(pack.name, {})
    period_ms = params.get(PERIOD_PARAM) if isinstance(params.get(PERIOD_PARAM), (int, float)) else None
    start = now - timedelta(milliseconds=period_ms or DEFAULT_PERIOD_MS)
    week = iso_week(now)
    rules = {rule.name: rule for rule in pack.rules}
    headline, sections, method = [], [], None
    for result in results:
        rule = rules[result.rule]
        texts = literal_texts(rule)
        method = method or texts.get("time_saved_method")
        if is_headline(rule):
            headline.append(metric(pack, rule, result, texts))
        else:
            sections.append(section(pack, rule, result, texts))
    document: dict[str, Any] = {
        "kind": SCHEMA, "id": f"weekly-{week.lower()}", "week": week,
        "period": {"start": format_ts(start), "end": run.now}, "generated": run.now, "run_id": run.run_id,
        "pack": pack.name, "pack_id": pack.pack_id or pack.name,
        "headline": headline, "sections": sections, "params": plain(params),
        # which params are durations (milliseconds in params), so the footer can print them as written
        "footer": {"durations": sorted(p.name for p in pack.params if p.default.type == "duration")},
    }
    if method:
        document["time_saved_method"] = method
    return plain(document)


def is_headline(rule: ast.Rule) -> bool:
    names = {f.name for f in rule.emit.fields}
    return all(name in names for name in HEADLINE_FIELDS)


def literal_texts(rule: ast.Rule) -> dict[str, str]:
    """The rule's constant text fields: the same for every row, so said once."""
    return {f.name: f.expr.value for f in rule.emit.fields
            if isinstance(f.expr, ast.Literal) and f.expr.type == "string"}


def metric(pack: ast.Pack, rule: ast.Rule, result, texts: dict[str, str]) -> dict[str, Any]:
    """One headline metric; with no row (nothing to measure) its value and verdict are null."""
    finding = next((f for f in result.findings if f.decision != "skip"), None)
    fields = finding.fields if finding else {}
    value = fields.get("value")
    entry: dict[str, Any] = {"name": rule.name, "label": rule.description or rule.name, "value": value,
                             "target": fields.get("target"),
                             "met": None if value is None or fields.get("met") is None else bool(fields["met"]),
                             "numerator": fields.get("numerator"), "denominator": fields.get("denominator"),
                             "rule": f"{pack.name}.{rule.name}"}
    if "definition" in texts:
        entry["definition"] = texts["definition"]
    return entry


def section(pack: ast.Pack, rule: ast.Rule, result, texts: dict[str, str]) -> dict[str, Any]:
    """One section: a row per finding the rule reported, key columns first."""
    rows = [row_of(finding, texts) for finding in result.findings if finding.decision != "skip"]
    columns = [ref.name for ref in rule.group_by]
    columns += [f.name for f in rule.emit.fields if f.name not in texts and f.name not in columns]
    entry: dict[str, Any] = {"name": rule.name, "title": rule.description or rule.name,
                             "rule": f"{pack.name}.{rule.name}", "columns": columns, "rows": rows}
    description = texts.get("definition") or texts.get("time_saved_method")
    if description:
        entry["description"] = description
    return entry


def row_of(finding, texts: dict[str, str]) -> dict[str, Any]:
    """A finding's group key and fields, without the rule's constant texts."""
    return {**finding.key, **{k: v for k, v in finding.fields.items() if k not in texts}}


def report_paths(patterns_dir: Path, week: str) -> tuple[Path, Path, Path]:
    folder = patterns_dir / REPORT_FOLDER
    return folder / f"{week}.json", folder / f"{week}.md", folder / f"{week}.html"


def write_report(document: dict[str, Any], json_path: Path, md_path: Path, html_path: Path) -> bool:
    """Write the three files atomically unless the stored report says the same; True if written."""
    stored = read_document(json_path)
    if stored is not None and _without_run(stored) == _without_run(document):
        document = _with_run(document, stored.get("run_id"))
        renderings = {md_path: render_markdown(document), html_path: render_html(document)}
        if all(path.exists() and path.read_text(encoding="utf-8") == text for path, text in renderings.items()):
            return False
    write_atomic(json_path, render(document))
    write_atomic(md_path, render_markdown(document))
    write_atomic(html_path, render_html(document))
    return True


def _without_run(document: dict[str, Any]) -> dict[str, Any]:
    return _with_run(document, None)


def _with_run(document: dict[str, Any], run_id: Any) -> dict[str, Any]:
    out = {**document, "run_id": run_id}
    if isinstance(document.get("footer"), dict):
        out["footer"] = {**document["footer"], "run_id": run_id}
    return out


def iso_week(now: datetime) -> str:
    """The ISO week the period ends in (the instant before ``now``), e.g. ``2026-W48``."""
    year, week, _ = (now - timedelta(milliseconds=1)).isocalendar()
    return f"{year}-W{week:02d}"


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
