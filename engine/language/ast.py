"""The typed tree of a rule pack: the only contract between parser, checks and compiler.

Every node carries the span it came from so any later stage can point at the source.
Nodes are frozen pydantic models: plain data, comparable, printable.
"""

from __future__ import annotations

from typing import Annotated, Literal as L, Optional, Union

from pydantic import BaseModel, ConfigDict, Field


class Span(BaseModel):
    model_config = ConfigDict(frozen=True)
    line: int
    column: int
    end_line: int
    end_column: int


class Node(BaseModel):
    model_config = ConfigDict(frozen=True)
    span: Optional[Span] = Field(default=None, repr=False, exclude=True)


# ----------------------------------------------------------------- expressions
class Literal(Node):
    node: L["literal"] = "literal"
    type: L["number", "string", "bool", "null", "duration"]
    value: Union[bool, int, float, str, None]   # durations are milliseconds
    text: str = ""                               # as written, for messages


class NameRef(Node):
    node: L["name"] = "name"
    name: str


class Call(Node):
    node: L["call"] = "call"
    name: str
    args: list["Expr"] = []
    filter: Optional["Expr"] = None               # count(where ...): a filtered aggregate


class Unary(Node):
    node: L["unary"] = "unary"
    op: L["-", "not"]
    operand: "Expr"


class Binary(Node):
    node: L["binary"] = "binary"
    op: L["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or"]
    left: "Expr"
    right: "Expr"


class IsNull(Node):
    node: L["is_null"] = "is_null"
    operand: "Expr"
    negated: bool = False


class InList(Node):
    node: L["in_list"] = "in_list"
    operand: "Expr"
    items: list["Expr"]


class Within(Node):
    """``t within D`` (the last D before now) or ``t within D1 .. D2 ago``."""

    node: L["within"] = "within"
    operand: "Expr"
    start: "Expr"                                 # how far back the window starts
    end: Optional["Expr"] = None                  # how far back it ends (None: now)


class Before(Node):
    """``t before D ago``: older than now - D."""

    node: L["before"] = "before"
    operand: "Expr"
    ago: "Expr"


Expr = Annotated[
    Union[Literal, NameRef, Call, Unary, Binary, IsNull, InList, Within, Before],
    Field(discriminator="node"),
]

for _model in (Call, Unary, Binary, IsNull, InList, Within, Before):
    _model.model_rebuild()


# ----------------------------------------------------------------- declarations
class Param(Node):
    name: str
    default: Literal
    low: Optional[Literal] = None
    high: Optional[Literal] = None
    description: str = ""


class Let(Node):
    name: str
    expr: Expr


class OrderItem(Node):
    expr: Expr
    descending: bool = False


class EmitField(Node):
    name: str
    expr: Expr


class Emit(Node):
    kind: str
    fields: list[EmitField] = []


class Decision(Node):
    name: str
    when: Optional[Expr] = None                   # None: `otherwise`


class Source(Node):
    name: str


class Rule(Node):
    name: str
    description: str = ""
    source: Source
    where: Optional[Expr] = None
    group_by: list[NameRef] = []
    having: Optional[Expr] = None
    lets: list[Let] = []
    order_by: list[OrderItem] = []
    limit: Optional[Expr] = None
    emit: Emit
    decisions: list[Decision] = []


class Pack(Node):
    name: str
    title: str = ""
    pack_id: str = ""
    version: str = "1"
    params: list[Param] = []
    rules: list[Rule] = []
    path: str = ""

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def rule(self, name: str) -> Rule | None:
        return next((r for r in self.rules if r.name == name), None)


def walk(expr) -> list:
    """Every expression node below (and including) ``expr``, parents first."""
    if expr is None:
        return []
    nodes = [expr]
    for child in children(expr):
        nodes.extend(walk(child))
    return nodes


def children(expr) -> list:
    if isinstance(expr, Call):
        return [*expr.args, *([expr.filter] if expr.filter is not None else [])]
    if isinstance(expr, Unary):
        return [expr.operand]
    if isinstance(expr, Binary):
        return [expr.left, expr.right]
    if isinstance(expr, IsNull):
        return [expr.operand]
    if isinstance(expr, InList):
        return [expr.operand, *expr.items]
    if isinstance(expr, Within):
        return [expr.operand, expr.start, *([expr.end] if expr.end is not None else [])]
    if isinstance(expr, Before):
        return [expr.operand, expr.ago]
    return []
