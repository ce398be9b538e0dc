"""Properties of conversion: idempotence and round trips through strings."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from nomadqemu.values.convert import convert, equals
from nomadqemu.values.number import Number
from nomadqemu.values.types import BOOL, NUMBER, STRING, ListType, SetType
from nomadqemu.values.value import Value

numbers = st.fractions(max_denominator=10**6).map(lambda f: Value.number(Number.from_fraction(f)))
strings = st.text(max_size=8).map(Value.string)


@given(numbers)
def test_number_string_round_trip(v: Value) -> None:
    back = convert(convert(v, STRING), NUMBER)
    assert equals(back, v).payload is True


@given(st.booleans())
def test_bool_string_round_trip(b: bool) -> None:
    v = Value.boolean(b)
    assert convert(convert(v, STRING), BOOL) == v


@given(st.lists(strings, max_size=6))
def test_set_conversion_is_idempotent_and_sorted(items: list[Value]) -> None:
    once = convert(Value.tuple_of(items), SetType(STRING))
    twice = convert(convert(once, ListType(STRING)), SetType(STRING))
    assert twice == once
    texts = [v.payload for v in once.payload]
    assert texts == sorted(set(texts))


@given(st.lists(numbers, max_size=6))
def test_list_conversion_preserves_order(items: list[Value]) -> None:
    as_list = convert(Value.tuple_of(items), ListType(STRING))
    assert [convert(v, NUMBER).payload for v in as_list.payload] == [v.payload for v in items]
    assert convert(as_list, ListType(STRING)) is as_list


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_integer_text_is_plain_decimal(i: int) -> None:
    v = Value.number(Number.from_fraction(Fraction(i)))
    assert convert(v, STRING).payload == str(i)
