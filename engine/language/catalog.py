"""The catalog: what a rule may read (sources and their typed columns) and call.

It is data, not code paths: checks validate names and types against it, and the
compiler builds each column's SQL from it. Column SQL is described once, as expression
trees built with the compiler's vocabulary (engine/compile/nodes.py, handed in as ``q``)
and rendered per database by the compiler; nothing here is SQL text. Everything in
those trees is written by autopattern, never taken from a rule file (bar an attrs key,
which is a string literal node), so a rule can only ever name them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable

from sqlglot import exp
import re

# The types of the language. Durations are milliseconds; times are stored UTC text.
NUMBER, TEXT, BOOL, TIME, DURATION, NULL, ANY = "number", "text", "bool", "time", "duration", "null", "any"


@dataclass(frozen=True)
class Column:
    """A column a rule may read, with how to build its SQL.

    ``build`` (and ``key``) take the compiler's SQL vocabulary ``q``
    (engine/compile/nodes.py) and return an expression node over the source's rows
    (alias "src"). The catalog never imports the compiler: it only describes, the
    compiler hands it the vocabulary, and renders the tree per database. A BOOL column
    builds a condition (a stored 0/1 is wrapped in ``q.Truthy``).
    """

    name: str
    type: str
    build: Callable[[Any], Any]
    key: Callable[[Any], Any] | None = None   # what grouping uses when it differs (an id, not its text)
    key_name: str | None = None                # the name of that key in a finding's key
    key_type: str | None = None
    description: str = ""
    nullable: bool = True                      # False: the store never holds a null (NOT NULL)

    def group(self, q):
        return (self.key or self.build)(q)

    @property
    def group_name(self) -> str:
        return self.key_name or self.name

    @property
    def group_type(self) -> str:
        return self.key_type or self.type

    @property
    def has_key(self) -> bool:
        return self.key is not None


ATTRS_PREFIX = "attrs."
# What an extra field may be called in a rule: identifier-like, dots and dashes inside
# (OTLP's service.name, k8s.pod-name). Nothing else reaches the SQL.
ATTR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:[.-][A-Za-z0-9_]+)*")


def is_attr(name: str) -> bool:
    """Whether a rule name refers to an extra field (``attrs.NAME``)."""
    return name.startswith(ATTRS_PREFIX)


def attr_name_problem(name: str) -> str | None:
    """Why ``attrs.NAME`` is not a valid extra-field reference, or None."""
    field_name = name[len(ATTRS_PREFIX):]
    if not field_name:
        return "attrs. needs a field name, e.g. attrs.runner"
    if not ATTR_NAME.fullmatch(field_name):
        return (f"invalid field name {field_name!r} after attrs.: use letters, digits and _, "
                "with . or - between them, starting with a letter or _")
    return None


@dataclass(frozen=True)
class Source:
    name: str
    from_: Callable[[Any], Any]                # the FROM item (table "src", or a join)
    columns: dict[str, Column]
    description: str = ""
    id_column: str | None = "id"    # what evidence lists
    time_column: str | None = "ts"  # what orders evidence (newest first)
    table: str | None = None        # the table retention may delete from (None: read-only)
    attrs: bool = False             # rows carry an "attrs" JSON object of extra fields
    join: Callable[[Any], Any] | None = None   # a join after the FROM table (pattern_usage's runs)

    def column(self, name: str) -> Column | None:
        """The column ``name`` of this source: a catalog column, or (for a source whose rows
        carry attrs) a dynamic one; the one place the compiler resolves a name."""
        found = self.columns.get(name)
        if found is None and self.attrs and is_attr(name) and attr_name_problem(name) is None:
            return attrs_column(name[len(ATTRS_PREFIX):])
        return found


def resolve_column(source: Source, name: str) -> Column | None:
    """``source.column(name)``, as a function."""
    return source.column(name)




def attrs_column(key: str) -> Column:
    """``attrs.KEY``: the text value of KEY in the row's "attrs" JSON object (null when absent).

    KEY reaches the SQL only as a string literal node (a JSON path on SQLite, a jsonb key
    on PostgreSQL), never as pasted text.
    """
    return Column(f"{ATTRS_PREFIX}{key}", TEXT, lambda q: q.JsonValue(this=q.col("attrs"), key=key, as_text=True),
                  description=f"the value of {key!r} in the event's extra fields")


def _cols(*columns: Column) -> dict[str, Column]:
    return {c.name: c for c in columns}


def _plain(name: str, type_: str, description: str = "", table: str = "src", stored: str | None = None,
           nullable: bool = True) -> Column:
    """A stored column; a stored 0/1 flag (type BOOL) is read as a condition. ``nullable``
    False says the schema declares it NOT NULL on both stores (the compiler may then sort
    it in the order of its indexes)."""
    column = stored or name
    if type_ == BOOL:
        return Column(name, type_, lambda q: q.Truthy(this=q.col(column, table)), description=description,
                      nullable=nullable)
    return Column(name, type_, lambda q: q.col(column, table), description=description, nullable=nullable)


def _template_text(q, id_column: str):
    """The text of a template by id (a correlated look-up)."""
    return q.subquery(q.select(q.col("template", None), from_=q.table("templates"),
                               where=exp.EQ(this=q.col("id", "templates"), expression=q.col(id_column))))


def _templated(name: str, id_column: str, description: str) -> Column:
    return Column(name, TEXT, lambda q: _template_text(q, id_column), key=lambda q: q.col(id_column),
                  key_name=id_column, key_type=NUMBER, description=description)


# Correlated look-ups some columns need; each reads indexed columns of one row's neighbours.
def _anti_pattern_known(q):
    def subject(kind: str, value):
        return exp.Paren(this=exp.And(this=exp.EQ(this=q.col("subject_kind", "a"), expression=q.text(kind)),
                                      expression=value))
    error_templates = q.select(q.cast(q.col("message_template_id", "e"), "TEXT"), from_=q.table("error_events", "e"),
                               where=exp.EQ(this=q.col("execution_id", "e"), expression=q.col("id")))
    match = exp.Or(
        this=exp.Or(this=subject("pattern", exp.EQ(this=q.col("subject", "a"), expression=q.col("pattern_id"))),
                    expression=subject("operation", exp.EQ(this=q.col("subject", "a"),
                                                           expression=q.col("operation")))),
        expression=subject("error_template", exp.In(this=q.col("subject", "a"),
                                                    query=q.subquery(error_templates))))
    return exp.Paren(this=exp.Exists(this=q.select(q.num(1), from_=q.table("anti_patterns", "a"), where=match)))


# Quarantined work: the run's operation or pattern is quarantined (an anti-pattern quarantined
# it, or a person did), so no pack drafts, suggests or heals it. The subqueries do not depend
# on the row, so SQLite runs each once and probes its result per row (a correlated EXISTS
# tripled AUTO-001's time at 280k runs); COALESCE keeps a null operation or pattern id false.
def _quarantined_operations(q):
    return q.subquery(q.select(q.col("subject", "q"), from_=q.table("anti_patterns", "q"), where=q.and_(
        exp.EQ(this=q.col("quarantined", "q"), expression=q.num(1)),
        exp.EQ(this=q.col("subject_kind", "q"), expression=q.text("operation")))))


def _quarantined_patterns(q):
    by_anti_pattern = q.select(q.col("subject", "q"), from_=q.table("anti_patterns", "q"), where=q.and_(
        exp.EQ(this=q.col("quarantined", "q"), expression=q.num(1)),
        exp.EQ(this=q.col("subject_kind", "q"), expression=q.text("pattern"))))
    by_status = q.select(q.col("id", "qp"), from_=q.table("pattern_candidates", "qp"),
                         where=exp.EQ(this=q.col("status", "qp"), expression=q.text("quarantined")))
    return q.subquery(exp.Union(this=by_anti_pattern, expression=by_status, distinct=False))


def _is_in(value, rows):
    """``value IN rows``, false (not null) when value is null."""
    return exp.Coalesce(this=exp.In(this=value, query=rows), expressions=[exp.false()])


def _work_quarantined(q):
    return exp.Paren(this=exp.Or(this=_is_in(q.col("operation"), _quarantined_operations(q)),
                                 expression=_is_in(q.col("pattern_id"), _quarantined_patterns(q))))


def _pattern_quarantined(q):
    """A registry pattern is out of service when it is quarantined itself or the operation of
    its group key is (a quarantine never lifts by itself, so neither does this)."""
    return exp.Paren(this=exp.Or(
        this=exp.EQ(this=q.col("status"), expression=q.text("quarantined")),
        expression=_is_in(_key_or_field("operation")(q), _quarantined_operations(q))))


# Runs of a pattern are read through idx_exec_pattern by name (on SQLite): planner
# statistics count the runs without a pattern as one huge key, so left to itself SQLite
# builds an automatic index over every execution instead (1.4 s at 1M rows, against 4 ms).
def _uses(status: str | None):
    def build(q):
        where = exp.EQ(this=q.col("pattern_id", "u"), expression=q.col("id"))
        if status:
            where = exp.And(this=where, expression=exp.EQ(this=q.col("status", "u"), expression=q.text(status)))
        return q.subquery(q.select(exp.Count(this=exp.Star()),
                                   from_=q.table("execution_logs", "u", index="idx_exec_pattern"), where=where))
    return build


def _last_used(q):
    return q.subquery(q.select(q.Aggregate(this="max", expressions=[q.col("ts", "u")], text=True),
                               from_=q.table("execution_logs", "u"),
                               where=exp.EQ(this=q.col("pattern_id", "u"), expression=q.col("id"))))


def _key_or_field(name: str, number: bool = False):
    """A value of a registry pattern's group key, else of its emitted fields."""
    def build(q):
        return exp.Coalesce(this=q.JsonValue(this=q.col("group_key"), key=name, number=number),
                            expressions=[q.JsonValue(this=q.col("fields"), key=name, number=number)])
    return build


