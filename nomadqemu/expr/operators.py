"""Binary and unary operators, as HCL calls cty's stdlib operator functions."""

from __future__ import annotations

from collections.abc import Callable

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.expr import arithmetic, evaluator
from nomadqemu.expr.arithmetic import OperationError
from nomadqemu.expr.context import EvalContext
from nomadqemu.expr.diag import error, has_errors
from nomadqemu.hcl import ast
from nomadqemu.records import frozen_record
from nomadqemu.values.convert import ConversionError, convert, equals
from nomadqemu.values.number import Number
from nomadqemu.values.types import BOOL, DYNAMIC, NUMBER, Type
from nomadqemu.values.value import FALSE, TRUE, Value

Result = tuple[Value, list[Diagnostic]]


@frozen_record
class Operation:
    """One operator: its parameter and result types and cty's function flags."""

    param: Type
    result: Type
    apply: Callable[[Value, Value], Value]
    allow_null: bool = False
    allow_unknown: bool = False


def _numeric(fn: Callable[[Number, Number], Number]) -> Callable[[Value, Value], Value]:
    return lambda a, b: Value.number(fn(a.payload, b.payload))


def _compare(fn: Callable[[Number, Number], bool]) -> Callable[[Value, Value], Value]:
    def apply(a: Value, b: Value) -> Value:
        if a.is_unknown or b.is_unknown:
            return Value.unknown(BOOL)
        return Value.boolean(fn(a.payload, b.payload))

    return apply


def _compare_or_equal(fn: Callable[[Number, Number], bool]) -> Callable[[Value, Value], Value]:
    # cty: `a.LessThan(b).Or(a.Equals(b))`.
    strict = _compare(fn)

    def apply(a: Value, b: Value) -> Value:
        first, second = strict(a, b), equals(a, b)
        if TRUE in (first, second):
            return TRUE
        if first.is_unknown or second.is_unknown:
            return Value.unknown(BOOL)
        return FALSE

    return apply


def _not_equal(a: Value, b: Value) -> Value:
    result = equals(a, b)
    return result if result.is_unknown else Value.boolean(not result.payload)


BINARY: dict[str, Operation] = {
    "||": Operation(BOOL, BOOL, lambda a, b: Value.boolean(a.payload or b.payload)),
    "&&": Operation(BOOL, BOOL, lambda a, b: Value.boolean(a.payload and b.payload)),
    "==": Operation(DYNAMIC, BOOL, equals, allow_null=True, allow_unknown=True),
    "!=": Operation(DYNAMIC, BOOL, _not_equal, allow_null=True, allow_unknown=True),
    "<": Operation(NUMBER, BOOL, _compare(lambda a, b: a < b), allow_unknown=True),
    ">": Operation(NUMBER, BOOL, _compare(lambda a, b: b < a), allow_unknown=True),
    "<=": Operation(NUMBER, BOOL, _compare_or_equal(lambda a, b: a < b), allow_unknown=True),
    ">=": Operation(NUMBER, BOOL, _compare_or_equal(lambda a, b: b < a), allow_unknown=True),
    "+": Operation(NUMBER, NUMBER, _numeric(arithmetic.add)),
    "-": Operation(NUMBER, NUMBER, _numeric(arithmetic.subtract)),
    "*": Operation(NUMBER, NUMBER, _numeric(arithmetic.multiply)),
    "/": Operation(NUMBER, NUMBER, _numeric(arithmetic.divide)),
    "%": Operation(NUMBER, NUMBER, _numeric(arithmetic.modulo)),
}


def _call(op: Operation, args: tuple[Value, ...]) -> Value:
    """cty's `Function.Call` for an operator: null and unknown checks, then the operation."""
    if not op.allow_null and any(a.is_null for a in args):
        raise OperationError("argument must not be null")
    if not op.allow_unknown and any(a.is_unknown for a in args):
        return Value.unknown(op.result)
    if len(args) == 1:
        return op.apply(args[0], args[0])
    return op.apply(args[0], args[1])


def _operation_failed(message: str, expr: ast.BinaryOp | ast.UnaryOp) -> Diagnostic:
    return error("Operation failed", f"Error during operation: {message}.", expr.span)


def _operand(
    node: ast.Expr, side: str, param: Type, ctx: EvalContext, diags: list[Diagnostic]
) -> Result:
    """One operand, converted to the operator's parameter type.

    A conversion failure goes into `diags` at once, while the operand's own evaluation
    diagnostics are returned: Go reports both operands' conversion errors before either
    operand's evaluation errors.
    """
    value, eval_diags = evaluator.evaluate(node, ctx)
    try:
        value = convert(value, param)
    except ConversionError as exc:
        diags.append(
            error(
                "Invalid operand",
                f"Unsuitable value for {side} operand: {exc.message}.",
                node.span,
            )
        )
    return value, eval_diags


def binary_op(expr: ast.BinaryOp, ctx: EvalContext) -> Result:
    """Go's `BinaryOpExpr.Value`: both operands are always evaluated (no short circuit)."""
    op = BINARY[expr.op]
    diags: list[Diagnostic] = []
    lhs, lhs_diags = _operand(expr.lhs, "left", op.param, ctx, diags)
    rhs, rhs_diags = _operand(expr.rhs, "right", op.param, ctx, diags)
    diags += lhs_diags + rhs_diags
    if has_errors(diags):
        return Value.unknown(op.result), diags
    try:
        return _call(op, (lhs, rhs)), diags
    except OperationError as exc:
        diags.append(_operation_failed(exc.message, expr))
        return Value.unknown(op.result), diags


def _not(a: Value, _: Value) -> Value:
    return Value.boolean(not a.payload)


def _negate(a: Value, _: Value) -> Value:
    return Value.number(arithmetic.negate(a.payload))


UNARY: dict[str, Operation] = {
    "!": Operation(BOOL, BOOL, _not),
    "-": Operation(NUMBER, NUMBER, _negate),
}


def unary_op(expr: ast.UnaryOp, ctx: EvalContext) -> Result:
    op = UNARY[expr.op]
    operand, diags = evaluator.evaluate(expr.operand, ctx)
    try:
        operand = convert(operand, op.param)
    except ConversionError as exc:
        diags.append(
            error(
                "Invalid operand",
                f"Unsuitable value for unary operand: {exc.message}.",
                expr.operand.span,
            )
        )
    if has_errors(diags):
        return Value.unknown(op.result), diags
    try:
        return _call(op, (operand,)), diags
    except OperationError as exc:
        diags.append(_operation_failed(exc.message, expr))
        return Value.unknown(op.result), diags
