"""The weekly report as a page: trends over weeks from the store, what needs a person,
the same numbers in JSON, Markdown and HTML, and `autopattern report --format/--output/
--weeks/--week` end to end through the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support.pack_env import execution
from engine.cli import app
from engine.registry.schemas import validate_document
from engine.report import units, views
from engine.report.svg import text_spark
from tests.support.report_pages import build_demo, load, read_page


class Demo:
    def __init__(self, workspace):
        self.workspace = workspace


@pytest.fixture(scope="module")
def demo(weekly_demo):
    root, *paths = weekly_demo
    return (Demo(root), *paths)


def test_every_weekly_run_writes_json_markdown_and_html(demo):
    _, json_path, md_path, html_path = demo
    folder = json_path.parent
    weeks = sorted(p.stem for p in folder.glob("*.html"))
    assert len(weeks) == 12 and weeks[0] == "2026-W37" and weeks[-1] == "2026-W48"
    for week in weeks:
        assert all((folder / f"{week}{suffix}").is_file() for suffix in (".json", ".md"))
    validate_document("weekly_report", load(json_path))


def test_trends_come_from_the_stored_runs(demo):
    _, json_path, *_ = demo
    document = load(json_path)
    assert len(document["weeks"]) == 12 and document["weeks"][-1] == "2026-W48"
    for metric in document["headline"]:
        trend = metric["trend"]
        assert [p["week"] for p in trend] == document["weeks"]
        known = [p for p in trend if p["value"] is not None]
        # twelve weekly runs: every week of the twelve has its value
        assert [p["week"] for p in known] == document["weeks"]
        assert trend[-1]["value"] == metric["value"]
        assert metric["previous"] == trend[-2]["value"]
    # each earlier week's value is the one that week's own report measured
    by_week = {w: load(json_path.with_name(f"{w}.json")) for w in document["weeks"]}
    for metric in document["headline"]:
        for point in metric["trend"]:
            if point["week"] in by_week and point["week"] != document["week"]:
                then = {m["name"]: m for m in by_week[point["week"]]["headline"]}[metric["name"]]
                assert (point["value"], point["numerator"], point["denominator"]) == \
                       (then["value"], then["numerator"], then["denominator"])
    # a pattern's weekly uses add up to its uses in the snapshots' weeks
    usage = {s["name"]: s for s in document["sections"]}["top_by_usage"]
    top = usage["rows"][0]
    assert top["weekly_uses"][-1] == top["uses"]
    assert top["weekly_uses"][0] is None and all(isinstance(v, int) for v in top["weekly_uses"][1:])
    # the demo's story: more repeated work goes through patterns week after week
    covered = [p["value"] for p in document["headline"][0]["trend"]]
    assert covered[-1] > covered[0] + 0.2


def test_the_three_renderings_show_the_same_numbers(demo):
    _, json_path, md_path, html_path = demo
    document = load(json_path)
    markdown = md_path.read_text()
    page = read_page(html_path.read_text())
    for metric in document["headline"]:
        row = next(line for line in markdown.splitlines() if line.startswith(f"| {metric['label']} |"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[1].startswith(units.percent(metric["value"]))
        assert cells[2:5] == [units.percent(metric["previous"]), units.change(metric["value"], metric["previous"]),
                              units.percent(metric["target"])]
        assert cells[6] == text_spark([p["value"] for p in metric["trend"]], 1.0)
        fields = page.fields[metric["name"]]
        assert fields["value"] == units.percent(metric["value"])
        assert fields["previous"] == units.percent(metric["previous"])
        assert fields["change"] == units.change(metric["value"], metric["previous"])
        assert fields["target"] == units.percent(metric["target"])
        assert page.points[metric["name"]] == [(p["week"], p["value"]) for p in metric["trend"] if p["value"] is not None]
    for section in document["sections"]:
        shown = section["rows"][:views.shown(document, len(section["rows"]))]
        columns = views.columns(section)
        html_cells = page.cells.get(section["name"], [])
        expected = [(c, views.cell(c, row)) for row in shown for c in columns]
        assert [(c, t.replace("quarantined", " (quarantined)")) for c, t in html_cells] == expected
        for row in shown:
            assert "| " + " | ".join(views.cell(c, row).replace("|", "\\|") for c in columns) in markdown
        if section["name"] == "top_by_usage":
            assert page.bars["top_by_usage"] == [(r["name"], r["uses"]) for r in shown]


def test_long_lists_say_they_are_cut(demo):
    _, json_path, md_path, html_path = demo
    document = load(json_path)
    cut = [s for s in document["sections"] if len(s["rows"]) > document["shown"]]
    cut += [g for g in document["attention"] if len(g["items"]) > document["shown"]]
    assert cut, "the demo has a list longer than top_n"
    for item in cut:
        total = len(item.get("rows", item.get("items", [])))
        note = f"{document['shown']} of {total} shown — all in the JSON"
        assert note in md_path.read_text() and note in html_path.read_text()


def test_needs_a_person_names_why_and_command(demo):
    _, json_path, md_path, _ = demo
    document = load(json_path)
    groups = {g["name"]: g for g in document["attention"]}
    assert list(groups) == ["quarantines", "anti_patterns", "self_heals", "drafts"]
    assert groups["anti_patterns"]["items"] and groups["drafts"]["items"]
    # pat-deploy-preview was quarantined weeks ago: still listed, not as new
    [quarantine] = groups["quarantines"]["items"]
    assert quarantine["name"] == "pat-deploy-preview" and quarantine["new"] is False
    assert quarantine["why"].startswith("since 2026-") and "failure_rate" in quarantine["why"]
    earlier = load(json_path.with_name(f"{quarantine['since'][:4]}-W{_iso_week(quarantine['since'])}.json"))
    [then] = {g["name"]: g for g in earlier["attention"]}["quarantines"]["items"]
    assert then["new"] is True and then["why"].startswith("new this week")     # the week it happened
    for group in groups.values():
        for item in group["items"]:
            assert item["name"] and item["why"] and item["command"].startswith("autopattern patterns ")
            assert item["id"] in item["command"]
    # names, not ids: the covered_by column shows the registry's name
    manual = {s["name"]: s for s in document["sections"]}["manual_work_with_pattern"]
    registry = [r for r in manual["rows"] if r["covered_by"].startswith("auto-")]   # registry ids
    assert registry and all(r["covered_by_name"] != r["covered_by"] for r in registry)
    table = md_path.read_text().split("## Work still done by hand")[1].split("##")[0]
    for row in [r for r in manual["rows"][:document["shown"]] if r in registry]:
        assert row["covered_by"] not in table and row["covered_by_name"] in table


def test_quarantined_pattern_is_marked_in_top_patterns(tmp_path):
    _, json_path, md_path, html_path = build_demo(tmp_path / "ws", days=21, scale=0.5)
    document = load(json_path)
    usage = {s["name"]: s for s in document["sections"]}["top_by_usage"]
    quarantined = [r for r in usage["rows"] if r["quarantined"]]
    assert [r["pattern_id"] for r in quarantined] == ["pat-deploy-preview"]
    assert "pat-deploy-preview (quarantined)" in md_path.read_text()
    assert 'pat-deploy-preview<span class="quarantined">quarantined</span>' in html_path.read_text()


def test_cli_formats_output_weeks_and_past_weeks(demo, tmp_path):
    result, json_path, md_path, html_path = demo
    runner = CliRunner()
    ws = str(result.workspace)
    out = tmp_path / "page.html"
    written = runner.invoke(app, ["report", "-w", ws, "--format", "html", "--output", str(out)])
    assert written.exit_code == 0, written.output
    assert out.read_text() == html_path.read_text()
    as_json = runner.invoke(app, ["report", "-w", ws, "--format", "json"])
    assert json.loads(as_json.stdout) == load(json_path)
    longer = runner.invoke(app, ["report", "-w", ws, "--weeks", "20", "--json"])
    document = json.loads(longer.stdout)
    assert len(document["weeks"]) == 20 and document["weeks"][-1] == "2026-W48"
    assert [p["value"] for p in document["headline"][0]["trend"][-12:]] == \
           [p["value"] for p in load(json_path)["headline"][0]["trend"]]
    shorter = runner.invoke(app, ["report", "-w", ws, "--weeks", "4"])
    assert "trend (4 weeks)" in shorter.stdout
    past = runner.invoke(app, ["report", "-w", ws, "--week", "2026-W45", "--format", "html"])
    assert past.exit_code == 0 and "<h1>Weekly pattern report 2026-W45</h1>" in past.stdout
    # a past week with no stored report is built at that week's end
    older = runner.invoke(app, ["report", "-w", ws, "--week", "2026-W36", "--json"])
    assert older.exit_code == 0, older.output
    assert "built report 2026-W36 at the end of that week" in older.stderr
    built = json.loads(older.stdout)
    assert built["week"] == "2026-W36" and built["generated"] == "2026-09-07T00:00:00.000Z"
    assert json_path.with_name("2026-W36.html").is_file()
    located = runner.invoke(app, ["report", "-w", ws, "--week", "2026-W48", "--path"])
    assert located.stdout.split() == [str(json_path), str(md_path), str(html_path)]


def test_cli_refuses_bad_formats_and_weeks(demo):
    result, *_ = demo
    runner = CliRunner()
    ws = str(result.workspace)
    bad = runner.invoke(app, ["report", "-w", ws, "--format", "pdf"])
    assert bad.exit_code == 2 and "--format 'pdf'" in bad.stderr
    no_week = runner.invoke(app, ["report", "-w", ws, "--week", "2026-W54"])
    assert no_week.exit_code == 2 and "no such ISO week" in no_week.stderr
    future = runner.invoke(app, ["report", "-w", ws, "--week", "2999-W01"])
    assert future.exit_code == 2 and "has not started yet" in future.stderr
    blocked = Path(ws) / "autopattern.yaml" / "page.html"           # a file stands where the folder would be
    unwritable = runner.invoke(app, ["report", "-w", ws, "--format", "html", "--output", str(blocked)])
    assert unwritable.exit_code == 1 and f"--output {blocked}: cannot write it" in unwritable.stderr


def test_html_is_self_contained(demo):
    *_, html_path = demo
    html = html_path.read_text()
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    assert html.count("<svg") > 5 and html.count("<svg") == html.count("<desc>")   # every chart: a text alternative
    assert html.count('role="img"') == html.count("<svg")


CUSTOM_PACK = '''
pack team_report "Our own weekly report"
  id "TEAM-1"
  version 1

param period    = 7d  in 1d .. 30d "the period"
param target_ok = 0.9 in 0 .. 1    "target: share of runs that succeed"
param top_n     = 2   in 1 .. 10   "rows shown"

rule ok_share "Runs that succeeded"
  from executions
  where ts within period
  let ok    = count(where status == "success")
  let total = count()
  emit report_row
    value       = round(ratio(ok, total), 4)
    target      = target_ok
    met         = ratio(ok, total) >= target_ok
    numerator   = ok
    denominator = total

rule by_actor "Runs per person"
  from executions
  where ts within period
  group by actor
  order by count() desc
  emit report_row
    runs       = count()
    slowest_ms = max(duration_ms)
'''


def test_a_pack_of_our_own_renders_the_same_way(make_env):
    """Not only the shipped pack: any pack with report_row rules gets the page, with its
    own metric and a plain table for a section the renderers do not know."""
    env = make_env()
    (env.ws.rules_dir / "team.rules").write_text(CUSTOM_PACK, encoding="utf-8")
    env.ingest([execution(f"r{i}", 1 + i % 5, "build", f"make {i}", "failure" if i % 4 == 0 else "success",
                          1000 * (i + 1), actor=("ann", "ben", "cy")[i % 3]) for i in range(12)])
    [summary] = env.evaluate().extras["reports"]
    document = load(Path(summary["json"]))
    html, markdown = Path(summary["html"]).read_text(), Path(summary["markdown"]).read_text()
    [metric] = document["headline"]
    assert (metric["numerator"], metric["denominator"], metric["met"]) == (9, 12, False)
    assert units.percent(metric["value"]) == "75 %" and "75 %" in html and "75 % (9 of 12)" in markdown
    [section] = document["sections"]
    assert [r["actor"] for r in section["rows"]] == ["ann", "ben", "cy"] and document["shown"] == 2
    page = read_page(html)
    assert page.cells["by_actor"] == [("actor", "ann"), ("runs", "4"), ("slowest_ms", "10 s"),
                                      ("actor", "ben"), ("runs", "4"), ("slowest_ms", "11 s")]
    assert "2 of 3 shown — all in the JSON" in html and "2 of 3 shown — all in the JSON" in markdown
    assert document["footer"]["pack_id"] == "TEAM-1" and "period=7d" in html


def _iso_week(timestamp: str) -> str:
    """The ISO week number of the report a run at ``timestamp`` wrote."""
    from datetime import datetime, timedelta

    moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00")) - timedelta(milliseconds=1)
    return f"{moment.isocalendar()[1]:02d}"


def test_a_report_stored_before_this_model_still_renders(demo):
    """Reports written by earlier versions (no trends, attention, names or footer) render too."""
    from engine.report.library import render

    _, json_path, *_ = demo
    old = load(json_path)
    for key in ("weeks", "attention", "movers", "footer", "shown"):
        old.pop(key)
    for metric in old["headline"]:
        for key in ("trend", "previous", "change"):
            metric.pop(key)
    for section in old["sections"]:
        for row in section["rows"]:
            for key in ("weekly_uses", "name", "covered_by_name", "quarantined"):
                row.pop(key, None)
    markdown, html = render(old, "markdown"), render(old, "html")
    top = {s["name"]: s for s in old["sections"]}["top_by_usage"]["rows"][0]["pattern_id"]
    assert f"| {top} |" in markdown and f'data-column="pattern_id">{top}<' in html
    assert "<svg" in html and "Needs a person" not in html
