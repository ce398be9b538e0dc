"""base64, URL, JSON, CSV and YAML functions."""

from __future__ import annotations

import pytest

from nomadqemu.functions.spec import FunctionError
from nomadqemu.values.number import Number
from nomadqemu.values.types import NUMBER, STRING, ObjectType, TupleType
from nomadqemu.values.value import FALSE, NULL, TRUE, Value
from tests.functions.helpers import call, n, s


def test_base64_round_trip_and_errors() -> None:
    assert call("base64encode", s("ñ!")).payload == "w7Eh"
    assert call("base64decode", s("w7Eh")).payload == "ñ!"
    assert call("base64decode", s("w7\nEh")).payload == "ñ!"  # Go skips line breaks
    with pytest.raises(FunctionError, match="failed to decode base64 data 'w7E'"):
        call("base64decode", s("w7E"))
    with pytest.raises(FunctionError, match="not valid UTF-8"):
        call("base64decode", s("/w=="))


def test_urlencode_is_query_escape() -> None:
    assert call("urlencode", s("a b/c?d=é~")).payload == "a+b%2Fc%3Fd%3D%C3%A9~"


def test_jsonencode() -> None:
    value = Value.object_of({"b": Value.tuple_of([n("1.50"), NULL]), "a": s("<\u2028>")})
    assert call("jsonencode", value).payload == '{"a":"\\u003c\\u2028\\u003e","b":[1.5,null]}'
    assert call("jsonencode", Value.null(STRING)).payload == "null"
    with pytest.raises(FunctionError, match="cannot serialize infinity as JSON"):
        call("jsonencode", Value.number(Number.infinity()))


def test_jsondecode_types_and_errors() -> None:
    got = call("jsondecode", s('{"x": [1, "a", true, null], "y": {}}'))
    assert got.type == ObjectType.of(
        {
            "x": TupleType(
                (NUMBER, STRING, got.payload["x"].payload[2].type, got.payload["x"].payload[3].type)
            ),
            "y": ObjectType(()),
        }
    )
    assert got.payload["x"].payload[3].is_null
    assert call("jsondecode", s("0.1")).payload.prec == 512
    for text, message in [
        ("", "EOF"),
        ('{"a" 1}', "invalid character '1' after object key"),
        ("[1 2]", "invalid character '2' after array element"),
        ("{} {}", "extraneous data after JSON object"),
        ('{"a":1,"a":"x"}', 'duplicate "a" property in JSON object'),
        ("[1.x]", "invalid character 'x' after decimal point in numeric literal"),
        ("-", "unexpected EOF"),
        ("[2,]", "invalid character ',' looking for beginning of value"),
    ]:
        with pytest.raises(FunctionError) as info:
            call("jsondecode", s(text))
        assert info.value.message == message


def test_csvdecode() -> None:
    rows = call("csvdecode", s('name,note\n"x, y","say ""hi"""\n\nz,\n'))
    assert [r.payload["note"].payload for r in rows.elements()] == ['say "hi"', ""]
    assert rows.elements()[0].payload["name"].payload == "x, y"
    with pytest.raises(
        FunctionError, match='CSV parse error on line 2: bare " in non-quoted-field'
    ):
        call("csvdecode", s('a\nx"y\n'))


def test_yamldecode_scalars() -> None:
    doc = call(
        "yamldecode",
        s("a: yes\nb: off\nc: 0x1F\nd: 1_000\ne: '5'\nf: ~\ng: 2024-03-01 10:00:00\nh: 1e3"),
    )
    p = doc.payload
    assert p["a"] == TRUE and p["b"] == FALSE
    assert p["c"].payload.text() == "31"
    assert p["d"] == s("1_000")  # go-cty-yaml's integer pattern has no underscores
    assert p["e"] == s("5") and p["f"].is_null
    assert p["g"].payload == "2024-03-01T10:00:00Z"
    assert p["h"].payload.text() == "1000"


def test_yamldecode_errors() -> None:
    with pytest.raises(FunctionError, match=r"^on line 1, column 1: unexpected extra content"):
        call("yamldecode", s("a: 1\n---\nb: 2\n"))
    with pytest.raises(FunctionError, match="floating point NaN is not supported"):
        call("yamldecode", s(".nan"))


def test_yamlencode() -> None:
    value = Value.object_of({"list": Value.tuple_of([n(1), s("two\nlines")]), "t": TRUE})
    assert call("yamlencode", value).payload == '"list":\n- 1\n- |-\n  two\n  lines\n"t": true\n'
    assert call("yamlencode", n(5)).payload == "5\n...\n"


def test_decoders_never_crash_on_odd_input() -> None:
    for name, text in [
        ("yamldecode", "a: \x01"),
        ("jsondecode", "[" * 5000),
        ("yamldecode", "[" * 5000),
    ]:
        with pytest.raises(FunctionError):
            call(name, s(text))
