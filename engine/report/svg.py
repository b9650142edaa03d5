"""A small SVG writer for the report's charts: line charts, bar charts and sparklines.

Why our own and not a charting library: the report must be one file that renders with no
network and no JavaScript, prints, and stays byte-stable for the same data (reports are
idempotent on disk). Plotting libraries either need JavaScript to draw (Vega, pygal's
tooltips), or pull in a large dependency and emit fonts, clip-path ids and metadata that
change between versions (matplotlib). Three chart shapes are all the report needs; each
is a pure function of its numbers, about a hundred lines in all, and tested.

Every chart is ``role="img"`` with a ``<title>`` and ``<desc>`` that state its numbers in
words (the text alternative), and each drawn value carries ``data-value`` (the raw number)
and ``data-label`` so a test can read the chart back and compare it with the JSON.
Colours come from the Okabe-Ito palette, which stays distinguishable with the common
colour-vision deficiencies; nothing is told by colour alone (targets are dashed lines,
met/missed is also written out).
"""

from __future__ import annotations

from typing import Any, Callable, Sequence
from xml.sax.saxutils import escape, quoteattr

# Okabe & Ito (2008), "Color Universal Design".
BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, GREY = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#6b7280")
INK, MUTED, GRID = "#1f2933", "#52606d", "#d9dee3"
FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif"


