"""Every construct of the rule language parses into the AST node it should."""

from __future__ import annotations

import pytest

from engine.language import ast
from engine.language.parser import parse_pack
from engine.language.render import to_source

HEADER = 'pack p "Title"\n  id "AUTO-900"\n  version 2\n'


def parse_rule_expr(where: str):
    pack, diagnostics = parse_pack(HEADER + f"rule r from executions where {where} emit report_row\n")
    assert diagnostics == [], diagnostics
    return pack.rules[0].where


def test_header_fields():
    pack, diagnostics = parse_pack(HEADER)
    assert diagnostics == []
    assert (pack.name, pack.title, pack.pack_id, pack.version) == ("p", "Title", "AUTO-900", "2")


@pytest.mark.parametrize("text, kind, value", [
    ("param a = 3", "number", 3),
    ("param a = 0.75", "number", 0.75),
    ("param a = -2", "number", -2),
    ("param a = 30d", "duration", 30 * 86_400_000),
    ("param a = 12h", "duration", 12 * 3_600_000),
    ("param a = 500ms", "duration", 500),
    ("param a = 2w", "duration", 14 * 86_400_000),
    ('param a = "text"', "string", "text"),
    ("param a = true", "bool", True),
])
def test_param_literals(text, kind, value):
    pack, diagnostics = parse_pack(HEADER + text)
    assert diagnostics == []
    param = pack.params[0]
    assert (param.default.type, param.default.value) == (kind, value)


def test_param_range_and_description():
    pack, _ = parse_pack(HEADER + 'param a = 3 in 1 .. 10 "how many"')
    param = pack.params[0]
    assert (param.low.value, param.high.value, param.description) == (1, 10, "how many")


@pytest.mark.parametrize("source, node_type", [
    ("a == 1 and b != 2", ast.Binary),
    ("not a == 1", ast.Unary),
    ("a is null", ast.IsNull),
    ("a is not null", ast.IsNull),
    ('a in ("x", "y")', ast.InList),
    ("ts within 30d", ast.Within),
    ("ts within 14d .. 7d ago", ast.Within),
    ("ts before 90d ago", ast.Before),
    ("starts_with(path, \"src/\")", ast.Call),
])
def test_predicates(source, node_type):
    assert isinstance(parse_rule_expr(source), node_type)


def test_within_range_keeps_both_bounds():
    node = parse_rule_expr("ts within 14d .. 7d ago")
    assert (node.start.value, node.end.value) == (14 * 86_400_000, 7 * 86_400_000)


@pytest.mark.parametrize("source, expected", [
    ("1 + 2 * 3 > 0", "1 + 2 * 3 > 0"),
    ("(1 + 2) * 3 > 0", "(1 + 2) * 3 > 0"),
    ("a == 1 or b == 2 and c == 3", "a == 1 or b == 2 and c == 3"),
    ("(a == 1 or b == 2) and c == 3", "(a == 1 or b == 2) and c == 3"),
    ("-x < 3", "-x < 3"),
])
def test_precedence_round_trips(source, expected):
    assert to_source(parse_rule_expr(source)) == expected


def test_full_rule_clauses():
    text = HEADER + '''
rule r "desc"
  from executions
  where ts within 30d
  group by operation, command_template
  having count() >= 3
  let c = rate(status == "success")
  let w = count(where ts within 7d)
  order by c desc, w
  limit 5
  emit pattern_candidate
    name = slug(operation)
    confidence = c
    evidence = sample(id, 5)
  decide
    approve when c >= 0.75
    draft otherwise
'''
    pack, diagnostics = parse_pack(text)
    assert diagnostics == []
    rule = pack.rules[0]
    assert rule.description == "desc"
    assert [k.name for k in rule.group_by] == ["operation", "command_template"]
    assert [l.name for l in rule.lets] == ["c", "w"]
    assert rule.lets[1].expr.filter is not None
    assert [o.descending for o in rule.order_by] == [True, False]
    assert rule.limit.value == 5
    assert rule.emit.kind == "pattern_candidate"
    assert [f.name for f in rule.emit.fields] == ["name", "confidence", "evidence"]
    assert [(d.name, d.when is None) for d in rule.decisions] == [("approve", False), ("draft", True)]


def test_comments_and_free_layout():
    text = "# leading\npack p # trailing\nrule r from executions emit report_row # done\n"
    pack, diagnostics = parse_pack(text)
    assert diagnostics == [] and pack.rules[0].name == "r"


def test_string_escapes():
    node = parse_rule_expr(r'command == "say \"hi\"\n"')
    assert node.right.value == 'say "hi"\n'


def test_spans_point_at_source():
    pack, _ = parse_pack(HEADER + "rule r from executions where  operation == 1 emit report_row\n")
    span = pack.rules[0].where.left.span
    assert (span.line, span.column) == (4, 31)
