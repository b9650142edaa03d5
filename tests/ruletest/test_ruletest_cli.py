"""`autopattern test` end to end: passing, failing with a readable diff, invalid files, options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from engine.workspace import init_workspace
from tests.support.rule_files import SHIPPED_RULES, write_test
from tests.support.paths import REPO

PACK = """\
pack: {pack}
tests:
  - name: three runs
    now: 2026-11-24T12:00:00Z
    events:
      - {{type: execution, repeat: 3, ts: now-1h, operation: build, command: "make all", status: success, duration_ms: 100}}
    expect:
{expect}
"""


def pack_test(rules: Path, expect: str, pack: str = "../auto_001_execution_patterns.rules") -> Path:
    text = PACK.format(pack=pack, expect="\n".join("      " + line for line in expect.strip().splitlines()))
    return write_test(rules / "tests", text)


def shipped_test_count(rules: Path) -> int:
    document = yaml.safe_load((rules / "tests" / "auto_001_execution_patterns.test.yaml").read_text())
    return len(document["tests"])


def test_shipped_test_files_pass_with_full_branch_coverage(cli):
    """The suite's guard on the shipped packs: a pack change that breaks a test fails CI."""
    result = cli("test", SHIPPED_RULES / "tests", "--coverage")
    assert result.exit_code == 0, result.output
    assert " 0 failed" in result.stdout
    assert "-- uncovered:" not in result.stdout, result.stdout
    shipped = sorted(p.name for p in SHIPPED_RULES.glob("*.rules"))
    covered = result.stdout.split("coverage", 1)[1]
    for pack in shipped:
        assert pack in covered, f"{pack} has no tests"


def test_shipped_test_files_cover_every_pack_as_json(cli):
    result = cli("test", SHIPPED_RULES / "tests", "--coverage", "--json")
    data = json.loads(result.stdout)
    assert data["failed"] == 0 and data["invalid"] == 0
    for pack in data["coverage"]:
        assert pack["covered"] == pack["branches"], pack


def test_worked_example_tuning_approve_at(cli, pack_copy: Path):
    """The worked example of docs/ruletest.md: raise approve_at, see which expectation changed and why, fix it."""
    rules_file = pack_copy / "auto_001_execution_patterns.rules"
    text = rules_file.read_text()
    assert "param approve_at  = 0.75" in text
    rules_file.write_text(text.replace("param approve_at  = 0.75", "param approve_at  = 0.8"))

    failed = cli("test", pack_copy / "tests")
    assert failed.exit_code == 1
    out = failed.stdout
    assert "FAIL  five similar runs" in out
    assert "decision: expected approve, got draft: otherwise (not confidence >= approve_at (0.7857 >= 0.8))" in out
    assert "auto_001_execution_patterns.test.yaml" in out
    total = shipped_test_count(pack_copy)
    assert out.strip().endswith(f"{total - 1} passed, 1 failed")

    tests_file = pack_copy / "tests" / "auto_001_execution_patterns.test.yaml"
    fixed = tests_file.read_text().replace(
        "confidence: {approx: 0.7857, tolerance: 0.001}}\n            decision: approve",
        "confidence: {approx: 0.7857, tolerance: 0.001}}\n            decision: draft")
    assert fixed != tests_file.read_text()
    tests_file.write_text(fixed)
    passed = cli("test", pack_copy / "tests")
    assert passed.exit_code == 0, passed.output
    assert passed.stdout.strip().endswith(f"{total} passed, 0 failed")