def _candidate_status(kind: str, *keys: tuple[str, bool]):
    """The registry status of the candidate of ``kind`` whose group key has this row's ``keys``.

    Lets a rule follow the registry's verdict on a row's group (e.g. AUTO-008 drafts
    templates only for work that AUTO-001 or AUTO-002 made a candidate of); an approved
    candidate wins over a draft, then the smallest id. ``keys`` are (column, is a number).
    The candidates are ranked once per statement into a history table (q.history), which
    each row looks up by its keys (null matching null), instead of each row querying the
    registry and parsing its JSON again.
    """
    columns = [key for key, _ in keys]

    def build(q):
        def table():
            c = lambda name: q.col(name, "c")  # noqa: E731
            values = [q.JsonValue(this=c("group_key"), key=key, number=number) for key, number in keys]
            approved = q.AsInt(this=exp.EQ(this=c("status"), expression=q.text("approved")))
            rank = exp.Window(this=exp.RowNumber(), partition_by=[v.copy() for v in values],
                              order=exp.Order(expressions=[q.ordered(approved, True),
                                                           q.ordered(q.Bytewise(this=c("id")))]))
            ranked = q.select(*(q.alias(v, key) for v, key in zip(values, columns)), q.alias(c("status"), "status"),
                              q.alias(rank, "rank"), from_=q.table("pattern_candidates", "c"),
                              where=exp.EQ(this=c("kind"), expression=q.text(kind)))
            best = q.select(*(q.col(key, None) for key in columns), q.col("status", None),
                            from_=q.subquery(ranked, "ranked"),
                            where=exp.EQ(this=q.col("rank", None), expression=q.num(1)))
            return q.Keyed(this=best, columns=columns, value="status")
        name = q.history(("candidate_status", kind, *columns), table)
        return q.Lookup(this=name, expressions=[q.col(key) for key in columns], columns=columns,
                        nullsafe=[True] * len(columns), value="status", pgtype="TEXT")
    return build


