"""The report's SVG writer and units: charts that say their numbers, gaps for missing
weeks, escaped labels, stable output; human units."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from engine.report import svg, units

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(text: str) -> ET.Element:
    return ET.fromstring(text)                       # well-formed XML or this raises


def test_line_chart_points_gaps_and_target():
    points = [("W1", 0.2), ("W2", None), ("W3", 0.5), ("W4", 0.6)]
    text = svg.line_chart(points, title="Covered", desc="W1 20 %, W3 50 %, W4 60 %", fmt=units.percent, target=0.8)
    root = parse(text)
    assert root.get("role") == "img"
    assert root.find("s:title", NS).text == "Covered" and "W3 50 %" in root.find("s:desc", NS).text
    circles = root.findall("s:circle", NS)
    assert [(c.get("data-label"), float(c.get("data-value"))) for c in circles] == [("W1", 0.2), ("W3", 0.5), ("W4", 0.6)]
    # the gap splits the line: W1 stands alone, W3-W4 is one polyline
    lines = root.findall("s:polyline", NS)
    assert len(lines) == 1 and len(lines[0].get("points").split()) == 2
    target = root.find("s:line[@class='target']", NS)
    assert float(target.get("data-value")) == 0.8 and target.get("stroke-dasharray")
    # higher values sit higher (smaller y); the same input gives the same bytes
    ys = [float(c.get("cy")) for c in circles]
    assert ys[0] > ys[1] > ys[2]
    assert text == svg.line_chart(points, title="Covered", desc="W1 20 %, W3 50 %, W4 60 %", fmt=units.percent, target=0.8)


def test_bar_chart_lengths_follow_values_and_labels_are_escaped():
    items = [("a <b> & c", 40), ("d", 20), ("e", 0)]
    root = parse(svg.bar_chart(items, title="Uses", desc="a: 40; d: 20; e: 0", fmt=units.count,
                               marks=["quarantined", "", ""]))
    bars = root.findall("s:rect", NS)
    assert [b.get("data-label") for b in bars] == ["a <b> & c", "d", "e"]
    widths = [float(b.get("width")) for b in bars]
    assert widths[0] == 2 * widths[1] and widths[2] == 1          # zero still shows a hairline
    texts = ["".join(t.itertext()) for t in root.findall("s:text", NS)]
    assert "40 · quarantined" in texts


def test_sparkline_and_text_spark():
    root = parse(svg.sparkline([1, None, 3, 4], title="uses", desc="1, -, 3, 4", labels=["a", "b", "c", "d"]))
    assert [c.get("data-label") for c in root.findall("s:circle", NS)] == ["a", "c", "d"]
    assert svg.text_spark([0, None, 0.5, 1.0], 1.0) == "▁·▅█"
    assert svg.text_spark([None, None]) == "··"


def test_units():
    assert units.percent(0.4444) == "44 %" and units.percent(None) == "n/a"
    assert units.points(0.05) == "+5 pts" and units.points(-0.031) == "-3 pts" and units.points(0.001) == "±0 pts"
    assert units.change(0.5713, 0.5859) == "-2 pts" and units.change(0.5, None) == "—"
    assert units.duration(172807) == "2.9 min" and units.duration(850) == "850 ms"
    assert units.duration(2595.9) == "2.6 s" and units.duration(12336) == "12 s"
    assert units.duration(3 * 3_600_000) == "3.0 h" and units.duration(72 * 3_600_000) == "3.0 d"
    assert units.hours(1.78) == "1.8 h" and units.count(12345) == "12,345"
    assert units.formatter("avg_duration_ms") is units.duration and units.formatter("success_rate") is units.percent
