"""The metric snapshot a run takes before its rules: pattern_metrics, one row per pattern.

Idempotent for a given run. What findings become (registry documents, the weekly
report, retention deletes) is not decided here: the caller hands the session its
output handlers (``engine.outputs``).
"""

from __future__ import annotations

from typing import Any

from engine.results import RunInfo

_SNAPSHOT_COLUMNS = ("run_id", "pattern_id", "ts", "uses", "successes", "failures", "success_rate",
                     "avg_duration_ms", "time_saved_ms", "through_seq", "duration_total_ms", "duration_count")

# The runs each snapshot adds: per pattern, counts over the executions in ``runs``.
# SQL both stores read alike: counts as CASE sums (no booleans as numbers), the duration
# total made real before dividing and rounded as NUMERIC (PostgreSQL rounds no double to
# digits), the subquery aliased. The upsert around it is the store's (``upsert_select``).
_COUNTS = """SELECT "pattern_id", COUNT(*) AS uses, SUM(CASE WHEN "status" = 'success' THEN 1 ELSE 0 END) AS successes,
                    SUM(CASE WHEN "status" = 'failure' THEN 1 ELSE 0 END) AS failures,
                    COALESCE(SUM("duration_ms"), 0) * 1.0 AS duration_total_ms,
                    COUNT("duration_ms") AS duration_count
             FROM "execution_logs" {index} WHERE {runs} GROUP BY "pattern_id"
"""

_SNAPSHOT = """SELECT :run AS run_id, "pattern_id", :now AS ts, uses, successes, failures,
       ROUND(successes * 1.0 / uses, 4) AS success_rate,
       ROUND(CAST(duration_total_ms / NULLIF(duration_count, 0) AS NUMERIC), 1) AS avg_duration_ms,
       NULL AS time_saved_ms, :through AS through_seq, duration_total_ms, duration_count
FROM ({counts}) AS counts WHERE true"""


def _write_snapshot(db, counts: str, values: dict[str, Any]) -> int:
    return db.upsert_select("pattern_metrics", _SNAPSHOT_COLUMNS, _SNAPSHOT.format(counts=counts), values,
                            key=("run_id", "pattern_id"))


def snapshot_metrics(db, run: RunInfo) -> int:
    """One cumulative row per pattern per run in pattern_metrics (kept forever: AUTO-007 reads them).

    A snapshot is the previous one plus the runs stored since: those with a higher seq
    (ts up to now), and those it left out for being after its now. Only the first
    snapshot, or one whose now is earlier than every other, counts the whole table.
    """
    through = db.execute('SELECT COALESCE(MAX("seq"), 0) FROM "execution_logs"').fetchone()[0]
    values = {"run": run.run_id, "now": run.now, "through": through}
    # A retried run (same now, nothing stored since) keeps the snapshot already taken at
    # this now: a second one would be new evidence for AUTO-007 and the re-run no no-op.
    # One taken at this now before more runs were stored is replaced, never doubled.
    at_now = db.execute("SELECT MAX(through_seq) FROM pattern_metrics WHERE ts = :now AND run_id != :run",
                        values).fetchone()[0]
    if at_now is not None and at_now >= through:
        return 0
    if at_now is not None:
        db.execute("DELETE FROM pattern_metrics WHERE ts = :now AND run_id != :run", values)
    previous = db.execute(
        "SELECT run_id, ts, through_seq FROM pattern_metrics WHERE ts <= :now AND through_seq IS NOT NULL "
        "AND run_id != :run ORDER BY ts DESC, through_seq DESC LIMIT 1", values).fetchone()
    if previous is None:
        runs = '"pattern_id" IS NOT NULL AND "seq" <= :through AND "ts" <= :now'
        return _write_snapshot(db, _COUNTS.format(index="", runs=runs), values)
    values.update(prev_run=previous[0], prev_now=previous[1], prev_through=previous[2])
    # Two disjoint ranges, each read through its own index (rowid; ts), named because the
    # planner's statistics make a skip-scan of the pattern index look cheaper (it reads
    # every run of every pattern).
    stored_since = '"seq" > :prev_through AND "seq" <= :through AND "ts" <= :now AND "pattern_id" IS NOT NULL'
    after_its_now = '"ts" > :prev_now AND "ts" <= :now AND "seq" <= :prev_through AND "pattern_id" IS NOT NULL'
    added = (f"{_COUNTS.format(index=db.index_hint('NOT INDEXED'), runs=stored_since)} UNION ALL "
             f"{_COUNTS.format(index=db.index_hint('INDEXED BY idx_exec_ts'), runs=after_its_now)}")
    before = ('SELECT pattern_id, uses, successes, failures, COALESCE(duration_total_ms, 0) AS duration_total_ms, '
              'COALESCE(duration_count, 0) AS duration_count FROM pattern_metrics WHERE run_id = :prev_run')
    counts = ("SELECT pattern_id, SUM(uses) AS uses, SUM(successes) AS successes, SUM(failures) AS failures, "
              "SUM(duration_total_ms) AS duration_total_ms, SUM(duration_count) AS duration_count "
              f"FROM ({before} UNION ALL {added}) AS parts GROUP BY pattern_id")
    return _write_snapshot(db, counts, values)
