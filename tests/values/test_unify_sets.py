"""Unification, cty set order and `Equals`."""

from __future__ import annotations

from nomadqemu.values.convert import equals, make_set, unify, unify_unsafe
from nomadqemu.values.number import Number
from nomadqemu.values.numtext import float_text, go_string, parse_go_float
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
)
from nomadqemu.values.value import FALSE, TRUE, Value
from tests.values.helpers import n, obj, s, tup


def test_unify_primitives_prefers_string() -> None:
    assert unify([NUMBER, STRING]) == STRING
    assert unify([BOOL, STRING, NUMBER]) == STRING
    assert unify([NUMBER, BOOL]) is None
    assert unify([NUMBER, NUMBER]) == NUMBER
    assert unify([]) is None


def test_unify_collections_and_structures() -> None:
    assert unify([ListType(NUMBER), ListType(STRING)]) == ListType(STRING)
    assert unify([ObjectType.of({"a": NUMBER}), ObjectType.of({"b": STRING})]) == MapType(STRING)
    assert unify([TupleType((NUMBER,)), TupleType((STRING, STRING))]) == ListType(STRING)
    assert unify([ListType(STRING), DYNAMIC]) == DYNAMIC
    assert unify([ObjectType.of({"a": NUMBER}), TupleType(())]) is None


def test_unify_unsafe_allows_string_to_number() -> None:
    assert unify_unsafe([ListType(STRING), SetType(NUMBER)]) is not None


def test_set_order_primitives() -> None:
    strings = make_set(STRING, [s("b"), s("a"), s("B"), s("a")])
    assert [v.payload for v in strings.payload] == ["B", "a", "b"]
    numbers = make_set(NUMBER, [n("10"), n("9"), n(9), n("-1")])
    assert [v.payload.text() for v in numbers.payload] == ["-1", "9", "10"]
    bools = make_set(BOOL, [TRUE, FALSE, TRUE])
    assert bools.payload == (FALSE, TRUE)


def test_set_keeps_unknowns_and_puts_null_last() -> None:
    unknown = Value.unknown(STRING)
    items = make_set(STRING, [Value.null(STRING), unknown, s("z"), unknown])
    assert items.payload[0] == s("z")
    assert items.payload[1].is_unknown and items.payload[2].is_unknown
    assert items.payload[3].is_null


def test_set_of_structures_orders_by_hash_text() -> None:
    t = ListType(STRING)
    lists = [Value.list_of(STRING, [s(x)]) for x in ("b", "a", "b")]
    ordered = make_set(t, lists)
    assert [e.payload[0].payload for e in ordered.payload] == ["a", "b"]


def test_equals() -> None:
    assert equals(n("1"), n(1)) == TRUE
    assert equals(s("a"), n(1)) == FALSE
    assert equals(tup(n(1)), tup(n("1.0"))) == TRUE
    assert equals(Value.null(), Value.null(STRING)) == TRUE
    assert equals(s("x"), Value.null()) == FALSE
    assert equals(Value.unknown(STRING), s("x")).is_unknown
    assert equals(Value.unknown(NUMBER), s("x")) == FALSE
    assert equals(obj(a=n(1)), Value.map_of(NUMBER, {"a": n(1)})) == FALSE
    sets = make_set(NUMBER, [n(1), n(2)]), make_set(NUMBER, [n(2), n("1")])
    assert equals(*sets) == TRUE


def test_go_number_text() -> None:
    def num(text: str) -> Number:
        parsed = parse_go_float(text)
        assert parsed is not None
        return parsed

    assert go_string(num("12345678901")) == "1.23456789e+10"
    assert go_string(num("0.5")) == "0.5"
    assert go_string(num("100")) == "100"
    assert float_text(num("2.5"), "f", 0) == "2"  # exact half rounds to even
    assert float_text(num("0.9"), "f", 0) == "1"
    assert float_text(num("0.125"), "f", 2) == "0.12"  # exact half rounds to even
    assert float_text(num("1234.5"), "e", 3) == "1.234e+03"
    assert float_text(num("0.0001"), "g", 10) == "0.0001"
    assert float_text(num("0.00001"), "g", 10) == "1e-05"
    assert float_text(num("-3"), "f", 1) == "-3.0"
