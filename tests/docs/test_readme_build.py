"""README.md, the front door: generated from docs/readme/front.md, short, no dead link.

README.md is also the package's long description, so it must never drift from its source;
it stays short enough to read in five minutes (the reference is the docs site, which it
links); and every relative link in it must work where it is read, on GitHub: a file of the
repository, and when it names an anchor, a heading there. Its console examples are played
by tests/docs/test_examples.py like any docs page; its shell lines (run.sh, the venv,
mkdocs) cannot be played there, so the last test checks what they rely on.
"""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import REPO

README = REPO / "README.md"
LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+?)\s*#*\s*$")


def _builder():
    spec = importlib.util.spec_from_file_location("build_readme", REPO / "docs" / "build_readme.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_matches_its_source():
    result = subprocess.run([sys.executable, str(REPO / "docs" / "build_readme.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_readme_is_a_front_door_of_at_most_250_lines():
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= _builder().MAX_LINES == 250, f"README.md is {lines} lines"


def test_the_build_refuses_a_readme_over_the_limit(tmp_path, monkeypatch):
    builder = _builder()
    source = tmp_path / "front.md"
    source.write_text("# x\n" + "line\n" * builder.MAX_LINES, encoding="utf-8")
    monkeypatch.setattr(builder, "SOURCE", source)
    monkeypatch.setattr(builder, "ROOT", tmp_path)
    monkeypatch.setattr(builder, "README", tmp_path / "README.md")
    assert builder.main([]) == 1
    assert not (tmp_path / "README.md").exists()


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to dashes."""
    text = re.sub(r"[`*_]|<[^>]+>", "", heading).strip().lower()
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors_of(page: Path) -> set[str]:
    """The heading anchors of a Markdown file."""
    anchors, in_code = set(), False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        elif not in_code and (heading := HEADING.match(line)):
            anchors.add(github_slug(heading["text"]))
    return anchors


def dead_links(text: str, where: Path) -> list[str]:
    prose = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    dead = []
    for match in LINK.finditer(prose):
        target = match["target"]
        if re.match(r"[a-z][a-z0-9+.-]*:", target):        # http:, mailto: ...: not a repository link
            continue
        path, _, anchor = target.partition("#")
        page = (where.parent / path).resolve() if path else where
        if not page.exists() or not page.resolve().is_relative_to(REPO):
            dead.append(f"{target}: no such file")
        elif path == "" and anchor == "":
            dead.append(f"{target}: an empty link")
        elif anchor and (page.suffix != ".md" or anchor not in anchors_of(page)):
            dead.append(f"{target}: no heading with that anchor")
    return dead


def test_every_relative_link_in_the_readme_works_on_github():
    assert dead_links(README.read_text(encoding="utf-8"), README) == []


@pytest.mark.parametrize("text, dead", [
    ("[tour](docs/tour.md) ![shot](docs/images/weekly-report.png)", []),
    ("[EVENTS.md](#)", ["#: an empty link"]),
    ("[gone](docs/no-such-page.md)", ["docs/no-such-page.md: no such file"]),
    ("[stores](docs/events.md#stores) [up](#the-two-commands)", []),
    ("[x](docs/events.md#no-such-heading)", ["docs/events.md#no-such-heading: no heading with that anchor"]),
    ("[site](https://example.org/x)\n```\n[in code](nowhere.md)\n```", []),
])
def test_the_link_check_finds_dead_links(text, dead):
    assert dead_links(text + "\n", README) == dead


def test_the_readme_shell_lines_use_what_exists():
    """`./run.sh JOB`, `.venv/bin/...` and the tour's demo date in README.md are real."""
    text = README.read_text(encoding="utf-8")
    shell = "\n".join(re.findall(r"^```sh\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL))
    jobs = set(re.findall(r"^\s+(\w+)\)", (REPO / "run.sh").read_text(encoding="utf-8"), flags=re.MULTILINE))
    used = re.findall(r"\./run\.sh (\w+)", text)
    assert {"demo", "test"} <= set(used) and set(used) <= jobs, (used, jobs)
    from tests.docs.test_examples import NOW

    assert f"./run.sh demo tour-workspace --now {NOW}" in shell      # the demo the examples run in
    assert "cd tour-workspace" in shell
    venv = Path(sys.executable).parent                          # the venv run.sh made, in .venv/bin
    for tool in set(re.findall(r"\.venv/bin/([\w-]+)", text)):
        assert (venv / tool).exists(), f"README.md names .venv/bin/{tool}, which the install does not make"
    assert "source .venv/bin/activate" in shell and (venv / "activate").exists()
