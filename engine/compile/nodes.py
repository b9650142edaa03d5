"""The SQL vocabulary of the compiler: sqlglot expression nodes, plus the few portable
nodes whose SQL differs between the stores, and the rendering of a tree per dialect.

A compiled rule is one tree. Most of it is plain sqlglot (SELECT, comparisons, CASE,
COUNT...), which sqlglot's own generators print for SQLite and PostgreSQL alike. Where
the two databases disagree on meaning, not just spelling, the compiler places a
*portable* node that says what is meant (``Truthy``: a stored 0/1 read as a condition;
``MillisBetween``: the milliseconds between two stored times; ``Total``: a sum that is
0.0 over no rows...). ``render`` first lowers each portable node into plain nodes for the
dialect asked for, then prints. Nothing is patched as text: names are identifiers,
values are placeholders, and the one thing a rule file can name that reaches the SQL as
a literal (a JSON key) is a string literal node, quoted by the generator.

Decisions made here, so that both stores give the same answers:

* Conditions are booleans on PostgreSQL and 0/1 on SQLite: a 0/1 value used as a
  condition becomes ``value <> 0`` (``Truthy``) and a condition used as a value becomes
  ``CAST(... AS INTEGER)`` (``AsInt``), so every output column is a number on both.
* Arithmetic that SQLite does in floating point is done in ``DOUBLE PRECISION`` on
  PostgreSQL (never ``NUMERIC``): averages, sums, divisions, rounding.
* Scalar ``MIN``/``MAX`` of SQLite are null when any argument is null; PostgreSQL's
  ``LEAST``/``GREATEST`` skip nulls, so PostgreSQL calls the strict ``ap_least`` /
  ``ap_greatest`` (engine/compile/postgres_functions.sql).
* NULL ordering is always explicit (SQLite's: nulls first ascending, last descending) and
  text is sorted and compared byte-wise (``COLLATE "C"`` on PostgreSQL).
* Null-safe equality is ``IS`` on SQLite and ``a = b OR (a IS NULL AND b IS NULL)`` on
  PostgreSQL, which, unlike ``IS NOT DISTINCT FROM``, can use an index.
* ``INDEXED BY`` hints are SQLite's only; PostgreSQL plans without them.
"""

from __future__ import annotations

from typing import Iterable

from sqlglot import exp

DIALECTS = ("sqlite", "postgres")
FLOAT = "DOUBLE PRECISION"


def check_dialect(dialect: str) -> str:
    if dialect not in DIALECTS:
        raise ValueError(f"unknown SQL dialect {dialect!r}; known: {', '.join(DIALECTS)}")
    return dialect


# ------------------------------------------------------------------ small builders
def ident(name: str) -> exp.Identifier:
    return exp.Identifier(this=name, quoted=True)


def col(name: str, table: str | None = "src") -> exp.Column:
    return exp.Column(this=ident(name), table=ident(table) if table else None)


def table(name: str, alias: str | None = None, index: str | None = None) -> exp.Table:
    node = exp.Table(this=ident(name))
    if alias:
        node.set("alias", exp.TableAlias(this=ident(alias)))
    if index:
        node.set("indexed", exp.Table(this=ident(index)))
    return node


def paren(node: exp.Expression) -> exp.Expression:
    """``node`` in parentheses unless it is atomic already (sqlglot prints trees as built)."""
    return node if isinstance(node, _ATOMIC) else exp.Paren(this=node)


def num(value) -> exp.Literal:
    return exp.Literal.number(value)


def text(value: str) -> exp.Literal:
    return exp.Literal.string(value)


def fn(name: str, *args: exp.Expression) -> exp.Anonymous:
    return exp.Anonymous(this=name, expressions=list(args))


def and_(*conditions: exp.Expression | None) -> exp.Expression:
    parts = [c for c in conditions if c is not None]
    if not parts:
        return exp.true()
    node = paren(parts[0])
    for part in parts[1:]:
        node = exp.And(this=node, expression=paren(part))
    return node


def select(*columns: exp.Expression, from_: exp.Expression | None = None, joins=None, where=None,
           group=None, having=None, order=None, limit=None) -> exp.Select:
    """A SELECT built in place (sqlglot's chained builders copy the tree at every step)."""
    node = exp.Select(expressions=list(columns))
    if from_ is not None:
        node.set("from_", exp.From(this=from_))
    if joins:
        node.set("joins", list(joins))
    if where is not None:
        node.set("where", exp.Where(this=where))
    if group:
        node.set("group", exp.Group(expressions=list(group)))
    if having is not None:
        node.set("having", exp.Having(this=having))
    if order:
        node.set("order", exp.Order(expressions=list(order)))
    if limit is not None:
        node.set("limit", exp.Limit(expression=limit))
    return node


