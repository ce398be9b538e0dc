"""Number functions: abs, ceil, floor, log, pow, signum, parseint, min, max, range."""

from __future__ import annotations

from collections.abc import Sequence

from nomadqemu.functions.common import GoValueError, fn, go_float, go_int, nan_panic
from nomadqemu.functions.gomath import go_div, go_log, go_pow
from nomadqemu.functions.spec import ArgError, Function, FunctionError, Param
from nomadqemu.values.number import NaNError, Number
from nomadqemu.values.types import DYNAMIC, NUMBER, STRING, ListType, Type
from nomadqemu.values.value import Value


def _num(name: str, dynamic: bool = False) -> Param:
    return Param(name, NUMBER, allow_dynamic_type=dynamic)


def _float_result(f: float) -> Value:
    """`cty.NumberFloatVal`: 53-bit precision; NaN is the panic cty reports."""
    try:
        return Value.number(Number.from_float(f))
    except NaNError:
        raise nan_panic() from None


def _abs(args: Sequence[Value]) -> Value:
    return Value.number(abs(args[0].payload))


def _ceil_or_floor(up: bool) -> Function:
    def impl(args: Sequence[Value]) -> Value:
        n: Number = args[0].payload
        if n.is_inf:
            return args[0]
        f = n.as_fraction()
        whole = f.__ceil__() if up else f.__floor__()
        # big.Float.SetInt keeps the receiver's (the argument's) precision.
        return Value.number(Number.from_int(whole, n.prec))

    return fn([_num("num")], impl, returns=NUMBER)


def _float_args(args: Sequence[Value]) -> tuple[float, float]:
    try:
        return go_float(args[0]), go_float(args[1])
    except GoValueError as err:
        raise FunctionError(err.message) from None


def _log(args: Sequence[Value]) -> Value:
    num, base = _float_args(args)
    return _float_result(go_div(go_log(num), go_log(base)))


def _pow(args: Sequence[Value]) -> Value:
    num, power = _float_args(args)
    return _float_result(go_pow(num, power))


def _signum(args: Sequence[Value]) -> Value:
    try:
        i = go_int(args[0])
    except GoValueError as err:
        raise FunctionError(err.message) from None
    return Value.integer((i > 0) - (i < 0))


def _digit_value(ch: str, base: int) -> int:
    """big.Int.SetString digits: 0-9, then a-z; above base 36, A-Z follow z."""
    if "0" <= ch <= "9":
        return ord(ch) - ord("0")
    if "a" <= ch <= "z":
        return ord(ch) - ord("a") + 10
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + (36 if base > 36 else 10)
    return 99


def parse_big_int(text: str, base: int) -> int | None:
    """`new(big.Int).SetString(text, base)` for 2 <= base <= 62, or None."""
    sign = 1
    body = text
    if body[:1] in ("+", "-"):
        sign = -1 if body[0] == "-" else 1
        body = body[1:]
    if not body:
        return None
    value = 0
    for ch in body:
        d = _digit_value(ch, base)
        if d >= base:
            return None
        value = value * base + d
    return sign * value


def _parseint_type(args: Sequence[Value]) -> Type:
    if args[0].type != STRING:
        raise ArgError(0, f"first argument must be a string, not {args[0].type.friendly_name()}")
    return NUMBER


def _parseint(args: Sequence[Value]) -> Value:
    _parseint_type(args)
    text: str = args[0].payload
    try:
        base = go_int(args[1])
    except GoValueError as err:
        raise ArgError(1, err.message) from None
    if base < 2 or base > 62:
        raise ArgError(1, "base must be a whole number between 2 and 62 inclusive")
    parsed = parse_big_int(text, base)
    if parsed is None:
        raise ArgError(0, f'cannot parse "{text}" as a base {base} integer')
    # big.Float.SetInt on a zero-precision float: max(64, the integer's bit length).
    return Value.number(Number.from_int(parsed, max(64, abs(parsed).bit_length())))


def _extreme(smallest: bool) -> Function:
    def impl(args: Sequence[Value]) -> Value:
        if not args:
            raise FunctionError("must pass at least one number")
        best = Value.number(Number.infinity(negative=not smallest))
        for arg in args:
            n: Number = arg.payload
            if (n < best.payload) if smallest else (n > best.payload):
                best = arg
        return best

    return fn([], impl, var_param=_num("numbers", dynamic=True), returns=NUMBER)


def _range(args: Sequence[Value]) -> Value:
    zero, one = Number.from_int(0), Number.from_int(1)
    nums: list[Number] = [a.payload for a in args]
    if len(nums) == 1:
        start, end = zero, nums[0]
        step = -one if end < zero else one
    elif len(nums) == 2:
        start, end = nums
        step = -one if end < start else one
    elif len(nums) == 3:
        start, end, step = nums
    else:
        raise FunctionError("must have one, two, or three arguments")
    # cty's zero-step check compares pointers, so it never fires: a zero step runs into
    # the 1024-value limit instead.
    down = step < zero
    if down and end > start:
        raise ArgError(1, "end must be less than start when step is negative")
    if not down and end < start:
        raise ArgError(1, "end must be greater than start when step is positive")
    values: list[Value] = []
    num = start
    while not (num <= end if down else num >= end):
        if len(values) >= 1024:
            raise FunctionError(
                "more than 1024 values were generated; either decrease the difference "
                "between start and end or use a smaller step"
            )
        values.append(Value.number(num))
        num = num + step
    return Value.list_of(NUMBER, values)


def functions() -> dict[str, Function]:
    return {
        "abs": fn([_num("num", dynamic=True)], _abs, returns=NUMBER),
        "ceil": _ceil_or_floor(up=True),
        "floor": _ceil_or_floor(up=False),
        "log": fn([_num("num"), _num("base")], _log, returns=NUMBER),
        "pow": fn([_num("num"), _num("power")], _pow, returns=NUMBER),
        "signum": fn([_num("num")], _signum, returns=NUMBER),
        "parseint": fn([Param("number", DYNAMIC), _num("base")], _parseint, returns=_parseint_type),
        "max": _extreme(smallest=False),
        "min": _extreme(smallest=True),
        "range": fn([], _range, var_param=_num("params"), returns=ListType(NUMBER)),
    }
