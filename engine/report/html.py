"""The weekly report as one self-contained HTML page a team lead opens.

A pure function of the report model, like the Markdown: same sections, same order, same
cell texts (``views``/``units``). The page has no script, no external resource of any
kind (styles inline, system fonts, charts as inline SVG from ``svg``), so it reads the
same offline, with JavaScript off, and on paper (print styles keep cards whole).
Each chart has a text alternative (its ``<title>``/``<desc>``) and the numbers behind
it are also in a table.
"""

from __future__ import annotations

from html import escape
from typing import Any

from engine.report import svg, units, views

CSS = """
:root{--ink:#1f2933;--muted:#52606d;--line:#d9dee3;--bg:#f5f7fa;--card:#fff;--good:#009E73;--bad:#D55E00;--blue:#0072B2}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1100px;margin:0 auto;padding:24px 20px 40px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:14px;margin:0 0 6px}
.meta,.note,.desc{color:var(--muted)}.note{font-size:12px;margin:6px 0 0}.desc{margin:0 0 10px;font-size:13px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px;break-inside:avoid}
.card.met{border-top:4px solid var(--good)}.card.missed{border-top:4px solid var(--bad)}.card.none{border-top:4px solid var(--line)}
.value{display:flex;align-items:baseline;gap:10px;margin:2px 0}
.big{font-size:30px;font-weight:650;letter-spacing:-.5px}
.badge{font-size:12px;font-weight:600;padding:1px 8px;border-radius:10px;border:1px solid currentColor;white-space:nowrap}
.badge.met{color:#00684f}.badge.missed{color:#a33a00}.badge.none{color:var(--muted)}
.change{font-size:13px;color:var(--muted)}
.glance{border-top:4px solid var(--blue)}.glance ul{margin:6px 0 0;padding-left:18px}.glance li{margin:6px 0}
a{color:#005a8c}
.sub{margin:0 0 6px;color:var(--muted);font-size:12.5px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line);border-radius:6px;font-size:13px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#eef1f4;font-weight:600;font-size:12px;color:#323f4b}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eef1f4;padding:1px 4px;border-radius:3px;word-break:break-all}
.group{margin:14px 0}.group table{table-layout:fixed}.group th:nth-child(1){width:32%}.group th:nth-child(2){width:36%}.group h3 .count{color:var(--muted);font-weight:400}
.chart{display:block;max-width:100%;height:auto}
.panel{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px;margin-bottom:10px}
.movers{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:10px}
.mover{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px;break-inside:avoid}
.mover .dir{font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.5px}
.dir.degrading{color:#a33a00}.dir.improving{color:#00684f}.dir.stale{color:var(--muted)}
.mover .label{font-size:11px;color:var(--muted);margin-top:4px}
.quarantined{font-size:11px;font-weight:600;color:#a33a00;border:1px solid currentColor;border-radius:8px;padding:0 5px;margin-left:4px}
.empty{color:var(--muted);font-style:italic}
footer{margin-top:36px;padding-top:10px;border-top:1px solid var(--line);color:var(--muted);font-size:12px}
footer code{background:none;padding:0}
@media print{body{background:#fff;font-size:11px}main{max-width:none;padding:0}.card,.panel,.mover,table{border-color:#999}h2{break-after:avoid}tr{break-inside:avoid}}
"""


def render_html(report: dict[str, Any]) -> str:
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>Weekly pattern report {escape(report['week'])}</title>",
             f"<style>{CSS}</style>", "</head>", "<body>", "<main>"]
    parts += _header(report)
    parts += _headline(report)
    parts += _attention(report)
    lead, rest = views.sections(report)
    for section in lead:
        parts += _section(report, section)
    parts += _movers(report)
    for section in rest:
        parts += _section(report, section)
    parts += _footer(report)
    parts += ["</main>", "</body>", "</html>"]
    # wide tables scroll sideways on a narrow screen instead of widening the page
    return "\n".join(parts).replace("<table", '<div class="scroll"><table').replace("</table>", "</table></div>") + "\n"