def alias(node: exp.Expression, name: str) -> exp.Alias:
    return exp.Alias(this=node, alias=ident(name))


def subquery(select: exp.Expression, alias: str | None = None) -> exp.Subquery:
    node = exp.Subquery(this=select)
    if alias:
        node.set("alias", exp.TableAlias(this=ident(alias)))
    return node


def ordered(node: exp.Expression, descending: bool = False, nullable: bool = True) -> exp.Expression:
    """One ORDER BY term with SQLite's null order made explicit (nulls are the smallest).

    A term that cannot be null (``nullable=False``: a NOT NULL column, or a value the
    WHERE keeps from being null) is sorted in each database's own default null order
    instead (``NotNullOrder``), the order its indexes are kept in.
    """
    if not nullable:
        return NotNullOrder(this=node, desc=descending)
    return exp.Ordered(this=node, desc=descending, nulls_first=not descending)


def cast(node: exp.Expression, to: str) -> exp.Cast:
    return exp.Cast(this=node, to=exp.DataType.build(to, dialect="postgres"))


# ------------------------------------------------------------------ portable nodes
class Portable(exp.Expression):
    """A node whose SQL depends on the dialect; ``lower`` returns plain sqlglot nodes."""

    def lower(self, dialect: str) -> exp.Expression:  # pragma: no cover - abstract
        raise NotImplementedError

    def _arg(self, key: str) -> exp.Expression:
        return self.args[key]


class Param(Portable):
    """A named, bound parameter; on PostgreSQL cast to ``type`` when one is given, so one
    placeholder used in two places never gets two inferred types."""

    arg_types = {"this": True, "pgtype": False}

    @property
    def name(self) -> str:
        return self.args["this"]

    def lower(self, dialect):
        node = exp.Placeholder(this=self.name)
        pgtype = self.args.get("pgtype")
        return cast(node, pgtype) if dialect == "postgres" and pgtype else node


class NotNullOrder(Portable):
    """An ORDER BY term that is never null, in the database's default null order.

    Both orders give the same rows when there are no nulls, but only the default one is
    the order of an index read backwards: PostgreSQL puts nulls first in DESC, SQLite
    last, and ``ts DESC NULLS LAST`` on PostgreSQL sorts every row of a group where
    ``ts DESC`` reads the newest few from the index (an evidence query at 1M executions:
    370 ms -> 0.02 ms).
    """

    arg_types = {"this": True, "desc": False}

    def lower(self, dialect):
        descending = bool(self.args.get("desc"))
        nulls_first = descending if dialect == "postgres" else not descending
        return exp.Ordered(this=self._arg("this"), desc=descending, nulls_first=nulls_first)


class GroupKey(Portable):
    """A group key inside the evidence query of one group: the row's value on SQLite, the
    group's key parameter (``expression``, cast to ``pgtype``) on PostgreSQL.

    The evidence query keeps only rows whose key is the parameter (null-safe), so both
    are the same value. Put where a history look-up reads the key, it makes the look-up
    one value for the whole query: PostgreSQL cannot estimate how many rows a per-row
    look-up keeps (it guessed 20 of 26,000) and then sorts every row of the group
    instead of reading the newest few from the index; a look-up of parameters only is
    tested once, before the scan.
    """

    arg_types = {"this": True, "expression": True, "pgtype": True}

    def lower(self, dialect):
        if dialect == "sqlite":
            return self._arg("this")
        return cast(self._arg("expression"), self.args["pgtype"])


class Truthy(Portable):
    """A 0/1 (or any number) read as a condition."""

    arg_types = {"this": True}

    def lower(self, dialect):
        value = self._arg("this")
        return value if dialect == "sqlite" else exp.Paren(this=exp.NEQ(this=value, expression=num(0)))


class AsInt(Portable):
    """A condition read as a value: 1, 0 or null on both stores."""

    arg_types = {"this": True}

    def lower(self, dialect):
        return self._arg("this") if dialect == "sqlite" else cast(self._arg("this"), "INTEGER")


class Whole(Portable):
    """A row count (LIMIT): PostgreSQL wants an integer."""

    arg_types = {"this": True}

    def lower(self, dialect):
        return self._arg("this") if dialect == "sqlite" else cast(self._arg("this"), "BIGINT")


