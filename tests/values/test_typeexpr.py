"""Type expressions, built as syntax trees by hand (the parser is another module's job)."""

from __future__ import annotations

import pytest

from nomadqemu.hcl import ast
from nomadqemu.span import Pos, Span
from nomadqemu.values.typeexpr import TypeExprError, type_from_expr, type_string
from nomadqemu.values.types import (
    DYNAMIC,
    NUMBER,
    STRING,
    ListType,
    MapType,
    ObjectType,
    SetType,
    TupleType,
)


def sp(a: int, b: int) -> Span:
    return Span("t.hcl", Pos(1, a, a - 1), Pos(1, b, b - 1))


def kw(name: str, at: int = 1) -> ast.ScopeTraversal:
    span = sp(at, at + len(name))
    return ast.ScopeTraversal(name, span, (), span)


def call(name: str, *args: ast.Expr, at: int = 1) -> ast.FunctionCall:
    end = max((a.span.end.column for a in args), default=at + len(name) + 1) + 1
    return ast.FunctionCall(
        name,
        sp(at, at + len(name)),
        tuple(args),
        False,
        sp(at, end),
        sp(at + len(name), at + len(name) + 1),
        sp(end - 1, end),
    )


def objcons(**attrs: ast.Expr) -> ast.ObjectCons:
    items = []
    for name, value in attrs.items():
        key = ast.ObjectKey(kw(name), name, kw(name).span)
        items.append(ast.ObjectItem(key, value, value.span))
    return ast.ObjectCons(tuple(items), sp(1, 2))


def test_primitives_and_collections() -> None:
    assert type_from_expr(kw("string")) == STRING
    assert type_from_expr(call("list", kw("number"))) == ListType(NUMBER)
    assert type_from_expr(call("set", call("map", kw("string")))) == SetType(MapType(STRING))
    tuple_expr = call("tuple", ast.TupleCons((kw("string"), kw("number")), sp(1, 2)))
    assert type_from_expr(tuple_expr) == TupleType((STRING, NUMBER))


def test_any_only_in_constraints() -> None:
    assert type_from_expr(call("list", kw("any")), constraint=True) == ListType(DYNAMIC)
    with pytest.raises(TypeExprError) as info:
        type_from_expr(call("list", kw("any", at=6)))
    assert info.value.message == (
        'The keyword "any" cannot be used in this type specification: an exact type is required.'
    )
    assert info.value.span == sp(6, 9)


def test_optional_attributes() -> None:
    expr = call("object", objcons(a=kw("string"), b=call("optional", kw("number"))))
    got = type_from_expr(expr, constraint=True)
    assert got == ObjectType.of({"a": STRING, "b": NUMBER}, frozenset({"b"}))
    assert type_string(got) == "object({a=string,b=optional(number)})"
    with pytest.raises(TypeExprError, match="only for type constraints"):
        type_from_expr(expr)
    two = call("object", objcons(b=call("optional", kw("number"), kw("number"))))
    with pytest.raises(TypeExprError, match="expects only one argument"):
        type_from_expr(two, constraint=True)


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        (kw("strin"), 'The keyword "strin" is not a valid type specification.'),
        (kw("list"), "The list type constructor requires one argument specifying the element "
                     "type."),
        (call("string", kw("x")), 'Primitive type keyword "string" does not expect arguments.'),
        (call("optional", kw("string")), 'Keyword "optional" is valid only as a modifier for '
                                         "object type attributes."),
        (call("foo", kw("string")), 'Keyword "foo" is not a valid type constructor.'),
        (ast.TupleCons((), sp(1, 3)), "A type specification is either a primitive type keyword "
                                      "(bool, number, string) or a complex type constructor "
                                      "call, like list(string)."),
    ],
)  # fmt: skip
def test_errors(expr: ast.Expr, message: str) -> None:
    with pytest.raises(TypeExprError) as info:
        type_from_expr(expr, constraint=True)
    assert info.value.message == message
    assert info.value.diagnostics[0].summary == "Invalid type specification"
