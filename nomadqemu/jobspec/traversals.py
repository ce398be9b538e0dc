"""The references an expression makes (`hclsyntax.Variables`)."""

from __future__ import annotations

from collections.abc import Iterator

from nomadqemu.hcl import ast
from nomadqemu.span import Pos, Span


def traversals(node: object, bound: frozenset[str] = frozenset()) -> Iterator[ast.ScopeTraversal]:
    """Every `ScopeTraversal` under `node`, except those naming a for-expression's variables.

    A bare object key (`{ a = 1 }`) is a literal name, not a reference.
    """
    if isinstance(node, ast.ScopeTraversal):
        if node.root not in bound:
            yield node
        return
    if isinstance(node, ast.ObjectKey) and node.bare_name is not None:
        return
    if isinstance(node, tuple):
        for item in node:
            yield from traversals(item, bound)
        return
    # Every syntax-tree node is a record: its `__match_args__` are its fields, in order
    # (asked of the class, not `dataclasses`, which would cost its import at start-up).
    names = getattr(type(node), "__match_args__", None)
    if names is None or isinstance(node, type | Span | Pos):
        return
    inner = bound
    if isinstance(node, ast.ForExpr | ast.TemplateFor):
        yield from traversals(node.collection, bound)
        inner = bound | {node.value_var} | ({node.key_var} if node.key_var else set())
    for name in names:
        if name != "collection" or inner is bound:
            yield from traversals(getattr(node, name), inner)