class Real(Portable):
    """A floating-point literal written by the compiler (1.0, 86400000.0...)."""

    arg_types = {"this": True}

    def lower(self, dialect):
        literal = num(self.args["this"])
        return literal if dialect == "sqlite" else cast(literal, FLOAT)


class AsReal(Portable):
    """A number in floating point, for arithmetic whose integer form could pass 2**63:
    SQLite turns an overflowing integer product into a REAL, PostgreSQL's bigint raises
    "out of range", so both compute such products in double precision from the start."""

    arg_types = {"this": True}

    def lower(self, dialect):
        value = self._arg("this")
        if dialect == "sqlite":
            return exp.Paren(this=exp.Mul(this=paren(value), expression=num("1.0")))
        return cast(value, FLOAT)


class Ratio(Portable):
    """a / b in floating point, null when b is 0."""

    arg_types = {"this": True, "expression": True}

    def lower(self, dialect):
        a, b = self._arg("this"), self._arg("expression")
        divisor = exp.Nullif(this=b, expression=num(0))
        if dialect == "sqlite":
            top = exp.Mul(this=paren(a), expression=num("1.0"))
        else:
            top = cast(a, FLOAT)
        return exp.Paren(this=exp.Div(this=top, expression=divisor, typed=True))


class Modulo(Portable):
    """SQLite's ``%``: both sides truncated to integers, null when dividing by 0."""

    arg_types = {"this": True, "expression": True}

    def lower(self, dialect):
        a, b = self._arg("this"), self._arg("expression")
        if dialect == "sqlite":
            return exp.Paren(this=exp.Mod(this=a, expression=b))
        whole = [cast(fn("TRUNC", cast(x, FLOAT)), "BIGINT") for x in (a, b)]
        # MOD(), not %: psycopg reads % as the start of a placeholder
        return fn("MOD", whole[0], exp.Nullif(this=whole[1], expression=num(0)))


class Extreme(Portable):
    """Scalar least / greatest of numbers: null when any argument is null (SQLite's MIN/MAX)."""

    arg_types = {"expressions": True, "greatest": False}

    def lower(self, dialect):
        args = list(self.args["expressions"])
        greatest = bool(self.args.get("greatest"))
        if dialect == "sqlite":
            return fn("MAX" if greatest else "MIN", *args)
        name = "ap_greatest" if greatest else "ap_least"
        node = fn(name, cast(args[0], FLOAT), cast(args[1], FLOAT))
        for arg in args[2:]:
            node = fn(name, node, cast(arg, FLOAT))
        return node


class Round(Portable):
    arg_types = {"this": True, "expression": True}

    def lower(self, dialect):
        value, digits = self._arg("this"), self._arg("expression")
        if dialect == "sqlite":
            return exp.Round(this=value, decimals=digits)
        # the digits as SQLite reads them (a C int, kept within 0..30): ap_round_digits
        return cast(exp.Round(this=cast(value, "NUMERIC"), decimals=fn("ap_round_digits", cast(digits, FLOAT))),
                    FLOAT)


class Sqrt(Portable):
    """Square root of a value clamped at 0 (null stays null)."""

    arg_types = {"this": True}

    def lower(self, dialect):
        value = self._arg("this")
        return fn("ap_sqrt", value if dialect == "sqlite" else cast(value, FLOAT))


def _as_sent(node: exp.Expression) -> exp.Expression:
    """A number parameter as the driver sent it (an integer stays an integer), for text:
    SQLite renders the value it was given, 3 as "3" and 3.0 as "3.0". The PostgreSQL
    store sends every Python int as bigint and every float as double precision, so the
    function overload chosen (ap_text(bigint) or ap_text(double precision)) follows the
    value's Python type exactly as SQLite's storage class does."""
    if isinstance(node, exp.Cast) and isinstance(node.this, exp.Placeholder) and node.to.is_type("double"):
        return node.this
    return node


class Slug(Portable):
    arg_types = {"expressions": True}

    def lower(self, dialect):
        args = list(self.args["expressions"])
        # SQLite hands ap_slug Python values (str(1.0) is "1.0"): ap_pytext renders them alike
        return fn("ap_slug", *(args if dialect == "sqlite" else [fn("ap_pytext", _as_sent(a)) for a in args]))


