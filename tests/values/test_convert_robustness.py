"""Any value against any type: a converted value or a ConversionError, nothing else."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from nomadqemu.values.convert import ConversionError, convert, equals, make_set, unify_unsafe
from nomadqemu.values.number import Number
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
from nomadqemu.values.value import Value

names = st.sampled_from(["a", "b"])
types: st.SearchStrategy[Type] = st.recursive(
    st.sampled_from([STRING, NUMBER, BOOL, DYNAMIC]),
    lambda inner: st.one_of(
        inner.map(ListType),
        inner.map(SetType),
        inner.map(MapType),
        st.lists(inner, max_size=2).map(lambda ts: TupleType(tuple(ts))),
        st.builds(
            lambda attrs, opt: ObjectType.of(attrs, frozenset(k for k in attrs if opt)),
            st.dictionaries(names, inner, max_size=2),
            st.booleans(),
        ),
    ),
    max_leaves=4,
)
values: st.SearchStrategy[Value] = st.recursive(
    st.one_of(
        st.sampled_from(["", "1", "true", "x", "0.5"]).map(Value.string),
        st.integers(-3, 3).map(lambda i: Value.number(Number.from_int(i, 512))),
        st.booleans().map(Value.boolean),
        st.just(Value.null()),
        st.just(Value.unknown()),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(Value.tuple_of),
        st.dictionaries(names, inner, max_size=2).map(Value.object_of),
    ),
    max_leaves=5,
)


@settings(max_examples=600, deadline=None)
@given(values, types)
def test_convert_only_raises_conversion_errors(value: Value, target: Type) -> None:
    with contextlib.suppress(ConversionError):
        got = convert(value, target)
        # Converting again to the type it now has changes nothing.
        assert convert(got, got.type) == got


@settings(max_examples=300, deadline=None)
@given(values, values)
def test_equals_is_symmetric(a: Value, b: Value) -> None:
    assert equals(a, b) == equals(b, a)


@settings(max_examples=300, deadline=None)
@given(st.lists(types, min_size=1, max_size=3))
def test_unify_unsafe_never_raises(ts: list[Type]) -> None:
    unify_unsafe(ts)


@settings(max_examples=200, deadline=None)
@given(st.lists(values, max_size=4))
def test_sets_of_tuples_are_order_independent(items: list[Value]) -> None:
    known = [v for v in items if v.is_wholly_known]
    wrapped = [Value.tuple_of([v]) for v in known]
    if len({w.type for w in wrapped}) > 1 or not wrapped:
        return
    t = wrapped[0].type
    assert make_set(t, wrapped) == make_set(t, list(reversed(wrapped)))
