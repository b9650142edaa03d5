"""Versioned schema migrations of the telemetry database.

Each migration is applied once, in order, inside one transaction, and recorded in
``schema_migrations``; ``PRAGMA user_version`` mirrors the latest version so a quick
check needs no table scan. Never edit a released migration: append a new one.

Timestamps are stored as fixed-width UTC text ``YYYY-MM-DDTHH:MM:SS.mmmZ`` so that
text comparison is time comparison and ``sqlite3`` users can read them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


V1_BASE = r"""
CREATE TABLE templates (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,             -- command | message | path | content | resolution
    template    TEXT NOT NULL,
    count       INTEGER NOT NULL DEFAULT 0,
    first_seen  TEXT,
    last_seen   TEXT,
    merged_into INTEGER REFERENCES templates(id)
);
CREATE INDEX idx_templates_kind ON templates(kind);

CREATE TABLE miner_state (
    kind    TEXT PRIMARY KEY,
    state   TEXT NOT NULL,
    updated TEXT NOT NULL
);

CREATE TABLE execution_logs (
    seq                 INTEGER PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE,
    ts                  TEXT NOT NULL,
    operation           TEXT NOT NULL,
    command             TEXT,
    command_template_id INTEGER,
    command_params      TEXT,              -- JSON array: values of the template's slots
    status              TEXT NOT NULL CHECK (status IN ('success', 'failure', 'skipped')),
    duration_ms         INTEGER NOT NULL CHECK (duration_ms >= 0),
    pattern_id          TEXT,
    actor               TEXT,
    files               TEXT,              -- JSON array of paths
    source              TEXT NOT NULL DEFAULT 'jsonl',
    attrs               TEXT,              -- JSON object of fields outside the contract
    ingested_at         TEXT NOT NULL
);
CREATE INDEX idx_exec_ts ON execution_logs(ts);
CREATE INDEX idx_exec_group ON execution_logs(operation, command_template_id, ts);
CREATE INDEX idx_exec_pattern ON execution_logs(pattern_id, ts);

CREATE TABLE file_events (
    seq                 INTEGER PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE,
    ts                  TEXT NOT NULL,
    path                TEXT NOT NULL,
    path_template_id    INTEGER,
    path_params         TEXT,
    action              TEXT NOT NULL CHECK (action IN ('created', 'modified', 'deleted')),
    size                INTEGER CHECK (size >= 0),
    execution_id        TEXT,
    content             TEXT,
    content_signature   TEXT,              -- structural shape of the content, values masked
    content_template_id INTEGER,           -- id of that signature, so rules group on it
    source              TEXT NOT NULL DEFAULT 'jsonl',
    attrs               TEXT,
    ingested_at         TEXT NOT NULL
);
CREATE INDEX idx_file_ts ON file_events(ts);
CREATE INDEX idx_file_group ON file_events(path_template_id, action, ts);

CREATE TABLE error_events (
    seq                    INTEGER PRIMARY KEY,
    id                     TEXT NOT NULL UNIQUE,
    ts                     TEXT NOT NULL,
    message                TEXT NOT NULL,
    message_template_id    INTEGER,
    message_params         TEXT,
    error_type             TEXT,
    execution_id           TEXT,
    resolution             TEXT,
    resolution_template_id INTEGER,
    resolution_params      TEXT,
    resolved               INTEGER CHECK (resolved IN (0, 1)),
    resolution_ms          INTEGER CHECK (resolution_ms >= 0),
    source                 TEXT NOT NULL DEFAULT 'jsonl',
    attrs                  TEXT,
    ingested_at            TEXT NOT NULL
);
CREATE INDEX idx_error_ts ON error_events(ts);
CREATE INDEX idx_error_group ON error_events(message_template_id, resolution_template_id, ts);
CREATE INDEX idx_error_execution ON error_events(execution_id);

