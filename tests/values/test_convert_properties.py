"""Properties of conversion: idempotence and round trips through strings."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from nomadqemu.values.convert import convert, equals, get_conversion, make_set, unify
from nomadqemu.values.number import Number
from nomadqemu.values.types import BOOL, NUMBER, STRING, ListType, SetType, Type
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


primitive_types = st.sampled_from([STRING, NUMBER, BOOL])
nested_types = st.recursive(
    primitive_types,
    lambda inner: st.one_of(inner.map(ListType), inner.map(SetType)),
    max_leaves=3,
)


@given(st.lists(nested_types, min_size=1, max_size=4))
def test_unify_result_is_a_safe_target_for_every_input(types: list[Type]) -> None:
    unified = unify(types)
    if unified is None:
        return
    for t in types:
        assert t == unified or get_conversion(t, unified, unsafe=False) is not None


@given(st.lists(numbers, max_size=5))
def test_make_set_is_idempotent(items: list[Value]) -> None:
    once = make_set(NUMBER, items)
    assert make_set(NUMBER, once.elements()) == once
    values = [v.payload for v in once.elements()]
    assert values == sorted(values)