def _pattern_status(q):
    return q.subquery(q.select(q.col("status", "pattern_candidates"), from_=q.table("pattern_candidates"),
                               where=exp.EQ(this=q.col("id", "pattern_candidates"), expression=q.col("pattern_id"))))


def _error_pattern_status(q):
    active = q.AsInt(this=exp.EQ(this=q.col("status", "error_patterns"), expression=q.text("active")))
    return q.subquery(q.select(
        q.col("status", "error_patterns"), from_=q.table("error_patterns"),
        where=exp.EQ(this=q.col("message_template_id", "error_patterns"), expression=q.col("message_template_id")),
        order=[q.ordered(active, True)], limit=q.num(1)))


def _has_content(q):
    return exp.Paren(this=exp.Is(this=q.col("content"), expression=exp.Null(), negate=True))


def _from(name: str):
    return lambda q: q.table(name, "src")


# Every registry pattern with each run that used it, read through idx_exec_pattern on SQLite.
def _pattern_usage_from(q):
    return exp.Join(this=q.table("execution_logs", "src", index="idx_exec_pattern"), side="LEFT",
                    on=exp.EQ(this=q.col("pattern_id"), expression=q.col("id", "p")))


SOURCES: dict[str, Source] = {
    "executions": Source(
        "executions", _from("execution_logs"),
        _cols(
            _plain("id", TEXT, "the event id"),
            _plain("ts", TIME, "when the run finished", nullable=False),
            _plain("operation", TEXT, "what kind of work"),
            _plain("command", TEXT, "the concrete command"),
            _templated("command_template", "command_template_id", "the command with its values masked"),
            _plain("command_template_id", NUMBER, "id of the command's template"),
            _plain("status", TEXT, "success | failure | skipped"),
            _plain("duration_ms", NUMBER, "run time in milliseconds"),
            _plain("pattern_id", TEXT, "the pattern the run used, if any"),
            _plain("actor", TEXT, "who or what ran it"),
            _plain("source", TEXT, "where the event came from (jsonl, otlp, junit, ...)"),
            Column("pattern_status", TEXT, _pattern_status,
                   description="the registry status of the pattern the run used"),
            Column("anti_pattern_known", BOOL, _anti_pattern_known,
                   description="an anti-pattern entry names this run's pattern, its operation or the "
                               "template of an error it raised"),
            Column("quarantined", BOOL, _work_quarantined,
                   description="the run's operation or pattern is quarantined (by an anti-pattern or a "
                               "person): work no pack drafts, suggests or heals"),
            Column("candidate_status", TEXT,
                   _candidate_status("pattern_candidate", ("operation", False), ("command_template_id", True)),
                   description="the registry status of the pattern candidate of this run's work (same "
                               "operation and command template); null when there is none"),
        ),
        "execution_logs: one row per run of an operation",
        table="execution_logs", attrs=True,
    ),
    "files": Source(
        "files", _from("file_events"),
        _cols(
            _plain("id", TEXT), _plain("ts", TIME, nullable=False), _plain("path", TEXT),
            _templated("path_template", "path_template_id", "the path with its values masked"),
            _templated("content_template", "content_template_id", "the structural signature of the content"),
            _plain("path_template_id", NUMBER), _plain("content_template_id", NUMBER),
            _plain("action", TEXT, "created | modified | deleted"),
            _plain("size", NUMBER, "bytes"), _plain("execution_id", TEXT),
            Column("has_content", BOOL, _has_content, description="the content was reported"),
            _plain("content", TEXT, "the file's text, when the reporter sent it (AUTO-008 builds templates from it)"),
            Column("candidate_status", TEXT,
                   _candidate_status("batch_pattern", ("path_template_id", True), ("content_template_id", True)),
                   description="the registry status of the batch-pattern candidate of this file's group "
                               "(same path and content template); null when there is none"),
            _plain("source", TEXT),
        ),
        "file_events: files created, modified or deleted",
        table="file_events", attrs=True,
    ),
    "errors": Source(
        "errors", _from("error_events"),
        _cols(
            _plain("id", TEXT), _plain("ts", TIME, nullable=False), _plain("message", TEXT),
            _templated("message_template", "message_template_id", "the message with its values masked"),
            _plain("message_template_id", NUMBER),
            _plain("error_type", TEXT), _plain("execution_id", TEXT), _plain("resolution", TEXT),
            _templated("resolution_template", "resolution_template_id", "the fix with its values masked"),
            _plain("resolution_template_id", NUMBER),
            _plain("resolved", BOOL, "whether the resolution fixed it"),
            _plain("resolution_ms", NUMBER, "time from the error to the fix"),
            _plain("source", TEXT),
            Column("error_pattern_status", TEXT, _error_pattern_status,
                   description="active | resolved: the learned error pattern of this message, if any"),
        ),
        "error_events: errors and how they were resolved",
        table="error_events", attrs=True,
    ),
    "patterns": Source(
        "patterns", _from("pattern_candidates"),
        _cols(
            _plain("id", TEXT), _plain("kind", TEXT), _plain("status", TEXT), _plain("name", TEXT),
            _plain("pack", TEXT), _plain("rule", TEXT), _plain("confidence", NUMBER),
            _plain("decided_by", TEXT), _plain("created", TIME), _plain("updated", TIME, nullable=False),
            _plain("version", NUMBER),
            Column("operation", TEXT, _key_or_field("operation"), description="the operation of its group key"),
            Column("command_template_id", NUMBER, _key_or_field("command_template_id", number=True),
                   description="the command template of its group key"),
            Column("path_template_id", NUMBER, _key_or_field("path_template_id", number=True),
                   description="the path template of its group key"),
            Column("quarantined", BOOL, _pattern_quarantined,
                   description="quarantined itself, or the operation of its group key is"),
            Column("uses", NUMBER, _uses(None), description="runs that used it (all time)"),
            Column("successes", NUMBER, _uses("success"), description="successful runs that used it (all time)"),
            Column("last_used", TIME, _last_used, description="its newest run"),
        ),
        "pattern_candidates: the registry's index",
        time_column="updated",
    ),
    "pattern_usage": Source(
        "pattern_usage", lambda q: q.table("pattern_candidates", "p"),
        _cols(
            _plain("pattern_id", TEXT, table="p", stored="id"), _plain("kind", TEXT, table="p"),
            _plain("status", TEXT, table="p"), _plain("name", TEXT, table="p"),
            _plain("confidence", NUMBER, table="p"), _plain("created", TIME, table="p"),
            _plain("run_id", TEXT, stored="id"), _plain("run_ts", TIME, stored="ts"),
            _plain("run_status", TEXT, stored="status"), _plain("run_duration_ms", NUMBER, stored="duration_ms"),
            _plain("operation", TEXT),
        ),
        "every registry pattern with each run that used it (runs are null for unused patterns)",
        id_column="run_id", time_column="run_ts", join=_pattern_usage_from, attrs=True,
    ),
    "pattern_metrics": Source(
        "pattern_metrics", _from("pattern_metrics"),
        _cols(
            _plain("run_id", TEXT), _plain("pattern_id", TEXT), _plain("ts", TIME, nullable=False), _plain("uses", NUMBER),
            _plain("successes", NUMBER), _plain("failures", NUMBER), _plain("success_rate", NUMBER),
            _plain("avg_duration_ms", NUMBER), _plain("time_saved_ms", NUMBER),
        ),
        "pattern_metrics: a snapshot of each pattern per evaluation run",
        id_column="run_id",
    ),
    "evaluation_runs": Source(
        "evaluation_runs", _from("evaluation_runs"),
        _cols(_plain("id", TEXT), _plain("ts", TIME, stored="now", nullable=False), _plain("status", TEXT),
              _plain("dry_run", BOOL)),
        "evaluation_runs: every evaluation, with its now",
    ),
}

