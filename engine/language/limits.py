"""Bounds on what a rule file may cost, so a hostile or broken file gets a diagnostic.

Two shapes stay small in the text yet are expensive downstream:

- depth: ``not not not ... x`` or ``a + a + ... + a`` parse fine but give a tree as deep
  as it is long, and every later stage (transformer, checks, compiler) walks trees
  recursively, so a few hundred levels exhaust Python's stack;
- expansion: lets and emitted fields are inlined into the SQL wherever they are used,
  so ``let b = a + a``, ``let c = b + b``, ... doubles the SQL with every line (20 such
  lines make 50 MB of SQL).

Both are measured here without recursion, so measuring cannot fail the way it guards.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable, Hashable, Iterator

from pydantic import BaseModel

MAX_TREE_DEPTH = 300        # parse-tree levels (a shipped pack needs about 35)
MAX_AST_DEPTH = 100         # expression nesting (a shipped pack needs about 11)
MAX_EXPANDED_NODES = 10_000  # expression nodes of one let or field once lets are inlined


def _children(node: Any) -> Iterator[Any]:
    """Sub-nodes of a Lark tree or a pydantic AST node (lists flattened)."""
    children = getattr(node, "children", None)
    if children is not None and not isinstance(node, BaseModel):
        yield from children
        return
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            value = getattr(node, name)
            if isinstance(value, BaseModel):
                yield value
            elif isinstance(value, list):
                yield from (item for item in value if isinstance(item, BaseModel))


def too_deep(root: Any, limit: int) -> Any | None:
    """The first node found deeper than ``limit`` (Lark tree or AST), or None."""
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return node
        stack.extend((child, depth + 1) for child in _children(node))
    return None


def size_and_names(expr: BaseModel) -> tuple[int, Counter]:
    """Node count of an expression and how often each bare name occurs in it."""
    count, names = 0, Counter()
    stack = [expr]
    while stack:
        node = stack.pop()
        count += 1
        if getattr(node, "node", None) == "name":
            names[node.name] += 1
        stack.extend(_children(node))
    return count, names


def expanded_sizes(definitions: dict[Hashable, BaseModel],
                   resolve: Callable[[str], Hashable | None]) -> dict[Hashable, int]:
    """The size of each definition once the definitions it names are inlined.

    ``resolve`` maps a name to the definition it inlines (None: a column or param).
    A name that refers back to a definition being expanded is not inlined (the compiler
    does the same), so cycles count once. Sizes are capped just above the limit.
    """
    own = {key: size_and_names(expr) for key, expr in definitions.items()}
    sizes: dict[Hashable, int] = {}
    for root in definitions:
        if root in sizes:
            continue
        stack, on_path = [root], {root}
        while stack:
            key = stack[-1]
            nodes, names = own[key]
            targets = {name: resolve(name) for name in names}
            pending = [t for t in targets.values() if t in own and t not in sizes and t not in on_path]
            if pending:
                stack.append(pending[0])
                on_path.add(pending[0])
                continue
            extra = sum(count * (sizes[targets[name]] - 1) for name, count in names.items()
                        if targets[name] in sizes and targets[name] not in on_path)
            sizes[key] = min(nodes + extra, MAX_EXPANDED_NODES + 1)
            stack.pop()
            on_path.discard(key)
    return sizes
