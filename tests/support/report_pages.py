"""Shared by the report page tests: a demo workspace with weekly runs, and a reader of
the numbers the Markdown and HTML renderings show."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from engine.demo import run_demo

DEMO_NOW = "2026-11-30T00:00:00Z"           # a Monday: the last weekly run builds 2026-W48


def build_demo(root: Path, days: int = 42, scale: float = 0.4):
    """The demo over ``days`` days, evaluated every Monday: one report per week."""
    result = run_demo(root, now=DEMO_NOW, days=days, scale=scale)
    latest = result.extra["reports"][-1]
    return result, Path(latest["json"]), Path(latest["markdown"]), Path(latest["html"])


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


class PageReader(HTMLParser):
    """Collects, from the HTML report: each metric card's fields and chart points, each
    bar of each section's bar chart, and the text of each section's table cells."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.metric = None
        self.section = None
        self.field = None
        self.fields: dict[str, dict[str, str]] = {}
        self.points: dict[str, list[tuple[str, float]]] = {}
        self.bars: dict[str, list[tuple[str, float]]] = {}
        self.cells: dict[str, list[tuple[str, str]]] = {}
        self.column = None
        self.depth = 0
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append(tag)
        if tag == "article" and "data-metric" in a:
            self.metric = a["data-metric"]
            self.fields[self.metric] = {}
            self.points[self.metric] = []
        if tag == "section":
            self.section = a.get("data-section") or a.get("id")
        if tag == "span" and "data-field" in a and self.metric:
            self.field = a["data-field"]
            self.fields[self.metric][self.field] = ""
        if tag == "circle" and self.metric and "point" in (a.get("class") or ""):
            self.points[self.metric].append((a["data-label"], float(a["data-value"])))
        if tag == "rect" and "bar" in (a.get("class") or ""):
            self.bars.setdefault(self.section, []).append((a["data-label"], float(a["data-value"])))
        if tag == "td" and "data-column" in a:
            self.column = a["data-column"]
            self.cells.setdefault(self.section, []).append((self.column, ""))

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()
        if tag == "article":
            self.metric = None
        if tag == "span":
            self.field = None
        if tag == "td":
            self.column = None

    def handle_data(self, data):
        if self.field and self.metric:
            self.fields[self.metric][self.field] += data
        if self.column and self.section and "title" not in self.stack:
            column, text = self.cells[self.section][-1]
            self.cells[self.section][-1] = (column, text + data)


def read_page(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    return reader