@dataclass(frozen=True)
class Function:
    name: str
    aggregate: bool
    args: tuple[str, ...]           # argument types; ANY accepts all
    returns: str                    # a type, or "arg0" for the type of the first argument
    variadic: bool = False          # the last argument type repeats
    optional: int = 0               # how many trailing arguments may be left out
    description: str = ""
    example: str = ""
    literal_args: tuple[int, ...] = field(default=())  # positions that must be constant
    # The position of a duration that bounds how far back a history look-up reads: every
    # such function takes one, so its cost follows that window and not the whole history.
    lookback: int | None = None
    # How its SQL is built: build(q, call) with q the compiler's vocabulary and call a
    # Call (engine/compile/sql.py): its compiled arguments, their types, the aggregate
    # filter, and the run's now / history tables. Set below, next to each other.
    build: Callable[[Any, Any], Any] | None = None


FUNCTIONS: dict[str, Function] = {f.name: f for f in (
    # aggregates: computed over the rows of a group; all accept a trailing `where` filter
    Function("count", True, (ANY,), NUMBER, optional=1, description="rows (or non-null values)",
             example="count(where status == \"failure\")"),
    Function("rate", True, (BOOL,), NUMBER, description="share of rows where the condition holds (0..1)",
             example="rate(status == \"success\")"),
    Function("sum", True, (NUMBER,), NUMBER, description="sum of values", example="sum(duration_ms)"),
    Function("avg", True, (NUMBER,), NUMBER, description="mean of values", example="avg(duration_ms)"),
    Function("min", True, (ANY,), "arg0", description="smallest value", example="min(ts)"),
    Function("max", True, (ANY,), "arg0", description="largest value", example="max(ts)"),
    Function("distinct", True, (ANY,), NUMBER, description="number of distinct values", example="distinct(actor)"),
    Function("percentile", True, (NUMBER, NUMBER), NUMBER, literal_args=(1,),
             description="the p-th percentile (p in 0..1), interpolated", example="percentile(duration_ms, 0.95)"),
    Function("median", True, (NUMBER,), NUMBER, description="the 50th percentile", example="median(duration_ms)"),
    Function("stdev", True, (NUMBER,), NUMBER, description="population standard deviation", example="stdev(duration_ms)"),
    Function("spread", True, (NUMBER,), NUMBER,
             description="coefficient of variation (stdev / mean), clamped to 0..1: 0 = every value alike",
             example="1 - spread(duration_ms)"),
    Function("burst", True, (TIME, DURATION), NUMBER, literal_args=(1,),
             description="the most rows of the group that fall within one window of the given length "
                         "(sliding): how many happened close together, e.g. files created within 24 h "
                         "of each other", example="burst(ts, 24h) >= 2"),
    Function("sample", True, (ANY, NUMBER), ANY, optional=1, literal_args=(1,),
             description="the newest N values (default 10), listed as a finding's evidence",
             example="sample(id, 5)"),
    # scalars
    Function("clamp", False, (NUMBER, NUMBER, NUMBER), NUMBER, description="x limited to lo..hi",
             example="clamp(score, 0, 1)"),
    Function("ramp", False, (NUMBER, NUMBER, NUMBER), NUMBER,
             description="0 at lo, 1 at hi, linear between, clamped", example="ramp(count(), 3, 10)"),
    Function("round", False, (NUMBER, NUMBER), NUMBER, optional=1, description="round to n decimals",
             example="round(rate(resolved), 2)"),
    Function("abs", False, (NUMBER,), NUMBER, description="absolute value", example="abs(change)"),
    Function("least", False, (NUMBER, NUMBER), NUMBER, variadic=True, description="the smallest argument",
             example="least(1, score)"),
    Function("greatest", False, (NUMBER, NUMBER), NUMBER, variadic=True, description="the largest argument",
             example="greatest(0, change)"),
    Function("coalesce", False, (ANY, ANY), "arg0", variadic=True, description="the first non-null argument",
             example="coalesce(avg(duration_ms), 0)"),
    Function("ratio", False, (NUMBER, NUMBER), NUMBER, description="a / b, null when b is 0",
             example="ratio(count(where ts within 7d), count(where ts within 14d .. 7d ago))"),
    Function("slug", False, (ANY,), TEXT, variadic=True,
             description="a lower-case, dash-separated name made of the arguments", example="slug(operation, command_template)"),
    Function("concat", False, (ANY,), TEXT, variadic=True, description="the arguments joined as text",
             example="concat(\"use \", pattern_id)"),
    Function("lower", False, (TEXT,), TEXT, description="lower case", example="lower(operation)"),
    Function("starts_with", False, (TEXT, TEXT), BOOL, description="text begins with prefix",
             example="starts_with(path, \"src/\")"),
    Function("contains", False, (TEXT, TEXT), BOOL, description="text contains part",
             example="contains(message, \"timeout\")"),
    Function("age", False, (TIME,), DURATION, description="how long before the run's now a time is",
             example="age(max(ts)) > 14d"),
    Function("hours", False, (NUMBER,), NUMBER, description="a duration (ms) in hours", example="hours(sum(duration_ms))"),
    Function("days", False, (NUMBER,), NUMBER, description="a duration (ms) in days", example="days(age(min(ts)))"),
    Function("work_runs", False, (TEXT, NUMBER, DURATION, TEXT), NUMBER, optional=1, literal_args=(2, 3),
             lookback=2,
             description="runs of an operation with a command template in the lookback (a duration ending at "
                         "now; the optional fourth argument counts only runs of that status): how often this "
                         "work recurs", example="work_runs(operation, command_template_id, 90d) >= 3"),
    Function("pattern_for", False, (TEXT, NUMBER, DURATION), TEXT, literal_args=(2,), lookback=2,
             description="the pattern to use for an operation with a command template: the one its runs in the "
                         "lookback used most, else an approved registry pattern for it; never a rejected or "
                         "quarantined one; null when none",
             example="pattern_for(operation, command_template_id, 90d) is null"),
    Function("pattern_name", False, (TEXT,), TEXT,
             description="the registry name of a pattern id (the id itself when the registry has none)",
             example="concat(\"use \", pattern_name(pattern_id))"),
    Function("manual_avg_ms", False, (TEXT, DURATION), NUMBER, literal_args=(1,), lookback=1,
             description="mean duration of the runs of an operation in the lookback that used no pattern "
                         "(the baseline for time saved)", example="manual_avg_ms(operation, 90d)"),
)}

