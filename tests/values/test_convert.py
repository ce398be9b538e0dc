"""cty conversions: primitives, collections, structural types and their error wording."""

from __future__ import annotations

import pytest

from nomadqemu.values.convert import ConversionError, convert
from nomadqemu.values.types import (
    BOOL,
    DYNAMIC,
    NUMBER,
    STRING,
    ListType,
    MapType,
    ObjectType,
    SetType,
    TupleType,
    Type,
)
from nomadqemu.values.value import FALSE, TRUE, Value
from tests.values.helpers import n, obj, s, tup


def error_of(value: Value, target: Type) -> str:
    with pytest.raises(ConversionError) as info:
        convert(value, target)
    return info.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [("42", "42"), ("-1.5", "-1.5"), ("1e3", "1000"), (".5", "0.5"), ("7.", "7"), ("1p4", "16")],
)
def test_string_to_number(text: str, expected: str) -> None:
    assert convert(s(text), NUMBER).payload.text() == expected


@pytest.mark.parametrize("text", ["", " 1", "1 ", "0x10", "1_000", "abc", "1e", "--1"])
def test_string_to_number_refuses_what_go_refuses(text: str) -> None:
    assert error_of(s(text), NUMBER) == "a number is required"


def test_string_to_number_infinity_and_precision() -> None:
    assert convert(s("-Inf"), NUMBER).payload.is_inf
    assert convert(s("0.1"), NUMBER).payload.prec == 512


def test_string_to_bool_words() -> None:
    assert convert(s("true"), BOOL) == TRUE
    assert convert(s("1"), BOOL) == TRUE
    assert convert(s("0"), BOOL) == FALSE
    assert error_of(s("False"), BOOL) == (
        'a bool is required; to convert from string, use lowercase "false"'
    )
    assert error_of(s("on"), BOOL) == "a bool is required"


def test_primitive_mismatches() -> None:
    assert error_of(TRUE, NUMBER) == "number required, but have bool"
    assert error_of(n(1), BOOL) == "bool required, but have number"
    assert convert(TRUE, STRING) == s("true")
    assert convert(n("2.50"), STRING) == s("2.5")


def test_tuple_to_list_and_set() -> None:
    value = tup(s("b"), n(1), s("b"))
    assert convert(value, ListType(STRING)) == Value.list_of(STRING, [s("b"), s("1"), s("b")])
    as_set = convert(value, SetType(STRING))
    assert [v.payload for v in as_set.payload] == ["1", "b"]
    assert convert(value, ListType(DYNAMIC)).type == ListType(STRING)


def test_tuple_element_failure_has_path() -> None:
    with pytest.raises(ConversionError) as info:
        convert(tup(n(1), s("x")), ListType(NUMBER))
    assert info.value.message == "a number is required"
    assert info.value.path == (Value.integer(1),)


def test_structural_to_collection_messages() -> None:
    assert error_of(tup(s("a"), tup()), ListType(STRING)) == (
        "element 1: string required, but have tuple"
    )
    assert error_of(tup(s("a"), tup()), ListType(DYNAMIC)) == (
        "all list elements must have the same type"
    )
    assert error_of(obj(a=n(1)), ListType(STRING)) == "list of string required"
    assert error_of(tup(), MapType(STRING)) == "map of string required"


def test_collection_element_type_message() -> None:
    lst = Value.list_of(ListType(STRING), [Value.list_of(STRING, [s("a")])])
    assert error_of(lst, ListType(STRING)) == (
        "incorrect list element type: string required, but have list of string"
    )


def test_object_attribute_messages() -> None:
    want = ObjectType.of({"a": NUMBER, "b": STRING, "c": STRING})
    assert error_of(obj(a=n(1)), want) == 'attributes "b" and "c" are required'
    assert error_of(obj(), want) == 'attributes "a", "b", and "c" are required'
    assert error_of(obj(a=tup(), b=s(""), c=s("")), want) == (
        'attribute "a": number required, but have tuple'
    )


def test_object_to_object_drops_extra_and_fills_optional() -> None:
    want = ObjectType.of({"a": NUMBER, "o": STRING}, frozenset({"o"}))
    got = convert(obj(a=s("5"), extra=TRUE), want)
    assert got.payload["a"].payload.text() == "5"
    assert got.payload["o"] == Value.null(STRING)
    assert set(got.payload) == {"a", "o"}


def test_map_to_object_and_back() -> None:
    m = Value.map_of(STRING, {"a": s("1"), "b": s("x")})
    as_obj = convert(m, ObjectType.of({"a": NUMBER}))
    assert list(as_obj.payload) == ["a"]
    assert error_of(m, ObjectType.of({"z": STRING})) == (
        'map has no element for required attribute "z"'
    )


def test_object_to_map_unifies() -> None:
    got = convert(obj(a=n(1), b=s("x")), MapType(DYNAMIC))
    assert got.type == MapType(STRING)
    assert error_of(obj(a=n(1), b=tup()), MapType(DYNAMIC)) == (
        "all map elements must have the same type"
    )


def test_nested_maps_unify_to_a_common_object_shape() -> None:
    value = obj(a=obj(x=n(1)), b=obj(y=n(2)))
    got = convert(value, MapType(MapType(NUMBER)))
    assert got.type == MapType(MapType(NUMBER))


def test_null_and_unknown_take_the_target_type() -> None:
    assert convert(Value.null(), ListType(STRING)) == Value.null(ListType(STRING))
    got = convert(Value.unknown(TupleType((STRING,))), ListType(DYNAMIC))
    assert got.is_unknown and got.type == ListType(STRING)


def test_dynamic_target_keeps_value() -> None:
    value = tup(n(1), s("a"))
    assert convert(value, DYNAMIC) is value


def test_number_to_string_uses_512_bit_text() -> None:
    literal_third = n("1").payload / n("3").payload
    text = convert(Value.number(literal_third), STRING).payload
    assert text.startswith("0.3333") and len(text) > 100
    int64_third = n(1).payload / n(3).payload  # cty.NumberIntVal has 64 bits
    assert convert(Value.number(int64_third), STRING).payload == "0.33333333333333333334"