def _n(value: float) -> str:
    """A coordinate with at most one decimal, no trailing zeros: stable, short output."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _open(width: float, height: float, title: str, desc: str, css_class: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" class={quoteattr(css_class)} role="img" '
            f'viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}" height="{_n(height)}" '
            f'style="{FONT}">',
            f"<title>{escape(title)}</title>", f"<desc>{escape(desc)}</desc>"]


def line_chart(points: Sequence[tuple[str, float | None]], *, title: str, desc: str,
               fmt: Callable[[Any], str], target: float | None = None, y_max: float = 1.0,
               width: float = 320, height: float = 120, color: str = BLUE) -> str:
    """Values over time (weeks), a gap where a value is missing; an optional dashed target.

    The y axis runs from 0 to ``y_max`` (1 for shares); the first and last labels and the
    latest value are written on the chart.
    """
    left, right, top, bottom = 8, 46, 10, 20
    plot_w, plot_h = width - left - right, height - top - bottom
    count = max(len(points), 1)
    top_value = max([y_max] + [v for _, v in points if v is not None] + ([target] if target is not None else []))

    def x(i: int) -> float:
        return left + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - (plot_h * v / top_value if top_value else 0)

    out = _open(width, height, title, desc, "chart line-chart")
    for fraction in (0, 0.5, 1):
        gy = y(top_value * fraction)
        out.append(f'<line x1="{_n(left)}" x2="{_n(left + plot_w)}" y1="{_n(gy)}" y2="{_n(gy)}" '
                   f'stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{_n(left + plot_w + 4)}" y="{_n(gy + 3.5)}" font-size="10" fill="{MUTED}">'
                   f"{escape(fmt(top_value * fraction))}</text>")
    if target is not None:
        ty = y(target)
        out.append(f'<line class="target" data-value="{target}" x1="{_n(left)}" x2="{_n(left + plot_w)}" '
                   f'y1="{_n(ty)}" y2="{_n(ty)}" stroke="{ORANGE}" stroke-width="1.5" stroke-dasharray="5 3"/>')
    runs, current = [], []
    for i, (_, value) in enumerate(points):
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(f"{_n(x(i))},{_n(y(value))}")
    if current:
        runs.append(current)
    for run in runs:
        if len(run) > 1:
            out.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" stroke-linejoin="round" '
                       f'points="{" ".join(run)}"/>')
    last = len(points) - 1
    for i, (label, value) in enumerate(points):
        if value is None:
            continue
        radius = 3.5 if i == last else 2.5
        out.append(f'<circle class="point" data-label={quoteattr(label)} data-value="{value}" '
                   f'cx="{_n(x(i))}" cy="{_n(y(value))}" r="{radius}" fill="{color}">'
                   f"<title>{escape(label)}: {escape(fmt(value))}</title></circle>")
    if points:
        out.append(f'<text x="{_n(left)}" y="{_n(height - 5)}" font-size="10" fill="{MUTED}">'
                   f"{escape(points[0][0])}</text>")
        out.append(f'<text x="{_n(left + plot_w)}" y="{_n(height - 5)}" font-size="10" fill="{MUTED}" '
                   f'text-anchor="end">{escape(points[-1][0])}</text>')
    out.append("</svg>")
    return "".join(out)


def bar_chart(items: Sequence[tuple[str, float]], *, title: str, desc: str, fmt: Callable[[Any], str],
              width: float = 560, bar: float = 18, gap: float = 6, label_width: float = 200,
              color: str = BLUE, marks: Sequence[str] = ()) -> str:
    """Horizontal bars, largest first as given, each labelled with its name and value.

    ``marks`` holds a short text per bar (e.g. "quarantined") written after its value.
    """
    value_width = 120
    plot_w = width - label_width - value_width
    height = max(len(items), 1) * (bar + gap) + gap
    largest = max([v for _, v in items if v is not None and v > 0] or [1])
    out = _open(width, height, title, desc, "chart bar-chart")
    for i, (label, value) in enumerate(items):
        top = gap + i * (bar + gap)
        length = plot_w * max(value or 0, 0) / largest
        shown = label if len(label) <= 34 else label[:33] + "…"
        out.append(f'<text x="{_n(label_width - 6)}" y="{_n(top + bar * 0.7)}" font-size="12" fill="{INK}" '
                   f'text-anchor="end">{escape(shown)}<title>{escape(label)}</title></text>')
        out.append(f'<rect class="bar" data-label={quoteattr(label)} data-value="{value}" x="{_n(label_width)}" '
                   f'y="{_n(top)}" width="{_n(max(length, 1))}" height="{_n(bar)}" rx="2" fill="{color}"/>')
        note = f"{fmt(value)}" + (f" · {marks[i]}" if i < len(marks) and marks[i] else "")
        out.append(f'<text x="{_n(label_width + max(length, 1) + 6)}" y="{_n(top + bar * 0.7)}" font-size="12" '
                   f'fill="{INK}">{escape(note)}</text>')
    out.append("</svg>")
    return "".join(out)


def sparkline(values: Sequence[float | None], *, title: str, desc: str, width: float = 120,
              height: float = 28, color: str = BLUE, y_max: float | None = None,
              labels: Sequence[str] = ()) -> str:
    """A tiny line of the values (gaps where missing), the last one dotted."""
    pad = 3
    known = [v for v in values if v is not None]
    top_value = y_max if y_max is not None else max(known + [0]) or 1
    count = max(len(values), 1)

    def x(i: int) -> float:
        return pad + ((width - 2 * pad) * i / (count - 1) if count > 1 else (width - 2 * pad) / 2)

    def y(v: float) -> float:
        return height - pad - (height - 2 * pad) * v / top_value

    out = _open(width, height, title, desc, "chart sparkline")
    out.append(f'<line x1="{_n(pad)}" x2="{_n(width - pad)}" y1="{_n(height - pad)}" y2="{_n(height - pad)}" '
               f'stroke="{GRID}" stroke-width="1"/>')
    run: list[str] = []
    for i, value in enumerate(list(values) + [None]):
        if value is None:
            if len(run) > 1:
                out.append(f'<polyline fill="none" stroke="{color}" stroke-width="1.5" points="{" ".join(run)}"/>')
            run = []
        else:
            run.append(f"{_n(x(i))},{_n(y(value))}")
    for i, value in enumerate(values):
        if value is None:
            continue
        label = labels[i] if i < len(labels) else str(i)
        last = i == len(values) - 1
        out.append(f'<circle class="point" data-label={quoteattr(label)} data-value="{value}" cx="{_n(x(i))}" '
                   f'cy="{_n(y(value))}" r="{2.5 if last else 1}" fill="{color}"/>')
    out.append("</svg>")
    return "".join(out)


def text_spark(values: Sequence[float | None], y_max: float | None = None) -> str:
    """The same idea in text, for Markdown: one block character per value, ``·`` when missing."""
    blocks = "▁▂▃▄▅▆▇█"
    known = [v for v in values if v is not None]
    top = y_max if y_max is not None else max(known + [0])
    out = []
    for value in values:
        if value is None:
            out.append("·")
        else:
            out.append(blocks[min(len(blocks) - 1, int(round((len(blocks) - 1) * value / top))) if top else 0])
    return "".join(out)
