"""Tuple `[a, b]` and object `{k = v}` constructors."""

from __future__ import annotations

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.expr import evaluator
from nomadqemu.expr.context import EvalContext
from nomadqemu.expr.diag import dynamic_unknown, error, has_errors
from nomadqemu.hcl import ast
from nomadqemu.values.convert import ConversionError, convert
from nomadqemu.values.types import STRING
from nomadqemu.values.value import Value

Result = tuple[Value, list[Diagnostic]]


def tuple_cons(expr: ast.TupleCons, ctx: EvalContext) -> Result:
    items: list[Value] = []
    diags: list[Diagnostic] = []
    for item in expr.items:
        value, item_diags = evaluator.evaluate(item, ctx)
        items.append(value)
        diags.extend(item_diags)
    return Value.tuple_of(items), diags


def _keyword(expr: ast.Expr) -> str | None:
    """Go's `hcl.ExprAsKeyword`: a lone name, or `null`/`true`/`false`, as written."""
    if isinstance(expr, ast.ScopeTraversal) and not expr.steps:
        return expr.root
    if isinstance(expr, ast.Literal) and expr.kind in ("bool", "null"):
        return expr.text
    return None


def object_key(key: ast.ObjectKey, ctx: EvalContext) -> Result:
    """Go's `ObjectConsKeyExpr.Value`: a bare name is the string itself."""
    if key.bare_name is not None:
        return Value.string(key.bare_name), []
    if isinstance(key.expr, ast.ScopeTraversal) and key.expr.steps:
        return dynamic_unknown(), [
            error(
                "Ambiguous attribute key",
                "If this expression is intended to be a reference, wrap it in parentheses. "
                "If it's instead intended as a literal name containing periods, wrap it in "
                "quotes to create a string literal.",
                key.expr.span,
            )
        ]
    keyword = _keyword(key.expr)
    if keyword is not None:
        return Value.string(keyword), []
    return evaluator.evaluate(key.expr, ctx)


def object_cons(expr: ast.ObjectCons, ctx: EvalContext) -> Result:
    """Go's `ObjectConsExpr.Value`: any key that cannot be produced makes the object unknown."""
    entries: dict[str, Value] = {}
    diags: list[Diagnostic] = []
    known = True
    for item in expr.items:
        key, key_diags = object_key(item.key, ctx)
        diags.extend(key_diags)
        value, value_diags = evaluator.evaluate(item.value, ctx)
        diags.extend(value_diags)
        if has_errors(key_diags):
            known = False
            continue
        if key.is_null:
            diags.append(
                error("Null value as key", "Can't use a null value as a key.", item.value.span)
            )
            known = False
            continue
        try:
            key = convert(key, STRING)
        except ConversionError as exc:
            diags.append(
                error(
                    "Incorrect key type",
                    f"Can't use this value as a key: {exc.message}.",
                    item.key.expr.span,
                )
            )
            known = False
            continue
        if key.is_unknown:
            known = False
            continue
        entries[key.payload] = value
    if not known:
        return dynamic_unknown(), diags
    return Value.object_of(entries), diags
