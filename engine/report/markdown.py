"""The weekly report as Markdown: the headline table, then one table per section.

Pure function of the report document, so the JSON and the Markdown cannot disagree.
Headline values are shares (0..1) and print as percentages.
"""

from __future__ import annotations

from typing import Any


def render_markdown(report: dict[str, Any]) -> str:
    lines = [f"# Weekly pattern report {report['week']}", "",
             f"Period {report['period']['start']} .. {report['period']['end']} · pack "
             f"{report.get('pack', '?')} ({report.get('pack_id', '?')})", ""]
    lines += _headline(report.get("headline", []))
    if report.get("time_saved_method"):
        lines += [f"How time saved is estimated: {report['time_saved_method']}.", ""]
    for section in report.get("sections", []):
        lines += _section(section)
    return "\n".join(lines).rstrip() + "\n"


def _headline(metrics: list[dict[str, Any]]) -> list[str]:
    if not metrics:
        return []
    met = sum(1 for m in metrics if m.get("met"))
    lines = ["## Success metrics against targets", "",
             f"{met} of {len(metrics)} targets met.", "",
             "| metric | value | target | met | measured as |", "|---|---|---|---|---|"]
    for m in metrics:
        counts = ""
        if m.get("numerator") is not None and m.get("denominator") is not None:
            counts = f" ({cell(m['numerator'])} / {cell(m['denominator'])})"
        verdict = {True: "yes", False: "no", None: "n/a"}[m.get("met")]
        lines.append(f"| {escape(m['label'])} | {percent(m.get('value'))}{counts} | {percent(m.get('target'))} "
                     f"| {verdict} | {escape(m.get('definition', ''))} |")
    return lines + [""]


def _section(section: dict[str, Any]) -> list[str]:
    lines = [f"## {escape(section['title'])}", ""]
    if section.get("description"):
        lines += [escape(section["description"]), ""]
    rows = section.get("rows", [])
    if not rows:
        return lines + ["Nothing this period.", ""]
    columns = section.get("columns") or list(rows[0])
    columns = [c for c in columns if any(c in row for row in rows)]
    lines += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(row.get(c)) for c in columns) + " |" for row in rows]
    return lines + [""]


def percent(value: Any) -> str:
    if value is None:
        return "n/a"
    return f"{value * 100:.1f} %"


def cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e6 else f"{value:.0f}"
    if isinstance(value, list):
        return escape(", ".join(str(v) for v in value))
    return escape(str(value))


def escape(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")
