"""`coll[*].a` and `coll.*.a`: apply the steps after the marker to every element."""

from __future__ import annotations

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.expr import evaluator
from nomadqemu.expr.context import EvalContext
from nomadqemu.expr.diag import dynamic_unknown, error, has_errors
from nomadqemu.expr.traversal import apply_steps
from nomadqemu.hcl import ast
from nomadqemu.values.types import DYNAMIC, ListType, SetType, TupleType, Type
from nomadqemu.values.value import Value

Result = tuple[Value, list[Diagnostic]]


def _each(expr: ast.Splat, item: Value, ctx: EvalContext) -> Result:
    """The per-element part of `expr` applied to `item` (Go's `Each.Value`)."""
    if expr.each_expr is None:
        return apply_steps(item, expr.each)
    return evaluator.evaluate(expr.each_expr, ctx.with_item(ast.AnonSymbol(expr.marker_span), item))


def _result_type(expr: ast.Splat, source: Value, ctx: EvalContext) -> tuple[Type, list[Diagnostic]]:
    """The type the result would have, found by applying `each` to unknown elements.

    Go evaluates in a child context here, and keeps the diagnostics.
    """
    scope = ctx.child({})
    ty = source.type
    if isinstance(ty, ListType | SetType):
        value, diags = _each(expr, Value.unknown(ty.element), scope)
        return ListType(value.type), diags
    if isinstance(ty, TupleType):
        types: list[Type] = []
        diags = []
        for element in ty.elements:
            value, more = _each(expr, Value.unknown(element), scope)
            types.append(value.type)
            diags += more
        return TupleType(tuple(types)), diags
    return DYNAMIC, []


def anon_symbol(expr: ast.AnonSymbol, ctx: EvalContext) -> Result:
    """The element being visited; unknown outside its splat, as in Go."""
    value = ctx.item(expr)
    return (value if value is not None else dynamic_unknown()), []


def splat(expr: ast.Splat, ctx: EvalContext) -> Result:
    """Go's `SplatExpr.Value`.

    A value that is not a list, set or tuple is treated as a one-element tuple, and a
    null one as an empty tuple (the splat's "special power").
    """
    source, diags = evaluator.evaluate(expr.source, ctx)
    if has_errors(diags):
        return dynamic_unknown(), diags
    sequence = isinstance(source.type, ListType | SetType | TupleType)
    if source.is_null:
        if not sequence:
            return Value.tuple_of(()), diags
        diags.append(
            error(
                "Splat of null value",
                "Splat expressions (with the * symbol) cannot be applied to null sequences.",
                expr.source.span,
            )
        )
        return dynamic_unknown(), diags
    if source.type == DYNAMIC:
        return dynamic_unknown(), diags
    upgraded_unknown = False
    if not sequence:
        upgraded_unknown = source.is_unknown
        source = Value.tuple_of((source,))
    if source.is_unknown:
        result_type, type_diags = _result_type(expr, source, ctx)
        return Value.unknown(result_type), diags + type_diags

    results: list[Value] = []
    known = True
    for item in source.elements():
        value, item_diags = _each(expr, item, ctx)
        diags.extend(item_diags)
        if has_errors(item_diags):
            known = False
        results.append(value)
    if upgraded_unknown:
        return dynamic_unknown(), diags
    if not known:
        # The type's diagnostics repeat the ones just reported, so Go drops them.
        return Value.unknown(_result_type(expr, source, ctx)[0]), diags
    if isinstance(source.type, ListType | SetType):
        if not results:
            result_type, type_diags = _result_type(expr, source, ctx)
            assert isinstance(result_type, ListType)
            return Value.list_of(result_type.element, ()), diags + type_diags
        first = results[0].type
        if any(r.type != first for r in results):
            diags.append(
                error(
                    "Invalid nested splat expressions",
                    "The second level of splat expression produced elements of different "
                    "types, so it isn't possible to construct a valid list to represent the "
                    "top-level result.\n\nConsider using a for expression instead, to produce "
                    "a tuple-typed result which can therefore have non-homogenous element "
                    "types.",
                    expr.span,
                )
            )
            return dynamic_unknown(), diags
        return Value.list_of(first, results), diags
    return Value.tuple_of(results), diags
