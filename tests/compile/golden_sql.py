"""Golden SQL of every shipped rule, per dialect: render, compare, regenerate.

    .venv/bin/python -m tests.compile.golden_sql     # rewrite tests/compile/golden/*/

Each file holds every statement of one rule (the query, the explain query, the
evidence queries, the retention DELETE when the source has a table) as the compiler
renders it for that dialect, pretty-printed, and the bindings. A change to the compiler
or to a shipped rule shows up as a diff of readable SQL in both dialects.
"""

from __future__ import annotations

import sys
from pathlib import Path

from engine import resources
from engine.compile import compile_rule
from engine.compile.nodes import DIALECTS
from engine.language.loader import load_packs

GOLDEN = Path(__file__).parent / "golden"


def shipped_rules():
    loaded = load_packs([resources.rules_dir()])
    return [(item.pack, rule) for item in loaded if item.ok for rule in item.pack.rules]


def path_for(dialect: str, pack, rule) -> Path:
    return GOLDEN / dialect / f"{pack.name}.{rule.name}.sql"


def render(compiled, dialect: str) -> str:
    parts = [f"-- {compiled.pack}.{compiled.rule} (source: {compiled.source}, dialect: {dialect})", "",
             "-- bindings"]
    parts += [f"-- :{name} = {binding.describe()}" for name, binding in compiled.bindings.items()]
    for name in compiled.statements():
        parts += ["", f"-- {name}", compiled.sql_for(dialect, name, pretty=True) + ";"]
    return "\n".join(parts) + "\n"


def regenerate() -> list[Path]:
    written = []
    expected = set()
    for pack, rule in shipped_rules():
        compiled = compile_rule(pack, rule)
        for dialect in DIALECTS:
            path = path_for(dialect, pack, rule)
            expected.add(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            text = render(compiled, dialect)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                written.append(path)
    for stale in GOLDEN.glob("*/*.sql"):
        if stale not in expected:
            stale.unlink()
            written.append(stale)
    return written


if __name__ == "__main__":
    changed = regenerate()
    for path in changed:
        print(path.relative_to(GOLDEN.parent.parent.parent))
    print(f"{len(changed)} golden file(s) changed", file=sys.stderr)
