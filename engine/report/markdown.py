"""The weekly report as Markdown: the same sections, in the same order, as the HTML page.

Pure function of the report model (``engine.report.model``), with the cells formatted by
``engine.report.views``/``units``, so the JSON, the Markdown and the HTML cannot disagree.
Trends are block-character sparklines (one character per week, ``·`` for no data).
"""

from __future__ import annotations

from typing import Any

from engine.report import units, views
from engine.report.svg import text_spark


def render_markdown(report: dict[str, Any]) -> str:
    lines = [f"# Weekly pattern report {report['week']}", "",
             f"{units.day(report['period']['start'])} – {units.day(report['period']['end'])} UTC · pack "
             f"{report.get('pack', '?')} ({report.get('pack_id', '?')})", ""]
    lines += _headline(report)
    if report.get("time_saved_method"):
        lines += [f"How time saved is estimated: {escape(report['time_saved_method'])}.", ""]
    lines += _attention(report)
    lead, rest = views.sections(report)
    for section in lead:
        lines += _section(report, section)
    lines += _movers(report)
    for section in rest:
        lines += _section(report, section)
    lines += _footer(report)
    return "\n".join(lines).rstrip() + "\n"


def _headline(report: dict[str, Any]) -> list[str]:
    metrics = report.get("headline", [])
    if not metrics:
        return []
    weeks = report.get("weeks") or []
    lines = ["## Success metrics against targets", "", views.targets_line(report), "",
             f"| metric | this week | last week | change | target | | trend ({len(weeks)} weeks) |",
             "|---|---|---|---|---|---|---|"]
    for m in metrics:
        counts = units.metric_counts(m)
        trend = [p.get("value") for p in m.get("trend", [])]
        lines.append(f"| {escape(m['label'])} | {units.percent(m.get('value'))}"
                     f"{' (' + counts + ')' if counts else ''} | {units.percent(m.get('previous'))} "
                     f"| {units.change(m.get('value'), m.get('previous'))} | {units.percent(m.get('target'))} | {views.met_text(m)} "
                     f"| {text_spark(trend, 1.0) if trend else ''} |")
    lines.append("")
    if weeks:
        lines += [f"Trend from {weeks[0]} to {weeks[-1]}; `·` marks a week with no run.", ""]
    definitions = [m for m in metrics if m.get("definition")]
    if definitions:
        lines += ["How each is measured:", ""]
        lines += [f"- **{escape(m['label'])}**: {escape(m['definition'])}" for m in definitions]
        lines.append("")
    return lines


def _attention(report: dict[str, Any]) -> list[str]:
    groups = report.get("attention")
    if groups is None:
        return []
    lines = ["## Needs a person", ""]
    if not any(g["items"] for g in groups):
        return lines + ["Nothing waits for a decision.", ""]
    for group in groups:
        total = len(group["items"])
        lines += [f"### {escape(group['title'])} ({total})", ""]
        if not total:
            lines += ["None.", ""]
            continue
        lines += ["| name | why | to act |", "|---|---|---|"]
        for item in group["items"][:views.shown(report, total)]:
            lines.append(f"| {escape(item['name'])} | {escape(item['why'])} | `{escape(item['command'])}` |")
        note = views.cut_note(report, total)
        lines += ([""] + [note] if note else []) + [""]
    return lines


def _section(report: dict[str, Any], section: dict[str, Any]) -> list[str]:
    lines = [f"## {escape(section['title'])}", ""]
    if section.get("description") and section["name"] != "top_by_time_saved":
        lines += [escape(section["description"]), ""]
    rows = section.get("rows", [])
    if not rows:
        return lines + ["Nothing this period.", ""]
    columns = views.columns(section)
    spark = any("weekly_uses" in row for row in rows)
    heads = [views.units.header(c) for c in columns] + (["uses per week"] if spark else [])
    lines += ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for row in rows[:views.shown(report, len(rows))]:
        cells = [escape(views.cell(c, row)) for c in columns]
        if spark:
            cells.append(text_spark(row.get("weekly_uses") or []))
        lines.append("| " + " | ".join(cells) + " |")
    note = views.cut_note(report, len(rows))
    return lines + ([""] + [note] if note else []) + [""]


def _movers(report: dict[str, Any]) -> list[str]:
    movers = report.get("movers")
    if movers is None:
        return []
    lines = ["## Patterns improving, degrading or gone stale", ""]
    if not movers:
        return lines + ["No pattern was flagged this period (AUTO-007).", ""]
    lines += ["| | pattern | why | uses per week | success per week |", "|---|---|---|---|---|"]
    for item in movers[:views.shown(report, len(movers))]:
        lines.append(f"| {views.DIRECTION_TITLES[item['direction']]} | {escape(item['name'])} | {escape(item['why'])} "
                     f"| {text_spark(item.get('weekly_uses') or [])} "
                     f"| {text_spark(item.get('weekly_success_rate') or [], 1.0)} |")
    note = views.cut_note(report, len(movers))
    return lines + ([""] + [note] if note else []) + [""]


def _footer(report: dict[str, Any]) -> list[str]:
    footer = report.get("footer")
    if not footer:
        return []
    params = units.params(footer)
    return ["---", "",
            f"Run {footer.get('run_id')} at now {footer.get('now')} · pack {footer.get('pack')} "
            f"({footer.get('pack_id')}) · params: {escape(params) or 'defaults'}", ""]


def escape(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")