class Concat(Portable):
    """The arguments joined as text; a null argument adds nothing."""

    arg_types = {"expressions": True}

    def lower(self, dialect):
        # ap_text renders numbers as SQLite does (1.0 stays "1.0"; 15 significant digits)
        parts = [exp.Coalesce(this=a if dialect == "sqlite" else fn("ap_text", _as_sent(a)), expressions=[text("")])
                 for a in self.args["expressions"]]
        if len(parts) == 1:   # || is what makes the result text
            parts.append(text(""))
        node = parts[0]
        for part in parts[1:]:
            node = exp.DPipe(this=node, expression=part, safe=True)
        return exp.Paren(this=node)


class StartsWith(Portable):
    arg_types = {"this": True, "expression": True}

    def lower(self, dialect):
        value, prefix = self._arg("this"), self._arg("expression")
        if dialect == "sqlite":
            head = fn("substr", value, num(1), fn("length", prefix))
            return exp.Paren(this=exp.EQ(this=head, expression=prefix))
        return fn("starts_with", cast(value, "TEXT"), cast(prefix, "TEXT"))


class Contains(Portable):
    arg_types = {"this": True, "expression": True}

    def lower(self, dialect):
        value, part = self._arg("this"), self._arg("expression")
        if dialect == "sqlite":
            found = fn("instr", value, part)
        else:
            found = fn("strpos", cast(value, "TEXT"), cast(part, "TEXT"))
        return exp.Paren(this=exp.GT(this=found, expression=num(0)))


def _as_time(node: exp.Expression) -> exp.Expression:
    # via TEXT: the stored time may be text (as in SQLite) or a timestamp column
    return cast(cast(node, "TEXT"), "TIMESTAMPTZ")


class TimeMs(Portable):
    """A stored time as whole milliseconds on a fixed scale (only differences are used)."""

    arg_types = {"this": True}

    def lower(self, dialect):
        value = self._arg("this")
        if dialect == "sqlite":
            return exp.Round(this=exp.Mul(this=fn("julianday", value), expression=num("86400000.0")))
        seconds = exp.Extract(this=exp.var("EPOCH"), expression=_as_time(value))
        return cast(exp.Round(this=exp.Mul(this=seconds, expression=num(1000))), FLOAT)


class MillisBetween(Portable):
    """Milliseconds from ``expression`` to ``this`` (both stored times)."""

    arg_types = {"this": True, "expression": True}

    def lower(self, dialect):
        # Each time is first made whole milliseconds: a difference of two julianday()
        # values carries up to ~0.04 ms of rounding (days near 2.46e6 in a double).
        later, earlier = (TimeMs(this=self._arg(k)).lower(dialect) for k in ("this", "expression"))
        return exp.Paren(this=exp.Sub(this=later, expression=earlier))


class SameAs(Portable):
    """Null-safe equality."""

    arg_types = {"this": True, "expression": True}

    def lower(self, dialect):
        a, b = self._arg("this"), self._arg("expression")
        if dialect == "sqlite":
            return exp.Is(this=a, expression=b)
        both_null = exp.And(this=exp.Is(this=a.copy(), expression=exp.Null()),
                            expression=exp.Is(this=b.copy(), expression=exp.Null()))
        return exp.Paren(this=exp.Or(this=exp.EQ(this=a, expression=b), expression=exp.Paren(this=both_null)))


class Bytewise(Portable):
    """Text compared or sorted by its bytes (SQLite's BINARY collation)."""

    arg_types = {"this": True}

    def lower(self, dialect):
        value = self._arg("this")
        return value if dialect == "sqlite" else exp.Collate(this=value, expression=ident("C"))


class JsonValue(Portable):
    """The value of key ``key`` of a JSON object stored as text: text, or a number when
    ``number`` is set (null when absent, or on PostgreSQL when not a JSON number)."""

    arg_types = {"this": True, "key": True, "number": False, "as_text": False}

    def lower(self, dialect):
        document, key = self._arg("this"), self.args["key"]
        if dialect == "sqlite":
            if self.args.get("as_text"):
                # as PostgreSQL's ->> reads it: JSON true/false as 'true'/'false', numbers as text
                if '"' in key:
                    raise ValueError(f"a JSON key with a double quote cannot be read: {key!r}")
                path = f'$."{key}"'   # always quoted: a key holding dots is one key, not a path
                kind = fn("json_type", document, text(path))
                value = exp.Cast(this=fn("json_extract", document.copy(), text(path)), to=exp.DataType.build("TEXT"))
                return exp.Case(this=kind, ifs=[exp.If(this=text("true"), true=text("true")),
                                                exp.If(this=text("false"), true=text("false"))], default=value)
            return fn("json_extract", document, text(json_path(key)))
        doc = cast(document, "JSONB")
        if not self.args.get("number"):
            return fn("jsonb_extract_path_text", doc, text(key))
        is_number = exp.EQ(this=fn("jsonb_typeof", fn("jsonb_extract_path", doc, text(key))),
                           expression=text("number"))
        value = cast(fn("jsonb_extract_path_text", doc.copy(), text(key)), FLOAT)
        return exp.Case(ifs=[exp.If(this=is_number, true=value)])


