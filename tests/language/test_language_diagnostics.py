"""Broken rule files and the diagnostics `check` gives for them (snapshots).

Each case is a small pack with one kind of mistake; the snapshot holds the rendered
messages with their carets, so a change in wording or location is a reviewed change.
"""

from __future__ import annotations

import textwrap

import pytest

from engine.language.checks import check_pack
from engine.language.diagnostics import DiagnosticSink
from engine.language.parser import parse_pack

HEAD = 'pack broken "Broken"\n  id "AUTO-999"\n'

CASES = {
    "missing_value": HEAD + "param a = \nrule r from executions emit report_row\n",
    "assign_instead_of_compare": HEAD + "rule r from executions where status = \"success\" emit report_row\n",
    "unclosed_paren": HEAD + "rule r from executions where (status == \"x\" emit report_row\n",
    "single_quotes": HEAD + "rule r from executions where status == 'x' emit report_row\n",
    "two_syntax_errors": HEAD + "rule a from executions where == 1 emit report_row\n"
                               "rule b from executions having count( >= 2 emit report_row\n",
    "unknown_source": HEAD + "rule r from execution emit report_row\n",
    "unknown_column": HEAD + "rule r from executions where comand is null emit report_row\n",
    "unknown_function": HEAD + "rule r from executions group by operation having cnt() > 1 emit report_row\n",
    "unknown_param": HEAD + "rule r from executions group by operation having count() > min_count emit report_row\n",
    "type_mismatch": HEAD + "rule r from executions where duration_ms == \"fast\" emit report_row\n",
    "aggregate_in_where": HEAD + "rule r from executions where count() > 3 emit report_row\n",
    "not_grouped": HEAD + "rule r from executions group by operation emit report_row actor = actor\n",
    "param_out_of_range": HEAD + "param a = 2 in 0 .. 1 \"share\"\nrule r from executions group by operation "
                                 "having rate(status == \"success\") > a emit report_row\n",
    "duplicate_names": HEAD + "param a = 1\nparam a = 2\nrule r from executions having count() > a emit report_row\n"
                              "rule r from executions emit report_row\n",
    "unused_param_and_unreachable": HEAD + "param unused = 3\nrule r from executions group by operation "
                                           "emit pattern_candidate name = operation confidence = 1\n"
                                           "  decide draft otherwise approve when count() > 3\n",
    "wrong_decision": HEAD + "rule r from executions group by operation emit anti_pattern name = operation "
                             "recommendation = \"x\" decide approve when true record otherwise\n",
    "missing_fields": HEAD + "rule r from executions group by operation emit pattern_candidate "
                             "decide approve when true draft otherwise\n",
    "bad_window": HEAD + "rule r from executions where ts within 7d .. 14d ago and duration_ms within 3d "
                         "emit report_row\n",
    "wrong_arity": HEAD + "rule r from executions group by operation emit report_row r = ramp(count(), 1)\n",
    "too_deep": HEAD + "rule r from executions where " + "(" * 70 + "true" + ")" * 70 + " emit report_row\n",
}


def render(name: str) -> str:
    text = CASES[name]
    pack, diagnostics = parse_pack(text, f"{name}.rules")
    if pack is not None:
        sink = DiagnosticSink(f"{name}.rules")
        check_pack(pack, sink)
        diagnostics = [*diagnostics, *sink.items]
    return "\n".join(d.render(text) for d in diagnostics)


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_rule_files(name, snapshot):
    output = render(name)
    assert output, f"{name} should produce diagnostics"
    assert output == snapshot


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_diagnostic_has_a_location(name):
    text = CASES[name]
    pack, diagnostics = parse_pack(text, "x.rules")
    if pack is not None:
        sink = DiagnosticSink("x.rules")
        check_pack(pack, sink)
        diagnostics = [*diagnostics, *sink.items]
    for diagnostic in diagnostics:
        assert diagnostic.line is not None and diagnostic.column is not None, diagnostic


def test_two_errors_in_one_file_are_both_reported():
    _, diagnostics = parse_pack(CASES["two_syntax_errors"], "x.rules")
    assert sorted(d.line for d in diagnostics) == [3, 4]


def test_a_sample_field_cannot_be_used_in_an_expression():
    """Found by the SQLite/PostgreSQL differential's fuzzed rules: `order by members`
    where members = sample(...) passed check and then failed to compile."""
    from engine.language.checks import check_pack
    from engine.language.diagnostics import DiagnosticSink
    from engine.language.parser import parse_pack

    pack, _ = parse_pack('pack p\n  version 1\nrule r\n  from executions\n  group by operation\n'
                         '  order by members desc\n  emit report_row\n    members = sample(command, 5)\n')
    sink = DiagnosticSink("p.rules")
    check_pack(pack, sink)
    assert [(d.code, d.line) for d in sink.items if d.severity == "error"] == [("sample-ref", 6)]