def _header(report: dict[str, Any]) -> list[str]:
    period = report["period"]
    return ["<header>", f"<h1>Weekly pattern report {escape(report['week'])}</h1>",
            f'<p class="meta">{escape(units.day(period["start"]))} – {escape(units.day(period["end"]))} UTC · '
            f"pack {escape(str(report.get('pack', '?')))} ({escape(str(report.get('pack_id', '?')))}) · "
            f"<strong>{escape(views.targets_line(report))}</strong></p>", "</header>"]


def _state(metric: dict[str, Any]) -> str:
    return {True: "met", False: "missed", None: "none"}[metric.get("met")]


def _headline(report: dict[str, Any]) -> list[str]:
    metrics = report.get("headline", [])
    if not metrics:
        return []
    weeks = report.get("weeks") or []
    out = ['<section id="metrics">', "<h2>Success metrics against targets</h2>", '<div class="cards">']
    for m in metrics:
        state = _state(m)
        mark = {"met": "✓ met", "missed": "✗ not met", "none": "nothing to measure"}[state]
        counts = units.metric_counts(m)
        trend = m.get("trend", [])
        points = [(p["week"], p.get("value")) for p in trend]
        known = [f"{p['week']} {units.percent(p.get('value'))}" for p in trend if p.get("value") is not None]
        desc = (f"{m['label']} per week from {weeks[0] if weeks else m.get('week', '')} to "
                f"{weeks[-1] if weeks else ''}: {', '.join(known) or 'no data'}; target {units.percent(m.get('target'))}.")
        chart = svg.line_chart(points, title=f"{m['label']}, last {len(points)} weeks", desc=desc,
                               fmt=units.percent, target=m.get("target"), width=300, height=110)
        out += [f'<article class="card {state}" data-metric="{escape(m["name"])}">',
                f"<h3>{escape(m['label'])}</h3>",
                f'<p class="value"><span class="big" data-field="value">{escape(units.percent(m.get("value")))}</span>'
                f'<span class="badge {state}">{mark}</span></p>',
                f'<p class="sub">target <span data-field="target">{escape(units.percent(m.get("target")))}</span>'
                f' · last week <span data-field="previous">{escape(units.percent(m.get("previous")))}</span>'
                f' (<span data-field="change">{escape(units.change(m.get("value"), m.get("previous")))}</span>)'
                + (f' · <span data-field="counts">{escape(counts)}</span>' if counts else "") + "</p>",
                chart, "</article>"]
    out += _glance(report)
    out.append("</div>")
    if weeks:
        out += ['<p class="note">Each point is the week\'s value from the latest evaluation run that week; '
                'a gap is a week with no run. The dashed line is the target.</p>']
        out += ['<table class="trend-table"><caption class="note" style="caption-side:bottom;text-align:left">'
                "The numbers behind the charts.</caption><thead><tr><th>metric</th>"]
        out += [f'<th class="num">{escape(w[5:])}</th>' for w in weeks] + ["</tr></thead><tbody>"]
        for m in metrics:
            out.append(f'<tr data-metric="{escape(m["name"])}"><td>{escape(m["label"])}</td>')
            out += [f'<td class="num" data-week="{escape(p["week"])}">{escape(units.percent(p.get("value")) if p.get("value") is not None else "·")}</td>'
                    for p in m.get("trend", [])]
            out.append("</tr>")
        out.append("</tbody></table>")
    definitions = [m for m in metrics if m.get("definition")]
    if definitions:
        out.append('<p class="note"><strong>How each is measured.</strong> ' + " ".join(
            f"<em>{escape(m['label'])}</em>: {escape(m['definition'])}." for m in definitions) + "</p>")
    if report.get("time_saved_method"):
        out.append(f'<p class="note"><strong>How time saved is estimated.</strong> {escape(report["time_saved_method"])}.</p>')
    out.append("</section>")
    return out


