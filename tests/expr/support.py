"""Helpers for the evaluator tests: parse a snippet and evaluate it."""

from __future__ import annotations

from collections.abc import Mapping

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.expr import EvalContext, evaluate
from nomadqemu.functions.spec import Function, Param
from nomadqemu.hcl import ast, parse_expression
from nomadqemu.values.number import Number
from nomadqemu.values.types import STRING
from nomadqemu.values.value import Value

FILENAME = "test.hcl"


def parse(source: str) -> ast.Expr:
    expr, diags = parse_expression(source.encode(), FILENAME)
    assert expr is not None and not diags, diags
    return expr


def run(
    source: str,
    variables: Mapping[str, Value] | None = None,
    functions: Mapping[str, Function] | None = None,
    *,
    runtime_refs: bool = False,
) -> tuple[Value, list[Diagnostic]]:
    ctx = EvalContext(variables or {}, functions or {}, source.encode() if runtime_refs else None)
    return evaluate(parse(source), ctx)


def value_of(
    source: str,
    variables: Mapping[str, Value] | None = None,
    functions: Mapping[str, Function] | None = None,
    *,
    runtime_refs: bool = False,
) -> Value:
    value, diags = run(source, variables, functions, runtime_refs=runtime_refs)
    assert not diags, [d.message for d in diags]
    return value


def only_error(
    source: str,
    variables: Mapping[str, Value] | None = None,
    functions: Mapping[str, Function] | None = None,
    *,
    runtime_refs: bool = False,
) -> Diagnostic:
    """The single diagnostic `source` produces (the test fails if there are others)."""
    _, diags = run(source, variables, functions, runtime_refs=runtime_refs)
    assert len(diags) == 1, [d.message for d in diags]
    return diags[0]


def num(text: str) -> Value:
    number = Number.parse(text)
    assert number is not None
    return Value.number(number)


def text_of(value: Value) -> str:
    """A compact rendering of a value for assertions."""
    if value.is_unknown:
        return "<unknown>"
    if value.is_null:
        return "null"
    payload = value.payload
    if isinstance(payload, Number):
        return payload.text()
    if isinstance(payload, bool):
        return "true" if payload else "false"
    if isinstance(payload, str):
        return repr(payload)
    if isinstance(payload, tuple):
        return "[" + ", ".join(text_of(v) for v in payload) + "]"
    return "{" + ", ".join(f"{k}={text_of(v)}" for k, v in payload.items()) + "}"


def columns(diag: Diagnostic) -> tuple[int, int]:
    assert diag.span is not None
    return diag.span.start.column, diag.span.end.column


# A function of the tests' own, so that call behaviour is tested without the library.
UPPER = Function(
    params=(Param("str", STRING),),
    impl=lambda args: Value.string(args[0].payload.upper()),
    return_type=lambda args: STRING,
)
