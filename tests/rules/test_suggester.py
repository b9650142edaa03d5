"""AUTO-006 in `evaluate`: the suggester pack suggests using a pattern for covered manual
work and drafting one for repeated uncovered work, never using a quarantined pattern."""

from __future__ import annotations

import pytest

from engine.registry.files import read_document
from tests.support.pack_env import execution


@pytest.fixture
def work_env(make_env):
    env = make_env("suggester")
    env.ingest(
        [execution(f"p{i}", i + 1, "scaffold", f"scaffold --name s{i}", pattern_id="pat-scaffold") for i in range(3)]
        + [execution(f"h{i}", i + 1, "scaffold", f"scaffold --name h{i}", actor="bob") for i in range(2)]
        + [execution(f"q{i}", i + 1, "quarantined_work", f"qwork --id {i}", pattern_id="pat-bad") for i in range(2)]
        + [execution(f"r{i}", i + 1, "quarantined_work", f"qwork --id {10 + i}") for i in range(2)]
        + [execution(f"d{i}", i + 1, "release", f"git tag v1.{i}") for i in range(3)]
        + [execution(f"t{i}", i + 1, "notes", f"write notes {i}") for i in range(2)]
        + [execution("o0", 20, "release", "git tag v0.9")])                 # too old for `recent`
    env.add_pattern("pat-bad", status="quarantined")
    return env


def test_evaluate_suggests_use_and_draft(work_env, snapshot):
    evaluation = work_env.evaluate()
    decided = {(f.rule, f.fields.get("operation")): f.decision for r in evaluation.results for f in r.findings}
    assert decided == {("use_pattern", "scaffold"): "suggest", ("draft_pattern", "release"): "suggest",
                       ("draft_pattern", "notes"): "skip",
                       ("draft_pattern", "quarantined_work"): "skip"}   # its pattern is quarantined: never "use"
    documents = [read_document(p) for p in sorted((work_env.ws.patterns_dir / "suggestions").glob("*.yaml"))]
    assert {(d["action"], d["target"]) for d in documents} == {("use_pattern", "pat-scaffold"),
                                                               ("draft_pattern", None)}
    use = next(d for d in documents if d["action"] == "use_pattern")
    assert sorted(use["evidence"]) == ["h0", "h1"]
    stable = [{k: d[k] for k in ("id", "rule", "name", "action", "target", "fields", "evidence", "reason")}
              for d in documents]
    assert stable == snapshot
