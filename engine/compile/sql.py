"""Rule AST -> one SQL query, with every value bound and every identifier from the catalog.

Each rule becomes::

    SELECT * FROM (
        SELECT <keys>, <lets>, <fields>, <having>, <decision conditions>, <order terms>
        FROM <source> WHERE <where> GROUP BY <keys>
    ) WHERE "h" ORDER BY ... LIMIT :limit

The inner query computes every value explain shows; `evaluate` adds the outer filter,
`explain` drops it to show the groups that fell short too, so the two cannot disagree.
Column aliases are generated (k0, l0, f0, d0...), never taken from the rule file, and
every literal, param and time bound is a named parameter resolved at run time.

The generator dispatches one method per node type and fails loudly on an unknown one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.language import ast
from engine.language.catalog import FUNCTIONS, SOURCES, Column, Source
from engine.language.render import to_source

DEFAULT_EVIDENCE = 10
COMPARISONS = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


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
    pack: str
    rule: str
    source: str
    sql: str                                  # what evaluate runs
    explain_sql: str                          # every group, no having filter, no limit
    bindings: dict[str, Binding]
    columns: list[OutputColumn]
    evidence_sql: dict[str, str] = field(default_factory=dict)  # field name -> per-group query
    evidence_sizes: dict[str, int] = field(default_factory=dict)
    evidence_field: str | None = None         # which sample lists the event ids
    key_binds: list[str] = field(default_factory=list)  # per-group parameter names, in key order
    where_sql: str = "1"                      # the row filter alone (retention deletes by it)
    with_sql: str = ""                        # the WITH clause where_sql needs (history look-ups), or ""
    table: str | None = None

    def by_role(self, role: str) -> list[OutputColumn]:
        return [c for c in self.columns if c.role == role]


class RuleCompiler:
    def __init__(self, pack: ast.Pack, rule: ast.Rule):
        self.pack = pack
        self.rule = rule
        self.source: Source = SOURCES[rule.source.name]
        self.params = {p.name for p in pack.params}
        self.bindings: dict[str, Binding] = {}
        self.lets = {let.name: let.expr for let in rule.lets}
        self.fields = {f.name: f.expr for f in rule.emit.fields}
        self.keys = {ref.name for ref in rule.group_by}
        self._grouped = False
        self._expanding: list[tuple[str, str]] = []   # lets/fields being inlined: a name never refers to itself
        self.history: dict[tuple, str] = {}            # history look-up -> the name of its CTE
        self.history_sql: dict[str, str] = {}          # CTE name -> its query

    # ------------------------------------------------------------ entry point
    def compile(self) -> CompiledRule:
        columns: list[OutputColumn] = []
        select: list[str] = []

        def add(alias: str, role: str, name: str, sql: str, text: str = "") -> None:
            columns.append(OutputColumn(alias, role, name, text))
            select.append(f'{sql} AS "{alias}"')

        where = self._row(self.rule.where) if self.rule.where is not None else "1"
        self._grouped = True
        group_terms = []
        for index, ref in enumerate(self.rule.group_by):
            column = self.source.column(ref.name)
            add(f"k{index}", "key", column.group_name, column.group_sql, ref.name)
            if column.key_sql:
                add(f"t{index}", "key_text", ref.name, column.sql, ref.name)
            group_terms.append(column.group_sql)
        for index, let in enumerate(self.rule.lets):
            add(f"l{index}", "let", let.name, self._inline(("let", let.name), let.expr), to_source(let.expr))
        for index, item in enumerate(self.rule.emit.fields):
            if isinstance(item.expr, ast.Call) and item.expr.name == "sample":
                continue
            add(f"f{index}", "field", item.name, self._inline(("field", item.name), item.expr), to_source(item.expr))
        having = self._group(self.rule.having) if self.rule.having is not None else "1"
        add("h", "having", "having", having, to_source(self.rule.having) if self.rule.having is not None else "")
        for index, decision in enumerate(self.rule.decisions):
            if decision.when is None:
                continue
            add(f"d{index}", "decision", decision.name, self._group(decision.when), to_source(decision.when))
            for j, comparison in enumerate(_comparisons(decision.when)):
                add(f"d{index}_{j}l", "operand", f"{index}:{j}:left", self._group(comparison.left),
                    to_source(comparison.left))
                add(f"d{index}_{j}r", "operand", f"{index}:{j}:right", self._group(comparison.right),
                    to_source(comparison.right))
        order = []
        for index, item in enumerate(self.rule.order_by):
            add(f"o{index}", "order", to_source(item.expr), self._group(item.expr))
            order.append(f'"o{index}" {"DESC" if item.descending else "ASC"}')
        order.extend(f'"k{i}" ASC' for i in range(len(self.rule.group_by)))

        inner = (f"SELECT {', '.join(select)}\nFROM {self.source.from_sql}\nWHERE {where}"
                 + (f"\nGROUP BY {', '.join(group_terms)}" if group_terms else ""))
        order_sql = f"\nORDER BY {', '.join(order)}" if order else ""
        limit_sql = f"\nLIMIT {self._group(self.rule.limit)}" if self.rule.limit is not None else ""
        sql = f'SELECT * FROM (\n{_indent(inner)}\n) AS "g"\nWHERE "h"{order_sql}{limit_sql}'
        explain_sql = f'SELECT * FROM (\n{_indent(inner)}\n) AS "g"{order_sql}'
        compiled = CompiledRule(self.pack.name, self.rule.name, self.source.name, sql, explain_sql,
                                self.bindings, columns, where_sql=where, table=self.source.table)
        self._evidence(compiled, where, group_terms)
        self._prepend_history(compiled)
        return compiled

    def _prepend_history(self, compiled: CompiledRule) -> None:
        """Put the history look-ups' tables in front of every query that reads them.

        Each is MATERIALIZED: computed once per statement however many rows or groups
        look into it (SQLite indexes it automatically for those look-ups).
        """
        if not self.history_sql:
            return
        compiled.with_sql = self._with_clause(compiled.where_sql)
        compiled.sql = self._with_clause(compiled.sql) + compiled.sql
        compiled.explain_sql = self._with_clause(compiled.explain_sql) + compiled.explain_sql
        compiled.evidence_sql = {k: self._with_clause(v) + v for k, v in compiled.evidence_sql.items()}

    def _with_clause(self, sql: str) -> str:
        tables = [f'"{name}" AS MATERIALIZED (\n{_indent(body)}\n)'
                  for name, body in self.history_sql.items() if f'FROM "{name}"' in sql]
        return "WITH " + ",\n".join(tables) + "\n" if tables else ""

    def _evidence(self, compiled: CompiledRule, where: str, group_terms: list[str]) -> None:
        """Per-group queries listing the newest values behind a finding (its evidence)."""
        key_binds = [f"key{i}" for i in range(len(group_terms))]
        compiled.key_binds = key_binds
        match = " AND ".join(f"{term} IS :{bind}" for term, bind in zip(group_terms, key_binds)) or "1"
        samples = {f.name: f.expr for f in self.rule.emit.fields
                   if isinstance(f.expr, ast.Call) and f.expr.name == "sample"}
        id_column = self.source.id_column
        if id_column and not any(_sample_column(e) == id_column for e in samples.values()):
            samples["evidence"] = ast.Call(name="sample", args=[ast.NameRef(name=id_column)])
        self._grouped = False
        for name, call in samples.items():
            size = int(call.args[1].value) if len(call.args) > 1 else DEFAULT_EVIDENCE
            value = self._row(call.args[0])
            extra = f" AND {self._row(call.filter)}" if call.filter is not None else ""
            order = ""
            if self.source.time_column:
                order = f"ORDER BY {self.source.columns[self.source.time_column].sql} DESC, {value} DESC "
            compiled.evidence_sql[name] = (f"SELECT {value} FROM {self.source.from_sql} WHERE ({where}){extra} AND {match} "
                                           f"AND {value} IS NOT NULL {order}LIMIT {size}")
            compiled.evidence_sizes[name] = size
            if _sample_column(call) == id_column:
                compiled.evidence_field = name

    # ------------------------------------------------------------ contexts
    def _row(self, expr) -> str:
        saved, self._grouped = self._grouped, False
        try:
            return self.expr(expr)
        finally:
            self._grouped = saved

    def _group(self, expr) -> str:
        saved, self._grouped = self._grouped, True
        try:
            return self.expr(expr)
        finally:
            self._grouped = saved

    def bind(self, binding: Binding) -> str:
        for name, existing in self.bindings.items():
            if existing == binding and type(existing.value) is type(binding.value):
                return f":{name}"
        name = f"p{len(self.bindings)}"
        self.bindings[name] = binding
        return f":{name}"

    # ------------------------------------------------------------ generator
    def expr(self, node) -> str:
        method = getattr(self, f"_sql_{node.node}", None)
        if method is None:
            raise TypeError(f"the compiler has no rule for {type(node).__name__}")
        return method(node)

    def _sql_literal(self, node: ast.Literal) -> str:
        if node.type == "null":
            return "NULL"
        if node.type == "bool":
            return self.bind(Binding("value", 1 if node.value else 0))
        return self.bind(Binding("value", node.value))

    def _inline(self, name: tuple[str, str], expr) -> str:
        self._expanding.append(name)
        try:
            return self._group(expr)
        finally:
            self._expanding.pop()

    def _sql_name(self, node: ast.NameRef) -> str:
        name = node.name
        if self._grouped:
            if name in self.lets and ("let", name) not in self._expanding:
                return f"({self._inline(('let', name), self.lets[name])})"
            if (name in self.fields and name not in self.source.columns and name not in self.lets
                    and ("field", name) not in self._expanding):
                return f"({self._inline(('field', name), self.fields[name])})"
        column: Column | None = self.source.column(name)
        if column is not None:
            return column.sql
        if name in self.params:
            return self.bind(Binding("param", param=name))
        raise KeyError(f"unresolved name {name!r}: check the pack before compiling it")

    def _sql_unary(self, node: ast.Unary) -> str:
        operand = self.expr(node.operand)
        return f"(NOT {operand})" if node.op == "not" else f"(-{operand})"

    def _sql_binary(self, node: ast.Binary) -> str:
        left, right = self.expr(node.left), self.expr(node.right)
        if node.op in ("and", "or"):
            return f"({left} {node.op.upper()} {right})"
        if node.op in COMPARISONS:
            return f"({left} {COMPARISONS[node.op]} {right})"
        if node.op == "/":
            return f"(({left}) * 1.0 / NULLIF({right}, 0))"
        return f"({left} {node.op} {right})"

    def _sql_is_null(self, node: ast.IsNull) -> str:
        return f"({self.expr(node.operand)} IS {'NOT ' if node.negated else ''}NULL)"

    def _sql_in_list(self, node: ast.InList) -> str:
        items = ", ".join(self.expr(item) for item in node.items)
        return f"({self.expr(node.operand)} IN ({items}))"

    def _sql_within(self, node: ast.Within) -> str:
        operand = self.expr(node.operand)
        start = self._time_bound(node.start)
        end = self._time_bound(node.end) if node.end is not None else self.bind(Binding("now"))
        return f"({operand} > {start} AND {operand} <= {end})"

    def _sql_before(self, node: ast.Before) -> str:
        return f"({self.expr(node.operand)} <= {self._time_bound(node.ago)})"

    def _time_bound(self, duration) -> str:
        if isinstance(duration, ast.NameRef):
            return self.bind(Binding("time", param=duration.name))
        return self.bind(Binding("time", value=duration.value))

    def _sql_call(self, node: ast.Call) -> str:
        spec = FUNCTIONS[node.name]
        if spec.aggregate:
            saved, self._grouped = self._grouped, False
            try:
                sql = self._aggregate(node)
            finally:
                self._grouped = saved
            if node.filter is not None:
                sql = self._filtered(sql, node)
            return sql
        args = [self._time_bound(arg) if index == spec.lookback else self.expr(arg)
                for index, arg in enumerate(node.args)]
        return getattr(self, f"_fn_{node.name}")(*args)

    def _filtered(self, sql: str, node: ast.Call) -> str:
        condition = self._row(node.filter)
        # FILTER applies to the outermost aggregate call(s) of the expression built above;
        # the helpers below build every aggregate through _agg so each gets the filter.
        return sql.replace("/*FILTER*/", f" FILTER (WHERE {condition})")

    def _aggregate(self, node: ast.Call) -> str:
        args = [self.expr(arg) for arg in node.args]
        name = node.name
        if name == "count":
            return _agg("COUNT", args[0] if args else "*")
        if name == "rate":
            return _agg("AVG", f"CASE WHEN {args[0]} THEN 1.0 ELSE 0.0 END")
        if name == "sum":
            return _agg("TOTAL", args[0])
        if name in ("avg", "min", "max"):
            return _agg(name.upper(), args[0])
        if name == "distinct":
            return _agg("COUNT", f"DISTINCT {args[0]}")
        if name == "percentile":
            return _agg("ap_percentile", f"{args[0]}, {args[1]}")
        if name == "median":
            return _agg("ap_percentile", f"{args[0]}, 0.5")
        if name == "burst":
            return _agg("ap_burst", f"ROUND(julianday({args[0]}) * 86400000.0), {args[1]}")
        if name == "stdev":
            return _stdev(args[0])
        if name == "spread":
            mean = _agg("AVG", args[0])
            return f"MIN(1.0, COALESCE({_stdev(args[0])} / NULLIF(ABS({mean}), 0), 0.0))"
        raise TypeError(f"the compiler has no rule for aggregate {name}()")

    # scalar functions: one method each
    def _fn_clamp(self, x, lo, hi):
        return f"MIN(MAX({x}, {lo}), {hi})"

    def _fn_ramp(self, x, lo, hi):
        return f"MIN(MAX((({x}) - ({lo})) * 1.0 / NULLIF(({hi}) - ({lo}), 0), 0.0), 1.0)"

    def _fn_round(self, x, digits="0"):
        return f"ROUND({x}, {digits})"

    def _fn_abs(self, x):
        return f"ABS({x})"

    def _fn_least(self, *xs):
        return f"MIN({', '.join(xs)})"

    def _fn_greatest(self, *xs):
        return f"MAX({', '.join(xs)})"

    def _fn_coalesce(self, *xs):
        return f"COALESCE({', '.join(xs)})"

    def _fn_ratio(self, a, b):
        return f"(({a}) * 1.0 / NULLIF({b}, 0))"

    def _fn_slug(self, *xs):
        return f"ap_slug({', '.join(xs)})"

    def _fn_concat(self, *xs):
        return "(" + " || ".join(f"COALESCE({x}, '')" for x in xs) + ")"

    def _fn_lower(self, x):
        return f"LOWER({x})"

    def _fn_starts_with(self, text, prefix):
        return f"(substr({text}, 1, length({prefix})) = {prefix})"

    def _fn_contains(self, text, part):
        return f"(instr({text}, {part}) > 0)"

    def _fn_age(self, moment):
        now = self.bind(Binding("now"))
        return f"((julianday({now}) - julianday({moment})) * 86400000.0)"

    def _fn_hours(self, x):
        return f"(({x}) / 3600000.0)"

    def _fn_days(self, x):
        return f"(({x}) / 86400000.0)"

    # History look-ups: each reads its lookback once, into a table named in the WITH clause.
    # They read idx_exec_group by name: with planner statistics SQLite skip-scans it (each
    # work's window, covering); left to choose, it took the pattern index for runs
    # without a pattern and read the table row by row.
    def _history(self, key: tuple, sql: str) -> str:
        name = self.history.get(key)
        if name is None:
            name = self.history[key] = f"h{len(self.history)}"
            self.history_sql[name] = sql
        return name

    def _lookback(self, since: str) -> str:
        return f'"ts" > {since} AND "ts" <= {self.bind(Binding("now"))}'

    def _fn_work_runs(self, operation, template_id, since, status=None):
        """Runs per work in the lookback, counted once and then looked up per row or group.

        With migration v6's (operation, command_template_id, ts, ...) index and planner
        statistics, SQLite skip-scans the works and seeks each one's window, so the count
        costs the window's rows whatever the history holds.
        """
        by_status = f' AND "status" = {status}' if status is not None else ""
        table = self._history(("work_runs", since, status), (
            'SELECT "operation", "command_template_id", COUNT(*) AS "value" FROM "execution_logs" INDEXED BY "idx_exec_group" '
            f'WHERE {self._lookback(since)}{by_status} GROUP BY "operation", "command_template_id"'))
        return (f'COALESCE((SELECT "{table}"."value" FROM "{table}" WHERE "{table}"."operation" = {operation} '
                f'AND "{table}"."command_template_id" IS {template_id}), 0)')

    def _fn_pattern_for(self, operation, template_id, since):
        """The most used allowed pattern per work in the lookback, else an approved one.

        Rejected and quarantined patterns are left out per (work, pattern) group, after
        counting, so the registry is consulted once per pattern and work, not per run.
        """
        table = self._history(("pattern_for", since), (
            'SELECT "operation", "command_template_id", "pattern_id" FROM (SELECT "o"."operation", '
            '"o"."command_template_id", "o"."pattern_id", ROW_NUMBER() OVER (PARTITION BY "o"."operation", '
            '"o"."command_template_id" ORDER BY COUNT(*) DESC, "o"."pattern_id") AS "rank" '
            f'FROM "execution_logs" AS "o" INDEXED BY "idx_exec_group" WHERE "o"."pattern_id" IS NOT NULL AND {self._lookback(since)} '
            'GROUP BY "o"."operation", "o"."command_template_id", "o"."pattern_id" '
            'HAVING NOT EXISTS (SELECT 1 FROM "pattern_candidates" AS "q" WHERE "q"."id" = "o"."pattern_id" '
            """AND "q"."status" IN ('rejected', 'quarantined')) """
            """AND NOT EXISTS (SELECT 1 FROM "anti_patterns" AS "a" WHERE "a"."subject_kind" = 'pattern' """
            'AND "a"."subject" = "o"."pattern_id" AND "a"."quarantined" = 1)) WHERE "rank" = 1'))
        used = (f'(SELECT "{table}"."pattern_id" FROM "{table}" WHERE "{table}"."operation" = {operation} '
                f'AND "{table}"."command_template_id" IS {template_id})')
        approved = ('(SELECT "p"."id" FROM "pattern_candidates" AS "p" WHERE "p"."status" = \'approved\' '
                    f'AND json_extract("p"."group_key", \'$.operation\') = {operation} '
                    f'AND json_extract("p"."group_key", \'$.command_template_id\') = {template_id} '
                    'ORDER BY "p"."confidence" DESC, "p"."id" LIMIT 1)')
        return f"COALESCE({used}, {approved})"

    def _fn_pattern_name(self, pattern):
        return f'COALESCE((SELECT "n"."name" FROM "pattern_candidates" AS "n" WHERE "n"."id" = {pattern}), {pattern})'

    def _fn_manual_avg_ms(self, operation, since):
        """Mean duration per operation of its runs in the lookback without a pattern."""
        table = self._history(("manual_avg_ms", since), (
            'SELECT "operation", AVG("duration_ms") AS "value" FROM "execution_logs" INDEXED BY "idx_exec_group" '
            f'WHERE "pattern_id" IS NULL AND {self._lookback(since)} GROUP BY "operation"'))
        return f'(SELECT "{table}"."value" FROM "{table}" WHERE "{table}"."operation" = {operation})'


def _agg(function: str, argument: str) -> str:
    return f"{function}({argument})/*FILTER*/"


def _stdev(x: str) -> str:
    return f"ap_sqrt(MAX({_agg('AVG', f'({x}) * ({x})')} - {_agg('AVG', x)} * {_agg('AVG', x)}, 0.0))"


def _comparisons(expr) -> list[ast.Binary]:
    return [n for n in ast.walk(expr) if isinstance(n, ast.Binary) and n.op in COMPARISONS]


def _sample_column(call: ast.Call) -> str | None:
    return call.args[0].name if call.args and isinstance(call.args[0], ast.NameRef) else None


def _indent(sql: str) -> str:
    return "\n".join("    " + line for line in sql.splitlines())


def finalize(sql: str) -> str:
    """Remove the filter markers that no `where` filled."""
    return sql.replace("/*FILTER*/", "")


def compile_rule(pack: ast.Pack, rule: ast.Rule) -> CompiledRule:
    compiled = RuleCompiler(pack, rule).compile()
    compiled.sql = finalize(compiled.sql)
    compiled.explain_sql = finalize(compiled.explain_sql)
    compiled.evidence_sql = {k: finalize(v) for k, v in compiled.evidence_sql.items()}
    return compiled
