"""`autopattern explain --sql` on a PostgreSQL store, through the CLI: the SQL that runs
there, pretty-printed as on SQLite (one clause a line), and still the SQL that runs.

The server is the suite's own (tests/conftest.py: ``pg_url``).
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from engine.cli import app
from tests.support.rule_files import ingest_events, write_pack

runner = CliRunner()
NOW = "2026-11-24T12:00:00Z"

PACK = '''pack decide
  version 1
param history = 90d in 1d .. 365d
rule busy "work that recurs"
  from executions
  where ts within 30d and work_runs(operation, command_template_id, history) >= 2
  group by operation
  having count() >= 2
  emit trend
    name      = concat("busy ", operation)
    direction = "flat"
    runs      = count()
  decide
    flag when count() >= 2
'''

EVENTS = [{"type": "execution", "id": f"x{n}", "ts": f"2026-11-2{n % 3}T10:00:0{n}.000Z",
           "operation": "build" if n % 2 else "lint", "command": f"make {'all' if n % 2 else 'lint'}",
           "status": "success", "duration_ms": 100 + n} for n in range(8)]


def run(*args, env=None):
    return runner.invoke(app, [str(a) for a in args], env=env)


def compiled_sql(output: str) -> list[str]:
    """The lines of the compiled SQL block of ``explain --sql`` (indented under its title)."""
    lines = output.split("compiled SQL: ", 1)[1].splitlines()[1:]
    return [line for line in lines[:lines.index("")]]


def test_explain_sql_on_postgres_is_pretty_printed(ws, pg_url):
    write_pack(ws, "decide", PACK)
    env = {"AUTOPATTERN_DATABASE_URL": pg_url}
    ingest_events(ws, EVENTS)                       # into the SQLite file: the default store
    lite_db = run("explain", "decide.busy", "-w", ws.root, "--now", NOW, "--sql")
    assert lite_db.exit_code == 0, lite_db.output
    copied = run("store", "copy", "--to", pg_url, "-w", ws.root)
    assert copied.exit_code == 0, copied.output

    pg = run("explain", "decide.busy", "-w", ws.root, "--now", NOW, "--sql", env=env)
    assert pg.exit_code == 0, pg.output
    assert "compiled SQL: (postgres)" in pg.output
    sql = compiled_sql(pg.output)
    assert len(sql) > 20 and max(len(line) for line in sql) < 160, sql      # not one long line
    assert sql[0].strip().startswith('WITH "h0" AS MATERIALIZED (')
    assert any(line.strip() == "FROM (" for line in sql) and any("%(p0)s" in line for line in sql)
    lite = compiled_sql(lite_db.output)
    assert len(lite) > 20 and max(len(line) for line in lite) < 160 and any(":p0" in line for line in lite)
    # the same groups on both stores: the explained SQL is the SQL that runs
    assert pg.output.split("compiled SQL")[0].replace("postgres", "sqlite") == \
        lite_db.output.split("compiled SQL")[0].replace("postgres", "sqlite")
    assert "group operation=build" in pg.output

    # --json carries the same pretty SQL, and it runs on the server as it is printed
    data = json.loads(run("explain", "decide.busy", "-w", ws.root, "--now", NOW, "--json",
                          env=env).stdout)
    assert data["dialect"] == "postgres" and data["sql"].count("\n") > 20
    import psycopg
    values = {b["name"]: b["value"] for b in data["bindings"]}
    with psycopg.connect(pg_url) as conn:
        rows = conn.execute(data["sql"], values).fetchall()
    assert [r[0] for r in rows] == [g["key"]["operation"] for g in data["groups"] if g["passes_having"]]
