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


def _result_type(expr: ast.Splat, source: Value) -> Type:
    """The type the result would have, found by applying the steps to unknown elements."""
    ty = source.type
    if isinstance(ty, ListType | SetType):
        value, _ = apply_steps(Value.unknown(ty.element), expr.each)
        return ListType(value.type)
    if isinstance(ty, TupleType):
        each = expr.each
        return TupleType(tuple(apply_steps(Value.unknown(t), each)[0].type for t in ty.elements))
    return DYNAMIC


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
        return Value.unknown(_result_type(expr, source)), diags

    results: list[Value] = []
    known = True
    for item in source.elements():
        value, item_diags = apply_steps(item, expr.each)
        diags.extend(item_diags)
        if has_errors(item_diags):
            known = False
        results.append(value)
    if upgraded_unknown:
        return dynamic_unknown(), diags
    if not known:
        return Value.unknown(_result_type(expr, source)), diags
    if isinstance(source.type, ListType | SetType):
        if not results:
            result_type = _result_type(expr, source)
            assert isinstance(result_type, ListType)
            return Value.list_of(result_type.element, ()), diags
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
