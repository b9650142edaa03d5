"""Bad rule files: `check` and `evaluate` answer with diagnostics, never a traceback.

Hypothesis mutates the shipped packs token by token (deletions, insertions, swaps,
duplicated spans, random unicode) and writes random text and bytes; every file goes
through the CLI, which must exit 0, 1 or 2 with no exception escaping. Files built to be
expensive (deep operator chains, lets that double, megabyte files) are refused quickly
with a diagnostic. Strings full of quotes, SQL and code never change the compiled SQL
text (it is the same whatever the string) and leave the database as it was.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import resources
from engine.compile import compile_rule
from engine.language.checks import check_pack
from engine.language.diagnostics import DiagnosticSink
from engine.language.parser import parse_pack
from engine.workspace import Workspace, init_workspace
from tests.support.reliability import NOW, PACK, counts, query, run_cli

MUTANTS = 50         # mutated packs through `check`
MUTANTS_EVALUATED = 20  # mutated packs through `check` and `evaluate --dry-run`
RANDOM_FILES = 25     # random text and bytes through `check`
INJECTIONS = 30       # hostile strings compiled and evaluated

PACKS = {path.name: path.read_text(encoding="utf-8") for path in sorted(resources.rules_dir().glob("*.rules"))}
TOKEN = re.compile(r'"(?:\\.|[^"\\\n])*"|\d+(?:\.\d+)?[a-z]*|\w+|\.\.|[=!<>]=|[^\w\s]|\s+')
VOCABULARY = sorted({token for text in PACKS.values() for token in TOKEN.findall(text) if not token.isspace()})
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                        HealthCheck.function_scoped_fixture])


@st.composite
def mutated_packs(draw) -> str:
    tokens = TOKEN.findall(PACKS[draw(st.sampled_from(sorted(PACKS)))])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(tokens) - 1))
        how = draw(st.sampled_from(["delete", "insert", "swap", "duplicate", "unicode", "nest"]))
        if how == "delete":
            del tokens[at:at + draw(st.integers(1, 3))]
        elif how == "insert":
            tokens.insert(at, draw(st.sampled_from(VOCABULARY)))
        elif how == "swap":
            other = draw(st.integers(0, len(tokens) - 1))
            tokens[at], tokens[other] = tokens[other], tokens[at]
        elif how == "duplicate":
            tokens[at:at] = tokens[at:at + draw(st.integers(1, 40))]
        elif how == "unicode":
            tokens.insert(at, draw(st.text(min_size=1, max_size=5)))
        else:
            depth = draw(st.integers(1, 200))
            tokens[at:at + 1] = ["(" * depth, tokens[at], ")" * depth]
    return "".join(tokens)


def _assert_diagnosed(result, path: Path | None = None) -> None:
    """Exit 0/1/2 and, when not 0, a diagnostic naming the file (with a line when parsed)."""
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code and path is not None:
        assert f"{path}" in result.output, result.output


@pytest.fixture(scope="module")
def data_ws(tmp_path_factory) -> Workspace:
    """A small demo workspace whose rules/ each test replaces."""
    root = tmp_path_factory.mktemp("rules") / "ws"
    result = run_cli("demo", "-w", root, "--now", NOW, "--days", "14", "--scale", "0.1")
    assert result.exit_code == 0, result.output
    return init_workspace(root)


def _only_pack(ws: Workspace, text: str | bytes, name: str = "fuzzed.rules") -> Path:
    shutil.rmtree(ws.rules_dir)
    ws.rules_dir.mkdir()
    path = ws.rules_dir / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    return path


@settings(max_examples=MUTANTS, **SETTINGS)
@given(text=mutated_packs())
def test_check_answers_every_mutated_pack_with_diagnostics(tmp_path, text):
    path = tmp_path / "mutant.rules"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = run_cli("check", path, "--json")
    _assert_diagnosed(result)
    assert result.exit_code in (0, 1)


@settings(max_examples=MUTANTS_EVALUATED, **SETTINGS)
@given(text=mutated_packs())
def test_evaluate_answers_every_mutated_pack_without_a_traceback(data_ws, text):
    path = _only_pack(data_ws, text)
    checked = run_cli("check", "-w", data_ws.root)
    _assert_diagnosed(checked, path)
    evaluated = run_cli("evaluate", "-w", data_ws.root, "--now", NOW, "--dry-run")
    _assert_diagnosed(evaluated, path if checked.exit_code else None)
    if checked.exit_code:   # a pack with errors is never run
        assert evaluated.exit_code == 1


@settings(max_examples=RANDOM_FILES, **SETTINGS)
@given(data=st.one_of(st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
                      st.binary(max_size=400)))
def test_check_answers_random_text_and_bytes(tmp_path, data):
    path = tmp_path / "random.rules"
    path.write_bytes(data)
    result = run_cli("check", path)
    _assert_diagnosed(result, path)


def _chain(expr: str) -> str:
    return f'pack p\n  id "P"\nrule r "d"\n  from executions\n  where {expr} > 1\n  group by operation\n  emit report_row\n    x = count()\n'


def _doubling_lets(n: int) -> str:
    lets = "\n".join(["  let a0 = avg(duration_ms)"] + [f"  let a{i} = a{i - 1} + a{i - 1}" for i in range(1, n)])
    return f'pack p\n  id "P"\nrule r "d"\n  from executions\n  group by operation\n{lets}\n  emit report_row\n    x = a{n - 1}\n'


EXPENSIVE = {
    "parentheses": (_chain("(" * 5000 + "duration_ms" + ")" * 5000), "too-deep"),
    "not-chain": (_chain("not " * 2000 + "duration_ms"), "too-deep"),
    "minus-chain": (_chain("- " * 5000 + "1"), "too-deep"),
    "plus-chain": (_chain(" + ".join(["duration_ms"] * 1000)), "too-deep"),
    "nested-calls": (_chain("abs(" * 60 + "duration_ms" + ")" * 60), "too-deep"),
    "doubling-lets": (_doubling_lets(60), "too-large"),
    "megabytes": (_chain("1") + "# " + "x" * 1_100_000 + "\n", "too-large"),
}


@pytest.mark.parametrize("name", sorted(EXPENSIVE))
def test_expensive_files_are_refused_quickly(data_ws, name):
    text, code = EXPENSIVE[name]
    path = _only_pack(data_ws, text)
    started = time.perf_counter()
    checked = run_cli("check", "-w", data_ws.root, "--json")
    evaluated = run_cli("evaluate", "-w", data_ws.root, "--now", NOW, "--dry-run")
    assert time.perf_counter() - started < 10
    assert checked.exit_code == 1 and evaluated.exit_code == 1
    assert f'"code": "{code}"' in checked.stdout
    assert str(path) in evaluated.output and "Traceback" not in evaluated.output


def test_a_large_valid_pack_is_checked_in_bounded_time(tmp_path):
    """80 kB of real rules (the shipped packs are 2-6 kB): checked completely, in seconds."""
    body = PACKS["auto_001_execution_patterns.rules"]
    header, rule = body.split("\nrule ", 1)
    copies = [f"\nrule r{i}_" + rule for i in range(80_000 // len(rule))]
    path = tmp_path / "large.rules"
    path.write_text(header + "".join(copies), encoding="utf-8")
    started = time.perf_counter()
    result = run_cli("check", path, "--json")
    assert result.exit_code == 0, result.output[-2000:]
    assert time.perf_counter() - started < 20


# --- injection ------------------------------------------------------------------------------

HOSTILE = st.one_of(
    st.sampled_from(['"; DROP TABLE execution_logs; --', "' OR 1=1 --", "x'); DELETE FROM templates; --",
                     '__import__("os").system("rm -rf /")', "${HOME}", "`id`", "\\", "a\\\"b", "%s %(x)s ?1 :name",
                     "]]]; ATTACH DATABASE '/tmp/x.db' AS x; --"]),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r\x00"), max_size=40))


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'


def _hostile_pack(value: str) -> str:
    q = _quoted(value)
    return f'''pack hostile {q}
  id {q}
param label = {q} {q}
rule r {q}
  from executions
  where operation == {q} or command == label or starts_with(command, {q}) or contains(actor, {q})
  group by operation
  let tagged = concat({q}, operation)
  emit report_row
    note = tagged
    label = label
    lower_note = lower({q})
'''


def _compiled_sql(value: str) -> tuple[list[str], list]:
    pack, diagnostics = parse_pack(_hostile_pack(value))
    assert pack is not None and not [d for d in diagnostics if d.severity == "error"], diagnostics
    sink = DiagnosticSink("hostile.rules")
    check_pack(pack, sink)
    assert not sink.has_errors, [d.message for d in sink.items]
    compiled = compile_rule(pack, pack.rules[0])
    return [compiled.sql, compiled.explain_sql, *compiled.evidence_sql.values()], \
        [b.value for b in compiled.bindings.values()]


@settings(max_examples=INJECTIONS, **SETTINGS)
@given(value=HOSTILE)
def test_strings_never_change_the_sql_text(value):
    """The SQL is the same text whatever the strings hold: they travel as bound values."""
    sql, bound = _compiled_sql(value)
    reference, _ = _compiled_sql("plain")
    assert sql == reference
    assert value in bound
    if len(value) >= 4 and not any(value in text for text in reference):   # e.g. not "SELECT"
        assert not any(value in text for text in sql)


def test_hostile_strings_evaluate_and_leave_the_database_intact(data_ws):
    before = counts(data_ws.db_path)
    tables = query(data_ws.db_path, "SELECT name FROM sqlite_master ORDER BY name")
    payload = '"; DROP TABLE execution_logs; --'
    _only_pack(data_ws, _hostile_pack(payload))
    result = run_cli("evaluate", "-w", data_ws.root, "--now", NOW, "--json")
    assert result.exit_code == 0, result.output
    assert counts(data_ws.db_path) == before
    assert query(data_ws.db_path, "SELECT name FROM sqlite_master ORDER BY name") == tables
    assert not Path("/tmp/x.db").exists() or Path("/tmp/x.db").stat().st_mtime < time.time() - 60


def test_a_nul_character_is_refused_with_its_place(tmp_path):
    """PostgreSQL text cannot hold NUL: a rule file holding one is refused on every store."""
    path = tmp_path / "nul.rules"
    path.write_text(_hostile_pack("a\x00b"), encoding="utf-8")
    result = run_cli("check", path)
    assert result.exit_code == 1
    assert f"{path}:1:" in result.output and "NUL character" in result.output, result.output


# --- masks -----------------------------------------------------------------------------------

CATASTROPHIC = ["(a+)+$", "(a|a)*b", "(\\w+\\s?)*$", "(a*)*b", "(.*a){20}", "((ab)*|a)*c", "(x+x+)+y"]


@pytest.mark.parametrize("regex", CATASTROPHIC)
def test_catastrophic_masks_are_refused_before_ingest(ws, tmp_path, regex):
    config = ws.config_path.read_text(encoding="utf-8").replace(
        "masks: []", f"masks:\n  - name: evil\n    regex: '{regex}'\n")
    ws.config_path.write_text(config, encoding="utf-8")
    events = tmp_path / "events.jsonl"
    events.write_text('{"type": "execution", "id": "e1", "ts": "2026-11-20T00:00:00Z", "operation": "op", '
                      '"command": "' + "a" * 60 + '!", "status": "success", "duration_ms": 1}\n', encoding="utf-8")
    started = time.perf_counter()
    result = run_cli("ingest", events, "-w", ws.root)
    assert time.perf_counter() - started < 8
    assert result.exit_code == 2, result.output
    assert "masks[0].regex" in result.output and "Traceback" not in result.output
    assert counts(ws.db_path)["execution_logs"] == 0
    doctor = run_cli("doctor", "-w", ws.root, "--json")
    assert doctor.exit_code == 1 and "masks[0].regex" in doctor.stdout


def test_a_safe_mask_is_accepted(ws, tmp_path):
    config = ws.config_path.read_text(encoding="utf-8").replace(
        "masks: []", "masks:\n  - name: ticket\n    regex: 'TCK-[0-9]{1,8}'\n")
    ws.config_path.write_text(config, encoding="utf-8")
    events = tmp_path / "events.jsonl"
    events.write_text('{"type": "execution", "id": "e1", "ts": "2026-11-20T00:00:00Z", "operation": "op", '
                      '"command": "close TCK-123", "status": "success", "duration_ms": 1}\n', encoding="utf-8")
    assert run_cli("ingest", events, "-w", ws.root).exit_code == 0
    assert counts(ws.db_path)["execution_logs"] == 1


@pytest.mark.parametrize("bounds", ['1 .. "text"', '"a" .. "b"', '"a" .. 5', '1d .. "x"'])
def test_param_ranges_of_the_wrong_type_are_diagnosed(tmp_path, bounds):
    """Found by the fuzzer: a string high bound (a forgotten bound before the description) crashed check."""
    path = tmp_path / "p.rules"
    path.write_text(f'pack p\n  id "P"\nparam m = 3 in {bounds} "why"\nrule r "d"\n  from executions\n'
                    '  group by operation\n  having count() > m\n  emit report_row\n    x = count()\n', encoding="utf-8")
    result = run_cli("check", path)
    assert result.exit_code == 1 and f"{path}:3:" in result.output


# --- command-line values ---------------------------------------------------------------------

@pytest.mark.parametrize("args,words", [
    (["--now", "0001-01-01T00:00:00Z"], "outside the years"),
    (["--now", "9999-12-31T23:59:59Z"], "outside the years"),
    (["--now", "yesterday"], "not an RFC 3339"),
    (["--set", "reliability.min_runs=\"; DROP TABLE execution_logs; --"], "not a number"),
    (["--set", "reliability.min_runs=1e999"], "outside its range"),
    (["--set", "reliability.min_runs=nan"], "outside its range"),
    (["--set", "reliability.nope=1"], "no param"),
    (["--set", "="], "pack.param=value"),
    (["--set", "elsewhere.x=1"], "no pack"),
])
def test_bad_command_line_values_are_errors_not_tracebacks(data_ws, args, words):
    _only_pack(data_ws, PACK, "reliability.rules")
    before = counts(data_ws.db_path)
    for command in (["evaluate"], ["explain", "reliability.repeated"]):
        result = run_cli(*command, "-w", data_ws.root, *(args if "--now" in args else ["--now", NOW, *args]))
        assert result.exit_code in (1, 2) and words in result.output, result.output
    assert counts(data_ws.db_path) == before
