"""Helpers shared by the function families: cty's `gocty` conversions and builders."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from nomadqemu.functions.spec import Function, FunctionError, ImplFunc, Param, TypeFunc
from nomadqemu.values.number import Number
from nomadqemu.values.types import Type
from nomadqemu.values.value import Value

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1
WHOLE_NUMBER = f"value must be a whole number, between {INT64_MIN} and {INT64_MAX}"


class GoValueError(Exception):
    """A `gocty.FromCtyValue` failure; callers decide how cty reports it."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def go_int(v: Value) -> int:
    """`gocty.FromCtyValue(v, &int)`: a whole number that fits in int64."""
    n: Number = v.payload
    i, exact = n.to_int64()
    if not exact:
        raise GoValueError(WHOLE_NUMBER)
    return i


def go_float(v: Value) -> float:
    """`gocty.FromCtyValue(v, &float64)`: rounded; a finite overflow is an error."""
    n: Number = v.payload
    f = n.to_float()
    if f in (float("inf"), float("-inf")) and not n.is_inf:
        big = sys.float_info.max
        raise GoValueError(f"value must be between {-big:f} and {big:f} inclusive")
    return f


def static(t: Type) -> TypeFunc:
    """cty's `function.StaticReturnType`."""

    def return_type(args: Sequence[Value]) -> Type:
        return t

    return return_type


def fn(
    params: Sequence[Param],
    impl: ImplFunc,
    *,
    var_param: Param | None = None,
    returns: Type | TypeFunc | None = None,
) -> Function:
    """A `Function`; `returns` is a fixed type or a type function."""
    type_func = returns if returns is None or callable(returns) else static(returns)
    return Function(tuple(params), impl, var_param=var_param, return_type=type_func)


def nan_panic() -> FunctionError:
    """What cty reports when a float64 NaN reaches `cty.NumberFloatVal`.

    Go's recover wraps the panic with a stack trace after a newline; only the first
    line matters to anyone reading the diagnostic.
    """
    return FunctionError(
        "panic in function implementation: Float.SetFloat64(NaN)\ngoroutine 1 [running]:"
    )