@pytest.mark.parametrize("expect, diff", [
    ("repeated_execution: {none: true}",
     ["expected no finding, got 1 finding:", "build: make all -> draft: otherwise"]),
    ("repeated_execution: {count: 2}", ["count: expected 2 findings, got 1:"]),
    ("repeated_execution:\n  - fields: {occurrences: 4, confidence: {approx: 0.9, tolerance: 0.05}}",
     ["fields.occurrences: expected 4, got 3", "fields.confidence: expected 0.9 ± 0.05, got 0.7"]),
    ("repeated_execution:\n  - fields: {colour: blue}",
     ["fields.colour: expected \"blue\", but the finding has no field 'colour'"]),
    ("repeated_execution:\n  - reason_contains: approve_at (0.7 >= 0.9)",
     ["reason: expected it to contain 'approve_at (0.7 >= 0.9)', got 'otherwise (not confidence >= approve_at (0.7 >= 0.75))'"]),
    ("repeated_execution:\n  - lets: {success_rate: {min: 0, max: 0.5}}",
     ["lets.success_rate: expected a number in 0 .. 0.5, got 1.0"]),
    ("repeated_execution:\n  - decision: draft\n  - decision: draft",
     ["expected finding #2 (line 10)", "every finding was already matched"]),
    ("repeated_execution:\n  - evidence_contains: [nope]", ["evidence: expected 'nope' among"]),
])
def test_failure_shows_what_differs(cli, pack_copy, expect, diff):
    path = pack_test(pack_copy, expect)
    result = cli("test", path)
    assert result.exit_code == 1, result.output
    assert f"FAIL  three runs  ({path}:3)" in result.stdout
    assert "rule repeated_execution:" in result.stdout
    for text in diff:
        assert text in result.stdout
    assert result.stdout.strip().endswith("0 passed, 1 failed")


@pytest.mark.parametrize("expect", [
    "repeated_execution:\n  - {fields: {operation: build, occurrences: 3}, decision: draft}",
    "repeated_execution: {count: 1, findings: [{lets: {repetition: 0}}]}",
    "repeated_execution:\n  - fields: {confidence: {approx: 0.69, tolerance: 0.02}, template: {contains: make}}",
])
def test_matching_expectations_pass(cli, pack_copy, expect):
    result = cli("test", pack_test(pack_copy, expect))
    assert result.exit_code == 0, result.output
    assert "PASS  three runs" in result.stdout