AGGREGATES = frozenset(name for name, f in FUNCTIONS.items() if f.aggregate)


# ------------------------------------------------------------------ the SQL of each function
# Each builder returns one expression tree; the compiler renders it per database. Every
# aggregate a builder makes takes the call's `where` filter (call.agg copies it in).

def _op(q, kind, a, b):
    return exp.Paren(this=kind(this=q.paren(a), expression=q.paren(b)))


def _avg(q, call, value):
    return call.agg("avg", value)


def _stdev(q, call):
    x = call.args[0]
    # the square in floating point: an integer square passes 2**63 from 3.1e9 on (SQLite
    # would switch to REAL there, PostgreSQL's bigint would fail)
    mean_square = call.agg("avg", _op(q, exp.Mul, q.AsReal(this=x.copy()), q.AsReal(this=x.copy())))
    square_mean = _op(q, exp.Mul, call.agg("avg", x.copy()), call.agg("avg", x.copy()))
    variance = exp.Sub(this=mean_square, expression=square_mean)
    return q.Sqrt(this=q.Extreme(expressions=[variance, q.Real(this="0.0")], greatest=True))


def _spread(q, call):
    relative = q.Ratio(this=_stdev(q, call), expression=exp.Abs(this=call.agg("avg", call.args[0].copy())))
    return q.Extreme(expressions=[q.Real(this="1.0"), exp.Coalesce(this=relative, expressions=[q.Real(this="0.0")])])