-- The registry's index: one row per pattern document, whatever its kind.
CREATE TABLE pattern_candidates (
    id            TEXT PRIMARY KEY,        -- stable: derived from pack, rule and group key
    kind          TEXT NOT NULL,           -- execution | file_batch | self_heal | anti_pattern | template | suggestion | trend
    pack          TEXT NOT NULL,
    rule          TEXT NOT NULL,
    group_key     TEXT NOT NULL,           -- JSON object of the grouping values
    name          TEXT NOT NULL,
    status        TEXT NOT NULL,           -- draft | approved | rejected | quarantined | active | resolved
    decided_by    TEXT NOT NULL DEFAULT 'engine',  -- engine | human
    confidence    REAL,
    fields        TEXT NOT NULL DEFAULT '{}',      -- JSON: every emitted field
    evidence      TEXT NOT NULL DEFAULT '[]',      -- JSON array of event ids
    document_path TEXT,                    -- relative to the workspace's patterns/ folder
    version       INTEGER NOT NULL DEFAULT 1,
    created       TEXT NOT NULL,
    updated       TEXT NOT NULL,
    last_run_id   TEXT
);
CREATE INDEX idx_candidates_kind_status ON pattern_candidates(kind, status);

CREATE TABLE anti_patterns (
    id             TEXT PRIMARY KEY,
    subject_kind   TEXT NOT NULL,          -- pattern | error_template | operation
    subject        TEXT NOT NULL,
    failures       INTEGER NOT NULL,
    attempts       INTEGER,
    failure_rate   REAL,
    recommendation TEXT,
    quarantined    INTEGER NOT NULL DEFAULT 0,
    created        TEXT NOT NULL,
    updated        TEXT NOT NULL
);

CREATE TABLE error_patterns (
    id                     TEXT PRIMARY KEY,
    message_template_id    INTEGER,
    message_template       TEXT,
    resolution             TEXT,
    resolution_template_id INTEGER,
    successes              INTEGER NOT NULL,
    attempts               INTEGER NOT NULL,
    success_rate           REAL NOT NULL,
    auto_apply             INTEGER NOT NULL DEFAULT 0,
    status                 TEXT NOT NULL DEFAULT 'active',  -- active | resolved
    created                TEXT NOT NULL,
    updated                TEXT NOT NULL
);

-- One snapshot per pattern per evaluation run; never deleted by retention.
CREATE TABLE pattern_metrics (
    run_id          TEXT NOT NULL,
    pattern_id      TEXT NOT NULL,
    ts              TEXT NOT NULL,         -- the run's `now`
    uses            INTEGER NOT NULL,
    successes       INTEGER NOT NULL,
    failures        INTEGER NOT NULL,
    success_rate    REAL,
    avg_duration_ms REAL,
    time_saved_ms   REAL,
    PRIMARY KEY (run_id, pattern_id)
);
CREATE INDEX idx_metrics_pattern ON pattern_metrics(pattern_id, ts);

CREATE TABLE evaluation_runs (
    id          TEXT PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    now         TEXT NOT NULL,
    packs       TEXT NOT NULL,             -- JSON array
    params      TEXT NOT NULL,             -- JSON object: effective params per pack
    dry_run     INTEGER NOT NULL DEFAULT 0,
    status      TEXT NOT NULL,             -- running | ok | failed
    summary     TEXT                       -- JSON
);

-- Audit: every decision, by the engine or a human, with its reason.
CREATE TABLE decisions (
    seq             INTEGER PRIMARY KEY,
    ts              TEXT NOT NULL,
    run_id          TEXT,
    pattern_id      TEXT NOT NULL,
    pack            TEXT,
    rule            TEXT,
    decision        TEXT NOT NULL,
    previous_status TEXT,
    actor           TEXT NOT NULL,         -- engine | human:<name>
    reason          TEXT NOT NULL
);
CREATE INDEX idx_decisions_pattern ON decisions(pattern_id, seq);

CREATE VIEW pattern_performance AS
SELECT pattern_id,
       COUNT(*)                                               AS uses,
       SUM(status = 'success')                                AS successes,
       SUM(status = 'failure')                                AS failures,
       ROUND(1.0 * SUM(status = 'success') / COUNT(*), 4)     AS success_rate,
       ROUND(AVG(duration_ms), 1)                             AS avg_duration_ms,
       MIN(ts)                                                AS first_used,
       MAX(ts)                                                AS last_used
