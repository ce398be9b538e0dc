"""How a function declares itself, mirroring cty's `function.Spec`.

The evaluator (`nomadqemu.expr`) performs the call protocol generically, as cty's
`Function.Call` and HCL's `FunctionCallExpr` do: arity checks, conversion of each
argument to its parameter type, null and unknown handling, `...` expansion; it turns
the exceptions below into HCL diagnostics with Nomad's wording and positions:

- `ArgError(index, msg)`  -> "Invalid function argument; Invalid value for "<param>"
  parameter: <msg>." at that argument's span;
- `FunctionError(msg)`    -> "Error in function call; Call to function "<name>"
  failed: <msg>." at the call's span.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from nomadqemu.records import frozen_record
from nomadqemu.values.types import DYNAMIC, Type
from nomadqemu.values.value import Value


@frozen_record
class Param:
    """One parameter; the flags are cty's `function.Parameter` flags."""

    name: str
    type: Type = DYNAMIC
    allow_null: bool = False
    allow_unknown: bool = False
    allow_dynamic_type: bool = False
    # cty's custom expression decoder (HCL's `customdecode`): when set, the evaluator
    # does not evaluate this argument but passes its syntax tree (`ast.Expr`) to
    # `decode_expr`, whose result becomes the argument, used as is. It raises
    # `DiagnosticError` with the diagnostics to report (e.g. `TypeExprError`).
    # `convert(value, type)` reads its type argument this way.
    decode_expr: Callable[[Any], Value] | None = None


# Given the (converted) arguments, the result type; raises ArgError/FunctionError.
TypeFunc = Callable[[Sequence[Value]], Type]
# Given the (converted) arguments, the result; raises ArgError/FunctionError.
ImplFunc = Callable[[Sequence[Value]], Value]


@frozen_record
class Function:
    params: tuple[Param, ...]
    impl: ImplFunc
    var_param: Param | None = None
    return_type: TypeFunc | None = None
    description: str = ""


class ArgError(Exception):
    """A problem with one argument (cty's `function.NewArgError`)."""

    def __init__(self, index: int, message: str) -> None:
        self.index = index
        self.message = message
        super().__init__(message)


class FunctionError(Exception):
    """Any other failure of the call (a plain error returned from cty's Impl)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)
