"""The references an expression makes (`hclsyntax.Variables`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from nomadqemu.hcl import ast


def traversals(node: ast.Expr, bound: frozenset[str] = frozenset()) -> Iterator[ast.ScopeTraversal]:
    """Every `ScopeTraversal` in `node`, except those naming a for-expression's own variables."""
    if isinstance(node, ast.ScopeTraversal):
        if node.root not in bound:
            yield node
        return
    if isinstance(node, ast.ObjectKey) and node.bare_name is not None:
        return
    if isinstance(node, ast.ForExpr | ast.TemplateFor):
        yield from traversals(node.collection, bound)
        inner = bound | {node.value_var} | ({node.key_var} if node.key_var else set())
        for f in dataclasses.fields(node):
            if f.name in ("collection", "span", "open_span"):
                continue
            yield from _children(getattr(node, f.name), inner)
        return
    for f in dataclasses.fields(node):
        yield from _children(getattr(node, f.name), bound)


def _children(value: object, bound: frozenset[str]) -> Iterator[ast.ScopeTraversal]:
    if isinstance(value, tuple):
        for item in value:
            yield from _children(item, bound)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        if type(value).__name__ in ("Span", "Pos"):
            return
        yield from traversals(value, bound)  # type: ignore[arg-type]  # any AST node