@pytest.mark.parametrize("text, where, message", [
    ("pack: x\ntests: [", "t.test.yaml:2", "not valid YAML"),
    ("pack: ../auto_001_execution_patterns.rules\ntests:\n  - name: a\n    now: 2026-11-24T00:00:00Z\n"
     "    expect: {repeated_execution: {none: true}}\n    colour: red\n",
     "t.test.yaml:6:5 [tests[0].colour]", "unknown field 'colour'\n  hint: allowed here: name, description"),
    ("pack: ../auto_001_execution_patterns.rules\ntests:\n  - name: a\n    now: 2026-11-24T00:00:00Z\n"
     "    expect: {repeated_execution: [{decison: approve}]}\n",
     "t.test.yaml:5:36 [tests[0].expect.repeated_execution[0].decison]",
     "unknown field 'decison'\n  hint: did you mean 'decision'?"),
    ("pack: ../auto_001_execution_patterns.rules\ntests:\n  - name: a\n    now: yesterday\n"
     "    expect: {repeated_execution: {none: true}}\n", "t.test.yaml:4:10 [tests[0].now]", "does not match"),
    ("pack: ../auto_001_execution_patterns.rules\ntests:\n  - name: a\n    now: 2026-11-24T00:00:00Z\n"
     "    expect: {no_such_rule: {none: true}}\n", "t.test.yaml:5:14 [tests[0].expect.no_such_rule]",
     "has no rule 'no_such_rule' (rules: repeated_execution)"),
    ("pack: ../auto_001_execution_patterns.rules\ntests:\n  - name: a\n    now: 2026-11-24T00:00:00Z\n"
     "    set: {approve_at: 1.5}\n    expect: {repeated_execution: {none: true}}\n",
     "t.test.yaml:5:11 [tests[0].set.approve_at]", "outside its range 0 .. 1"),
    ("pack: ../auto_001_execution_patterns.rules\ntests:\n  - name: a\n    now: 2026-11-24T00:00:00Z\n"
     "    set: {approve: 0.5}\n    expect: {repeated_execution: {none: true}}\n",
     "t.test.yaml:5:11 [tests[0].set.approve]", "has no param 'approve'"),
    ("pack: ../auto_001_execution_patterns.rules\ntests:\n  - name: a\n    now: 2026-11-24T00:00:00Z\n"
     "    events:\n      - {type: execution, operation: x, duration_ms: 5}\n"
     "    expect: {repeated_execution: {none: true}}\n", "t.test.yaml:6", "event rejected by ingest"),
    ("pack: ../auto_001_execution_patterns.rules\ntests:\n  - name: a\n    now: 2026-11-24T00:00:00Z\n"
     "    events_file: missing.jsonl\n    expect: {repeated_execution: {none: true}}\n",
     "t.test.yaml:5:18 [tests[0].events_file]", "events_file 'missing.jsonl' not found"),
    ("pack: no_such_pack\ntests:\n  - name: a\n    now: 2026-11-24T00:00:00Z\n"
     "    expect: {repeated_execution: {none: true}}\n", "t.test.yaml:1:7 [pack]", "no pack named 'no_such_pack'"),
    ("pack: ../auto_001_execution_patterns.rules\ntests:\n  - name: a\n    now: 2026-11-24T00:00:00Z\n"
     "    expect: {repeated_execution: {none: true, count: 2}}\n",
     "t.test.yaml:5:34 [tests[0].expect.repeated_execution]", "none: true cannot be combined"),
    ("pack: ../auto_001_execution_patterns.rules\ntests:\n  - name: a\n    now: 2026-11-24T00:00:00Z\n"
     "    expect: {repeated_execution: {count: -1}}\n",
     "t.test.yaml:5:42 [tests[0].expect.repeated_execution.count]", "-1 is less than the minimum of 0"),
    ("pack: ../auto_001_execution_patterns.rules\ntests:\n  - name: a\n    now: 2026-11-24T00:00:00Z\n"
     "    registry: {patterns: [{id: p1, colour: red}]}\n    expect: {repeated_execution: {none: true}}\n",
     "t.test.yaml:5:36 [tests[0].registry.patterns[0].colour]", "pattern_candidates has no column 'colour'"),
    ("pack: ../auto_001_execution_patterns.rules\ntests:\n  - name: a\n    now: 2026-11-24T00:00:00Z\n"
     "    registry: {patterns: [{id: p1, group_key: {t: {template: 'nope <*>'}}}]}\n"
     "    expect: {repeated_execution: {none: true}}\n",
     "t.test.yaml:5:47 [tests[0].registry.patterns[0].group_key]", "no template 'nope <*>' was mined"),
    ("pack: ../auto_001_execution_patterns.rules\ntests:\n  - name: a\n    now: 2026-11-24T00:00:00Z\n"
     "    registry: {patterns: [{id: p1, group_key: {t: {template_of: 'make all'}}}]}\n"
     "    expect: {repeated_execution: {none: true}}\n",
     "t.test.yaml:5:47 [tests[0].registry.patterns[0].group_key]", "no event of this test has the text 'make all'"),
])
def test_invalid_test_file_is_named_with_its_line_and_field(cli, pack_copy, text, where, message):
    path = write_test(pack_copy / "tests", text)
    result = cli("test", path)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert where in result.stderr, result.stderr
    assert message in result.stderr, result.stderr
    assert result.stdout.strip().endswith(", 1 error")


def test_invalid_file_does_not_stop_the_others(cli, pack_copy):
    write_test(pack_copy / "tests", "pack: x\ntests: 3\n", name="broken.test.yaml")
    result = cli("test", pack_copy / "tests")
    assert result.exit_code == 2
    assert f"{shipped_test_count(pack_copy)} passed, 0 failed, 1 error" in result.stdout


def test_k_selects_tests_by_name(cli, pack_copy):
    result = cli("test", pack_copy / "tests", "-k", "DRAFTED")
    assert result.exit_code == 0
    assert result.stdout.count("PASS") == 1 and "three runs are only drafted" in result.stdout


def test_k_that_selects_nothing_fails(cli, pack_copy):
    result = cli("test", pack_copy / "tests", "-k", "no such test")
    assert result.exit_code == 1
    assert "no test name contains 'no such test'" in result.stderr