def json_path(key: str) -> str:
    """SQLite's JSON path of one top-level key: ``$.key``, or ``$."key"`` when it is not a
    plain name. SQLite's path syntax has no escape for a double quote inside a key."""
    if key.replace("_", "a").isalnum() and key.isascii():
        return f"$.{key}"
    if '"' in key:
        raise ValueError(f"a JSON key with a double quote cannot be read: {key!r}")
    return f'$."{key}"'


class Aggregate(Portable):
    """One aggregate with an optional ``FILTER (WHERE ...)``.

    name: count | count_distinct | total | avg | min | max | percentile | burst.
    ``text`` marks min/max over text (compared bytewise).
    """

    arg_types = {"this": True, "expressions": False, "filter": False, "text": False}

    def lower(self, dialect):
        name = self.args["this"]
        args = list(self.args.get("expressions") or [])
        pg = dialect == "postgres"
        node: exp.Expression
        wrap = None
        if name == "count":
            node = exp.Count(this=args[0] if args else exp.Star())
        elif name == "count_distinct":
            node = exp.Count(this=exp.Distinct(expressions=[args[0]]))
        elif name == "total":
            if pg:
                node = exp.Sum(this=cast(args[0], FLOAT))
                wrap = lambda agg: exp.Coalesce(this=agg, expressions=[cast(num(0), FLOAT)])  # noqa: E731
            else:
                node = fn("TOTAL", args[0])
        elif name == "avg":
            node = exp.Avg(this=cast(args[0], FLOAT) if pg else args[0])
        elif name in ("min", "max"):
            value = args[0]
            if pg and self.args.get("text"):
                value = exp.Collate(this=value, expression=ident("C"))
            node = (exp.Min if name == "min" else exp.Max)(this=value)
        elif name == "percentile":
            if pg:
                share = fn("ap_least", fn("ap_greatest", cast(args[1], FLOAT), cast(num(0), FLOAT)),
                           cast(num(1), FLOAT))
                node = exp.WithinGroup(this=exp.PercentileCont(this=share),
                                       expression=exp.Order(expressions=[ordered(cast(args[0], FLOAT))]))
            else:
                node = fn("ap_percentile", *args)
        elif name == "burst":
            if pg:  # one ordered-set aggregate (the width its direct argument): computed once
                # per group however often the rule names it (postgres_functions.sql)
                node = exp.WithinGroup(this=fn("ap_burst_within", cast(args[1], FLOAT)),
                                       expression=exp.Order(expressions=[ordered(cast(args[0], FLOAT))]))
            else:
                node = fn("ap_burst", *args)
        else:  # pragma: no cover - the compiler only builds the names above
            raise TypeError(f"no aggregate {name!r}")
        condition = self.args.get("filter")
        if condition is not None:
            node = exp.Filter(this=node, expression=exp.Where(this=condition))
        return wrap(node) if wrap else node


class Lookup(Portable):
    """The value a history table holds for some keys (null when it holds none).

    this: the table's name; expressions: the key values, in the order of ``columns``;
    columns: the table's key columns; nullsafe: per key, whether null matches null;
    value: the value column; pgtype: its type.

    SQLite looks it up with a correlated subquery (the materialized table gets an
    automatic index). PostgreSQL indexes no CTE, so there the table is one JSON object
    from keys to values (``Keyed``), read once per statement, and each look-up is one
    key access, not a scan of the table per row.
    """

    arg_types = {"this": True, "expressions": True, "columns": True, "nullsafe": True, "value": True,
                 "pgtype": True}

    def lower(self, dialect):
        name = self.args["this"]
        args = list(self.args["expressions"])
        columns, nullsafe = self.args["columns"], self.args["nullsafe"]
        if dialect == "sqlite":
            conditions = [(exp.Is if safe else exp.EQ)(this=col(column, name), expression=arg)
                          for column, arg, safe in zip(columns, args, nullsafe)]
            return subquery(select(col(self.args["value"], name), from_=table(name), where=and_plain(conditions)))
        found = fn("jsonb_extract_path_text", subquery(select(col("map", name), from_=table(name))),
                   cast(fn("jsonb_build_array", *args), "TEXT"))
        value = cast(found, self.args["pgtype"])
        strict = [arg.copy() for arg, safe in zip(args, nullsafe) if not safe]
        if not strict:
            return value
        # a key compared with = matches nothing when null (a JSON null would match)
        test = exp.Is(this=strict[0], expression=exp.Null())
        for arg in strict[1:]:
            test = exp.Or(this=test, expression=exp.Is(this=arg, expression=exp.Null()))
        return exp.Case(ifs=[exp.If(this=test, true=exp.Null())], default=value)


