"""`[for k, v in coll : value if cond]` and `{for k, v in coll : key => value... if cond}`."""

from __future__ import annotations

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.expr import evaluator
from nomadqemu.expr.context import EvalContext
from nomadqemu.expr.diag import dynamic_unknown, error, has_errors
from nomadqemu.expr.iteration import can_iterate, elements
from nomadqemu.goquote import go_quote
from nomadqemu.hcl import ast
from nomadqemu.values.convert import ConversionError, convert
from nomadqemu.values.types import BOOL, DYNAMIC, STRING
from nomadqemu.values.value import Value

Result = tuple[Value, list[Diagnostic]]

_INVALID_CONDITION = "Invalid 'for' condition"


def _scope(expr: ast.ForExpr, ctx: EvalContext, key: Value, value: Value) -> EvalContext:
    names = {expr.value_var: value}
    if expr.key_var is not None:
        names = {expr.key_var: key, **names}
    return ctx.child(names)


def for_expr(expr: ast.ForExpr, ctx: EvalContext) -> Result:
    """Go's `ForExpr.Value` (Nomad's fork: an unknown collection skips the `if` pre-check)."""
    collection, diags = evaluator.evaluate(expr.collection, ctx)
    if collection.is_null:
        diags.append(
            error(
                "Iteration over null value",
                "A null value cannot be used as the collection in a 'for' expression.",
                expr.collection.span,
            )
        )
        return dynamic_unknown(), diags
    if collection.type == DYNAMIC:
        return dynamic_unknown(), diags
    if not can_iterate(collection):
        diags.append(
            error(
                "Iteration over non-iterable value",
                f"A value of type {collection.type.friendly_name()} cannot be used as the "
                "collection in a 'for' expression.",
                expr.collection.span,
            )
        )
        return dynamic_unknown(), diags
    if collection.is_unknown:
        return dynamic_unknown(), diags
    if expr.condition is not None and not _precheck_condition(expr, expr.condition, ctx, diags):
        return dynamic_unknown(), diags
    if expr.key_expr is not None:
        return _object_result(expr, expr.key_expr, collection, ctx, diags)
    return _tuple_result(expr, collection, ctx, diags)


def _precheck_condition(
    expr: ast.ForExpr, condition: ast.Expr, ctx: EvalContext, diags: list[Diagnostic]
) -> bool:
    """Evaluate the `if` clause once with unknown iterators to catch type errors early."""
    unknown = dynamic_unknown()
    result, cond_diags = evaluator.evaluate(condition, _scope(expr, ctx, unknown, unknown))
    diags.extend(cond_diags)
    if result.is_null:
        diags.append(
            error(
                "Condition is null",
                "The value of the 'if' clause must not be null.",
                condition.span,
            )
        )
        return False
    try:
        convert(result, BOOL)
    except ConversionError as exc:
        diags.append(
            error(
                _INVALID_CONDITION,
                f"The 'if' clause value is invalid: {exc.message}.",
                condition.span,
            )
        )
        return False
    return not has_errors(cond_diags)


def _include(
    condition: ast.Expr, scope: EvalContext, known: bool, diags: list[Diagnostic]
) -> bool | None:
    """Whether the `if` clause keeps this element; None when it cannot be decided."""
    raw, cond_diags = evaluator.evaluate(condition, scope)
    diags.extend(cond_diags)
    if raw.is_null:
        if known:
            diags.append(
                error(
                    _INVALID_CONDITION,
                    "The value of the 'if' clause must not be null.",
                    condition.span,
                )
            )
        return None
    if raw.is_unknown:
        return None
    try:
        include = convert(raw, BOOL)
    except ConversionError as exc:
        if known:
            diags.append(
                error(
                    _INVALID_CONDITION,
                    f"The 'if' clause value is invalid: {exc.message}.",
                    condition.span,
                )
            )
        return None
    if include.is_unknown:
        return None
    return bool(include.payload)


def _tuple_result(
    expr: ast.ForExpr, collection: Value, ctx: EvalContext, diags: list[Diagnostic]
) -> Result:
    items: list[Value] = []
    known = True
    for key, element in elements(collection):
        scope = _scope(expr, ctx, key, element)
        if expr.condition is not None:
            include = _include(expr.condition, scope, known, diags)
            if include is None:
                known = False
                continue
            if not include:
                continue
        value, value_diags = evaluator.evaluate(expr.value_expr, scope)
        diags.extend(value_diags)
        items.append(value)
    if not known:
        return dynamic_unknown(), diags
    return Value.tuple_of(items), diags


def _object_result(
    expr: ast.ForExpr,
    key_expr: ast.Expr,
    collection: Value,
    ctx: EvalContext,
    diags: list[Diagnostic],
) -> Result:
    single: dict[str, Value] = {}
    grouped: dict[str, list[Value]] = {}
    known = True
    for key, element in elements(collection):
        scope = _scope(expr, ctx, key, element)
        if expr.condition is not None:
            include = _include(expr.condition, scope, known, diags)
            if include is None:
                known = False
                continue
            if not include:
                continue
        raw_key, key_diags = evaluator.evaluate(key_expr, scope)
        diags.extend(key_diags)
        if raw_key.is_null:
            if known:
                diags.append(
                    error(
                        "Invalid object key",
                        "Key expression in 'for' expression must not produce a null value.",
                        key_expr.span,
                    )
                )
            known = False
            continue
        if raw_key.is_unknown:
            known = False
            continue
        try:
            name = convert(raw_key, STRING).payload
        except ConversionError as exc:
            if known:
                diags.append(
                    error(
                        "Invalid object key",
                        f"The key expression produced an invalid result: {exc.message}.",
                        key_expr.span,
                    )
                )
            known = False
            continue
        value, value_diags = evaluator.evaluate(expr.value_expr, scope)
        diags.extend(value_diags)
        if expr.group:
            grouped.setdefault(name, []).append(value)
        elif name in single:
            # Reported, but the object stays known with the first value, as in Go.
            diags.append(
                error(
                    "Duplicate object key",
                    f"Two different items produced the key {go_quote(name)} in this 'for' "
                    "expression. If duplicates are expected, use the ellipsis (...) after "
                    "the value expression to enable grouping by key.",
                    key_expr.span,
                )
            )
        else:
            single[name] = value
    if not known:
        return dynamic_unknown(), diags
    if expr.group:
        return Value.object_of({k: Value.tuple_of(v) for k, v in grouped.items()}), diags
    return Value.object_of(single), diags
