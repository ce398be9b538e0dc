"""Nomad's `hclutil.BlocksAsAttrs`: blocks in schema-less bodies read as attributes.

Free-form maps (`config`, scaling `policy`, `meta`, `env`, …) have no schema, so Nomad
rewrites a body's nested blocks into attribute expressions: every block type becomes
a tuple of objects (one per block, labels nesting as `{label = [{…}]}`), and an
attribute whose expression is a literal `{…}` is wrapped in a one-element tuple. Only
native-syntax bodies are rewritten; JSON bodies pass through unchanged.
"""

from __future__ import annotations

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.hcl import ast
from nomadqemu.jobspec.hclbody import Attr, Body, SyntaxBody, SyntaxExpr, point
from nomadqemu.span import Span


def blocks_as_attrs(body: Body) -> Body:
    if isinstance(body, SyntaxBody):
        return BlockAttrsBody(
            body.syntax, body.missing, body.hidden_attrs, body.hidden_blocks, body.items
        )
    return body


class BlockAttrsBody(SyntaxBody):
    """A native-syntax body whose `just_attributes` reads nested blocks as attributes.

    Content requests behave as for any syntax body; the nested bodies they return are
    of this class too (`SyntaxBody` builds them with the class of the body asked).
    """

    __slots__ = ()

    def just_attributes(self) -> tuple[dict[str, Attr], list[Diagnostic]]:
        attrs: dict[str, Attr] = {}
        for name, attr in self.items.attrs.items():
            if name in self.hidden_attrs:
                continue
            attrs[name] = Attr(name, SyntaxExpr(wrap_object(attr.expr)), attr.span, attr.name_span)
        for type_name, blocks in _by_type(self.items.blocks).items():
            if type_name in self.hidden_blocks:
                continue
            first = blocks[0]
            attrs[type_name] = Attr(
                # Go's range for such an attribute is the first block's body.
                type_name,
                SyntaxExpr(blocks_to_expr(blocks)),
                first.body.span,
                first.type_span,
            )
        return attrs, []


def _by_type(blocks: tuple[ast.Block, ...]) -> dict[str, list[ast.Block]]:
    grouped: dict[str, list[ast.Block]] = {}
    for block in blocks:
        grouped.setdefault(block.type, []).append(block)
    return grouped


def wrap_object(expr: ast.Expr) -> ast.Expr:
    """A literal `{…}` becomes `[{…}]`, as HCL1 read it; anything else is kept."""
    if isinstance(expr, ast.ObjectCons):
        return ast.TupleCons((expr,), expr.span)
    return expr


def blocks_to_expr(blocks: list[ast.Block]) -> ast.Expr:
    span = blocks[0].open_brace_span.through(blocks[-1].close_brace_span)
    return ast.TupleCons(tuple(block_to_expr(b) for b in blocks), span)


def _key(name: str, span: Span) -> ast.ObjectKey:
    traversal = ast.ScopeTraversal(name, span, (), span)
    return ast.ObjectKey(traversal, name, span)


def block_to_expr(block: ast.Block) -> ast.Expr:
    items: list[ast.ObjectItem] = []
    seen: set[str] = set()
    for attr in block.body.attributes:
        if attr.name in seen:
            continue
        seen.add(attr.name)
        items.append(
            ast.ObjectItem(_key(attr.name, attr.name_span), wrap_object(attr.expr), attr.span)
        )
    for type_name, nested in _by_type(block.body.blocks).items():
        items.append(
            ast.ObjectItem(
                _key(type_name, nested[0].type_span), blocks_to_expr(nested), nested[0].span
            )
        )
    value: ast.Expr = ast.ObjectCons(tuple(items), block.span)
    for label, label_span in reversed(list(zip(block.labels, block.label_spans, strict=True))):
        wrapped = ast.TupleCons((value,), value.span)
        value = ast.ObjectCons(
            (ast.ObjectItem(_key(label, label_span), wrapped, label_span),), block.span
        )
    return value


__all__ = ["BlockAttrsBody", "blocks_as_attrs", "point"]
