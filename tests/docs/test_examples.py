"""Every example on the docs site's pages runs, and prints what the page shows.

Each page (docs/**/*.md but docs/readme/, which is not part of the site) is played from
top to bottom in its own copy of one demo workspace, built once per session with
``autopattern demo --now 2026-11-24T00:00:00Z``; commands run in the workspace folder,
so ``autopattern`` finds it by itself. A page's examples are:

* a fenced block with a ``title="NAME"`` (any language but console and python): the file
  NAME, written into the workspace for the commands after it;
* a ``console`` block: each line ``$ autopattern ...`` is run (no shell: the arguments are
  split like a shell would) and must exit 0, or N when the line ends with the comment
  ``# exits N``; the lines after it, up to the next ``$``, are what it prints on stdout
  (on stdout and stderr, in the order printed, when the command ends with ``2>&1``, as
  for an error message);
* a ``python`` block: run as a script with the project's Python; when the block after it
  is a ``text`` block titled ``Output``, that is what it prints on stdout.

Shown output may leave things out, and says where: a line ``...`` stands for any number
of lines, and ``...`` inside a line for any text within that line (a run id, a timing).

A console or python block that cannot run in a demo workspace (it needs a team's
PostgreSQL server, a GitHub Actions runner, an hour of benchmark) says so on the line
before it, with its reason: ``<!-- not run: REASON -->``. It is then not played, and is
reported as a skipped test with its page, line and reason, so the count of such blocks
stays visible; a marker without a reason, or one that is not right before an example, is
an error. Any other block (a rule file to read, YAML output, a grammar) is not an example:
it is fenced with a language other than console and python, or with none.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pytest

from tests.support.paths import REPO

DOCS = REPO / "docs"
NOW = "2026-11-24T00:00:00Z"
CLI = Path(sys.executable).parent / "autopattern"
FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})\s*(?P<info>.*)$")   # indented: in a list item
TITLE = re.compile(r'title="(?P<title>[^"]*)"')
EXITS = re.compile(r"\s#\s*exits\s+(?P<status>\d+)\s*$")
NOT_RUN = re.compile(r"^<!--\s*not run:(?P<reason>.*?)-->\s*$")
EXAMPLES = ("console", "python")


@dataclass
class Block:
    page: Path
    line: int                      # 1-based line of the opening fence
    lang: str
    title: str | None
    text: str
    not_run: str | None = None     # the reason its marker gives, when it is not played


@dataclass
class Step:
    """One thing to do on a page, in order: write a file, run a command or a script."""
    kind: str                      # "file" | "command" | "python"
    where: str                     # page:line, for messages
    body: str                      # the file's text, the command line, the script
    name: str | None = None        # the file's name
    expected: list[str] | None = field(default=None)   # shown output (None: not shown)
    status: int = 0                # the exit status the page says it has


def _where(page: Path, line: int) -> str:
    return f"{page.relative_to(REPO).as_posix() if page.is_relative_to(REPO) else page}:{line}"


def fenced_blocks(page: Path) -> list[Block]:
    blocks, lines, i = [], page.read_text(encoding="utf-8").splitlines(), 0
    marker: tuple[int, str] | None = None          # (line, reason) of a `not run` marker
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            if marker is not None:
                raise AssertionError(f"{_where(page, marker[0])}: a `not run` marker goes on the line "
                                     f"right before the example it holds back")
            not_run = NOT_RUN.match(lines[i].strip())
            if not_run:
                if not not_run["reason"].strip():
                    raise AssertionError(f"{_where(page, i + 1)}: a `not run` marker says why: "
                                         f"<!-- not run: REASON -->")
                marker = (i + 1, not_run["reason"].strip())
            i += 1
            continue
        fence, info, indent = opening["fence"], opening["info"].strip(), len(opening["indent"])
        body, j = [], i + 1
        while j < len(lines) and lines[j].strip() != fence:
            line = lines[j]
            body.append(line[indent:] if not line[:indent].strip() else line.lstrip())
            j += 1
        if j == len(lines):
            raise AssertionError(f"{page}:{i + 1}: code block never closed")
        title = TITLE.search(info)
        lang = info.split()[0].lstrip(".").strip("{}") if info else ""
        if marker is not None and lang not in EXAMPLES:
            raise AssertionError(f"{_where(page, marker[0])}: a `not run` marker holds back a console "
                                 f"or python example, not a {lang or 'plain'} block")
        blocks.append(Block(page, i + 1, lang, title["title"] if title else None, "\n".join(body),
                            not_run=marker[1] if marker else None))
        marker = None
        i = j + 1
    if marker is not None:
        raise AssertionError(f"{_where(page, marker[0])}: a `not run` marker with no example after it")
    return blocks


def steps_of(page: Path) -> list[Step]:
    rel = page.relative_to(REPO).as_posix() if page.is_relative_to(REPO) else str(page)
    blocks, steps = fenced_blocks(page), []
    for index, block in enumerate(blocks):
        where = f"{rel}:{block.line}"
        if block.not_run is not None:
            continue
        if block.lang == "console":
            current: Step | None = None
            for offset, line in enumerate(block.text.splitlines(), start=1):
                if line.startswith("$ "):
                    command = line[2:].strip()
                    if not command.startswith("autopattern "):
                        raise AssertionError(f"{rel}:{block.line + offset}: a console example runs "
                                             f"`autopattern ...`, not {command!r}")
                    exits = EXITS.search(command)
                    current = Step("command", f"{rel}:{block.line + offset}", command, expected=[],
                                   status=int(exits["status"]) if exits else 0)
                    steps.append(current)
                elif current is None:
                    raise AssertionError(f"{rel}:{block.line + offset}: output before any `$ ` command")
                else:
                    current.expected.append(line)
        elif block.lang == "python":
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            shown = (following.text.splitlines() if following and following.lang == "text"
                     and following.title == "Output" else None)
            steps.append(Step("python", where, block.text, expected=shown))
        elif block.title and block.title != "Output":
            name = PurePosixPath(block.title)
            if name.is_absolute() or ".." in name.parts:
                raise AssertionError(f"{where}: a file example's title must be a relative path inside "
                                     f"the workspace, not {block.title!r}")
            steps.append(Step("file", where, block.text + "\n", name=block.title))
    return steps


def site_pages() -> list[Path]:
    """The pages played: the site's, and README.md (the front door's tour runs the same way)."""
    return sorted(p for p in DOCS.rglob("*.md") if "readme" not in p.relative_to(DOCS).parts) + [REPO / "README.md"]


def pages_with_examples() -> list[Path]:
    return [p for p in site_pages() if any(s.kind != "file" for s in steps_of(p))]


def blocks_not_run() -> list[Block]:
    return [b for p in site_pages() for b in fenced_blocks(p) if b.not_run is not None]


def output_matches(expected: list[str], actual: str) -> bool:
    """Whether ``actual`` is what ``expected`` shows, reading ``...`` as a marked elision."""
    pattern = []
    for line in _trim(expected):
        if line.strip() == "...":
            pattern.append(r"(?:[^\n]*\n)*?")
        else:
            pattern.append(r"[^\n]*".join(re.escape(part) for part in line.rstrip().split("...")) + r"\n")
    text = "".join(line + "\n" for line in _trim(actual.splitlines()))
    return re.fullmatch("".join(pattern), text) is not None


def _trim(lines: list[str]) -> list[str]:
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


@pytest.fixture(scope="session")
def demo_workspace(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("docs-demo") / "demo-workspace"
    result = subprocess.run([str(CLI), "demo", "--workspace", str(target), "--now", NOW],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return target


def _env() -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if k != "AUTOPATTERN_WORKSPACE"}
    env["PATH"] = f"{CLI.parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def _run(step: Step, workspace: Path) -> None:
    if step.kind == "file":
        target = workspace / step.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(step.body, encoding="utf-8")
        return
    if step.kind == "command":
        argv = shlex.split(step.body, comments=True)
        merged = argv[-1] == "2>&1"                # the page shows stderr too
        env = {**_env(), "PYTHONUNBUFFERED": "1"} if merged else _env()   # both streams in write order
        result = subprocess.run([str(CLI), *argv[1:len(argv) - merged]], cwd=workspace, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT if merged else subprocess.PIPE,
                                text=True)
    else:
        result = subprocess.run([sys.executable, "-c", step.body], cwd=workspace, env=_env(),
                                capture_output=True, text=True)
    assert result.returncode == step.status, (f"{step.where}: `{step.body.splitlines()[0]}` exited "
                                              f"{result.returncode}, not {step.status}\n"
                                    f"{result.stdout}{result.stderr or ''}")
    if step.expected is not None:
        shown = "\n".join(step.expected)
        assert output_matches(step.expected, result.stdout), (
            f"{step.where}: the page shows\n{shown}\n--- but it printed ---\n{result.stdout}")


@pytest.mark.slow
@pytest.mark.parametrize("page", pages_with_examples(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_page_examples_run_and_print_what_the_page_shows(page, demo_workspace, tmp_path):
    workspace = tmp_path / "demo-workspace"
    shutil.copytree(demo_workspace, workspace)
    for step in steps_of(page):
        _run(step, workspace)


@pytest.mark.parametrize("block", blocks_not_run() or [pytest.param(None, marks=pytest.mark.skip(
    reason="no example is marked not run"))], ids=lambda b: b and _where(b.page, b.line))
def test_an_example_marked_not_run_is_reported_with_its_reason(block):
    pytest.skip(f"{_where(block.page, block.line)}: not run: {block.not_run}")


def test_the_site_has_examples_to_run():
    """The runner reads the pages it should: the tours (README's and the site's) and the Python API."""
    played = {p.relative_to(REPO).as_posix() for p in pages_with_examples()}
    assert {"README.md", "docs/tour.md", "docs/python-api.md"} <= played


@pytest.mark.parametrize("expected, actual, matches", [
    (["a", "b"], "a\nb\n", True),
    (["a", "b"], "a\nc\n", False),
    (["a"], "a\nb\n", False),                       # output the page does not show is a mismatch
    (["a", "...", "d"], "a\nb\nc\nd\n", True),
    (["a", "...", "d"], "a\nd\n", True),            # an elided run may be empty
    (["a", "...", "d"], "a\nb\nc\n", False),
    (["read 5 events in ...s: stored 5"], "read 5 events in 0.09s: stored 5\n", True),
    (["read 5 events in ...s: stored 5"], "read 5 events in 0.09s: stored 4\n", False),
    (["x ... y"], "x 1\ny\n", False),               # an in-line elision stays within its line
])
def test_elisions_match_only_what_they_mark(expected, actual, matches):
    assert output_matches(expected, actual) is matches


def test_a_console_example_runs_only_autopattern(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```console\n$ rm -rf /\n```\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="runs `autopattern ...`"):
        steps_of(page)


def test_a_file_example_stays_inside_the_workspace(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('```json title="../escape.json"\n{}\n```\n', encoding="utf-8")
    with pytest.raises(AssertionError, match="relative path inside the workspace"):
        steps_of(page)


def test_a_command_says_its_exit_status_in_a_comment(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```console\n$ autopattern ingest bad.jsonl   # exits 1\nread 1 events\n"
                    "$ autopattern check\n```\n", encoding="utf-8")
    first, second = steps_of(page)
    assert (first.status, first.expected, second.status) == (1, ["read 1 events"], 0)
    assert shlex.split(first.body, comments=True) == ["autopattern", "ingest", "bad.jsonl"]


def test_a_block_marked_not_run_is_not_played_and_keeps_its_reason(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("<!-- not run: needs a team's PostgreSQL -->\n```console\n$ autopattern store copy\n```\n"
                    "```console\n$ autopattern check\n```\n", encoding="utf-8")
    assert [b.not_run for b in fenced_blocks(page)] == ["needs a team's PostgreSQL", None]
    assert [s.body for s in steps_of(page)] == ["autopattern check"]


@pytest.mark.parametrize("text, message", [
    ("<!-- not run:  -->\n```console\n$ autopattern check\n```\n", "says why"),
    ("<!-- not run: slow -->\n\n```console\n$ autopattern check\n```\n", "right before"),
    ("<!-- not run: slow -->\n```yaml\na: 1\n```\n", "not a yaml block"),
    ("text\n<!-- not run: slow -->\n", "no example after it"),
])
def test_a_not_run_marker_is_well_placed_and_says_why(tmp_path, text, message):
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    with pytest.raises(AssertionError, match=message):
        fenced_blocks(page)


def test_an_example_inside_a_list_item_is_played_without_its_indent(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("* item:\n\n  ```console\n  $ autopattern check\n  ok\n  ```\n", encoding="utf-8")
    (step,) = steps_of(page)
    assert (step.body, step.expected) == ("autopattern check", ["ok"])


def test_a_command_ending_in_2_redirect_shows_its_stderr_too(tmp_path):
    step = Step("command", "page.md:2", "autopattern patterns show no-such-id 2>&1", expected=[
        "error: ... is not an autopattern workspace ...", "..."], status=2)
    _run(step, tmp_path)            # not a workspace: the error says so on stderr
    with pytest.raises(AssertionError, match="page.md:2: the page shows"):
        _run(Step("command", "page.md:2", "autopattern patterns show no-such-id", expected=step.expected,
                  status=2), tmp_path)


def test_the_tuned_pack_of_the_worked_example_is_the_shipped_pack_but_for_approve_at():
    """docs/ruletest.md writes AUTO-001 with approve_at raised, to show the shipped tests
    catching the change; the rest of its copy must stay the shipped pack, or the page would
    test a pack that no longer exists."""
    name = "rules/auto_001_execution_patterns.rules"
    (block,) = [b for b in fenced_blocks(DOCS / "ruletest.md") if b.title == name]
    shipped = (REPO / name).read_text(encoding="utf-8").splitlines()
    shown = block.text.splitlines()
    assert len(shown) == len(shipped), f"docs/ruletest.md:{block.line}: the copy of {name} is stale"
    changed = [(a, b) for a, b in zip(shipped, shown) if a != b]
    assert [b.split()[:2] for _, b in changed] == [["param", "approve_at"]], (
        f"docs/ruletest.md:{block.line}: the copy of {name} differs from it in more than approve_at: {changed}")
