"""Print an expression back as rule-language text, for reasons and explain traces."""

from __future__ import annotations

import json

from engine.language import ast

_PRECEDENCE = {"or": 1, "and": 2, "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4,
               "+": 5, "-": 5, "*": 6, "/": 6, "%": 6}


def to_source(expr, parent: int = 0) -> str:
    text, precedence = _render(expr)
    return f"({text})" if precedence < parent else text


def _render(expr) -> tuple[str, int]:
    if isinstance(expr, ast.Literal):
        if expr.text:
            return expr.text, 9
        return (json.dumps(expr.value) if expr.type == "string" else str(expr.value).lower()
                if expr.type in ("bool", "null") else str(expr.value)), 9
    if isinstance(expr, ast.NameRef):
        return expr.name, 9
    if isinstance(expr, ast.Call):
        args = [to_source(a) for a in expr.args]
        if expr.filter is not None:
            args.append("where " + to_source(expr.filter))
        return f"{expr.name}({', '.join(args)})" if args else f"{expr.name}()", 9
    if isinstance(expr, ast.Unary):
        if expr.op == "not":
            return "not " + to_source(expr.operand, 3), 3
        return "-" + to_source(expr.operand, 7), 7
    if isinstance(expr, ast.Binary):
        level = _PRECEDENCE[expr.op]
        return f"{to_source(expr.left, level)} {expr.op} {to_source(expr.right, level + 1)}", level
    if isinstance(expr, ast.IsNull):
        return f"{to_source(expr.operand, 5)} is {'not ' if expr.negated else ''}null", 4
    if isinstance(expr, ast.InList):
        return f"{to_source(expr.operand, 5)} in ({', '.join(to_source(i) for i in expr.items)})", 4
    if isinstance(expr, ast.Within):
        text = f"{to_source(expr.operand, 5)} within {to_source(expr.start, 5)}"
        if expr.end is not None:
            text += f" .. {to_source(expr.end, 5)} ago"
        return text, 4
    if isinstance(expr, ast.Before):
        return f"{to_source(expr.operand, 5)} before {to_source(expr.ago, 5)} ago", 4
    raise TypeError(f"cannot render {type(expr).__name__}")
