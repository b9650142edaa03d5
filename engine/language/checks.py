"""Semantic checks of a parsed pack against the catalog: names, types, ranges, reachability.

Every problem becomes a diagnostic with the span of the offending node; checking goes on
after an error so one run of `check` shows everything wrong with a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.language import ast
from engine.language.catalog import (AGGREGATES, ANY, BOOL, DURATION, FUNCTIONS, NULL, NUMBER, SOURCES, TEXT,
                                     TIME, Source, attr_name_problem, is_attr)
from engine.language.diagnostics import DiagnosticSink, did_you_mean
from engine.language.limits import MAX_EXPANDED_NODES, expanded_sizes
from engine.language.render import to_source
from engine.results import EMIT_KINDS, EMIT_REQUIRED

LITERAL_TYPES = {"number": NUMBER, "string": TEXT, "bool": BOOL, "null": NULL, "duration": DURATION}
NUMERIC = {NUMBER, DURATION}
SAMPLE_MAX = 1000


def param_type(param: ast.Param) -> str:
    return LITERAL_TYPES[param.default.type]


@dataclass
class Scope:
    """What names mean where an expression stands."""

    source: Source | None
    grouped: bool                     # group level: bare columns must be keys
    keys: set[str] = field(default_factory=set)
    lets: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    in_aggregate: bool = False
    samples: set[str] = field(default_factory=set)   # fields that list values: emitted, never read


class PackChecker:
    def __init__(self, pack: ast.Pack, sink: DiagnosticSink):
        self.pack = pack
        self.sink = sink
        self.params = {p.name: p for p in pack.params}
        self.used_params: set[str] = set()

    def run(self) -> None:
        self._check_header()
        self._check_params()
        seen: set[str] = set()
        for rule in self.pack.rules:
            if rule.name in seen:
                self.sink.error("duplicate-rule", f"rule {rule.name!r} is defined twice", rule.span)
            seen.add(rule.name)
            self._check_rule(rule)
        if not self.pack.rules:
            self.sink.warning("empty-pack", f"pack {self.pack.name!r} has no rules", self.pack.span)
        for param in self.pack.params:
            if param.name not in self.used_params:
                self.sink.warning("unused-param", f"param {param.name!r} is never used", param.span,
                                  "remove it, or use it in a rule")

    # ------------------------------------------------------------ header, params
    def _check_header(self) -> None:
        if not self.pack.pack_id:
            self.sink.warning("missing-id", f"pack {self.pack.name!r} has no id (e.g. id \"AUTO-001\")",
                              self.pack.span)

    def _check_params(self) -> None:
        seen: set[str] = set()
        for param in self.pack.params:
            if param.name in seen:
                self.sink.error("duplicate-param", f"param {param.name!r} is defined twice", param.span)
            seen.add(param.name)
            kind = param_type(param)
            if kind == NULL:
                self.sink.error("param-type", f"param {param.name!r} needs a value, not null", param.default.span)
            for bound in (param.low, param.high):
                if bound is not None and not _compatible(LITERAL_TYPES[bound.type], kind):
                    self.sink.error("param-range", f"the range of {param.name!r} must be of type {kind}", bound.span)
            bounds_numeric = all(b is not None and LITERAL_TYPES[b.type] in NUMERIC for b in (param.low, param.high))
            if bounds_numeric and kind in NUMERIC:   # else the type error above says it all
                low, high = param.low.value, param.high.value
                if low > high:
                    self.sink.error("param-range", f"the range of {param.name!r} is empty ({low} .. {high})",
                                    param.low.span)
                elif not low <= param.default.value <= high:
                    self.sink.error("param-range",
                                    f"param {param.name!r} = {param.default.text} is outside its range "
                                    f"{param.low.text} .. {param.high.text}", param.default.span)

    # ------------------------------------------------------------ rules
    def _check_rule(self, rule: ast.Rule) -> None:
        source = SOURCES.get(rule.source.name)
        if source is None:
            self.sink.error("unknown-source", f"unknown source {rule.source.name!r}", rule.source.span,
                            did_you_mean(rule.source.name, SOURCES) or f"sources: {', '.join(SOURCES)}")
        row = Scope(source, grouped=False)
        if rule.where is not None:
            self._expect(rule.where, BOOL, row, "the where clause")
        keys = self._check_group_by(rule, source)
        group = Scope(source, grouped=True, keys=keys)
        if rule.having is not None:
            # lets may be used in having: check them first
            pass
        for let in rule.lets:
            if let.name in group.lets:
                self.sink.error("duplicate-let", f"let {let.name!r} is defined twice in rule {rule.name!r}", let.span)
            if let.name in self.params:
                self.sink.error("name-clash", f"let {let.name!r} has the name of a param", let.span)
            group.lets[let.name] = self._type(let.expr, group)
        if rule.having is not None:
            self._expect(rule.having, BOOL, group, "having")
        self._check_emit(rule, group)
        self._check_expansion(rule, source)
        for item in rule.order_by:
            self._type(item.expr, group)
        if rule.limit is not None:
            self._check_limit(rule.limit)
        self._check_decisions(rule, group)

    def _check_expansion(self, rule: ast.Rule, source: Source | None) -> None:
        """Lets and fields are inlined where used: refuse one whose SQL would explode."""
        lets = {let.name: let for let in rule.lets}
        fields = {item.name: item for item in rule.emit.fields
                  if item.name not in lets and (source is None or item.name not in source.columns)}
        definitions = {("let", n): d.expr for n, d in lets.items()} | {("field", n): d.expr for n, d in fields.items()}
        sizes = expanded_sizes(definitions, lambda name: ("let", name) if name in lets
                               else ("field", name) if name in fields else None)
        for (kind, name), size in sizes.items():
            if size > MAX_EXPANDED_NODES:
                node = lets[name] if kind == "let" else fields[name]
                self.sink.error("too-large", f"{kind} {name!r} grows past {MAX_EXPANDED_NODES} terms once the lets "
                                "and fields it uses are written out", node.span,
                                "each use of a let repeats its expression: use each let once or twice")
                return

    def _check_group_by(self, rule: ast.Rule, source: Source | None) -> set[str]:
        keys: set[str] = set()
        for ref in rule.group_by:
            if is_attr(ref.name):
                self._check_attr(ref, source)
            elif source is not None and source.column(ref.name) is None:
                self.sink.error("unknown-column", f"unknown column {ref.name!r} of source {source.name}",
                                ref.span, did_you_mean(ref.name, source.columns)
                                or (f"an extra field of the events is attrs.{ref.name}"
                                    if source.attrs else None))
            if ref.name in keys:
                self.sink.warning("duplicate-key", f"{ref.name!r} is grouped by twice", ref.span)
            keys.add(ref.name)
        return keys

    def _check_emit(self, rule: ast.Rule, group: Scope) -> None:
        emit = rule.emit
        if emit.kind not in EMIT_KINDS:
            self.sink.error("unknown-emit", f"unknown output kind {emit.kind!r}", emit.span,
                            did_you_mean(emit.kind, EMIT_KINDS) or f"kinds: {', '.join(EMIT_KINDS)}")
        names = set()
        for item in emit.fields:
            if item.name in names:
                self.sink.error("duplicate-field", f"field {item.name!r} is emitted twice", item.span)
            names.add(item.name)
            if isinstance(item.expr, ast.Call) and item.expr.name == "sample":
                self._check_sample(item.expr, group)
                group.fields[item.name] = ANY
                group.samples.add(item.name)
                continue
            group.fields[item.name] = self._type(item.expr, group)
        for required in EMIT_REQUIRED.get(emit.kind, ()):
            if required not in names:
                self.sink.error("missing-field", f"{emit.kind} needs a field {required!r}", emit.span,
                                f"add `{required} = ...` under emit")

    def _check_sample(self, call: ast.Call, group: Scope) -> None:
        row = Scope(group.source, grouped=False, in_aggregate=True)
        if not call.args:
            self.sink.error("arity", "sample() needs the column to list, e.g. sample(id, 5)", call.span)
            return
        self._type(call.args[0], row)
        if len(call.args) > 2:
            self.sink.error("arity", "sample() takes a column and a count", call.span)
        if len(call.args) == 2:
            size = call.args[1]
            if not (isinstance(size, ast.Literal) and size.type == "number" and float(size.value).is_integer()
                    and 1 <= size.value <= SAMPLE_MAX):
                self.sink.error("sample-size", f"the sample size must be a whole number from 1 to {SAMPLE_MAX}",
                                size.span)

    def _check_limit(self, limit) -> None:
        kind = self._type(limit, Scope(None, grouped=True))
        is_const = isinstance(limit, ast.Literal) or (isinstance(limit, ast.NameRef) and limit.name in self.params)
        if kind != NUMBER or not is_const:
            self.sink.error("limit", "limit takes a whole number or a number param", limit.span)
        elif isinstance(limit, ast.Literal) and (not float(limit.value).is_integer() or limit.value < 0):
            self.sink.error("limit", "limit must be a whole number >= 0", limit.span)

    def _check_decisions(self, rule: ast.Rule, group: Scope) -> None:
        kind = rule.emit.kind
        allowed = EMIT_KINDS.get(kind, ())
        non_skip = [d for d in allowed if d != "skip"]
        if not rule.decisions and len(non_skip) > 1:
            self.sink.error("missing-decide", f"{kind} needs a decide block choosing among {', '.join(non_skip)}",
                            rule.emit.span)
        fallen_through = False
        seen: set[str] = set()
        for decision in rule.decisions:
            if allowed and decision.name not in allowed:
                self.sink.error("unknown-decision", f"{kind} cannot be decided {decision.name!r}", decision.span,
                                did_you_mean(decision.name, allowed) or f"choose from {', '.join(allowed)}")
            if fallen_through:
                self.sink.warning("unreachable", f"decision {decision.name!r} can never be reached: "
                                  "it follows `otherwise`", decision.span)
            if decision.when is None:
                fallen_through = True
            else:
                self._expect(decision.when, BOOL, group, f"the condition of {decision.name!r}")
                if isinstance(decision.when, ast.Literal) and decision.when.value is False:
                    self.sink.warning("unreachable", f"decision {decision.name!r} can never be reached: "
                                      "its condition is false", decision.span)
            if decision.name in seen and decision.when is not None:
                self.sink.warning("duplicate-decision", f"decision {decision.name!r} appears twice", decision.span)
            seen.add(decision.name)

    # ------------------------------------------------------------ expressions
    def _expect(self, expr, wanted: str, scope: Scope, what: str) -> None:
        actual = self._type(expr, scope)
        if actual not in (wanted, ANY) and not (wanted == BOOL and actual == NULL):
            self.sink.error("type", f"{what} must be {_article(wanted)}, but `{to_source(expr)}` is "
                            f"{_article(actual)}", expr.span)

    def _type(self, expr, scope: Scope) -> str:
        method = getattr(self, f"_type_{expr.node}")
        return method(expr, scope)

    def _type_literal(self, expr: ast.Literal, scope: Scope) -> str:
        return LITERAL_TYPES[expr.type]

    def _check_attr(self, ref: ast.NameRef, source: Source | None) -> bool:
        """An ``attrs.NAME`` reference: a valid name, on a source whose rows have attrs."""
        problem = attr_name_problem(ref.name)
        if problem is not None:
            self.sink.error("attr-name", problem, ref.span)
            return False
        if source is not None and not source.attrs:
            with_attrs = [s.name for s in SOURCES.values() if s.attrs]
            self.sink.error("no-attrs", f"source {source.name} has no extra fields (attrs)", ref.span,
                            f"attrs.NAME reads events: {', '.join(with_attrs)}")
            return False
        return True

    def _type_name(self, expr: ast.NameRef, scope: Scope) -> str:
        name = expr.name
        if is_attr(name):
            if not self._check_attr(expr, scope.source):
                return ANY
            if scope.grouped and not scope.in_aggregate and name not in scope.keys:
                self.sink.error("not-grouped", f"{name!r} is not a group key here", expr.span,
                                f"group by {name}, or use it inside an aggregate such as max({name})")
            return TEXT
        if scope.grouped and not scope.in_aggregate:
            if name in scope.lets:
                return scope.lets[name]
            if name in scope.fields:
                if name in scope.samples and not (scope.source and name in scope.source.columns):
                    self.sink.error("sample-ref", f"{name!r} lists sample values: it can be emitted, not used "
                                    "in an expression", expr.span, "use an aggregate such as count() or max(...)")
                    return ANY
                return scope.fields[name]
        columns = scope.source.columns if scope.source else {}
        if name in columns:
            if name in self.params:
                self.sink.error("name-clash", f"{name!r} is both a column and a param", expr.span,
                                "rename the param")
            if scope.grouped and not scope.in_aggregate and name not in scope.keys:
                self.sink.error("not-grouped", f"column {name!r} is not a group key here", expr.span,
                                f"group by {name}, or use it inside an aggregate such as max({name})")
            return columns[name].type
        if name in self.params:
            self.used_params.add(name)
            return param_type(self.params[name])
        candidates = [*columns, *self.params, *scope.lets, *scope.fields]
        where = f" of source {scope.source.name}" if scope.source else ""
        self.sink.error("unknown-name", f"unknown name {name!r} (not a column{where}, let or param)",
                        expr.span, did_you_mean(name, candidates))
        return ANY

    def _type_call(self, expr: ast.Call, scope: Scope) -> str:
        spec = FUNCTIONS.get(expr.name)
        if spec is None:
            self.sink.error("unknown-function", f"unknown function {expr.name!r}", expr.span,
                            did_you_mean(expr.name, FUNCTIONS))
            for arg in expr.args:
                self._type(arg, scope)
            return ANY
        if expr.name == "sample":
            self.sink.error("sample-place", "sample() may only be emitted as a field, e.g. evidence = sample(id, 5)",
                            expr.span)
            return ANY
        arg_scope = scope
        if spec.aggregate:
            if not scope.grouped:
                self.sink.error("aggregate-place", f"aggregate {expr.name}() cannot be used in a where clause "
                                "(it needs a group)", expr.span, "move the condition to having")
            elif scope.in_aggregate:
                self.sink.error("nested-aggregate", f"aggregate {expr.name}() inside another aggregate", expr.span)
            arg_scope = Scope(scope.source, grouped=False, keys=scope.keys, in_aggregate=True)
        elif expr.filter is not None:
            self.sink.error("filter-place", f"only aggregates take a where filter; {expr.name}() is not one",
                            expr.filter.span)
        arg_types = [self._type(arg, arg_scope) for arg in expr.args]
        if expr.filter is not None and spec.aggregate:
            self._expect(expr.filter, BOOL, arg_scope, f"the filter of {expr.name}()")
        self._check_arity(expr, spec, arg_types)
        self._check_literal_args(expr, spec)
        if spec.returns == "arg0":
            return arg_types[0] if arg_types else ANY
        return spec.returns

    def _check_arity(self, expr: ast.Call, spec, arg_types: list[str]) -> None:
        low = len(spec.args) - spec.optional
        high = None if spec.variadic else len(spec.args)
        count = len(arg_types)
        if count < low or (high is not None and count > high):
            wanted = f"{low}" if low == high else f"{low} to {high}" if high is not None else f"at least {low}"
            self.sink.error("arity", f"{expr.name}() takes {wanted} argument{'s' if wanted != '1' else ''}, "
                            f"got {count}", expr.span, f"e.g. {spec.example}" if spec.example else None)
            return
        for index, actual in enumerate(arg_types):
            wanted_type = spec.args[min(index, len(spec.args) - 1)]
            if wanted_type != ANY and not _compatible(actual, wanted_type):
                self.sink.error("type", f"argument {index + 1} of {expr.name}() must be {_article(wanted_type)}, "
                                f"but `{to_source(expr.args[index])}` is {_article(actual)}", expr.args[index].span)

    def _check_literal_args(self, expr: ast.Call, spec) -> None:
        for index in spec.literal_args:
            if index >= len(expr.args):
                continue
            arg = expr.args[index]
            if index == spec.lookback:
                self._check_lookback(expr, spec, arg)
                continue
            if isinstance(arg, ast.NameRef) and arg.name in self.params:
                continue
            if not isinstance(arg, ast.Literal):
                wanted = {DURATION: "a duration such as 90d or a duration param",
                          TEXT: "a string or a param"}.get(spec.args[index], "a number or a param")
                self.sink.error("constant-arg", f"argument {index + 1} of {expr.name}() must be {wanted}",
                                arg.span, f"e.g. {spec.example}" if spec.example else None)
            elif expr.name == "percentile" and not 0 <= (arg.value or 0) <= 1:
                self.sink.error("percentile", "percentile takes p between 0 and 1 (0.95 for p95)", arg.span)

    def _check_lookback(self, expr: ast.Call, spec, arg) -> None:
        """A lookback is a duration known before the query runs: a literal or a duration param."""
        if isinstance(arg, ast.NameRef) and arg.name in self.params:
            kind = self.params[arg.name].default.type
        elif isinstance(arg, ast.Literal):
            kind = arg.type
        else:
            kind = None
        if kind not in (None, "number", "duration"):
            return  # already reported as a type error
        if kind != "duration":
            self.sink.error("lookback", f"argument {spec.lookback + 1} of {expr.name}() is how far back it "
                            f"looks: a duration such as 90d or a duration param, not `{to_source(arg)}`",
                            arg.span, f"e.g. {spec.example}")

    def _type_unary(self, expr: ast.Unary, scope: Scope) -> str:
        if expr.op == "not":
            self._expect(expr.operand, BOOL, scope, "the operand of not")
            return BOOL
        kind = self._type(expr.operand, scope)
        if kind not in (*NUMERIC, ANY):
            self.sink.error("type", f"cannot negate {_article(kind)}", expr.span)
        return kind

    def _type_binary(self, expr: ast.Binary, scope: Scope) -> str:
        left, right = self._type(expr.left, scope), self._type(expr.right, scope)
        if expr.op in ("and", "or"):
            for side, kind in ((expr.left, left), (expr.right, right)):
                if kind not in (BOOL, ANY, NULL):
                    self.sink.error("type", f"`{expr.op}` joins conditions, but `{to_source(side)}` is "
                                    f"{_article(kind)}", side.span)
            return BOOL
        if expr.op in ("==", "!=", "<", "<=", ">", ">="):
            if NULL in (left, right):
                self.sink.warning("null-compare", f"comparing with null is never true; use `is null`", expr.span)
            elif not _compatible(left, right):
                self.sink.error("type", f"cannot compare {_article(left)} with {_article(right)} "
                                f"in `{to_source(expr)}`", expr.span)
            return BOOL
        for side, kind in ((expr.left, left), (expr.right, right)):
            if kind not in (*NUMERIC, ANY):
                self.sink.error("type", f"`{expr.op}` needs numbers, but `{to_source(side)}` is {_article(kind)}",
                                side.span)
        return DURATION if DURATION in (left, right) and expr.op in "+-" else NUMBER

    def _type_is_null(self, expr: ast.IsNull, scope: Scope) -> str:
        self._type(expr.operand, scope)
        return BOOL

    def _type_in_list(self, expr: ast.InList, scope: Scope) -> str:
        kind = self._type(expr.operand, scope)
        for item in expr.items:
            item_kind = self._type(item, scope)
            if not _compatible(kind, item_kind):
                self.sink.error("type", f"`{to_source(item)}` is {_article(item_kind)}, but "
                                f"`{to_source(expr.operand)}` is {_article(kind)}", item.span)
        return BOOL

    def _type_within(self, expr: ast.Within, scope: Scope) -> str:
        self._expect_time(expr.operand, scope)
        for bound in (expr.start, expr.end):
            if bound is not None:
                self._expect_duration(bound, scope)
        if (expr.end is not None and isinstance(expr.start, ast.Literal) and isinstance(expr.end, ast.Literal)
                and expr.start.value is not None and expr.end.value is not None
                and expr.start.value <= expr.end.value):
            self.sink.error("window", f"the window {to_source(expr.start)} .. {to_source(expr.end)} ago is empty: "
                            "the first duration must be the longer one", expr.span)
        return BOOL

    def _type_before(self, expr: ast.Before, scope: Scope) -> str:
        self._expect_time(expr.operand, scope)
        self._expect_duration(expr.ago, scope)
        return BOOL

    def _expect_time(self, expr, scope: Scope) -> None:
        kind = self._type(expr, scope)
        if kind not in (TIME, ANY):
            self.sink.error("type", f"a time window needs a time, but `{to_source(expr)}` is {_article(kind)}",
                            expr.span)

    def _expect_duration(self, expr, scope: Scope) -> None:
        constant = isinstance(expr, ast.Literal) or (isinstance(expr, ast.NameRef) and expr.name in self.params)
        kind = self._type(expr, scope)
        if kind != DURATION or not constant:
            self.sink.error("type", f"a time window needs a duration such as 7d or a duration param, "
                            f"not `{to_source(expr)}`", expr.span)


def _compatible(a: str, b: str) -> bool:
    if ANY in (a, b) or a == b:
        return True
    pairs = {frozenset((NUMBER, DURATION)), frozenset((TIME, TEXT)), frozenset((NUMBER, BOOL))}
    return frozenset((a, b)) in pairs


def _article(kind: str) -> str:
    return {"number": "a number", "text": "text", "bool": "a condition (true/false)", "time": "a time",
            "duration": "a duration", "null": "null", "any": "a value"}.get(kind, kind)


def check_pack(pack: ast.Pack, sink: DiagnosticSink) -> None:
    PackChecker(pack, sink).run()


def attr_references(pack: ast.Pack) -> list[tuple[Source, ast.NameRef]]:
    """Every valid ``attrs.NAME`` a pack reads, with its rule's source: first use of each.

    What `check` looks up in the stored telemetry (a field no event has is a typo or a
    producer that does not send it yet).
    """
    found: list[tuple[Source, ast.NameRef]] = []
    seen: set[tuple[str, str]] = set()
    for rule in pack.rules:
        source = SOURCES.get(rule.source.name)
        if source is None or not source.attrs:
            continue
        roots = [rule.where, rule.having, rule.limit, *rule.group_by, *(let.expr for let in rule.lets),
                 *(item.expr for item in rule.order_by), *(item.expr for item in rule.emit.fields),
                 *(decision.when for decision in rule.decisions)]
        for root in roots:
            for node in ast.walk(root):
                if (isinstance(node, ast.NameRef) and is_attr(node.name) and attr_name_problem(node.name) is None
                        and (source.name, node.name) not in seen):
                    seen.add((source.name, node.name))
                    found.append((source, node))
    return found