FROM execution_logs
WHERE pattern_id IS NOT NULL
GROUP BY pattern_id;

CREATE VIEW top_patterns_weekly AS
SELECT week, pattern_id, uses, successes, success_rate, total_duration_ms,
       RANK() OVER (PARTITION BY week ORDER BY uses DESC) AS rank
FROM (
    SELECT strftime('%Y-W%W', ts)                             AS week,
           pattern_id,
           COUNT(*)                                           AS uses,
           SUM(status = 'success')                            AS successes,
           ROUND(1.0 * SUM(status = 'success') / COUNT(*), 4) AS success_rate,
           SUM(duration_ms)                                   AS total_duration_ms
    FROM execution_logs
    WHERE pattern_id IS NOT NULL
    GROUP BY week, pattern_id
);

CREATE VIEW pattern_candidates_summary AS
SELECT kind, status, COUNT(*) AS patterns, ROUND(AVG(confidence), 4) AS avg_confidence,
       MIN(created) AS first_created, MAX(updated) AS last_updated
FROM pattern_candidates
GROUP BY kind, status;
"""

# One row per ingest run from the CLI or the demo: what was read from where, and what
# became of it, so "where did these rows come from?" has an answer in the database.
V2_INGEST_RUNS = r"""
CREATE TABLE ingest_runs (
    seq          INTEGER PRIMARY KEY,
    started_at   TEXT NOT NULL,
    finished_at  TEXT NOT NULL,
    source       TEXT NOT NULL,            -- format: jsonl | otlp | junit | github-actions | demo | api
    inputs       TEXT NOT NULL,            -- JSON array of the files read ("-" for stdin)
    read         INTEGER NOT NULL,
    stored       INTEGER NOT NULL,
    duplicates   INTEGER NOT NULL,
    rejected     INTEGER NOT NULL,
    rejects_path TEXT
);
CREATE INDEX idx_file_execution ON file_events(execution_id);
CREATE INDEX idx_exec_actor ON execution_logs(actor, ts);
"""

# Per-operation look-ups of runs with or without a pattern (manual_avg_ms, pattern_for):
# the index covers the duration, so a baseline is read from the index alone.
V3_OPERATION_PATTERN_INDEX = r"""
CREATE INDEX idx_exec_operation_pattern ON execution_logs(operation, pattern_id, ts, duration_ms);
"""

# No rule filters or groups on actor (only distinct(actor)), so v2's index on it only
# slowed every insert (measured: 2-4 % of ingest time).
V4_DROP_ACTOR_INDEX = r"""
DROP INDEX IF EXISTS idx_exec_actor;
"""

# pattern_for(operation, template) looks for the runs of a work that used a pattern:
# with pattern_id in the key, SQLite seeks past the work's runs without one instead of
# reading every run of it (suggester.use_pattern at 1M executions: 3.9 s -> 0.34 s).
V5_WORK_PATTERN_INDEX = r"""
CREATE INDEX idx_exec_work_pattern ON execution_logs(operation, command_template_id, pattern_id, ts);
"""

# Look-ups bounded by a lookback (work_runs, pattern_for, manual_avg_ms) read the window
# of each work: with ts right after the work's key, SQLite skip-scans the index over the
# works and seeks each one's window, so the cost follows the window, not the history
# (growth benchmark at 100k executions, 10x history: those rules went from 7-11x to
# about 1x). status, pattern_id and duration_ms make it covering for all three, so v3's
# and v5's indexes, which only served them, go (fewer index writes per ingested run).
# The pattern index covers status and duration: metric snapshots and a pattern's uses
# count all of its runs, and read them from the index instead of the table (4-5x).
# Metric snapshots become cumulative: each adds the runs stored since the one before
# (through_seq) to its counts instead of recounting every run of every pattern, so they
# also survive retention ("metrics kept").
# Errors get the same (template, ts) shape for per-error windows. planner_statistics
# remembers when ANALYZE last ran (engine/telemetry/statistics.py).
V6_WINDOWED_WORK_INDEX = r"""
DROP INDEX IF EXISTS idx_exec_work_pattern;
DROP INDEX IF EXISTS idx_exec_operation_pattern;
DROP INDEX IF EXISTS idx_exec_group;
CREATE INDEX idx_exec_group ON execution_logs(operation, command_template_id, ts, status, pattern_id, duration_ms);
DROP INDEX IF EXISTS idx_exec_pattern;
CREATE INDEX idx_exec_pattern ON execution_logs(pattern_id, ts, status, duration_ms);
CREATE INDEX idx_error_message ON error_events(message_template_id, ts);
ALTER TABLE pattern_metrics ADD COLUMN through_seq INTEGER;        -- executions counted: seq <= this and ts <= ts
ALTER TABLE pattern_metrics ADD COLUMN duration_total_ms REAL;     -- the sum behind avg_duration_ms
ALTER TABLE pattern_metrics ADD COLUMN duration_count INTEGER;     -- the runs with a duration behind it
CREATE TABLE planner_statistics (
    tbl          TEXT PRIMARY KEY,
    max_seq      INTEGER NOT NULL,       -- the table's highest seq when ANALYZE last ran
    row_count    INTEGER NOT NULL,       -- its rows then
    analyzed_at  TEXT NOT NULL
);
"""

# attrs.commit (the flaky-tests pack: runs that passed and failed on one commit) is read
# from each row's JSON. A partial index on ts over just the rows that have a commit lets
# SQLite read only those rows of the window instead of every run in it (1M executions, 2 %
# with a commit, 30-day window: 7.7 s -> 0.2-0.3 s, chosen by the planner on its own). The
# WHERE is exactly what the compiler writes for `attrs.commit is not null`
# (the compiler's JsonValue node rendered for SQLite; a test keeps the two equal). Its price is the JSON
# check of each inserted row's attrs: 1-4 us per row (200k inserts: +0.15..0.8 s on a
# shared vCPU), a few percent of ingest; rows without attrs cost nothing.
V7_ATTR_COMMIT_INDEX = r"""
CREATE INDEX idx_exec_attr_commit ON execution_logs(ts) WHERE (CASE JSON_TYPE("attrs", '$."commit"') WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(JSON_EXTRACT("attrs", '$."commit"') AS TEXT) END) IS NOT NULL;
"""

# One week definition: the report's, ISO 8601 (weeks start on Monday; week 1 holds the
# year's first Thursday; a week's year is its Thursday's). Versions 1-7 named weeks with
# strftime('%Y-W%W') (counted from the year's first Monday, week 00 before it), so
# 2026-01-01 was 2026-W00 in the view and 2026-W01 in the report. SQLite before 3.46 has
# no %G/%V, so the week is read from the Thursday of the row's week: date(ts, '-3 days',
# 'weekday 4') (the next Thursday on or after three days earlier), its year and the
# number of its day of the year divided by seven. 2027-01-01 is thus 2026-W53.
V8_ISO_WEEKS = r"""
DROP VIEW IF EXISTS top_patterns_weekly;

