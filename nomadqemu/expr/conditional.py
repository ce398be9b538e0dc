"""`cond ? a : b`, with HCL's unification of the two result types."""

from __future__ import annotations

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.expr import evaluator
from nomadqemu.expr.context import EvalContext
from nomadqemu.expr.diag import dynamic_unknown, error
from nomadqemu.goquote import go_quote
from nomadqemu.hcl import ast
from nomadqemu.span import Span
from nomadqemu.values.convert import (
    Conversion,
    ConversionError,
    convert,
    unify_with_conversions,
    whole_conversion,
)
from nomadqemu.values.types import (
    BOOL,
    DYNAMIC,
    ListType,
    MapType,
    ObjectType,
    SetType,
    TupleType,
    Type,
)
from nomadqemu.values.value import Value

Result = tuple[Value, list[Diagnostic]]


def conditional(expr: ast.Conditional, ctx: EvalContext) -> Result:
    return evaluate_conditional(expr.condition, expr.true_result, expr.false_result, expr.span, ctx)


def _is_dynamic_null(value: Value) -> bool:
    """A literal `null`: it converts to whatever the other branch is."""
    return value.is_null and not value.is_unknown and value.type == DYNAMIC


def evaluate_conditional(
    condition: ast.Expr,
    true_expr: ast.Expr,
    false_expr: ast.Expr,
    span: Span,
    ctx: EvalContext,
) -> Result:
    """Go's `ConditionalExpr.Value`.

    Both branches are evaluated first (their types decide the result type), but only
    the chosen branch's diagnostics are reported.
    """
    true_value, true_diags = evaluator.evaluate(true_expr, ctx)
    false_value, false_diags = evaluator.evaluate(false_expr, ctx)
    result_type: Type | None
    conversions: list[Conversion | None] = [None, None]
    if _is_dynamic_null(true_value):
        result_type = false_value.type
        conversions[0] = whole_conversion(DYNAMIC, result_type, unsafe=True)
    elif _is_dynamic_null(false_value):
        result_type = true_value.type
        conversions[1] = whole_conversion(DYNAMIC, result_type, unsafe=True)
    elif DYNAMIC in (true_value.type, false_value.type):
        result_type = DYNAMIC
    else:
        result_type, conversions = unify_with_conversions(
            [true_value.type, false_value.type], unsafe=True
        )
    if result_type is None:
        detail = (
            "The true and false result expressions must have consistent types. "
            f"{describe_type_mismatch(true_value.type, false_value.type)}."
        )
        subject = true_expr.span.through(false_expr.span)
        return dynamic_unknown(), [error("Inconsistent conditional result types", detail, subject)]

    cond, diags = evaluator.evaluate(condition, ctx)
    if cond.is_null:
        diags.append(
            error(
                "Null condition",
                "The condition value is null. Conditions must either be true or false.",
                condition.span,
            )
        )
        return Value.unknown(result_type), diags
    if cond.is_unknown:
        if true_value.is_null and false_value.is_null:
            return Value.null(result_type), diags
        return Value.unknown(result_type), diags
    try:
        cond = convert(cond, BOOL)
    except ConversionError:
        diags.append(
            error(
                "Incorrect condition type",
                "The condition expression must be of type bool.",
                condition.span,
            )
        )
        return Value.unknown(result_type), diags

    pick = 0 if cond.payload else 1
    chosen = (true_value, false_value)[pick]
    chosen_expr = (true_expr, false_expr)[pick]
    diags.extend((true_diags, false_diags)[pick])
    conversion = conversions[pick]
    if conversion is not None:
        try:
            chosen = conversion(chosen)
        except ConversionError as exc:
            which = ("true", "false")[pick]
            diags.append(
                error(
                    "Inconsistent conditional result types",
                    f"The {which} result value has the wrong type: {exc.message}.",
                    chosen_expr.span,
                )
            )
            chosen = Value.unknown(result_type)
    return chosen, diags


def describe_type_mismatch(true_type: Type, false_type: Type) -> str:
    """Go's `describeConditionalTypeMismatch`."""
    if isinstance(true_type, ObjectType) and isinstance(false_type, ObjectType):
        true_attrs = true_type.attribute_types
        false_attrs = false_type.attribute_types
        for name in sorted(true_attrs):
            if name not in false_attrs:
                return (
                    f"The 'true' value includes object attribute {go_quote(name)}, which is "
                    "absent in the 'false' value"
                )
            if true_attrs[name] != false_attrs[name]:
                inner = describe_type_mismatch(true_attrs[name], false_attrs[name])
                return f"Type mismatch for object attribute {go_quote(name)}: {inner}"
        for name in sorted(false_attrs):
            if name not in true_attrs:
                return (
                    f"The 'false' value includes object attribute {go_quote(name)}, which is "
                    "absent in the 'true' value"
                )
    elif isinstance(true_type, TupleType) and isinstance(false_type, TupleType):
        true_elems, false_elems = true_type.elements, false_type.elements
        if len(true_elems) != len(false_elems):
            return (
                f"The 'true' tuple has length {len(true_elems)}, but the 'false' tuple has "
                f"length {len(false_elems)}"
            )
        for i, (t, f) in enumerate(zip(true_elems, false_elems, strict=True)):
            if t != f:
                return f"Type mismatch for tuple element {i}: {describe_type_mismatch(t, f)}"
    elif (
        isinstance(true_type, ListType | MapType | SetType)
        and type(true_type) is type(false_type)
        and isinstance(false_type, ListType | MapType | SetType)
    ):
        t_el, f_el = true_type.element, false_type.element
        both_objects = isinstance(t_el, ObjectType) and isinstance(f_el, ObjectType)
        both_tuples = isinstance(t_el, TupleType) and isinstance(f_el, TupleType)
        if both_objects or both_tuples:
            noun = {ListType: "list", SetType: "set", MapType: "map"}[type(true_type)]
            inner = describe_type_mismatch(t_el, f_el)
            return f"Mismatched {noun} element types: {inner}"
    true_name, false_name = true_type.friendly_name(), false_type.friendly_name()
    if true_name == false_name:
        return (
            "At least one deeply-nested attribute or element is not compatible across both "
            "the 'true' and the 'false' value"
        )
    return f"The 'true' value is {true_name}, but the 'false' value is {false_name}"