class Keyed(Portable):
    """A history table's query: as it is on SQLite; on PostgreSQL one row holding a JSON
    object from each row's keys (a JSON array as text) to its value (see ``Lookup``)."""

    arg_types = {"this": True, "columns": True, "value": True}

    def lower(self, dialect):
        query = self._arg("this")
        if dialect == "sqlite":
            return query
        key = cast(fn("jsonb_build_array", *(col(c, "t") for c in self.args["columns"])), "TEXT")
        return select(alias(fn("jsonb_object_agg", key, col(self.args["value"], "t")), "map"),
                      from_=subquery(query, "t"))


def and_plain(conditions: list[exp.Expression]) -> exp.Expression:
    node = conditions[0]
    for condition in conditions[1:]:
        node = exp.And(this=node, expression=condition)
    return node


# Nodes that print as one operand in every dialect: no parentheses needed around them.
_ATOMIC = (exp.Paren, exp.Column, exp.Literal, exp.Placeholder, exp.Null, exp.Func, exp.Subquery, exp.Case,
           Param, Real, AsReal, Whole, Ratio, Modulo, Extreme, Round, Sqrt, Slug, Concat, Contains, TimeMs,
           MillisBetween, JsonValue, Aggregate, Lookup, GroupKey)


# ------------------------------------------------------------------ rendering
def lower(tree: exp.Expression, dialect: str) -> exp.Expression:
    """A copy of ``tree`` with every portable node replaced by the dialect's SQL."""
    check_dialect(dialect)
    return _lower(tree.copy(), dialect)


def _lower(node: exp.Expression, dialect: str) -> exp.Expression:
    for key, value in list(node.args.items()):
        if isinstance(value, exp.Expression):
            node.set(key, _lower(value, dialect))
        elif isinstance(value, list):
            node.set(key, [_lower(v, dialect) if isinstance(v, exp.Expression) else v for v in value])
    if isinstance(node, Portable):
        return node.lower(dialect)    # built from lowered children, of plain nodes only
    if dialect == "postgres":
        if isinstance(node, exp.Table) and node.args.get("indexed") is not None:
            node.set("indexed", None)
        elif isinstance(node, exp.Literal) and node.is_string and "%" in node.this:
            # psycopg (pyformat) reads every % of the statement, in literals too
            node.set("this", node.this.replace("%", "%%"))
    return node


def render(tree: exp.Expression, dialect: str, pretty: bool = False) -> str:
    # lower() made a fresh tree (and checked the dialect): the generator need not copy it again
    lowered = lower(tree, dialect)
    return _GENERATORS[dialect](pretty).generate(lowered, copy=False)


def _generator(dialect: str):
    from sqlglot.dialects.dialect import Dialect
    instance = Dialect.get_or_raise(dialect)
    return lambda pretty: instance.generator(pretty=pretty)


_GENERATORS = {d: _generator(d) for d in DIALECTS}


def params_of(tree: exp.Expression) -> list[str]:
    """The names of the parameters a tree binds, in first-use order (read from the tree)."""
    seen: dict[str, None] = {}
    for node in tree.find_all(Param):
        seen.setdefault(node.name, None)
    return list(seen)


def tables_of(tree: exp.Expression) -> set[str]:
    """The tables a tree reads: its table nodes, and the history tables its look-ups read."""
    return {node.name for node in tree.find_all(exp.Table)} | {node.args["this"] for node in tree.find_all(Lookup)}


def ordered_terms(terms: Iterable[tuple[exp.Expression, bool]]) -> exp.Order:
    return exp.Order(expressions=[ordered(node, desc) for node, desc in terms])
