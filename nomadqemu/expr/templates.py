"""String templates: `"a${b}c"`, heredocs, `%{if}` and `%{for}` directives.

Go's parser turns `%{if}` into a conditional between two templates and `%{for}` into a
for-expression whose string results are joined; the same is done here, so both inherit
exactly the conditional's and the for-expression's behaviour and messages.
"""

from __future__ import annotations

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.expr import evaluator
from nomadqemu.expr.context import EvalContext
from nomadqemu.expr.diag import error, has_errors
from nomadqemu.hcl import ast
from nomadqemu.span import Span
from nomadqemu.values.convert import ConversionError, convert
from nomadqemu.values.types import DYNAMIC, STRING
from nomadqemu.values.value import Value

Result = tuple[Value, list[Diagnostic]]

_INVALID_INTERPOLATION = "Invalid template interpolation value"


def template_literal(expr: ast.TemplateLiteral, ctx: EvalContext) -> Result:
    return Value.string(expr.text), []


def template_wrap(expr: ast.TemplateWrap, ctx: EvalContext) -> Result:
    return evaluator.evaluate(expr.wrapped, ctx)


def template(expr: ast.Template, ctx: EvalContext) -> Result:
    parts = expr.parts
    if len(parts) == 1 and type(parts[0]) is ast.TemplateLiteral:
        # A plain quoted string, the commonest template: its text is the value.
        return Value.string(parts[0].text), []
    return join_parts(parts, ctx)


def join_parts(parts: tuple[ast.Expr, ...], ctx: EvalContext) -> Result:
    """Go's `TemplateExpr.Value`.

    A null part is an error but leaves the result *known* (Go skips the part), which
    is why such an error has no follow-up diagnostic in Nomad; an unknown part makes
    the whole string unknown.
    """
    pieces: list[str] = []
    diags: list[Diagnostic] = []
    known = True
    failed = False  # whether `diags` holds an error yet
    for part in parts:
        value, part_diags = evaluator.evaluate(part, ctx)
        if part_diags:
            diags.extend(part_diags)
            failed = failed or has_errors(part_diags)
        if value.is_null:
            diags.append(
                error(
                    _INVALID_INTERPOLATION,
                    "The expression result is null. Cannot include a null value in a "
                    "string template.",
                    part.span,
                )
            )
            failed = True
            continue
        if value.is_unknown:
            known = False
            continue
        try:
            text = convert(value, STRING)
        except ConversionError as exc:
            diags.append(
                error(
                    _INVALID_INTERPOLATION,
                    f"Cannot include the given value in a string template: {exc.message}.",
                    part.span,
                )
            )
            failed = True
            continue
        if known and not failed:
            pieces.append(text.payload)
    if not known:
        return Value.unknown(STRING), diags
    return Value.string("".join(pieces)), diags


def _empty_literal(at: Span) -> ast.TemplateLiteral:
    point = Span(at.filename, at.start, at.start)
    return ast.TemplateLiteral("", point)


def _branch(parts: tuple[ast.Expr, ...], fallback: Span) -> ast.Template:
    if not parts:
        literal = _empty_literal(fallback)
        return ast.Template((literal,), literal.span)
    return ast.Template(parts, parts[0].span.through(parts[-1].span))


def template_if(expr: ast.TemplateIf, ctx: EvalContext) -> Result:
    # Imported here, as `for_expr` below: most templates have no directive, and the
    # modules are a millisecond of a cold start together.
    from nomadqemu.expr.conditional import evaluate_conditional

    return evaluate_conditional(
        expr.condition,
        _branch(expr.then_parts, expr.span),
        _branch(expr.else_parts, expr.span),
        expr.span,
        ctx,
    )


def template_for(expr: ast.TemplateFor, ctx: EvalContext) -> Result:
    from nomadqemu.expr.forexpr import for_expr

    loop = ast.ForExpr(
        key_var=expr.key_var,
        value_var=expr.value_var,
        collection=expr.collection,
        key_expr=None,
        value_expr=_branch(expr.body_parts, expr.span),
        condition=None,
        group=False,
        span=expr.span,
        open_span=expr.span,
    )
    results, diags = for_expr(loop, ctx)
    if results.type == DYNAMIC or results.is_unknown:
        return Value.unknown(STRING), diags
    pieces: list[str] = []
    for item in results.elements():
        if item.is_null:
            diags.append(
                error(
                    _INVALID_INTERPOLATION,
                    "An iteration result is null. Cannot include a null value in a string "
                    "template.",
                    expr.span,
                )
            )
            continue
        if item.type == DYNAMIC:
            return Value.unknown(STRING), diags
        try:
            text = convert(item, STRING)
        except ConversionError as exc:
            diags.append(
                error(
                    _INVALID_INTERPOLATION,
                    "Cannot include one of the interpolation results into the string "
                    f"template: {exc.message}.",
                    expr.span,
                )
            )
            continue
        if item.is_unknown:
            return Value.unknown(STRING), diags
        pieces.append(text.payload)
    return Value.string("".join(pieces)), diags