def _glance(report: dict[str, Any]) -> list[str]:
    """The card beside the metrics: what else this week holds, by count, with links down."""
    items = [f"<li><strong>{escape(views.targets_line(report).split(' targets')[0])}</strong> targets met</li>"]
    groups = [g for g in report.get("attention") or [] if g["items"]]
    if report.get("attention") is not None:
        waiting = sum(len(g["items"]) for g in groups)
        detail = ", ".join(f"{len(g['items'])} {g['title'].lower()}" for g in groups)
        items.append(f'<li><a href="#attention"><strong>{waiting}</strong> need a person</a>'
                     + (f": {escape(detail)}" if detail else "") + "</li>")
    movers = report.get("movers")
    if movers is not None:
        counts = {}
        for item in movers:
            counts[item["direction"]] = counts.get(item["direction"], 0) + 1
        detail = ", ".join(f"{n} {views.DIRECTION_TITLES[d].lower()}" for d, n in counts.items())
        items.append(f'<li><a href="#movers"><strong>{len(movers)}</strong> patterns flagged</a>'
                     + (f": {escape(detail)}" if detail else "") + "</li>")
    usage = next((s for s in report.get("sections", []) if s["name"] == "top_by_usage"), None)
    if usage and usage["rows"]:
        top = usage["rows"][0]
        items.append(f'<li>Most used: <a href="#top_by_usage">{escape(str(top.get("name") or top.get("pattern_id")))}</a> '
                     f"({escape(units.count(top.get('uses')))} runs)</li>")
    return ['<article class="card glance">', "<h3>This week at a glance</h3>", f'<ul>{"".join(items)}</ul>', "</article>"]


def _attention(report: dict[str, Any]) -> list[str]:
    groups = report.get("attention")
    if groups is None:
        return []
    out = ['<section id="attention">', "<h2>Needs a person</h2>"]
    if not any(g["items"] for g in groups):
        out.append('<p class="empty">Nothing waits for a decision.</p>')
    for group in groups:
        total = len(group["items"])
        if not total:
            continue
        out += [f'<div class="group" data-group="{escape(group["name"])}">',
                f'<h3>{escape(group["title"])} <span class="count">({total})</span></h3>',
                "<table><thead><tr><th>name</th><th>why</th><th>to act</th></tr></thead><tbody>"]
        for item in group["items"][:views.shown(report, total)]:
            out.append(f'<tr><td>{escape(item["name"])}</td><td>{escape(item["why"])}</td>'
                       f'<td><code>{escape(item["command"])}</code></td></tr>')
        out.append("</tbody></table>")
        out += _cut(report, total)
        out.append("</div>")
    empty = [g["title"] for g in groups if not g["items"]]
    if empty and any(g["items"] for g in groups):
        out.append(f'<p class="note">None this week: {escape(", ".join(empty).lower())}.</p>')
    out.append("</section>")
    return out


def _cut(report: dict[str, Any], total: int) -> list[str]:
    note = views.cut_note(report, total)
    return [f'<p class="note cut">{escape(note)}</p>'] if note else []


BAR_OF = {"top_by_usage": ("uses", units.count, svg.BLUE), "top_by_time_saved": ("hours_saved", units.hours, svg.GREEN)}
NUMERIC = ("_ms", "_rate", "uses", "runs", "actors", "hours_", "confidence", "_days_ago", "uses_")