def _rate(q, call):
    share = exp.Case(ifs=[exp.If(this=call.args[0], true=q.Real(this="1.0"))], default=q.Real(this="0.0"))
    return call.agg("avg", share)


def _minmax(name):
    return lambda q, call: call.agg(name, call.args[0], text=call.types[0] in (TEXT, TIME))


def _clamp(q, call):
    x, low, high = call.args
    return q.Extreme(expressions=[q.Extreme(expressions=[x, low], greatest=True), high])


def _ramp(q, call):
    x, low, high = call.args
    share = q.Ratio(this=_op(q, exp.Sub, x, low), expression=_op(q, exp.Sub, high, low.copy()))
    return q.Extreme(expressions=[q.Extreme(expressions=[share, q.Real(this="0.0")], greatest=True),
                                  q.Real(this="1.0")])


def _round(q, call):
    digits = call.args[1] if len(call.args) > 1 else q.num(0)
    return q.Round(this=call.args[0], expression=digits)


def _per(unit: str):
    return lambda q, call: exp.Paren(this=exp.Div(this=q.paren(call.args[0]), expression=q.Real(this=unit), typed=True))


# History look-ups: each reads its lookback once, into a table named in the WITH clause
# (call.history), computed once per statement however many rows or groups look into it.
# On SQLite they read idx_exec_group by name: with planner statistics SQLite skip-scans it
# (each work's window, covering); left to choose, it took the pattern index for runs
# without a pattern and read the table row by row.