CREATE VIEW top_patterns_weekly AS
SELECT week, pattern_id, uses, successes, success_rate, total_duration_ms,
       RANK() OVER (PARTITION BY week ORDER BY uses DESC) AS rank
FROM (
    SELECT strftime('%Y', thursday) || '-W'
               || printf('%02d', (CAST(strftime('%j', thursday) AS INTEGER) - 1) / 7 + 1) AS week,
           pattern_id,
           COUNT(*)                                           AS uses,
           SUM(status = 'success')                            AS successes,
           ROUND(1.0 * SUM(status = 'success') / COUNT(*), 4) AS success_rate,
           SUM(duration_ms)                                   AS total_duration_ms
    FROM (SELECT date(ts, '-3 days', 'weekday 4') AS thursday, pattern_id, status, duration_ms
          FROM execution_logs
          WHERE pattern_id IS NOT NULL)
    GROUP BY week, pattern_id
);
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "base schema", V1_BASE),
    Migration(2, "ingest runs; indexes for joins on execution_id and per-actor windows",
              V2_INGEST_RUNS),
    Migration(3, "index for per-operation baselines of runs with and without a pattern",
              V3_OPERATION_PATTERN_INDEX),
    Migration(4, "drop the unused index on execution_logs(actor, ts)", V4_DROP_ACTOR_INDEX),
    Migration(5, "index for the pattern runs of a work (pattern_for)", V5_WORK_PATTERN_INDEX),
    Migration(6, "windowed work index; per-error window index; planner statistics marks",
              V6_WINDOWED_WORK_INDEX),
    Migration(7, "partial index of the executions that name their commit (attrs.commit)",
              V7_ATTR_COMMIT_INDEX),
    Migration(8, "top_patterns_weekly names ISO weeks, as the report does", V8_ISO_WEEKS),
)

