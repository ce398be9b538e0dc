"""cty's `Function.Call`: null, dynamic-type and unknown checks around a function's impl."""

from __future__ import annotations

from collections.abc import Sequence

from nomadqemu.functions.spec import ArgError, Function, FunctionError, Param
from nomadqemu.values.number import NaNError
from nomadqemu.values.types import DYNAMIC, Type
from nomadqemu.values.value import Value


def param_for(function: Function, index: int) -> Param | None:
    if index < len(function.params):
        return function.params[index]
    return function.var_param


def call_function(function: Function, args: Sequence[Value]) -> Value:
    """Call `function` on arguments already converted to its parameter types.

    Raises `ArgError` / `FunctionError` as the function (or cty's checks) do.
    """
    dynamic_args = False
    for i, value in enumerate(args):
        param = param_for(function, i)
        assert param is not None  # the evaluator checked the arity
        if value.is_null and not param.allow_null:
            raise ArgError(i, "argument must not be null")
        if value.type == DYNAMIC and not param.allow_dynamic_type:
            # cty stops checking here and promises an unknown result of unknown type.
            dynamic_args = True
            break
    if dynamic_args:
        return Value.unknown(DYNAMIC)
    expected: Type = DYNAMIC
    if function.return_type is not None:
        expected = function.return_type(args)
    for i, value in enumerate(args):
        param = param_for(function, i)
        assert param is not None
        if value.is_unknown and not param.allow_unknown:
            return Value.unknown(expected)
    try:
        return function.impl(args)
    except NaNError as exc:
        # big.Float panics on NaN; cty turns a panic inside a function into this error.
        raise FunctionError(f"panic in function implementation: {exc}") from None
