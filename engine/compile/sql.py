"""Rule AST -> one SQL query tree, with every value bound and every identifier from the catalog.

Each rule becomes::

    SELECT * FROM (
        SELECT <keys>, <lets>, <fields>, <having>, <decision conditions>, <order terms>
        FROM <source> WHERE <where> GROUP BY <keys>
    ) AS "g" WHERE "h" ORDER BY ... LIMIT :limit

The inner query computes every value explain shows; `evaluate` adds the outer filter,
`explain` drops it to show the groups that fell short too, so the two cannot disagree.
Column aliases are generated (k0, l0, f0, d0...), never taken from the rule file, and
every literal, param and time bound is a named parameter resolved at run time.

The queries are sqlglot expression trees (engine/compile/nodes.py), kept in the
CompiledRule and rendered per dialect on demand (``sql_for("sqlite" | "postgres")``):
no SQL text is assembled or patched. Which history tables (WITH) and which parameters a
statement needs is read from its tree.

The generator dispatches one method per node type and fails loudly on an unknown one.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable

from sqlglot import exp

from engine.compile import nodes as q
from engine.language import ast
from engine.language.catalog import (ANY, BOOL, DURATION, FUNCTIONS, NULL, NUMBER, SOURCES, TEXT, TIME, Column,
                                     Source)
from engine.language.render import to_source

DEFAULT_EVIDENCE = 10
COMPARISONS = {"==": exp.EQ, "!=": exp.NEQ, "<": exp.LT, "<=": exp.LTE, ">": exp.GT, ">=": exp.GTE}
ARITHMETIC = {"+": exp.Add, "-": exp.Sub, "*": exp.Mul}
LITERAL_TYPES = {"number": NUMBER, "string": TEXT, "bool": BOOL, "null": NULL, "duration": DURATION}
TEXTUAL = (TEXT, TIME)


@dataclass(frozen=True)
class Binding:
    """A named SQL parameter and how to get its value when the rule runs.

    kind: ``value`` (a literal from the rule), ``param`` (a pack param's effective value),
    ``time`` (now minus a duration given by ``value`` ms or by the param ``param``), ``now``.
    """

    kind: str
    value: Any = None
    param: str | None = None

    def describe(self) -> str:
        if self.kind == "value":
            return repr(self.value)
        if self.kind == "param":
            return f"param {self.param}"
        if self.kind == "time":
            return f"now - {self.param or f'{self.value} ms'}"
        return "now"


@dataclass(frozen=True)
class OutputColumn:
    alias: str
    role: str            # key | key_text | let | field | having | decision | operand | order
    name: str            # the rule's name for it (key/let/field name, decision name)
    text: str = ""       # the rule text it came from


@dataclass
class CompiledRule:
    """A rule's statements as trees, rendered per dialect on demand (and cached).

    ``query`` is what evaluate runs, ``explain_query`` the same inner query for every
    group (no having filter, no limit), ``evidence`` the per-group queries (their key
    parameters are ``key_binds``), ``row_filter`` the rule's WHERE alone (retention
    deletes by it) and ``history`` the look-up tables any of them may read.
    """

    pack: str
    rule: str
    source: str
    query: exp.Expression
    explain_query: exp.Expression
    bindings: dict[str, Binding]
    columns: list[OutputColumn]
    row_filter: exp.Expression
    history: dict[str, exp.Expression] = field(default_factory=dict)
    evidence: dict[str, exp.Expression] = field(default_factory=dict)
    evidence_sizes: dict[str, int] = field(default_factory=dict)
    evidence_field: str | None = None         # which sample lists the event ids
    key_binds: list[str] = field(default_factory=list)  # per-group parameter names, in key order
    table: str | None = None
    _rendered: dict[tuple, str] = field(default_factory=dict, repr=False)

    def by_role(self, role: str) -> list[OutputColumn]:
        return [c for c in self.columns if c.role == role]

    # ---------------------------------------------------------------- statements
    def statement(self, what: str = "query") -> exp.Expression:
        """One statement as a tree, with the WITH clause of the history tables it reads.

        what: ``query`` | ``explain`` | ``evidence:NAME`` | ``retention``.
        """
        if what == "query":
            tree = self.query
        elif what == "explain":
            tree = self.explain_query
        elif what.startswith("evidence:"):
            tree = self.evidence[what.split(":", 1)[1]]
        elif what == "retention":
            return self._retention()
        elif what == "retention_fresh":
            return self._retention_fresh()
        else:
            raise ValueError(f"no statement {what!r}")
        return self._with_history(tree)

    def statements(self) -> dict[str, exp.Expression]:
        names = ["query", "explain", *(f"evidence:{n}" for n in self.evidence)]
        if self.table:
            names.append("retention")
        return {name: self.statement(name) for name in names}

    def sql_for(self, dialect: str = "sqlite", what: str = "query", pretty: bool = False) -> str:
        key = (dialect, what, pretty)
        text = self._rendered.get(key)
        if text is None:
            text = self._rendered[key] = q.render(self.statement(what), dialect, pretty)
        return text

    def params_for(self, what: str = "query") -> list[str]:
        """The parameter names a statement binds (read from its tree)."""
        key = ("params", what)
        names = self._rendered.get(key)
        if names is None:
            names = self._rendered[key] = q.params_of(self.statement(what))
        return names

    def _with_history(self, tree: exp.Expression) -> exp.Expression:
        """Put the history look-ups' tables in front of a statement that reads them.

        Each is MATERIALIZED: computed once per statement however many rows or groups
        look into it (SQLite indexes it automatically for those look-ups).
        """
        needed = [name for name in self.history if name in q.tables_of(tree)]
        if not needed:
            return tree
        ctes = [exp.CTE(this=self.history[name].copy(), alias=exp.TableAlias(this=q.ident(name)), materialized=True)
                for name in needed]
        tree = tree.copy()
        tree.set("with_", exp.With(expressions=ctes))
        return tree

    def _retention(self) -> exp.Expression:
        """DELETE the rows the rule's WHERE selects (by seq), with the same bound values.

        The history tables go inside the subquery: a statement that starts with WITH is
        not counted as a DELETE by Python's sqlite3 (its rowcount would be -1).
        """
        rows = self._with_history(q.select(q.col("seq"), from_=q.table(self.table, "src"),
                                           where=self.row_filter.copy()))
        return exp.Delete(this=q.table(self.table),
                          where=exp.Where(this=exp.In(this=q.col("seq", None), query=q.subquery(rows))))

    def _retention_fresh(self) -> exp.Expression:
        """Count (and date) the rows retention would delete that were ingested after
        ``:ap_since`` (null: all of them), so evaluate can warn before imported history goes."""
        since = q.Param(this="ap_since", pgtype="TEXT")
        fresh = exp.Or(this=exp.Is(this=since, expression=exp.Null()),
                       expression=exp.GT(this=q.col("ingested_at"), expression=since.copy()))
        where = exp.And(this=exp.Paren(this=self.row_filter.copy()), expression=exp.Paren(this=fresh))
        return self._with_history(q.select(
            q.alias(exp.Count(this=exp.Star()), "n"), q.alias(exp.Min(this=q.col("ts")), "oldest"),
            from_=q.table(self.table, "src"), where=where))

    # ---------------------------------------------------------------- SQLite text (existing callers)
    @property
    def sql(self) -> str:
        return self.sql_for("sqlite")

    @property
    def explain_sql(self) -> str:
        return self.sql_for("sqlite", "explain")

    @property
    def evidence_sql(self) -> dict[str, str]:
        return {name: self.sql_for("sqlite", f"evidence:{name}") for name in self.evidence}


class Call:
    """What a catalog function's builder gets: its compiled arguments and their types,
    the aggregate filter, and the compiler's run-time values (now, history tables)."""

    def __init__(self, compiler: "RuleCompiler", args: list, types: list[str], filter_: exp.Expression | None):
        self.compiler = compiler
        self.args = args
        self.types = types
        self.filter = filter_

    def agg(self, name: str, *args, text: bool = False) -> exp.Expression:
        condition = self.filter.copy() if self.filter is not None else None
        return q.Aggregate(this=name, expressions=list(args), filter=condition, text=text or None)

    def now(self) -> exp.Expression:
        return self.compiler.param(Binding("now"))

    def history(self, key: tuple, build: Callable[[], exp.Expression]) -> str:
        return self.compiler.history_table(key, build)