LATEST_VERSION = MIGRATIONS[-1].version


# --- PostgreSQL ----------------------------------------------------------------------------
# The same schema as SQLite's version 6, written for PostgreSQL. Differences, and why:
# - integer keys are BIGINT identities (GENERATED BY DEFAULT, so `store copy` keeps them);
# - JSON that rules read (event attrs, template params, files; a pattern's group_key, which
#   rules look up per group) is jsonb, so the compiled queries read it with ->> and it is
#   parsed once, when written (group_key is canonical, sorted-key JSON, so nothing is lost);
#   JSON whose bytes and key order are part of the answer (a pattern's fields and evidence,
#   run summaries, miner state) stays text;
# - timestamps stay fixed-width UTC text, so comparisons and the compiled SQL read them
#   as on SQLite; booleans stay 0/1 integers for the same reason;
# - every text column is COLLATE "C": compared and sorted by bytes as SQLite does,
#   whatever locale the server's database was created with;
# - views spell booleans as CASE and SQLite's strftime('%Y-W%W') with date arithmetic;
# - no planner_statistics marks are needed for plans (autovacuum analyzes), but the
#   table exists so `ingest` can keep the same bookkeeping on both.
# Never edit a released migration: append a new one.
PG_V1_BASE = r"""
CREATE TABLE templates (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    kind        TEXT COLLATE "C" NOT NULL,
    template    TEXT COLLATE "C" NOT NULL,
    count       BIGINT NOT NULL DEFAULT 0,
    first_seen  TEXT COLLATE "C",
    last_seen   TEXT COLLATE "C",
    merged_into BIGINT REFERENCES templates(id)
);
CREATE INDEX idx_templates_kind ON templates(kind);

CREATE TABLE miner_state (
    kind    TEXT COLLATE "C" PRIMARY KEY,
    state   TEXT COLLATE "C" NOT NULL,
    updated TEXT COLLATE "C" NOT NULL
);

CREATE TABLE execution_logs (
    seq                 BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    id                  TEXT COLLATE "C" NOT NULL UNIQUE,
    ts                  TEXT COLLATE "C" NOT NULL,
    operation           TEXT COLLATE "C" NOT NULL,
    command             TEXT COLLATE "C",
    command_template_id BIGINT,
    command_params      JSONB,
    status              TEXT COLLATE "C" NOT NULL CHECK (status IN ('success', 'failure', 'skipped')),
    duration_ms         BIGINT NOT NULL CHECK (duration_ms >= 0),
    pattern_id          TEXT COLLATE "C",
    actor               TEXT COLLATE "C",
    files               JSONB,
    source              TEXT COLLATE "C" NOT NULL DEFAULT 'jsonl',
    attrs               JSONB,
    ingested_at         TEXT COLLATE "C" NOT NULL
);
CREATE INDEX idx_exec_ts ON execution_logs(ts);
CREATE INDEX idx_exec_group ON execution_logs(operation, command_template_id, ts, status, pattern_id, duration_ms);
CREATE INDEX idx_exec_pattern ON execution_logs(pattern_id, ts, status, duration_ms);

CREATE TABLE file_events (
    seq                 BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    id                  TEXT COLLATE "C" NOT NULL UNIQUE,
    ts                  TEXT COLLATE "C" NOT NULL,
    path                TEXT COLLATE "C" NOT NULL,
    path_template_id    BIGINT,
    path_params         JSONB,
    action              TEXT COLLATE "C" NOT NULL CHECK (action IN ('created', 'modified', 'deleted')),
    size                BIGINT CHECK (size >= 0),
    execution_id        TEXT COLLATE "C",
    content             TEXT COLLATE "C",
    content_signature   TEXT COLLATE "C",
    content_template_id BIGINT,
    source              TEXT COLLATE "C" NOT NULL DEFAULT 'jsonl',
    attrs               JSONB,
    ingested_at         TEXT COLLATE "C" NOT NULL
);
CREATE INDEX idx_file_ts ON file_events(ts);
CREATE INDEX idx_file_group ON file_events(path_template_id, action, ts);
CREATE INDEX idx_file_execution ON file_events(execution_id);

CREATE TABLE error_events (
    seq                    BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    id                     TEXT COLLATE "C" NOT NULL UNIQUE,
    ts                     TEXT COLLATE "C" NOT NULL,
    message                TEXT COLLATE "C" NOT NULL,
    message_template_id    BIGINT,
    message_params         JSONB,
    error_type             TEXT COLLATE "C",
    execution_id           TEXT COLLATE "C",
    resolution             TEXT COLLATE "C",
    resolution_template_id BIGINT,
    resolution_params      JSONB,
    resolved               INTEGER CHECK (resolved IN (0, 1)),
    resolution_ms          BIGINT CHECK (resolution_ms >= 0),
    source                 TEXT COLLATE "C" NOT NULL DEFAULT 'jsonl',
    attrs                  JSONB,
    ingested_at            TEXT COLLATE "C" NOT NULL
);
CREATE INDEX idx_error_ts ON error_events(ts);
CREATE INDEX idx_error_group ON error_events(message_template_id, resolution_template_id, ts);
CREATE INDEX idx_error_execution ON error_events(execution_id);
CREATE INDEX idx_error_message ON error_events(message_template_id, ts);

CREATE TABLE pattern_candidates (
    id            TEXT COLLATE "C" PRIMARY KEY,
    kind          TEXT COLLATE "C" NOT NULL,
    pack          TEXT COLLATE "C" NOT NULL,
    rule          TEXT COLLATE "C" NOT NULL,
    group_key     JSONB NOT NULL,
    name          TEXT COLLATE "C" NOT NULL,
    status        TEXT COLLATE "C" NOT NULL,
    decided_by    TEXT COLLATE "C" NOT NULL DEFAULT 'engine',
    confidence    DOUBLE PRECISION,
    fields        TEXT COLLATE "C" NOT NULL DEFAULT '{}',
    evidence      TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    document_path TEXT COLLATE "C",
    version       BIGINT NOT NULL DEFAULT 1,
    created       TEXT COLLATE "C" NOT NULL,
    updated       TEXT COLLATE "C" NOT NULL,
    last_run_id   TEXT COLLATE "C"
);
CREATE INDEX idx_candidates_kind_status ON pattern_candidates(kind, status);

CREATE TABLE anti_patterns (
    id             TEXT COLLATE "C" PRIMARY KEY,
    subject_kind   TEXT COLLATE "C" NOT NULL,
    subject        TEXT COLLATE "C" NOT NULL,
    failures       BIGINT NOT NULL,
    attempts       BIGINT,
    failure_rate   DOUBLE PRECISION,
    recommendation TEXT COLLATE "C",
    quarantined    INTEGER NOT NULL DEFAULT 0,
    created        TEXT COLLATE "C" NOT NULL,
    updated        TEXT COLLATE "C" NOT NULL
);

CREATE TABLE error_patterns (
    id                     TEXT COLLATE "C" PRIMARY KEY,
    message_template_id    BIGINT,
    message_template       TEXT COLLATE "C",
    resolution             TEXT COLLATE "C",
    resolution_template_id BIGINT,
    successes              BIGINT NOT NULL,
    attempts               BIGINT NOT NULL,
    success_rate           DOUBLE PRECISION NOT NULL,
    auto_apply             INTEGER NOT NULL DEFAULT 0,
    status                 TEXT COLLATE "C" NOT NULL DEFAULT 'active',
    created                TEXT COLLATE "C" NOT NULL,
    updated                TEXT COLLATE "C" NOT NULL
);

CREATE TABLE pattern_metrics (
    run_id            TEXT COLLATE "C" NOT NULL,
    pattern_id        TEXT COLLATE "C" NOT NULL,
    ts                TEXT COLLATE "C" NOT NULL,
    uses              BIGINT NOT NULL,
    successes         BIGINT NOT NULL,
    failures          BIGINT NOT NULL,
    success_rate      DOUBLE PRECISION,
    avg_duration_ms   DOUBLE PRECISION,
    time_saved_ms     DOUBLE PRECISION,
    through_seq       BIGINT,
    duration_total_ms DOUBLE PRECISION,
    duration_count    BIGINT,
    PRIMARY KEY (run_id, pattern_id)
);
CREATE INDEX idx_metrics_pattern ON pattern_metrics(pattern_id, ts);

CREATE TABLE evaluation_runs (
    id          TEXT COLLATE "C" PRIMARY KEY,
    started_at  TEXT COLLATE "C" NOT NULL,
    finished_at TEXT COLLATE "C",
    now         TEXT COLLATE "C" NOT NULL,
    packs       TEXT COLLATE "C" NOT NULL,
    params      TEXT COLLATE "C" NOT NULL,
    dry_run     INTEGER NOT NULL DEFAULT 0,
    status      TEXT COLLATE "C" NOT NULL,
    summary     TEXT COLLATE "C"
);

CREATE TABLE decisions (
    seq             BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    ts              TEXT COLLATE "C" NOT NULL,
    run_id          TEXT COLLATE "C",
    pattern_id      TEXT COLLATE "C" NOT NULL,
    pack            TEXT COLLATE "C",
    rule            TEXT COLLATE "C",
    decision        TEXT COLLATE "C" NOT NULL,
    previous_status TEXT COLLATE "C",
    actor           TEXT COLLATE "C" NOT NULL,
    reason          TEXT COLLATE "C" NOT NULL
);
CREATE INDEX idx_decisions_pattern ON decisions(pattern_id, seq);

CREATE TABLE ingest_runs (
    seq          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    started_at   TEXT COLLATE "C" NOT NULL,
    finished_at  TEXT COLLATE "C" NOT NULL,
    source       TEXT COLLATE "C" NOT NULL,
    inputs       TEXT COLLATE "C" NOT NULL,
    read         BIGINT NOT NULL,
    stored       BIGINT NOT NULL,
    duplicates   BIGINT NOT NULL,
    rejected     BIGINT NOT NULL,
    rejects_path TEXT COLLATE "C"
);

CREATE TABLE planner_statistics (
    tbl          TEXT COLLATE "C" PRIMARY KEY,
    max_seq      BIGINT NOT NULL,
    row_count    BIGINT NOT NULL,
    analyzed_at  TEXT COLLATE "C" NOT NULL
);

CREATE VIEW pattern_performance AS
SELECT pattern_id,
       COUNT(*)                                                              AS uses,
       SUM(CASE WHEN status = 'success' THEN 1 ELSE 0 END)                   AS successes,
       SUM(CASE WHEN status = 'failure' THEN 1 ELSE 0 END)                   AS failures,
       ROUND(1.0 * SUM(CASE WHEN status = 'success' THEN 1 ELSE 0 END) / COUNT(*), 4) AS success_rate,
       ROUND(AVG(duration_ms), 1)                                            AS avg_duration_ms,
       MIN(ts)                                                               AS first_used,
       MAX(ts)                                                               AS last_used
FROM execution_logs
WHERE pattern_id IS NOT NULL
GROUP BY pattern_id;

-- strftime('%Y-W%W'): the year, then the week of the year counted from its first Monday (00-53).
CREATE VIEW top_patterns_weekly AS
SELECT week, pattern_id, uses, successes, success_rate, total_duration_ms,
       RANK() OVER (PARTITION BY week ORDER BY uses DESC) AS rank
FROM (
    SELECT substr(ts, 1, 4) || '-W' || lpad(((EXTRACT(DOY FROM substr(ts, 1, 10)::date)::int + 6
               - (EXTRACT(ISODOW FROM substr(ts, 1, 10)::date)::int - 1)) / 7)::text, 2, '0') AS week,
           pattern_id,
           COUNT(*)                                                          AS uses,
           SUM(CASE WHEN status = 'success' THEN 1 ELSE 0 END)               AS successes,
           ROUND(1.0 * SUM(CASE WHEN status = 'success' THEN 1 ELSE 0 END) / COUNT(*), 4) AS success_rate,
           SUM(duration_ms)                                                  AS total_duration_ms
    FROM execution_logs
    WHERE pattern_id IS NOT NULL
    GROUP BY 1, pattern_id
) AS weekly;

CREATE VIEW pattern_candidates_summary AS
SELECT kind, status, COUNT(*) AS patterns, ROUND(AVG(confidence)::numeric, 4) AS avg_confidence,
       MIN(created) AS first_created, MAX(updated) AS last_updated
FROM pattern_candidates
GROUP BY kind, status;
"""