def _window(q, call, since, alias=None):
    ts = q.col("ts", alias)
    return exp.And(this=exp.GT(this=ts, expression=since), expression=exp.LTE(this=ts.copy(), expression=call.now()))


_WORK = ["operation", "command_template_id"]


def _work_lookup(q, name, operation, template_id, value, pgtype):
    """The value of a per-work history table for (operation, template); templates match null-safe."""
    return q.Lookup(this=name, expressions=[operation, template_id], columns=_WORK, nullsafe=[False, True],
                    value=value, pgtype=pgtype)


def _work_runs(q, call):
    """Runs per work in the lookback, counted once and then looked up per row or group.

    With migration v6's (operation, command_template_id, ts, ...) index and planner
    statistics, SQLite skip-scans the works and seeks each one's window, so the count
    costs the window's rows whatever the history holds.
    """
    operation, template_id, since = call.args[:3]
    status = call.args[3] if len(call.args) > 3 else None

    def table():
        where = _window(q, call, since.copy(), None)
        if status is not None:
            where = exp.And(this=where, expression=exp.EQ(this=q.col("status", None), expression=status.copy()))
        return q.Keyed(this=q.select(q.col("operation", None), q.col("command_template_id", None),
                                     q.alias(exp.Count(this=exp.Star()), "value"),
                                     from_=q.table("execution_logs", index="idx_exec_group"), where=where,
                                     group=[q.col("operation", None), q.col("command_template_id", None)]),
                       columns=_WORK, value="value")
    name = call.history(("work_runs", since, status), table)
    return exp.Coalesce(this=_work_lookup(q, name, operation, template_id, "value", "BIGINT"),
                        expressions=[q.num(0)])


def _pattern_for(q, call):
    """The most used allowed pattern per work in the lookback, else an approved one.

    Rejected and quarantined patterns are left out per (work, pattern) group, after
    counting, so the registry is consulted once per pattern and work, not per run.
    """
    operation, template_id, since = call.args

    def table():
        o = lambda name: q.col(name, "o")  # noqa: E731
        rank = exp.Window(this=exp.RowNumber(), partition_by=[o("operation"), o("command_template_id")],
                          order=exp.Order(expressions=[q.ordered(exp.Count(this=exp.Star()), True),
                                                       q.ordered(q.Bytewise(this=o("pattern_id")))]))
        rejected = q.select(q.num(1), from_=q.table("pattern_candidates", "q"), where=exp.And(
            this=exp.EQ(this=q.col("id", "q"), expression=o("pattern_id")),
            expression=exp.In(this=q.col("status", "q"), expressions=[q.text("rejected"), q.text("quarantined")])))
        quarantined = q.select(q.num(1), from_=q.table("anti_patterns", "a"), where=q.and_(
            exp.EQ(this=q.col("subject_kind", "a"), expression=q.text("pattern")),
            exp.EQ(this=q.col("subject", "a"), expression=o("pattern_id")),
            exp.EQ(this=q.col("quarantined", "a"), expression=q.num(1))))
        counted = q.select(o("operation"), o("command_template_id"), o("pattern_id"), q.alias(rank, "rank"),
                           from_=q.table("execution_logs", "o", index="idx_exec_group"),
                           where=q.and_(exp.Is(this=o("pattern_id"), expression=exp.Null(), negate=True),
                                        _window(q, call, since.copy(), "o")),
                           group=[o("operation"), o("command_template_id"), o("pattern_id")],
                           having=exp.And(this=exp.Not(this=exp.Exists(this=rejected)),
                                          expression=exp.Not(this=exp.Exists(this=quarantined))))
        return q.Keyed(this=q.select(q.col("operation", None), q.col("command_template_id", None),
                                     q.col("pattern_id", None), from_=q.subquery(counted, "ranked"),
                                     where=exp.EQ(this=q.col("rank", None), expression=q.num(1))),
                       columns=_WORK, value="pattern_id")
    name = call.history(("pattern_for", since), table)
    used = _work_lookup(q, name, operation, template_id, "pattern_id", "TEXT")
    def approved_table():
        # per work, the approved registry pattern of highest confidence (then smallest id)
        p = lambda name: q.col(name, "p")  # noqa: E731
        values = [q.JsonValue(this=p("group_key"), key="operation"),
                  q.JsonValue(this=p("group_key"), key="command_template_id", number=True)]
        rank = exp.Window(this=exp.RowNumber(), partition_by=[v.copy() for v in values],
                          order=exp.Order(expressions=[q.ordered(p("confidence"), True),
                                                       q.ordered(q.Bytewise(this=p("id")))]))
        ranked = q.select(*(q.alias(v, key) for v, key in zip(values, _WORK)), q.alias(p("id"), "pattern_id"),
                          q.alias(rank, "rank"), from_=q.table("pattern_candidates", "p"),
                          where=exp.EQ(this=p("status"), expression=q.text("approved")))
        best = q.select(*(q.col(key, None) for key in _WORK), q.col("pattern_id", None),
                        from_=q.subquery(ranked, "ranked"), where=exp.EQ(this=q.col("rank", None), expression=q.num(1)))
        return q.Keyed(this=best, columns=_WORK, value="pattern_id")
    approved_name = call.history(("approved_pattern",), approved_table)
    approved = q.Lookup(this=approved_name, expressions=[operation.copy(), template_id.copy()], columns=_WORK,
                        nullsafe=[False, False], value="pattern_id", pgtype="TEXT")
    return exp.Coalesce(this=used, expressions=[approved])


