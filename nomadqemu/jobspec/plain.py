"""The plain data of a constant expression, read off the syntax tree.

Free-form maps (`config`, scaling `policy`, …) mostly hold constants: quoted strings,
numbers, bools, `null`, and `[…]`/`{…}` of those, often made from nested blocks. What
`interfaceFromCtyValue` makes of their values depends on the syntax alone, so
`plain_literal` builds it directly instead of evaluating to cty values and converting
those. Anything else (a reference, a call, an interpolation, a key that needs
evaluating) gives `NOT_LITERAL`, and the caller evaluates the expression as usual.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from nomadqemu.hcl import ast
from nomadqemu.values.number import Number
from nomadqemu.values.value import nfc

NOT_LITERAL: Any = object()


@lru_cache(maxsize=1024)
def number_literal(text: str) -> Number:
    """A number literal's value: 512 bits, as HCL's parser reads it (shared: immutable)."""
    number = Number.parse(text)
    if number is None:  # pragma: no cover - the parser only produces valid literals
        raise ValueError(f"invalid number literal {text!r}")
    return number


def plain_literal(node: ast.Expr) -> Any:
    """`to_interface(evaluate(node))` for a constant `node`, else `NOT_LITERAL`."""
    if type(node) is ast.Template:
        part = node.parts[0] if len(node.parts) == 1 else None
        return nfc(part.text) if type(part) is ast.TemplateLiteral else NOT_LITERAL
    if type(node) is ast.Literal:
        if node.kind == "bool":
            return node.text == "true"
        if node.kind == "null":
            return None
        number = number_literal(node.text)
        if number.is_inf:
            return number.to_float()
        # Whole numbers that fit in int64 are ints, any other number a float64.
        whole, exact = number.to_int64()
        return whole if exact else number.to_float()
    if type(node) is ast.TupleCons:
        items = []
        for item in node.items:
            value = plain_literal(item)
            if value is NOT_LITERAL:
                return NOT_LITERAL
            items.append(value)
        return items
    if type(node) is ast.ObjectCons:
        return _plain_object(node)
    if type(node) is ast.Parens:
        return plain_literal(node.inner)
    return NOT_LITERAL


def _plain_object(node: ast.ObjectCons) -> Any:
    entries: dict[str, Any] = {}
    for item in node.items:
        key = item.key.bare_name
        if key is None:
            key_node = item.key.expr
            part = (
                key_node.parts[0]
                if type(key_node) is ast.Template and len(key_node.parts) == 1
                else None
            )
            if type(part) is not ast.TemplateLiteral:
                return NOT_LITERAL
            key = part.text
        value = plain_literal(item.value)
        if value is NOT_LITERAL:
            return NOT_LITERAL
        entries[nfc(key)] = value  # a repeated key: the last value wins, as in HCL
    # An object's attributes are sorted by name, as cty keeps them.
    return dict(sorted(entries.items()))