# SQLite's version 7 on PostgreSQL: the runs that name their commit (attrs.commit, the
# flaky-tests pack), as a partial index on ts. The planner uses it only while its WHERE
# implies the compiled condition, so the WHERE is the compiler's own rendering of
# `attrs.commit is not null` (a test keeps the two equal). 1M executions, none with a
# commit: flaky_tests.same_commit 270 ms -> 0.4 ms.
PG_V2_ATTR_COMMIT_INDEX = r"""
CREATE INDEX idx_exec_attr_commit ON execution_logs(ts) WHERE (JSONB_EXTRACT_PATH_TEXT(CAST("attrs" AS JSONB), 'commit')) IS NOT NULL;
"""

# SQLite's version 8 on PostgreSQL: top_patterns_weekly names ISO weeks, as the report
# does (to_char's IYYY and IW are the ISO year and week: 2027-01-01 is 2026-W53).
PG_V3_ISO_WEEKS = r"""
DROP VIEW IF EXISTS top_patterns_weekly;

CREATE VIEW top_patterns_weekly AS
SELECT week, pattern_id, uses, successes, success_rate, total_duration_ms,
       RANK() OVER (PARTITION BY week ORDER BY uses DESC) AS rank
FROM (
    SELECT to_char(substr(ts, 1, 10)::date, 'IYYY-"W"IW')                   AS week,
           pattern_id,
           COUNT(*)                                                          AS uses,
           SUM(CASE WHEN status = 'success' THEN 1 ELSE 0 END)               AS successes,
           ROUND(1.0 * SUM(CASE WHEN status = 'success' THEN 1 ELSE 0 END) / COUNT(*), 4) AS success_rate,
           SUM(duration_ms)                                                  AS total_duration_ms
    FROM execution_logs
    WHERE pattern_id IS NOT NULL
    GROUP BY 1, pattern_id
) AS weekly;
"""

POSTGRES_MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "base schema (the tables, indexes and views of SQLite version 6)", PG_V1_BASE),
    Migration(2, "partial index of the executions that name their commit (attrs.commit)", PG_V2_ATTR_COMMIT_INDEX),
    Migration(3, "top_patterns_weekly names ISO weeks, as the report does", PG_V3_ISO_WEEKS),
)

POSTGRES_LATEST = POSTGRES_MIGRATIONS[-1].version
