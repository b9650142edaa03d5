"""The HTML report in a real headless Chromium (the Debian `chromium` package, driven
over the DevTools protocol): no console errors, no request but the file itself (with
JavaScript on and off), a full-page screenshot, and the charts' numbers read back from
the rendered page against the JSON.

Without /usr/bin/chromium the test is skipped, saying why; in CI (env CI set) a missing
browser fails instead, since .ci/run installs it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from engine.report.browser import find_chromium, visit
from tests.support.report_pages import load
from tests.support.paths import REPO

READ_CHARTS = {
    "metrics": """[...document.querySelectorAll('article[data-metric]')].map(card => ({
        name: card.dataset.metric,
        value: card.querySelector('[data-field=value]').textContent,
        points: [...card.querySelectorAll('svg circle.point')].map(c => [c.dataset.label, Number(c.dataset.value)]),
        target: Number(card.querySelector('svg line.target').dataset.value),
        drawn: card.querySelector('svg').getBoundingClientRect().width}))""",
    "bars": """Object.fromEntries([...document.querySelectorAll('section[data-section]')].map(s =>
        [s.dataset.section, [...s.querySelectorAll('rect.bar')].map(r =>
            [r.dataset.label, Number(r.dataset.value), r.getBoundingClientRect().width])]))""",
    "title": "document.title",
}


@pytest.fixture(scope="module")
def browser():
    binary = find_chromium()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but /usr/bin/chromium is missing: .ci/run installs the Debian package `chromium`")
        pytest.skip("no /usr/bin/chromium: install the Debian package `chromium` (apt-get install -y chromium) "
                    "to run the browser test")
    return binary


@pytest.fixture(scope="module")
def page(weekly_demo):
    return weekly_demo


def test_report_page_in_headless_chromium(browser, page, tmp_path):
    _, json_path, _, html_path = page
    document = load(json_path)
    seen = visit(html_path, expressions=READ_CHARTS, binary=browser)
    assert seen.console_errors == []
    assert seen.requests == [html_path.resolve().as_uri()]            # nothing but the file itself
    shot = tmp_path / "weekly-report.png"
    shot.write_bytes(seen.screenshot)
    assert seen.screenshot[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    assert seen.width >= 1000 and seen.height > 2000                  # the whole page, not one screen
    assert seen.values["title"] == f"Weekly pattern report {document['week']}"
    # the charts' numbers, as rendered, against the JSON
    cards = {card["name"]: card for card in seen.values["metrics"]}
    assert list(cards) == [m["name"] for m in document["headline"]]
    for metric in document["headline"]:
        card = cards[metric["name"]]
        assert card["points"] == [[p["week"], p["value"]] for p in metric["trend"] if p["value"] is not None]
        assert card["target"] == metric["target"]
        assert card["value"].strip() == f"{metric['value'] * 100:.0f} %"
        assert card["drawn"] > 200                                     # laid out, not collapsed
    sections = {s["name"]: s for s in document["sections"]}
    for name in ("top_by_usage", "top_by_time_saved"):
        rows = sections[name]["rows"][:document["shown"]]
        field = "uses" if name == "top_by_usage" else "hours_saved"
        bars = seen.values["bars"][name]
        assert [(label, value) for label, value, _ in bars] == [(r["name"], r[field]) for r in rows]
        widths = [width for *_, width in bars]
        assert widths == sorted(widths, reverse=True) and widths[0] > widths[-1] * 0.99


def test_report_page_with_javascript_off_and_printed(browser, page, tmp_path):
    *_, html_path = page
    seen = visit(html_path, binary=browser, javascript=False, pdf=True, screenshot=False,
                 expressions={"charts": "document.querySelectorAll('svg').length",
                              "text": "document.body.innerText.length",
                              "scripts": "document.scripts.length"})
    assert seen.console_errors == [] and seen.requests == [html_path.resolve().as_uri()]
    assert seen.values["charts"] > 5 and seen.values["text"] > 2000 and seen.values["scripts"] == 0
    (tmp_path / "weekly-report.pdf").write_bytes(seen.pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", seen.pdf))
    assert seen.pdf.startswith(b"%PDF-") and pages >= 3                 # the whole report, on several A4 pages


def test_report_page_on_a_narrow_screen(browser, page):
    """A phone-sized window: cards stack, wide tables scroll inside the page, which keeps its width."""
    *_, html_path = page
    seen = visit(html_path, binary=browser, width=420, screenshot=False,
                 expressions={"cards": "[...document.querySelectorAll('article.card')].map(c => c.getBoundingClientRect().width)"})
    assert seen.width == 420 and seen.console_errors == []
    assert all(width <= 400 for width in seen.values["cards"])


@pytest.mark.parametrize("ci, outcome, code", [(None, "SKIPPED [1]", 0), ("true", "ERROR ", 1)])
def test_without_chromium_the_test_skips_except_in_ci(tmp_path, ci, outcome, code):
    """The policy above, run for real: a pytest of this file with no browser to find."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["AUTOPATTERN_CHROMIUM"] = str(tmp_path / "no-chromium-here")
    if ci:
        env["CI"] = ci
    run = subprocess.run([sys.executable, "-m", "pytest", "-rsE", "-p", "no:cacheprovider", __file__,
                          "-k", "in_headless_chromium"], capture_output=True, text=True, env=env,
                         cwd=REPO, timeout=300)
    assert run.returncode == code and outcome in run.stdout, run.stdout[-2000:]
    reason = "install the Debian package `chromium`" if ci is None else "CI is set but /usr/bin/chromium is missing"
    assert reason in run.stdout
