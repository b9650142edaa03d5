"""The catalog: what a rule may read (sources and their typed columns) and call.

It is data, not code paths: checks validate names and types against it, and the
compiler reads each column's SQL from it. The SQL fragments here are written by
autopattern, never taken from a rule file, so a rule can only ever name them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The types of the language. Durations are milliseconds; times are stored UTC text.
NUMBER, TEXT, BOOL, TIME, DURATION, NULL, ANY = "number", "text", "bool", "time", "duration", "null", "any"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    sql: str                        # expression over the source's rows (alias "src")
    key_sql: str | None = None      # what grouping uses when it differs (an id, not its text)
    key_name: str | None = None     # the name of that key in a finding's key
    description: str = ""

    @property
    def group_sql(self) -> str:
        return self.key_sql or self.sql

    @property
    def group_name(self) -> str:
        return self.key_name or self.name


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


def sql_text_literal(text: str) -> str:
    """``text`` as a single-quoted SQL string literal (quotes doubled)."""
    return "'" + text.replace("'", "''") + "'"


def attr_sql(attrs_column: str, field_name: str) -> str:
    """The SQL reading one extra field as text (null when absent).

    JSON true/false read as 'true'/'false' and numbers as their text, so a field means
    the same whatever type each producer wrote it in. The JSON path quotes the key, so
    a name holding dots (``service.name``) is one key, not a path.
    """
    assert ATTR_NAME.fullmatch(field_name), field_name
    path = sql_text_literal(f'$."{field_name}"')
    return (f"(CASE json_type({attrs_column}, {path}) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' "
            f"ELSE CAST(json_extract({attrs_column}, {path}) AS TEXT) END)")


@dataclass(frozen=True)
class Source:
    name: str
    from_sql: str
    columns: dict[str, Column]
    description: str = ""
    id_column: str | None = "id"    # what evidence lists
    time_column: str | None = "ts"  # what orders evidence (newest first)
    table: str | None = None        # the table retention may delete from (None: read-only)
    attrs_sql: str | None = None    # the JSON column of extra fields, when rows have one

    def column(self, name: str) -> Column | None:
        """The column a rule's name refers to: a catalog column, or ``attrs.NAME``.

        Every reader of names (checks, the compiler) resolves them here, so extra fields
        need no entry of their own: ``attrs.runner`` is text, null where the event has no
        ``runner``. None when the name is unknown or not a valid extra-field name.
        """
        found = self.columns.get(name)
        if found is not None or not is_attr(name) or self.attrs_sql is None:
            return found
        if attr_name_problem(name) is not None:
            return None
        field_name = name[len(ATTRS_PREFIX):]
        return Column(name, TEXT, attr_sql(self.attrs_sql, field_name),
                      description=f"the event's extra field {field_name!r} (text)")


def resolve_column(source: Source, name: str) -> Column | None:
    """``source.column(name)``, as a function."""
    return source.column(name)


def _template(column: str) -> str:
    return f'(SELECT "template" FROM "templates" WHERE "templates"."id" = "src"."{column}")'


def _cols(*columns: Column) -> dict[str, Column]:
    return {c.name: c for c in columns}


def _plain(name: str, type_: str, description: str = "") -> Column:
    return Column(name, type_, f'"src"."{name}"', description=description)


def _templated(name: str, id_column: str, description: str) -> Column:
    return Column(name, TEXT, _template(id_column), key_sql=f'"src"."{id_column}"', key_name=id_column,
                  description=description)


# Correlated look-ups some columns need; each reads indexed columns of one row's neighbours.
# Runs of a pattern are read through idx_exec_pattern by name: planner statistics count
# the runs without a pattern as one huge key, so left to itself SQLite builds an
# automatic index over every execution instead (1.4 s at 1M rows, against 4 ms).
_ANTI_PATTERN_KNOWN = (
    '(EXISTS (SELECT 1 FROM "anti_patterns" AS "a" WHERE '
    '("a"."subject_kind" = \'pattern\' AND "a"."subject" = "src"."pattern_id") '
    'OR ("a"."subject_kind" = \'operation\' AND "a"."subject" = "src"."operation") '
    'OR ("a"."subject_kind" = \'error_template\' AND "a"."subject" IN '
    '(SELECT CAST("e"."message_template_id" AS TEXT) FROM "error_events" AS "e" '
    'WHERE "e"."execution_id" = "src"."id"))))'
)
# Quarantined work: the run's operation or pattern is quarantined (an anti-pattern quarantined
# it, or a person did), so no pack drafts, suggests or heals it. The subqueries do not depend
# on the row, so SQLite runs each once and probes its result per row (a correlated EXISTS
# tripled AUTO-001's time at 280k runs); COALESCE keeps a null operation or pattern id false.
_QUARANTINED_OPERATIONS = ('(SELECT "q"."subject" FROM "anti_patterns" AS "q" WHERE "q"."quarantined" = 1 '
                           'AND "q"."subject_kind" = \'operation\')')
_QUARANTINED_PATTERNS = ('(SELECT "q"."subject" FROM "anti_patterns" AS "q" WHERE "q"."quarantined" = 1 '
                         'AND "q"."subject_kind" = \'pattern\' UNION ALL SELECT "qp"."id" FROM '
                         '"pattern_candidates" AS "qp" WHERE "qp"."status" = \'quarantined\')')
_WORK_QUARANTINED = (f'(COALESCE("src"."operation" IN {_QUARANTINED_OPERATIONS}, 0) '
                     f'OR COALESCE("src"."pattern_id" IN {_QUARANTINED_PATTERNS}, 0))')
# A registry pattern is out of service when it is quarantined itself or the operation of its
# group key is (a quarantine never lifts by itself, so neither does this).
_PATTERN_QUARANTINED = (
    '("src"."status" = \'quarantined\' OR COALESCE(COALESCE(json_extract("src"."group_key", \'$.operation\'), '
    f'json_extract("src"."fields", \'$.operation\')) IN {_QUARANTINED_OPERATIONS}, 0))'
)
_USES = ('(SELECT COUNT(*) FROM "execution_logs" AS "u" INDEXED BY "idx_exec_pattern" '
         'WHERE "u"."pattern_id" = "src"."id"{extra})')


def _key_or_field(name: str) -> str:
    """A value of a registry pattern's group key, else of its emitted fields."""
    return (f'COALESCE(json_extract("src"."group_key", \'$.{name}\'), '
            f'json_extract("src"."fields", \'$.{name}\'))')


