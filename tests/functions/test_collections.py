"""Collection functions: element types, tuples versus lists, cty's error texts."""

from __future__ import annotations

import pytest

from nomadqemu.functions.spec import ArgError, FunctionError
from nomadqemu.values.convert import make_set
from nomadqemu.values.types import NUMBER, STRING, ListType, MapType, ObjectType, TupleType
from nomadqemu.values.value import FALSE, TRUE, Value
from tests.functions.helpers import call, n, s, texts


def strings(*items: str) -> Value:
    return Value.list_of(STRING, [s(i) for i in items])


def test_length_accepts_collections_only() -> None:
    assert call("length", Value.tuple_of([n(1), s("a")])).payload.text() == "2"
    assert call("length", Value.map_of(NUMBER, {"a": n(1)})).payload.text() == "1"
    with pytest.raises(FunctionError, match="collection must be a list, a map or a tuple"):
        call("length", s("abc"))


def test_element_wraps_both_ways() -> None:
    lst = strings("a", "b", "c")
    assert call("element", lst, n(4)).payload == "b"
    assert call("element", lst, n(-4)).payload == "c"
    with pytest.raises(FunctionError, match="cannot use element function with an empty list"):
        call("element", strings(), n(0))


def test_index_is_subscripting() -> None:
    assert call("index", strings("x", "y"), n(1)).payload == "y"
    assert call("index", Value.map_of(NUMBER, {"k": n(3)}), s("k")).payload.text() == "3"
    with pytest.raises(FunctionError, match="invalid index"):
        call("index", strings("x"), n(5))
    with pytest.raises(FunctionError, match="key for list must be number"):
        call("index", strings("x"), s("0"))


def test_lookup_object_and_map() -> None:
    obj = Value.object_of({"a": n(1), "b": s("x")})
    assert call("lookup", obj, s("b"), s("d")).payload == "x"
    assert call("lookup", obj, s("zz"), TRUE) == TRUE
    m = Value.map_of(NUMBER, {"a": n(1)})
    assert call("lookup", m, s("q"), s("7")).payload.text() == "7"
    with pytest.raises(ArgError, match="same type as the map elements"):
        call("lookup", m, s("q"), Value.tuple_of([]))


def test_merge_types() -> None:
    maps = call("merge", Value.map_of(NUMBER, {"a": n(1)}), Value.map_of(NUMBER, {"b": n(2)}))
    assert maps.type == MapType(NUMBER)
    mixed = call("merge", Value.map_of(NUMBER, {"a": n(1)}), Value.object_of({"a": s("x")}))
    assert mixed.type == ObjectType.of({"a": STRING})
    assert call("merge", Value.null()).type == ObjectType(())
    with pytest.raises(FunctionError, match='arguments must be maps or objects, got "string"'):
        call("merge", s("x"))


def test_concat_lists_and_tuples() -> None:
    assert call("concat", strings("a"), strings("b")).type == ListType(STRING)
    mixed = call("concat", strings("a"), Value.tuple_of([n(1)]))
    assert mixed.type == TupleType((STRING, NUMBER))
    with pytest.raises(ArgError, match="all arguments must be lists or tuples; got string"):
        call("concat", strings("a"), s("b"))


def test_flatten_distinct_compact_chunklist() -> None:
    nested = Value.tuple_of([Value.tuple_of([s("a"), Value.tuple_of([s("b")])]), s("c")])
    assert texts(call("flatten", nested)) == ["a", "b", "c"]
    assert texts(call("distinct", strings("b", "a", "b"))) == ["b", "a"]
    assert texts(call("compact", Value.tuple_of([s(""), s("x"), Value.null(STRING)]))) == ["x"]
    chunks = call("chunklist", strings("a", "b", "c"), n(2))
    assert [texts(c) for c in chunks.elements()] == [["a", "b"], ["c"]]
    assert len(call("chunklist", strings("a", "b"), n(0)).elements()) == 1


def test_keys_values_zipmap() -> None:
    obj = Value.object_of({"b": n(2), "a": s("x")})
    assert texts(call("keys", obj)) == ["a", "b"]
    assert call("values", obj).elements()[0].payload == "x"
    zipped = call("zipmap", strings("k", "j"), Value.tuple_of([n(1), s("v")]))
    assert zipped.type == ObjectType.of({"k": NUMBER, "j": STRING})
    with pytest.raises(FunctionError, match=r"number of keys \(1\) does not match"):
        call("zipmap", strings("k"), strings())


def test_zipmap_with_an_unknown_key_is_unknown_before_lengths_are_compared() -> None:
    keys = Value.list_of(STRING, [s("k"), Value.unknown(STRING)])
    from_list = call("zipmap", keys, strings("v"))
    assert from_list.is_unknown
    assert from_list.type == MapType(STRING)
    from_tuple = call("zipmap", keys, Value.tuple_of([n(1), s("v")]))
    assert from_tuple.is_unknown


def test_slice_bounds() -> None:
    assert texts(call("slice", strings("a", "b", "c"), n(1), n(3))) == ["b", "c"]
    with pytest.raises(ArgError, match="end index must not be greater than the length"):
        call("slice", strings("a"), n(0), n(2))
    with pytest.raises(ArgError, match="start index must not be greater than end index"):
        call("slice", strings("a", "b"), n(2), n(1))


def test_contains_and_coalesce() -> None:
    assert call("contains", Value.tuple_of([n(1), s("x")]), s("x")) == TRUE
    assert call("contains", strings("1"), n(1)) == FALSE
    assert call("coalesce", Value.null(STRING), s(""), s("x")).payload == ""
    assert call("coalesce", n(1), s("b")).type == STRING
    picked = call("coalescelist", Value.tuple_of([]), strings("z"))
    assert texts(picked) == ["z"]
    with pytest.raises(FunctionError, match="no non-null arguments"):
        call("coalesce", Value.null(STRING))


def test_set_functions_order_and_types() -> None:
    a = make_set(STRING, [s("b"), s("a")])
    b = make_set(STRING, [s("c"), s("a")])
    assert texts(call("setunion", a, b)) == ["a", "b", "c"]
    assert texts(call("setintersection", a, b)) == ["a"]
    product = call("setproduct", strings("x", "y"), Value.tuple_of([n(1), n(2)]))
    assert product.type == ListType(TupleType((STRING, NUMBER)))
    assert len(product.elements()) == 4
    with pytest.raises(FunctionError, match="at least two arguments are required"):
        call("setproduct", strings("x"))
