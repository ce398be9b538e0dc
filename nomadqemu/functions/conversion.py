"""`convert(value, type)`: HCL's `typeexpr.ConvertFunc`.

The second argument is a type expression, not a value: the evaluator hands its syntax
tree to `decode_expr`, which reads it with `TypeConstraint` rules (`any` and
`optional(T)` allowed) and wraps the type in a value for the call.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nomadqemu.functions.common import fn
from nomadqemu.functions.spec import ArgError, Function, Param
from nomadqemu.values.convert import ConversionError, convert
from nomadqemu.values.typeexpr import type_from_expr
from nomadqemu.values.types import DYNAMIC, Type
from nomadqemu.values.value import Value


class TypeConstraintValue(Value):
    """A type carried as a function argument (cty's `TypeConstraintVal` capsule)."""

    __slots__ = ()

    def __init__(self, constraint: Type) -> None:
        super().__init__(DYNAMIC, constraint)

    @property
    def constraint(self) -> Type:
        constraint: Type = self.payload
        return constraint


def decode_type_argument(expr: Any) -> Value:
    return TypeConstraintValue(type_from_expr(expr, constraint=True))


def _want(args: Sequence[Value]) -> Type:
    arg = args[1]
    if isinstance(arg, TypeConstraintValue):
        return arg.constraint
    raise ArgError(1, "a type constraint is required")


def _convert_type(args: Sequence[Value]) -> Type:
    try:
        return convert(args[0], _want(args)).type
    except ConversionError as err:
        raise ArgError(0, err.message) from None


def _convert(args: Sequence[Value]) -> Value:
    try:
        return convert(args[0], _want(args))
    except ConversionError as err:
        raise ArgError(0, err.message) from None


def functions() -> dict[str, Function]:
    return {
        "convert": fn(
            [
                Param("value", DYNAMIC, allow_null=True, allow_dynamic_type=True),
                # cty declares a capsule type here; a dynamic-typed parameter stands in for it.
                Param("type", DYNAMIC, allow_dynamic_type=True, decode_expr=decode_type_argument),
            ],
            _convert,
            returns=_convert_type,
        ),
    }