def _pattern_name(q, call):
    pattern = call.args[0]
    look = q.select(q.col("name", "n"), from_=q.table("pattern_candidates", "n"),
                    where=exp.EQ(this=q.col("id", "n"), expression=pattern))
    return exp.Coalesce(this=q.subquery(look), expressions=[pattern.copy()])


def _manual_avg_ms(q, call):
    """Mean duration per operation of its runs in the lookback without a pattern."""
    operation, since = call.args

    def table():
        return q.Keyed(this=q.select(
            q.col("operation", None),
            q.alias(q.Aggregate(this="avg", expressions=[q.col("duration_ms", None)]), "value"),
            from_=q.table("execution_logs", index="idx_exec_group"),
            where=q.and_(exp.Is(this=q.col("pattern_id", None), expression=exp.Null()),
                         _window(q, call, since.copy(), None)),
            group=[q.col("operation", None)]), columns=["operation"], value="value")
    name = call.history(("manual_avg_ms", since), table)
    return q.Lookup(this=name, expressions=[operation], columns=["operation"], nullsafe=[False], value="value",
                    pgtype=q.FLOAT)


_BUILDERS = {
    "count": lambda q, call: call.agg("count", *call.args[:1]),
    "rate": _rate,
    "sum": lambda q, call: call.agg("total", call.args[0]),
    "avg": lambda q, call: call.agg("avg", call.args[0]),
    "min": _minmax("min"),
    "max": _minmax("max"),
    "distinct": lambda q, call: call.agg("count_distinct", call.args[0]),
    "percentile": lambda q, call: call.agg("percentile", call.args[0], call.args[1]),
    "median": lambda q, call: call.agg("percentile", call.args[0], q.Real(this="0.5")),
    "stdev": _stdev,
    "spread": _spread,
    "burst": lambda q, call: call.agg("burst", q.TimeMs(this=call.args[0]), call.args[1]),
    "clamp": _clamp,
    "ramp": _ramp,
    "round": _round,
    "abs": lambda q, call: exp.Abs(this=call.args[0]),
    "least": lambda q, call: q.Extreme(expressions=list(call.args)),
    "greatest": lambda q, call: q.Extreme(expressions=list(call.args), greatest=True),
    "coalesce": lambda q, call: exp.Coalesce(this=call.args[0], expressions=list(call.args[1:])),
    "ratio": lambda q, call: q.Ratio(this=call.args[0], expression=call.args[1]),
    "slug": lambda q, call: q.Slug(expressions=list(call.args)),
    "concat": lambda q, call: q.Concat(expressions=list(call.args)),
    "lower": lambda q, call: exp.Lower(this=call.args[0]),
    "starts_with": lambda q, call: q.StartsWith(this=call.args[0], expression=call.args[1]),
    "contains": lambda q, call: q.Contains(this=call.args[0], expression=call.args[1]),
    "age": lambda q, call: q.MillisBetween(this=call.now(), expression=call.args[0]),
    "hours": _per("3600000.0"),
    "days": _per("86400000.0"),
    "work_runs": _work_runs,
    "pattern_for": _pattern_for,
    "pattern_name": _pattern_name,
    "manual_avg_ms": _manual_avg_ms,
}

FUNCTIONS = {name: replace(spec, build=_BUILDERS.get(name)) for name, spec in FUNCTIONS.items()}