def _candidate_status(kind: str, *keys: str) -> str:
    """The registry status of the candidate of ``kind`` whose group key has this row's ``keys``.

    Lets a rule follow the registry's verdict on a row's group (e.g. AUTO-008 drafts
    templates only for work that AUTO-001 or AUTO-002 made a candidate of); an approved
    candidate wins over a draft.
    """
    match = " AND ".join(f'json_extract("c"."group_key", \'$.{k}\') IS "src"."{k}"' for k in keys)
    return (f'(SELECT "c"."status" FROM "pattern_candidates" AS "c" WHERE "c"."kind" = \'{kind}\' '
            f'AND {match} ORDER BY "c"."status" = \'approved\' DESC, "c"."id" LIMIT 1)')


SOURCES: dict[str, Source] = {
    "executions": Source(
        "executions", '"execution_logs" AS "src"',
        _cols(
            _plain("id", TEXT, "the event id"),
            _plain("ts", TIME, "when the run finished"),
            _plain("operation", TEXT, "what kind of work"),
            _plain("command", TEXT, "the concrete command"),
            _templated("command_template", "command_template_id", "the command with its values masked"),
            _plain("command_template_id", NUMBER, "id of the command's template"),
            _plain("status", TEXT, "success | failure | skipped"),
            _plain("duration_ms", NUMBER, "run time in milliseconds"),
            _plain("pattern_id", TEXT, "the pattern the run used, if any"),
            _plain("actor", TEXT, "who or what ran it"),
            _plain("source", TEXT, "where the event came from (jsonl, otlp, junit, ...)"),
            Column("pattern_status", TEXT,
                   '(SELECT "status" FROM "pattern_candidates" WHERE "pattern_candidates"."id" = "src"."pattern_id")',
                   description="the registry status of the pattern the run used"),
            Column("anti_pattern_known", BOOL, _ANTI_PATTERN_KNOWN,
                   description="an anti-pattern entry names this run's pattern, its operation or the "
                               "template of an error it raised"),
            Column("quarantined", BOOL, _WORK_QUARANTINED,
                   description="the run's operation or pattern is quarantined (by an anti-pattern or a "
                               "person): work no pack drafts, suggests or heals"),
            Column("candidate_status", TEXT,
                   _candidate_status("pattern_candidate", "operation", "command_template_id"),
                   description="the registry status of the pattern candidate of this run's work (same "
                               "operation and command template); null when there is none"),
        ),
        "execution_logs: one row per run of an operation",
        table="execution_logs", attrs_sql='"src"."attrs"',
    ),
    "files": Source(
        "files", '"file_events" AS "src"',
        _cols(
            _plain("id", TEXT), _plain("ts", TIME), _plain("path", TEXT),
            _templated("path_template", "path_template_id", "the path with its values masked"),
            _templated("content_template", "content_template_id", "the structural signature of the content"),
            _plain("path_template_id", NUMBER), _plain("content_template_id", NUMBER),
            _plain("action", TEXT, "created | modified | deleted"),
            _plain("size", NUMBER, "bytes"), _plain("execution_id", TEXT),
            Column("has_content", BOOL, '("src"."content" IS NOT NULL)', description="the content was reported"),
            _plain("content", TEXT, "the file's text, when the reporter sent it (AUTO-008 builds templates from it)"),
            Column("candidate_status", TEXT,
                   _candidate_status("batch_pattern", "path_template_id", "content_template_id"),
                   description="the registry status of the batch-pattern candidate of this file's group "
                               "(same path and content template); null when there is none"),
            _plain("source", TEXT),
        ),
        "file_events: files created, modified or deleted",
        table="file_events", attrs_sql='"src"."attrs"',
    ),
    "errors": Source(
        "errors", '"error_events" AS "src"',
        _cols(
            _plain("id", TEXT), _plain("ts", TIME), _plain("message", TEXT),
            _templated("message_template", "message_template_id", "the message with its values masked"),
            _plain("message_template_id", NUMBER),
            _plain("error_type", TEXT), _plain("execution_id", TEXT), _plain("resolution", TEXT),
            _templated("resolution_template", "resolution_template_id", "the fix with its values masked"),
            _plain("resolution_template_id", NUMBER),
            _plain("resolved", BOOL, "whether the resolution fixed it"),
            _plain("resolution_ms", NUMBER, "time from the error to the fix"),
            _plain("source", TEXT),
            Column("error_pattern_status", TEXT,
                   '(SELECT "status" FROM "error_patterns" WHERE "error_patterns"."message_template_id" = '
                   '"src"."message_template_id" ORDER BY "status" = \'active\' DESC LIMIT 1)',
                   description="active | resolved: the learned error pattern of this message, if any"),
        ),
        "error_events: errors and how they were resolved",
        table="error_events", attrs_sql='"src"."attrs"',
    ),
    "patterns": Source(
        "patterns", '"pattern_candidates" AS "src"',
        _cols(
            _plain("id", TEXT), _plain("kind", TEXT), _plain("status", TEXT), _plain("name", TEXT),
            _plain("pack", TEXT), _plain("rule", TEXT), _plain("confidence", NUMBER),
            _plain("decided_by", TEXT), _plain("created", TIME), _plain("updated", TIME), _plain("version", NUMBER),
            Column("operation", TEXT, _key_or_field("operation"), description="the operation of its group key"),
            Column("command_template_id", NUMBER, _key_or_field("command_template_id"),
                   description="the command template of its group key"),
            Column("path_template_id", NUMBER, _key_or_field("path_template_id"),
                   description="the path template of its group key"),
            Column("quarantined", BOOL, _PATTERN_QUARANTINED,
                   description="quarantined itself, or the operation of its group key is"),
            Column("uses", NUMBER, _USES.format(extra=""), description="runs that used it (all time)"),
            Column("successes", NUMBER, _USES.format(extra=""" AND "u"."status" = 'success'"""),
                   description="successful runs that used it (all time)"),
            Column("last_used", TIME, '(SELECT MAX("u"."ts") FROM "execution_logs" AS "u" '
                                      'WHERE "u"."pattern_id" = "src"."id")', description="its newest run"),
        ),
        "pattern_candidates: the registry's index",
        time_column="updated",
    ),
    "pattern_usage": Source(
        "pattern_usage",
        '"pattern_candidates" AS "p" LEFT JOIN "execution_logs" AS "src" INDEXED BY "idx_exec_pattern" '
        'ON "src"."pattern_id" = "p"."id"',
        _cols(
            Column("pattern_id", TEXT, '"p"."id"'), Column("kind", TEXT, '"p"."kind"'),
            Column("status", TEXT, '"p"."status"'), Column("name", TEXT, '"p"."name"'),
            Column("confidence", NUMBER, '"p"."confidence"'), Column("created", TIME, '"p"."created"'),
            Column("run_id", TEXT, '"src"."id"'), Column("run_ts", TIME, '"src"."ts"'),
            Column("run_status", TEXT, '"src"."status"'), Column("run_duration_ms", NUMBER, '"src"."duration_ms"'),
            Column("operation", TEXT, '"src"."operation"'),
        ),
        "every registry pattern with each run that used it (runs are null for unused patterns)",
        attrs_sql='"src"."attrs"',
        id_column="run_id", time_column="run_ts",
    ),
    "pattern_metrics": Source(
        "pattern_metrics", '"pattern_metrics" AS "src"',
        _cols(
            _plain("run_id", TEXT), _plain("pattern_id", TEXT), _plain("ts", TIME), _plain("uses", NUMBER),
            _plain("successes", NUMBER), _plain("failures", NUMBER), _plain("success_rate", NUMBER),
            _plain("avg_duration_ms", NUMBER), _plain("time_saved_ms", NUMBER),
        ),
        "pattern_metrics: a snapshot of each pattern per evaluation run",
        id_column="run_id",
    ),
    "evaluation_runs": Source(
        "evaluation_runs", '"evaluation_runs" AS "src"',
        _cols(_plain("id", TEXT), Column("ts", TIME, '"src"."now"'), _plain("status", TEXT),
              Column("dry_run", BOOL, '"src"."dry_run"')),
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
