"""Number functions: precision, Go's float64 math, cty's errors."""

from __future__ import annotations

import pytest

from nomadqemu.functions.spec import ArgError, FunctionError
from nomadqemu.values.types import NUMBER
from tests.functions.helpers import call, n, s


def test_abs_keeps_precision() -> None:
    got = call("abs", n("-0.1"))
    assert got.payload == n("0.1").payload
    assert got.payload.prec == 512


@pytest.mark.parametrize(
    ("name", "arg", "expected"),
    [("ceil", "2.1", "3"), ("ceil", "-2.9", "-2"), ("floor", "-2.1", "-3"), ("floor", "7", "7")],
)
def test_ceil_floor(name: str, arg: str, expected: str) -> None:
    assert call(name, n(arg)).payload.text() == expected


def test_log_and_pow_use_float64() -> None:
    assert call("log", n(1000), n(10)).payload.prec == 53
    assert call("pow", n(10), n(2)).payload.text() == "100"
    assert call("pow", n("0.5"), n(-2)).payload.text() == "4"
    with pytest.raises(FunctionError, match=r"^panic in function implementation"):
        call("log", n(-4), n(2))
    with pytest.raises(FunctionError, match=r"^panic in function implementation"):
        call("pow", n(-8), n("0.25"))


def test_signum_needs_a_whole_number() -> None:
    assert call("signum", n(-12)).payload.text() == "-1"
    assert call("signum", n(0)).payload.text() == "0"
    with pytest.raises(FunctionError, match="value must be a whole number"):
        call("signum", n("0.25"))


def test_parseint() -> None:
    assert call("parseint", s("-7f"), n(16)).payload.text() == "-127"
    assert call("parseint", s("zZ"), n(62)).payload.text() == str(35 * 62 + 61)
    with pytest.raises(ArgError) as info:
        call("parseint", s("12"), n(63))
    assert info.value.index == 1
    with pytest.raises(ArgError, match='cannot parse "19" as a base 8 integer'):
        call("parseint", s("19"), n(8))
    with pytest.raises(ArgError, match="first argument must be a string, not number"):
        call("parseint", n(5), n(10))


def test_min_max_return_an_argument() -> None:
    assert call("max", n(3), n("3.5"), n(-1)).payload.text() == "3.5"
    assert call("min", n(3), s("-2")).payload.text() == "-2"
    with pytest.raises(FunctionError, match="must pass at least one number"):
        call("max")


def test_range_forms() -> None:
    def nums(*args: str) -> list[str]:
        return [v.payload.text() for v in call("range", *(n(a) for a in args)).elements()]

    assert nums("4") == ["0", "1", "2", "3"]
    assert nums("-2") == ["0", "-1"]
    assert nums("5", "2") == ["5", "4", "3"]
    assert nums("1", "2", "0.5") == ["1", "1.5"]
    assert call("range", n(3)).type.element == NUMBER  # type: ignore[union-attr]
    with pytest.raises(FunctionError, match="more than 1024 values"):
        call("range", n(0), n(1), n(0))
    with pytest.raises(ArgError, match="end must be greater than start"):
        call("range", n(3), n(1), n(1))