class Vocabulary:
    """What a catalog column's builder gets: the node vocabulary (engine/compile/nodes.py)
    and ``history`` to read a table computed once per statement (a correlated look-up
    that would otherwise run once per row)."""

    def __init__(self, compiler: "RuleCompiler"):
        self._compiler = compiler

    def __getattr__(self, name: str):
        return getattr(q, name)

    def history(self, key: tuple, build: Callable[[], exp.Expression]) -> str:
        return self._compiler.history_table(key, build)


class RuleCompiler:
    def __init__(self, pack: ast.Pack, rule: ast.Rule):
        self.pack = pack
        self.rule = rule
        self.source: Source = SOURCES[rule.source.name]
        self.params = {p.name: p for p in pack.params}
        self.bindings: dict[str, Binding] = {}
        self.lets = {let.name: let.expr for let in rule.lets}
        self.fields = {f.name: f.expr for f in rule.emit.fields}
        self._grouped = False
        self._expanding: list[tuple[str, str]] = []   # lets/fields being inlined: a name never refers to itself
        self.history: dict[tuple, str] = {}            # history look-up -> the name of its table
        self.history_trees: dict[str, exp.Expression] = {}
        self.vocab = Vocabulary(self)

    # ------------------------------------------------------------ entry point
    def compile(self) -> CompiledRule:
        columns: list[OutputColumn] = []
        select: list[exp.Expression] = []

        def add(alias: str, role: str, name: str, node: exp.Expression, text: str = "") -> None:
            columns.append(OutputColumn(alias, role, name, text))
            select.append(q.alias(node, alias))

        where = self._row_condition(self.rule.where) if self.rule.where is not None else None
        self._grouped = True
        group_terms = []
        order: list[tuple[exp.Expression, bool]] = []
        for index, ref in enumerate(self.rule.group_by):
            column = self._column(ref.name)
            add(f"k{index}", "key", column.group_name, self._value_of(column.group(self.vocab), column.group_type), ref.name)
            if column.has_key:
                add(f"t{index}", "key_text", ref.name, self._value_of(column.build(self.vocab), column.type), ref.name)
            group_terms.append(column.group(self.vocab))
        for index, let in enumerate(self.rule.lets):
            add(f"l{index}", "let", let.name, self._inline(("let", let.name), let.expr), to_source(let.expr))
        for index, item in enumerate(self.rule.emit.fields):
            if isinstance(item.expr, ast.Call) and item.expr.name == "sample":
                continue
            add(f"f{index}", "field", item.name, self._inline(("field", item.name), item.expr), to_source(item.expr))
        having = self._group_value(self.rule.having) if self.rule.having is not None else q.num(1)
        add("h", "having", "having", having, to_source(self.rule.having) if self.rule.having is not None else "")
        for index, decision in enumerate(self.rule.decisions):
            if decision.when is None:
                continue
            add(f"d{index}", "decision", decision.name, self._group_value(decision.when), to_source(decision.when))
            for j, comparison in enumerate(_comparisons(decision.when)):
                add(f"d{index}_{j}l", "operand", f"{index}:{j}:left", self._group_value(comparison.left),
                    to_source(comparison.left))
                add(f"d{index}_{j}r", "operand", f"{index}:{j}:right", self._group_value(comparison.right),
                    to_source(comparison.right))
        for index, item in enumerate(self.rule.order_by):
            add(f"o{index}", "order", to_source(item.expr), self._group_value(item.expr))
            order.append((self._sortable(q.col(f"o{index}", None), self._grouped_type(item.expr)), item.descending))
        for index, ref in enumerate(self.rule.group_by):
            order.append((self._sortable(q.col(f"k{index}", None), self._column(ref.name).group_type), False))

        joins = [self.source.join(q)] if self.source.join is not None else None
        inner = q.select(*select, from_=self.source.from_(q), joins=joins,
                         where=where if where is not None else exp.true(), group=group_terms)
        limit = q.Whole(this=self._group_value(self.rule.limit)) if self.rule.limit is not None else None
        query = q.select(exp.Star(), from_=q.subquery(inner, "g"), where=q.Truthy(this=q.col("h", None)),
                         order=[q.ordered(node, desc) for node, desc in order], limit=limit)
        explain = q.select(exp.Star(), from_=q.subquery(inner.copy(), "g"),
                           order=[q.ordered(node.copy(), desc) for node, desc in order])
        compiled = CompiledRule(self.pack.name, self.rule.name, self.source.name, query, explain,
                                self.bindings, columns, row_filter=where if where is not None else exp.true(),
                                table=self.source.table)
        self._evidence(compiled, where, group_terms)
        compiled.history = dict(self.history_trees)
        return compiled

    def _evidence(self, compiled: CompiledRule, where, group_terms: list[exp.Expression]) -> None:
        """Per-group queries listing the newest values behind a finding (its evidence)."""
        key_binds = [f"key{i}" for i in range(len(group_terms))]
        compiled.key_binds = key_binds
        samples = {f.name: f.expr for f in self.rule.emit.fields
                   if isinstance(f.expr, ast.Call) and f.expr.name == "sample"}
        id_column = self.source.id_column
        if id_column and not any(_sample_column(e) == id_column for e in samples.values()):
            samples["evidence"] = ast.Call(name="sample", args=[ast.NameRef(name=id_column)])
        self._grouped = False
        for name, call in samples.items():
            size = int(call.args[1].value) if len(call.args) > 1 else DEFAULT_EVIDENCE
            value = self._row_value(call.args[0])
            conditions = [where.copy() if where is not None else None,
                          self._row_condition(call.filter) if call.filter is not None else None]
            for condition in conditions:
                if condition is not None:
                    self._keys_of_the_group(condition, group_terms, key_binds)
            conditions += [q.SameAs(this=term.copy(), expression=q.Param(this=bind))
                           for term, bind in zip(group_terms, key_binds)]
            conditions.append(exp.Is(this=value.copy(), expression=exp.Null(), negate=True))
            order = []
            if self.source.time_column:
                time_column = self._column(self.source.time_column)
                value_type = self._row_type(call.args[0])
                # the newest first; the value is never null here (the WHERE says so), so
                # PostgreSQL can read the newest rows of an index instead of sorting the group
                order = [q.ordered(self._sortable(time_column.build(self.vocab), time_column.type), True,
                                   nullable=time_column.nullable),
                         q.ordered(self._sortable(value.copy(), value_type), True, nullable=False)]
            joins = [self.source.join(q)] if self.source.join is not None else None
            compiled.evidence[name] = q.select(q.alias(value, "v"), from_=self.source.from_(q), joins=joins,
                                               where=q.and_(*conditions), order=order, limit=q.num(size))
            compiled.evidence_sizes[name] = size
            if _sample_column(call) == id_column:
                compiled.evidence_field = name

    def _keys_of_the_group(self, condition: exp.Expression, group_terms: list[exp.Expression],
                           key_binds: list[str]) -> None:
        """In an evidence query, a history look-up keyed by the group's own key terms reads
        the group's key parameters (``q.GroupKey``), so it is one value for the query."""
        terms = {q.render(term, "sqlite"): (bind, self._key_pgtype(index))
                 for index, (term, bind) in enumerate(zip(group_terms, key_binds))}
        for lookup in list(condition.find_all(q.Lookup)):
            for key in list(lookup.args["expressions"]):
                found = terms.get(q.render(key, "sqlite"))
                if found is not None:
                    key.replace(q.GroupKey(this=key.copy(), expression=q.Param(this=found[0]), pgtype=found[1]))

    def _key_pgtype(self, index: int) -> str:
        type_ = self._column(self.rule.group_by[index].name).group_type
        return "TEXT" if type_ in TEXTUAL else q.FLOAT

    # ------------------------------------------------------------ history tables
    def history_table(self, key: tuple, build: Callable[[], exp.Expression]) -> str:
        hashable = tuple(q.render(k, "sqlite") if isinstance(k, exp.Expression) else k for k in key)
        name = self.history.get(hashable)
        if name is None:
            name = self.history[hashable] = f"h{len(self.history)}"
            self.history_trees[name] = build()
        return name

    # ------------------------------------------------------------ contexts
    def _row_value(self, expr):
        return self._in(False, lambda: self.value(expr))

    def _row_condition(self, expr):
        return self._in(False, lambda: self.condition(expr))

    def _row_type(self, expr):
        return self._in(False, lambda: self.type_of(expr))

    def _group_value(self, expr):
        return self._in(True, lambda: self.value(expr))

    def _grouped_type(self, expr):
        return self._in(True, lambda: self.type_of(expr))

    def _in(self, grouped: bool, work):
        saved, self._grouped = self._grouped, grouped
        try:
            return work()
        finally:
            self._grouped = saved

    def _inline(self, name: tuple[str, str], expr):
        self._expanding.append(name)
        try:
            return self._group_value(expr)
        finally:
            self._expanding.pop()

    def _column(self, name: str) -> Column:
        column = self.source.column(name)
        if column is None:
            raise KeyError(f"unresolved column {name!r}: check the pack before compiling it")
        return column

    @staticmethod
    def _sortable(node, type_: str):
        return q.Bytewise(this=node) if type_ in TEXTUAL else node

    @staticmethod
    def _value_of(node, type_: str):
        return _as_value(node) if type_ == BOOL else node

    # ------------------------------------------------------------ values, conditions, types
    def value(self, expr) -> exp.Expression:
        """The expression as a value: a condition becomes 1/0/null."""
        node = self.expr(expr)
        return _as_value(node) if self.type_of(expr) == BOOL else node

    def condition(self, expr) -> exp.Expression:
        """The expression as a condition: a number is true when not 0."""
        node = self.expr(expr)
        return node if self.type_of(expr) in (BOOL, NULL) else q.Truthy(this=node)

    def type_of(self, expr) -> str:
        """The language type of an expression where it stands (mirrors the checker)."""
        kind = expr.node
        if kind == "literal":
            return LITERAL_TYPES[expr.type]
        if kind == "name":
            found = self._resolve(expr.name)
            if found[0] in ("let", "field"):
                return self._expanded(found[1], lambda: self.type_of(found[2]))
            if found[0] == "column":
                return found[1].type
            return LITERAL_TYPES[self.params[expr.name].default.type]
        if kind == "call":
            spec = FUNCTIONS[expr.name]
            if spec.returns == "arg0":
                if not expr.args:
                    return ANY
                inner = (lambda: self.type_of(expr.args[0]))
                return self._in(False, inner) if spec.aggregate else inner()
            return spec.returns
        if kind == "unary":
            return BOOL if expr.op == "not" else self.type_of(expr.operand)
        if kind == "binary":
            if expr.op in ("and", "or") or expr.op in COMPARISONS:
                return BOOL
            return NUMBER
        return BOOL   # is_null, in_list, within, before

    def _resolve(self, name: str):
        """("let"|"field", key, expr) in a group to be inlined, ("column", Column) or ("param",)."""
        if self._grouped:
            if name in self.lets and ("let", name) not in self._expanding:
                return ("let", ("let", name), self.lets[name])
            if (name in self.fields and self.source.column(name) is None and name not in self.lets
                    and ("field", name) not in self._expanding):
                return ("field", ("field", name), self.fields[name])
        column = self.source.column(name)
        if column is not None:
            return ("column", column)
        if name in self.params:
            return ("param",)
        raise KeyError(f"unresolved name {name!r}: check the pack before compiling it")

    def _expanded(self, key: tuple[str, str], work):
        self._expanding.append(key)
        try:
            return work()
        finally:
            self._expanding.pop()

    def param(self, binding: Binding) -> q.Param:
        for name, existing in self.bindings.items():
            if existing == binding and type(existing.value) is type(binding.value):
                return q.Param(this=name, pgtype=_pgtype(binding, self.params))
        name = f"p{len(self.bindings)}"
        self.bindings[name] = binding
        return q.Param(this=name, pgtype=_pgtype(binding, self.params))

    # ------------------------------------------------------------ generator
    def expr(self, node) -> exp.Expression:
        method = getattr(self, f"_sql_{node.node}", None)
        if method is None:
            raise TypeError(f"the compiler has no rule for {type(node).__name__}")
        return method(node)

    def _sql_literal(self, node: ast.Literal):
        if node.type == "null":
            return exp.Null()
        if node.type == "bool":
            return q.Truthy(this=self.param(Binding("value", 1 if node.value else 0)))
        return self.param(Binding("value", node.value))

    def _sql_name(self, node: ast.NameRef):
        found = self._resolve(node.name)
        if found[0] in ("let", "field"):
            # the inlined expression keeps its own type: a condition stays a condition
            inner = self._expanded(found[1], lambda: self._in(True, lambda: self.expr(found[2])))
            return q.paren(inner)
        if found[0] == "column":
            return found[1].build(self.vocab)
        binding = self.param(Binding("param", param=node.name))
        return q.Truthy(this=binding) if self.params[node.name].default.type == "bool" else binding

    def _sql_unary(self, node: ast.Unary):
        if node.op == "not":
            return exp.Paren(this=exp.Not(this=q.paren(self.condition(node.operand))))
        return exp.Paren(this=exp.Neg(this=q.paren(self.value(node.operand))))

    def _sql_binary(self, node: ast.Binary):
        if node.op in ("and", "or"):
            kind = exp.And if node.op == "and" else exp.Or
            return exp.Paren(this=kind(this=self.condition(node.left), expression=self.condition(node.right)))
        if node.op in COMPARISONS:
            left_type, right_type = self.type_of(node.left), self.type_of(node.right)
            if left_type == BOOL and right_type == BOOL and node.op in ("==", "!="):
                left, right = self.expr(node.left), self.expr(node.right)
            else:
                left, right = self.value(node.left), self.value(node.right)
                if node.op not in ("==", "!=") and left_type in TEXTUAL and right_type in TEXTUAL:
                    left, right = q.Bytewise(this=left), q.Bytewise(this=right)
            return exp.Paren(this=COMPARISONS[node.op](this=left, expression=right))
        left, right = self.value(node.left), self.value(node.right)
        if node.op == "/":
            return q.Ratio(this=left, expression=right)
        if node.op == "%":
            return q.Modulo(this=left, expression=right)
        return exp.Paren(this=ARITHMETIC[node.op](this=q.paren(left), expression=q.paren(right)))

    def _sql_is_null(self, node: ast.IsNull):
        return exp.Paren(this=exp.Is(this=self.value(node.operand), expression=exp.Null(), negate=node.negated))

    def _sql_in_list(self, node: ast.InList):
        items = [self.value(item) for item in node.items]
        return exp.Paren(this=exp.In(this=self.value(node.operand), expressions=items))

    def _sql_within(self, node: ast.Within):
        operand = self.value(node.operand)
        start = self._time_bound(node.start)
        end = self._time_bound(node.end) if node.end is not None else self.param(Binding("now"))
        return exp.Paren(this=exp.And(this=exp.GT(this=operand, expression=start),
                                      expression=exp.LTE(this=operand.copy(), expression=end)))

    def _sql_before(self, node: ast.Before):
        return exp.Paren(this=exp.LTE(this=self.value(node.operand), expression=self._time_bound(node.ago)))

    def _time_bound(self, duration):
        if isinstance(duration, ast.NameRef):
            return self.param(Binding("time", param=duration.name))
        return self.param(Binding("time", value=duration.value))

    def _sql_call(self, node: ast.Call):
        spec = FUNCTIONS[node.name]
        if spec.build is None:
            raise TypeError(f"the compiler has no rule for function {node.name}()")
        if spec.aggregate:
            # the arguments and the filter read rows, whatever the level of the call
            def build():
                args, types = self._arguments(node, spec)
                condition = self.condition(node.filter) if node.filter is not None else None
                return spec.build(q, Call(self, args, types, condition))
            return self._in(False, build)
        args, types = self._arguments(node, spec)
        return spec.build(q, Call(self, args, types, None))

    def _arguments(self, node: ast.Call, spec) -> tuple[list, list[str]]:
        args, types = [], []
        for index, arg in enumerate(node.args):
            wanted = spec.args[min(index, len(spec.args) - 1)]
            if index == spec.lookback:
                args.append(self._time_bound(arg))
                types.append(DURATION)
                continue
            types.append(self.type_of(arg))
            args.append(self.condition(arg) if wanted == BOOL else self.value(arg))
        return args, types


