"""format and formatlist: verbs, flags and cty's error texts."""

from __future__ import annotations

import pytest

from nomadqemu.functions.spec import ArgError, FunctionError
from nomadqemu.values.types import STRING
from nomadqemu.values.value import TRUE, Value
from tests.functions.helpers import call, n, s, texts


def fmt(pattern: str, *args: Value) -> str:
    result: str = call("format", s(pattern), *args).payload
    return result


@pytest.mark.parametrize(
    ("pattern", "arg", "expected"),
    [
        ("%d", "42", "42"),
        ("%05d", "-42", "-0042"),
        ("%+d", "7", "+7"),
        ("%x", "255", "ff"),
        ("%#o", "8", "010"),
        ("%b", "5", "101"),
        ("%.2f", "3.14159", "3.14"),
        ("%8.3f|", "2.5", "   2.500|"),
        ("%-8.1f|", "2.5", "2.5     |"),
        ("%e", "1234.5678", "1.234568e+03"),
        ("%g", "0.000012", "1.2e-05"),
        ("%v", "1234567", "1.234567e+06"),
        ("%v", "120", "120"),
    ],
)
def test_number_verbs(pattern: str, arg: str, expected: str) -> None:
    assert fmt(pattern, n(arg)) == expected


def test_string_verbs_and_widths() -> None:
    assert fmt("%s and %s", s("a"), n(2)) == "a and 2"
    assert fmt("%q", s('say "hi" <b>')) == '"say \\"hi\\" \\u003cb\\u003e"'
    assert fmt("%.2s", s("ñandú")) == "ña"
    assert fmt("%6s|%-3s|", s("ab"), s("c")) == "    ab|c  |"
    assert fmt("%t", s("true")) == "true"
    assert fmt("100%%") == "100%"


def test_v_and_sharp_v_use_json() -> None:
    obj = Value.object_of({"k": Value.tuple_of([n(1), TRUE])})
    assert fmt("%v", obj) == '{"k":[1,true]}'
    assert fmt("%#v", s("x")) == '"x"'
    assert fmt("%v", Value.null(STRING)) == "null"


def test_explicit_argument_indexes() -> None:
    assert fmt("%[2]s-%[1]s-%s", s("a"), s("b")) == "b-a-b"


def test_errors() -> None:
    with pytest.raises(FunctionError, match=r'not enough arguments for "%d" at 3'):
        fmt("ab %d")
    with pytest.raises(ArgError, match="too many arguments; only 1 used by format string"):
        fmt("%s", s("a"), s("b"))
    with pytest.raises(ArgError, match="too many arguments; no verbs in format string"):
        fmt("plain", s("a"))
    with pytest.raises(FunctionError, match="unrecognized format character '!' at offset 2"):
        fmt("%-!", s("a"))
    with pytest.raises(FunctionError, match='unsupported value for "%d" at 0: a number is'):
        fmt("%d", s("x"))
    with pytest.raises(FunctionError, match="null value cannot be formatted"):
        fmt("%s", Value.null(STRING))
    with pytest.raises(FunctionError, match="invalid format string starting at offset 2"):
        fmt("%5")


def test_formatlist() -> None:
    names = Value.list_of(STRING, [s("a"), s("b")])
    assert texts(call("formatlist", s("%s=%s"), names, s("v"))) == ["a=v", "b=v"]
    with pytest.raises(FunctionError, match="error on format iteration 0"):
        call("formatlist", s("%d"), names)