def test_json_lists_each_test_with_the_findings_of_the_checked_rules(cli, pack_copy):
    result = cli("test", pack_copy / "tests", "-k", "three runs", "--json")
    data = json.loads(result.stdout)
    [test] = data["files"][0]["tests"]
    assert test["ok"] and test["observed"] == {"repeated_execution": ["draft"]}
    [finding] = test["findings"]["repeated_execution"]
    assert finding["fields"]["occurrences"] == 3 and finding["decision"] == "draft"
    assert data["passed"] == 1 and data["failed"] == 0


def test_default_folder_is_the_workspace_rules_tests(cli, tmp_path, pack_copy):
    ws = init_workspace(tmp_path / "ws", copy_rules=True)   # init copies the shipped tests too
    total = sum(len(yaml.safe_load(p.read_text())["tests"]) for p in (ws.rules_dir / "tests").glob("*.test.yaml"))
    assert total >= shipped_test_count(pack_copy)
    result = cli("test", "-w", ws.root)
    assert result.exit_code == 0, result.output
    assert f"{total} passed, 0 failed" in result.stdout
    # the tests ran in memory: the workspace's registry and database stay empty
    assert not any(p.is_file() for p in ws.patterns_dir.rglob("*"))
    db = ws.open_db()
    assert db.execute("SELECT COUNT(*) FROM execution_logs").fetchone()[0] == 0
    db.close()


def test_no_test_files_is_an_error(cli, tmp_path):
    ws = init_workspace(tmp_path / "ws", copy_rules=False)
    result = cli("test", "-w", ws.root)
    assert result.exit_code == 2
    assert "no test files" in result.stderr


def test_a_missing_finding_shows_the_group_the_having_held_back(cli, pack_copy):
    path = write_test(pack_copy / "tests", """\
        pack: ../auto_001_execution_patterns.rules
        tests:
          - name: two runs
            now: 2026-11-24T12:00:00Z
            events:
              - {type: execution, repeat: 2, ts: now-1h, operation: build, command: "make all", status: success, duration_ms: 100}
            expect:
              repeated_execution:
                - fields: {operation: build, occurrences: 3}
        """)
    result = cli("test", path)
    assert result.exit_code == 1
    assert ("the rule emitted no finding\n"
            "            closest group held back (having count() >= min_similar is false): build: make all\n"
            "              fields.occurrences: expected 3, got 2\n") in result.stdout


def test_the_docs_example_test_file_passes(cli, pack_copy):
    """The first YAML example of docs/ruletest.md is a complete, passing test file."""
    page = REPO / "docs" / "ruletest.md"
    example = page.read_text(encoding="utf-8").split("```yaml\n", 1)[1].split("```", 1)[0]
    path = write_test(pack_copy / "tests", example, name="docs-example.test.yaml")
    result = cli("test", path)
    assert result.exit_code == 0, result.output
    assert "1 passed, 0 failed" in result.stdout


def test_tests_mine_templates_with_the_workspace_masks(cli, tmp_path, pack_copy):
    """Two commands differing in a ticket name are one template only with the workspace's mask."""
    masked = init_workspace(tmp_path / "masked", copy_rules=False)
    masked.config_path.write_text("masks:\n  - {name: ticket, regex: 'ticket-[a-z]+'}\n")
    plain = init_workspace(tmp_path / "plain", copy_rules=False)
    path = write_test(pack_copy / "tests", """\
        pack: ../auto_001_execution_patterns.rules
        tests:
          - name: two tickets fixed the same way
            now: 2026-11-24T12:00:00Z
            set: {min_similar: 2}
            events:
              - {type: execution, ts: now-1h, operation: fix, command: "fix ticket-alpha", status: success, duration_ms: 100}
              - {type: execution, ts: now-2h, operation: fix, command: "fix ticket-beta", status: success, duration_ms: 100}
            expect:
              repeated_execution:
                - fields: {operation: fix, occurrences: 2}
        """)
    assert cli("test", path, "-w", masked.root).exit_code == 0
    without = cli("test", path, "-w", plain.root)
    assert without.exit_code == 1
    assert "the rule emitted no finding" in without.stdout