def _as_value(node: exp.Expression) -> exp.Expression:
    """A condition as 1/0/null; a stored 0/1 read as a condition is just the stored value."""
    if isinstance(node, q.Truthy):
        return node.args["this"]
    if isinstance(node, exp.Paren) and isinstance(node.this, q.Truthy):
        return node.this.args["this"]
    return q.AsInt(this=node)


def _pgtype(binding: Binding, params: dict[str, ast.Param]) -> str | None:
    """The PostgreSQL type a parameter is cast to, so it never depends on where it is used."""
    if binding.kind in ("time", "now"):
        return "TEXT"
    if binding.kind == "param":
        kind = params[binding.param].default.type
        return {"string": "TEXT", "bool": "INTEGER"}.get(kind, q.FLOAT)
    value = binding.value
    if isinstance(value, bool) or isinstance(value, int):
        return "BIGINT"
    if isinstance(value, float):
        return q.FLOAT
    if isinstance(value, str):
        return "TEXT"
    return None


def _comparisons(expr) -> list[ast.Binary]:
    return [n for n in ast.walk(expr) if isinstance(n, ast.Binary) and n.op in COMPARISONS]


def _sample_column(call: ast.Call) -> str | None:
    return call.args[0].name if call.args and isinstance(call.args[0], ast.NameRef) else None


_COMPILED: "OrderedDict[str, CompiledRule]" = OrderedDict()
_CACHE_SIZE = 256


def compile_rule(pack: ast.Pack, rule: ast.Rule) -> CompiledRule:
    """The compiled rule, from this process's cache when the same rule was compiled before.

    Building and rendering a rule's trees costs a few milliseconds; a process that
    evaluates the same packs again (watch, the demo, the benchmark's steady state) reuses
    the trees and their rendered SQL. The key is the rule and its pack's params as data,
    so an edited rule compiles afresh. A CompiledRule is never changed after compiling.
    """
    key = _fingerprint(pack, rule)
    compiled = _COMPILED.get(key)
    if compiled is None:
        compiled = RuleCompiler(pack, rule).compile()
        _COMPILED[key] = compiled
        if len(_COMPILED) > _CACHE_SIZE:
            _COMPILED.popitem(last=False)
    else:
        _COMPILED.move_to_end(key)
    return compiled


def _fingerprint(pack: ast.Pack, rule: ast.Rule) -> str:
    digest = hashlib.sha256(json.dumps(pack.name).encode("utf-8"))
    for part in (*pack.params, rule):
        digest.update(part.model_dump_json().encode("utf-8"))
    return digest.hexdigest()
