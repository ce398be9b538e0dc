"""Small helpers shared by the evaluator modules: diagnostics, spans, common values."""

from __future__ import annotations

from nomadqemu.diagnostics.record import Diagnostic, Severity
from nomadqemu.hcl import ast
from nomadqemu.span import Pos, Span
from nomadqemu.values.types import DYNAMIC
from nomadqemu.values.value import Value

Diagnostics = list[Diagnostic]


def dynamic_unknown() -> Value:
    """cty.DynamicVal: an unknown value of unknown type, the result of a failed step."""
    return Value.unknown(DYNAMIC)


def error(summary: str, detail: str, span: Span | None) -> Diagnostic:
    return Diagnostic(Severity.ERROR, summary, detail, span)


def has_errors(diags: Diagnostics) -> bool:
    return any(d.is_error for d in diags)


def _first_char(span: Span) -> Span:
    """The one-character span at the start of `span` (an opening bracket or operator)."""
    start = span.start
    return Span(span.filename, start, Pos(start.line, start.column + 1, start.byte + 1))


def start_span(expr: ast.Expr) -> Span:
    """Go's `Expression.StartRange()`: where diagnostics about an argument point.

    It differs from the full range for several node kinds: a quoted string starts at
    its first part (inside the quotes), a call at `name(`, a tuple or object at its
    opening bracket, an operation at its left operand.
    """
    match expr:
        case ast.Template(parts=parts) if parts:
            return start_span(parts[0])
        case ast.TemplateWrap(span=span):
            # Go's range for `"${x}"` starts after the opening quote (at `${`) and
            # ends after the closing one.
            start = span.start
            after_quote = Pos(start.line, start.column + 1, start.byte + 1)
            return Span(span.filename, after_quote, span.end)
        case ast.FunctionCall():
            return expr.name_span.through(expr.open_paren_span)
        case ast.TupleCons() | ast.ObjectCons():
            return _first_char(expr.span)
        case ast.Index():
            return expr.open_bracket_span
        case ast.Splat():
            return expr.marker_span
        case ast.ForExpr():
            return expr.open_span
        case ast.BinaryOp():
            return start_span(expr.lhs)
        case ast.Conditional():
            return start_span(expr.condition)
        case ast.TemplateIf():
            return start_span(expr.condition)
        case ast.UnaryOp():
            return _first_char(expr.span)
        case ast.Parens():
            # Go's ParenthesesExpr embeds the inner expression, so it inherits its start.
            return start_span(expr.inner)
        case _:
            return expr.span
