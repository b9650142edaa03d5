"""Evaluate: autopattern's whole run against the compiled SQL of the same rules, run bare.

autopattern: ``evaluate_workspace`` on every pack, exactly as ``autopattern evaluate``
does: load and check the packs, metric snapshots, every rule's query and per-group
evidence queries, findings, templates, registry documents validated and written,
decisions audited, the weekly report, retention.

Baseline: the same packs compiled once, outside the clock, then on a plain ``sqlite3``
connection (with autopattern's SQL functions registered, since the SQL calls them) every
rule's query and, for every group it returns, the rule's evidence queries, all with the
same bound values; every row fetched. What is left between the two is the Python around
the SQL: findings, documents, schema validation, file writes.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bench.common import Result, paired, timed
from engine.compile import compile_rule
from engine.evaluate.findings import resolve_bindings
from engine.evaluate.session import evaluate_workspace, load_workspace_packs, run_params
from engine.outputs import OUTPUTS
from engine.evaluate.sqlfunctions import register
from engine.workspace import Workspace

RATIO_GOAL = 1.2
SECONDS_GOAL = 10.0


@dataclass
class Query:
    name: str
    sql: str
    values: dict[str, Any]
    key_binds: list[str]
    evidence: list[str]


def compiled_queries(ws: Workspace, now: datetime, assignments: list[str]) -> list[Query]:
    """Every rule of the workspace's packs as SQL text and its bound values for this run."""
    packs = load_workspace_packs(ws)
    params = run_params(ws, packs, assignments)
    queries = []
    for pack in packs:
        for rule in pack.rules:
            compiled = compile_rule(pack, rule)
            values = resolve_bindings(compiled.bindings, params[pack.name], now)
            queries.append(Query(f"{pack.name}.{rule.name}", compiled.sql, values,
                                 list(compiled.key_binds), list(compiled.evidence_sql.values())))
    return queries


def run_bare(db_path, queries: list[Query]) -> dict[str, int]:
    """Run every query and its evidence queries on a plain connection; rows per rule."""
    conn = sqlite3.connect(str(db_path), isolation_level=None)
    register(conn)
    rows_by_rule = {}
    try:
        for query in queries:
            cursor = conn.execute(query.sql, query.values)
            names = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
            for row in rows:
                keyed = dict(zip(names, row))
                bound = {**query.values,
                         **{bind: keyed[f"k{i}"] for i, bind in enumerate(query.key_binds)}}
                for sql in query.evidence:
                    conn.execute(sql, bound).fetchall()
            rows_by_rule[query.name] = len(rows)
    finally:
        conn.close()
    return rows_by_rule


def run_autopattern(ws: Workspace, now: datetime, assignments: list[str]) -> dict[str, int]:
    evaluation = evaluate_workspace(ws, outputs=OUTPUTS, now=now, assignments=assignments)
    return {f"{r.pack}.{r.rule}": len(r.findings) for r in evaluation.results}


def measure_evaluate(ws: Workspace, now: datetime, repeat: int, executions: int,
                     at_full: bool) -> list[Result]:
    """The evaluate ratio row and the absolute-time row (judged only when ``at_full``)."""
    queries = compiled_queries(ws, now, [])
    found = run_autopattern(ws, now, [])          # warm-up: the registry's first writes
    rows = run_bare(ws.db_path, queries)
    mine, base, ratio = paired(
        repeat,
        lambda: timed(lambda: run_autopattern(ws, now, []))[0],
        lambda: timed(lambda: run_bare(ws.db_path, queries))[0],
        lambda a, b: a / b)
    details = {"rules": len(queries), "findings": sum(found.values()),
               "bare_rows": sum(rows.values()), "findings_by_rule": found}
    notes = ["one untimed warm-up run first: the timed runs are the steady state of a "
             "workspace evaluated every few hours"]
    ratio_row = Result("evaluate all packs vs compiled SQL run bare", "s", mine, base, ratio,
                       f"<= {RATIO_GOAL}x", ratio.median <= RATIO_GOAL, notes, details)
    absolute = Result(f"evaluate all packs, absolute ({executions:,} executions)", "s", mine,
                      None, None, f"< {SECONDS_GOAL:.0f} s at 1M executions",
                      (mine.median < SECONDS_GOAL) if at_full else None,
                      [] if at_full else ["goal judged only at 1M executions (--scale full)"])
    return [ratio_row, absolute]
