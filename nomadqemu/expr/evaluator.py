"""`evaluate`: Go HCL's `Expression.Value` for every node of the project's syntax tree."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.expr.context import EvalContext
from nomadqemu.hcl import ast
from nomadqemu.values.number import Number
from nomadqemu.values.types import DYNAMIC
from nomadqemu.values.value import FALSE, TRUE, Value

Result = tuple[Value, list[Diagnostic]]


def evaluate(expr: ast.Expr, ctx: EvalContext) -> Result:
    """The value of `expr` in `ctx`, and the diagnostics explaining any failure.

    As in Go, evaluation never stops at the first problem: a failed part becomes an
    unknown value (usually of unknown type) and evaluation carries on, so the caller
    gets every diagnostic and a value that is unknown wherever something failed.
    """
    handler = _HANDLERS.get(type(expr)) or _handler(type(expr))
    if handler is None:  # pragma: no cover - every node kind has a handler
        raise TypeError(f"cannot evaluate {type(expr).__name__}")
    return handler(expr, ctx)


def literal_value(expr: ast.Literal) -> Value:
    """The constant a literal stands for; numbers keep 512 bits, as HCL's parser does."""
    if expr.kind == "bool":
        return TRUE if expr.text == "true" else FALSE
    if expr.kind == "null":
        return Value.null(DYNAMIC)
    return _number_literal(expr.text)


@lru_cache(maxsize=1024)
def _number_literal(text: str) -> Value:
    # Rounding a decimal to 512 bits is the costliest part of most evaluations, and job
    # files repeat the same few literals; values are immutable, so one can be shared.
    number = Number.parse(text)
    if number is None:  # pragma: no cover - the parser only produces valid literals
        raise ValueError(f"invalid number literal {text!r}")
    return Value.number(number)


def _literal(expr: ast.Literal, ctx: EvalContext) -> Result:
    return literal_value(expr), []


def _parens(expr: ast.Parens, ctx: EvalContext) -> Result:
    return evaluate(expr.inner, ctx)


_HANDLERS: dict[type, Callable[[Any, EvalContext], Result]] = {}

# Where each node kind's handler lives: a module is imported when the first node of a
# kind it handles is evaluated (most jobs never evaluate a `for` expression, a splat or
# a function call, and each module is a fraction of a millisecond of a cold start).
_HANDLER_PLACES: dict[type, tuple[str, str]] = {
    ast.TemplateLiteral: ("templates", "template_literal"),
    ast.Template: ("templates", "template"),
    ast.TemplateWrap: ("templates", "template_wrap"),
    ast.TemplateIf: ("templates", "template_if"),
    ast.TemplateFor: ("templates", "template_for"),
    ast.ScopeTraversal: ("traversal", "scope_traversal"),
    ast.RelativeTraversal: ("traversal", "relative_traversal"),
    ast.Index: ("traversal", "index_expr"),
    ast.Splat: ("splat", "splat"),
    ast.AnonSymbol: ("splat", "anon_symbol"),
    ast.FunctionCall: ("calls", "function_call"),
    ast.Conditional: ("conditional", "conditional"),
    ast.BinaryOp: ("operators", "binary_op"),
    ast.UnaryOp: ("operators", "unary_op"),
    ast.TupleCons: ("collections", "tuple_cons"),
    ast.ObjectCons: ("collections", "object_cons"),
    ast.ForExpr: ("forexpr", "for_expr"),
}


def _handler(kind: type) -> Callable[[Any, EvalContext], Result] | None:
    """The handler of node kind `kind`, its module imported on first use. (Imported
    here rather than at the top because the node modules import this one.)"""
    if not _HANDLERS:
        _HANDLERS.update({ast.Literal: _literal, ast.Parens: _parens})
    handler = _HANDLERS.get(kind)
    if handler is None:
        place = _HANDLER_PLACES.get(kind)
        if place is None:
            return None
        # A non-empty `fromlist` makes `__import__` return the submodule itself.
        module = __import__(f"nomadqemu.expr.{place[0]}", fromlist=[place[1]])
        handler = _HANDLERS[kind] = getattr(module, place[1])
    return handler