def _section(report: dict[str, Any], section: dict[str, Any]) -> list[str]:
    rows = section.get("rows", [])
    out = [f'<section id="{escape(section["name"])}" data-section="{escape(section["name"])}">',
           f"<h2>{escape(section['title'])}</h2>"]
    if section.get("description") and section["name"] != "top_by_time_saved":
        out.append(f'<p class="desc">{escape(section["description"])}</p>')
    if not rows:
        return out + ['<p class="empty">Nothing this period.</p>', "</section>"]
    visible = rows[:views.shown(report, len(rows))]
    if section["name"] in BAR_OF:
        field, fmt, color = BAR_OF[section["name"]]
        items = [(str(r.get("name") or r.get("pattern_id")), r.get(field) or 0) for r in visible]
        marks = ["quarantined" if r.get("quarantined") else "" for r in visible]
        desc = "; ".join(f"{label}: {fmt(value)}" for label, value in items)
        out.append('<div class="panel">' + svg.bar_chart(
            items, title=f"{section['title']} ({units.header(field)})", desc=desc, fmt=fmt, color=color,
            marks=marks, width=1040, label_width=240) + "</div>")
    columns = views.columns(section)
    spark = any("weekly_uses" in row for row in rows)
    heads = "".join(f'<th class="{_align(c)}">{escape(units.header(c))}</th>' for c in columns)
    out.append(f"<table><thead><tr>{heads}{'<th>uses per week</th>' if spark else ''}</tr></thead><tbody>")
    weeks = report.get("weeks") or []
    for row in visible:
        cells = []
        for c in columns:
            text = escape(units.formatter(c)(row.get(c)))
            if c == "name" and row.get("quarantined"):
                text += '<span class="quarantined">quarantined</span>'
            if c in ("command_template", "example"):
                text = f"<code>{text}</code>"
            cells.append(f'<td class="{_align(c)}" data-column="{escape(c)}">{text}</td>')
        if spark:
            values = row.get("weekly_uses") or []
            label = str(row.get("name") or row.get("pattern_id"))
            cells.append("<td>" + svg.sparkline(
                values, title=f"{label}: uses per week", labels=weeks,
                desc=f"uses per week from {weeks[0] if weeks else ''}: "
                     + ", ".join(units.count(v) if v is not None else "no data" for v in values)) + "</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    out += _cut(report, len(rows))
    out.append("</section>")
    return out


def _align(column: str) -> str:
    return "num" if any(column.endswith(s) or column.startswith(s) for s in NUMERIC) else ""


def _movers(report: dict[str, Any]) -> list[str]:
    movers = report.get("movers")
    if movers is None:
        return []
    out = ['<section id="movers">', "<h2>Patterns improving, degrading or gone stale</h2>"]
    if not movers:
        return out + ['<p class="empty">No pattern was flagged this period (AUTO-007).</p>', "</section>"]
    weeks = report.get("weeks") or []
    out.append('<div class="movers">')
    colors = {"degrading": svg.VERMILLION, "improving": svg.GREEN, "stale": svg.GREY}
    for item in movers[:views.shown(report, len(movers))]:
        uses = item.get("weekly_uses") or []
        rates = item.get("weekly_success_rate") or []
        name = str(item["name"])
        out += [f'<div class="mover" data-direction="{item["direction"]}">',
                f'<div class="dir {item["direction"]}">{views.DIRECTION_TITLES[item["direction"]]}</div>',
                f"<strong>{escape(name)}</strong>", f'<div class="desc">{escape(item["why"])}</div>',
                '<div class="label">uses per week</div>',
                svg.sparkline(uses, title=f"{name}: uses per week", labels=weeks, width=220,
                              color=colors[item["direction"]],
                              desc=", ".join(f"{w}: {units.count(v)}" for w, v in zip(weeks, uses) if v is not None)
                              or "no data"),
                '<div class="label">success per week</div>',
                '<div class="empty">no runs in these weeks</div>' if all(v is None for v in rates) else svg.sparkline(rates, title=f"{name}: success rate per week", labels=weeks, width=220, y_max=1.0,
                              color=colors[item["direction"]],
                              desc=", ".join(f"{w}: {units.percent(v)}" for w, v in zip(weeks, rates) if v is not None)
                              or "no data"),
                "</div>"]
    out.append("</div>")
    out += _cut(report, len(movers))
    out.append("</section>")
    return out


def _footer(report: dict[str, Any]) -> list[str]:
    footer = report.get("footer") or {}
    params = units.params(footer)
    return ["<footer>", f"<p>Run <code>{escape(str(footer.get('run_id')))}</code> at now "
            f"<code>{escape(str(footer.get('now', report.get('generated'))))}</code> · pack "
            f"{escape(str(footer.get('pack', report.get('pack'))))} ({escape(str(footer.get('pack_id', report.get('pack_id'))))})</p>",
            f"<p>Params: <code>{escape(params) or 'defaults'}</code></p>",
            "<p>The JSON beside this file holds every row of every list.</p>", "</footer>"]
