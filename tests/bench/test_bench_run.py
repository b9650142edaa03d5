"""Smoke test of bench/run.py: a tiny workload through every measure, end to end.

It proves the benchmark still runs and that its table and JSON say what they claim
(counts that match the workload, ratios that are the quotient of their columns). It
asserts nothing about speed: timings on a shared machine are not test material.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import REPO

RUN = REPO / "bench" / "run.py"
LOGHUB = REPO.parent / "shared" / "data" / "loghub-2k"
EXECUTIONS = 600
try:
    import drain3  # noqa: F401  (the bench extra: the mining measure compares with Drain3)
    HAVE_DRAIN3 = True
except ImportError:
    HAVE_DRAIN3 = False
MINING = LOGHUB.is_dir() and HAVE_DRAIN3


def bench(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(RUN), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bench")
    measures = "ingest,evaluate,growth,memory" + (",mining" if MINING else "")
    done = bench("--scale", str(EXECUTIONS), "--repeat", "1", "--history-factor", "2",
                 "--measures", measures, "--mining-systems", "HDFS",
                 "--json", str(tmp / "out.json"), "--workdir", str(tmp / "work"),
                 "--cache-dir", str(tmp / "cache"), cwd=tmp)
    assert done.returncode == 0, done.stderr
    return done, json.loads((tmp / "out.json").read_text(encoding="utf-8")), tmp


def by_measure(doc: dict, prefix: str) -> dict:
    [found] = [r for r in doc["results"] if r["measure"].startswith(prefix)]
    return found


def test_table_lists_every_measure(outcome):
    done, doc, _ = outcome
    header = done.stdout.splitlines()[1]
    assert [c.strip() for c in header.split("|")] == ["measure", "autopattern", "baseline",
                                                      "ratio", "goal", "met?"]
    for result in doc["results"]:
        assert result["measure"] in done.stdout


def test_workload_is_cached_jsonl_matching_its_counts(outcome):
    _, doc, _ = outcome
    workload = doc["workload"]
    lines = Path(workload["path"]).read_text(encoding="utf-8").splitlines()
    assert len(lines) == workload["events"] == sum(workload["counts"].values())
    executions = sum(json.loads(line)["type"] == "execution" for line in lines)
    assert executions == workload["counts"]["execution"]
    assert abs(executions - EXECUTIONS) <= EXECUTIONS * 0.1  # sized by executions


@pytest.mark.parametrize("prefix", ["ingest", "evaluate all packs vs", "growth"])
def test_ratio_is_the_quotient_of_its_columns(outcome, prefix):
    _, doc, _ = outcome
    row = by_measure(doc, prefix)
    ours, theirs = row["autopattern"]["samples"], row["baseline"]["samples"]
    assert all(v > 0 for v in ours + theirs)
    expected = [a / b for a, b in zip(ours, theirs)]
    assert all(math.isclose(r, e) for r, e in zip(row["ratio"]["samples"], expected))
    assert row["met"] == (row["ratio"]["median"] >= 0.35 if prefix == "ingest"
                          else row["ratio"]["median"] <= 1.2)


def test_growth_database_holds_the_history(outcome):
    _, doc, _ = outcome
    growth = by_measure(doc, "growth")
    assert growth["details"]["executions_in_db"] == 2 * doc["workload"]["counts"]["execution"]


def test_memory_and_machine_are_reported(outcome):
    _, doc, _ = outcome
    memory = by_measure(doc, "peak RSS")
    assert memory["autopattern"]["median"] >= memory["baseline"]["median"] > 10
    assert memory["met"] is None  # judged only at full scale
    assert doc["machine"]["cores"] >= 1 and doc["machine"]["sqlite"]


@pytest.mark.skipif(not LOGHUB.is_dir(), reason="no Loghub-2k data beside the repository")
@pytest.mark.skipif(not HAVE_DRAIN3, reason="the mining measure compares with Drain3: install the "
                                            "bench extra (pip install -e '.[bench]')")
def test_mining_reads_the_miner_benchmark(outcome):
    _, doc, _ = outcome
    mining = by_measure(doc, "template mining")
    assert mining["details"]["systems"] == ["HDFS"]
    assert mining["ratio"]["median"] > 0
    assert "every system and pooled" in mining["goal"]
    # the generalisation checks of the same run travel with the row (HDFS is in the
    # design half, so this run has no test half to report)
    assert any(note.startswith("held-out synthetic systems (8)") for note in mining["notes"])
    assert not any(note.startswith("test half") for note in mining["notes"])


@pytest.mark.parametrize("args, message", [
    (["--scale", "lots"], "expected small, full or a number of executions"),
    (["--measures", "ingest,speed"], "unknown ['speed']"),
    (["--history-factor", "1"], "at least 2"),
])
def test_bad_arguments_are_refused_clearly(tmp_path, args, message):
    done = bench(*args, "--workdir", str(tmp_path / "w"), "--cache-dir", str(tmp_path / "c"),
                 cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_peak_memory_is_the_childs_not_the_benchmarks(outcome):
    """Linux keeps a process's peak RSS across fork and exec: a 300 MB parent must not show."""
    _, _, tmp = outcome
    script = ("import sys; from pathlib import Path; from bench.memory_measure import peak_rss_mb; "
              "held = bytearray(300 * 2**20); "
              f"print(peak_rss_mb(Path({str(tmp / 'work' / 'base')!r}), '2026-11-24T00:00:00Z', True))")
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert 10 < float(done.stdout) < 200


def test_database_measures_ingest_on_postgresql_beside_sqlite(tmp_path, pg_url):
    done = bench("--scale", str(EXECUTIONS), "--repeat", "1", "--measures", "ingest,evaluate",
                 "--database", pg_url, "--json", str(tmp_path / "out.json"),
                 "--workdir", str(tmp_path / "work"), "--cache-dir", str(tmp_path / "cache"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    doc = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    ingest = by_measure(doc, "ingest into PostgreSQL")
    assert ingest["details"]["events"] == doc["workload"]["events"]
    assert math.isclose(ingest["ratio"]["median"], ingest["autopattern"]["median"] / ingest["baseline"]["median"])
    assert "ingest into PostgreSQL vs into SQLite" in done.stdout
    assert by_measure(doc, "evaluate all packs on PostgreSQL")   # measured, or says why not
    refused = bench("--database", "sqlite:///x.db", cwd=tmp_path)
    assert refused.returncode == 2 and "postgresql://" in refused.stderr
