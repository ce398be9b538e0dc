"""cty's `convert.MismatchMessage`: the words for "this type cannot become that one"."""

from __future__ import annotations

from nomadqemu.values import convert as conv
from nomadqemu.values.equality import has_dynamic_types
from nomadqemu.values.typeops import friendly_name_for_constraint as constraint_name
from nomadqemu.values.types import (
    BOOL,
    NUMBER,
    STRING,
    DynamicType,
    ListType,
    MapType,
    ObjectType,
    PrimitiveType,
    SetType,
    TupleType,
    Type,
)

_COLLECTION = ListType | SetType | MapType


def mismatch_message(got: Type, want: Type) -> str:
    if isinstance(got, ObjectType) and isinstance(want, ObjectType):
        return _objects(got, want)
    dyn_elem = isinstance(want, _COLLECTION) and isinstance(want.element, DynamicType)
    if isinstance(got, TupleType) and isinstance(want, ListType) and dyn_elem:
        return "all list elements must have the same type"
    if isinstance(got, TupleType) and isinstance(want, SetType) and dyn_elem:
        return "all set elements must have the same type"
    if isinstance(got, ObjectType) and isinstance(want, MapType) and dyn_elem:
        return "all map elements must have the same type"
    if isinstance(got, TupleType | ObjectType) and isinstance(want, _COLLECTION):
        return _collection_from_structural(got, want)
    if isinstance(got, _COLLECTION) and isinstance(want, _COLLECTION):
        return _collection_from_collection(got, want)
    if not _likely_confusing(got, want):
        return f"{want.friendly_name()} required, but have {got.friendly_name()}"
    return constraint_name(want) + " required"


def _objects(got: ObjectType, want: ObjectType) -> str:
    got_attrs = got.attribute_types
    missing: list[str] = []
    unsafe_mismatch = ""
    safe_mismatch = ""
    # cty walks a Go map here (random order); sorted order makes the choice stable.
    for name, want_attr in want.attributes:
        if name not in got_attrs:
            if name not in want.optional:
                missing.append(name)
            continue
        got_attr = got_attrs[name]
        if got_attr == want_attr or unsafe_mismatch:
            continue
        if conv.get_conversion(got_attr, want_attr, unsafe=True) is None:
            unsafe_mismatch = f'attribute "{name}": {mismatch_message(got_attr, want_attr)}'
        if safe_mismatch:
            continue
        if conv.get_conversion(got_attr, want_attr, unsafe=False) is None:
            safe_mismatch = f'attribute "{name}": {mismatch_message(got_attr, want_attr)}'
    if missing:
        missing.sort()
        if len(missing) == 1:
            return f'attribute "{missing[0]}" is required'
        if len(missing) == 2:
            return f'attributes "{missing[0]}" and "{missing[1]}" are required'
        listed = "".join(f'"{m}", ' for m in missing[:-1]) + f'and "{missing[-1]}"'
        return f"attributes {listed} are required"
    return unsafe_mismatch or safe_mismatch or "incorrect object attributes"


def _collection_from_structural(got: TupleType | ObjectType, want: Type) -> str:
    assert isinstance(want, _COLLECTION)
    if isinstance(want, ListType | SetType) and not isinstance(got, TupleType):
        return constraint_name(want) + " required"
    if isinstance(want, MapType) and not isinstance(got, ObjectType):
        return constraint_name(want) + " required"
    want_elem = want.element
    if isinstance(got, TupleType):
        for i, got_elem in enumerate(got.elements):
            if got_elem == want_elem:
                continue
            if conv.get_conversion(got_elem, want_elem, unsafe=True) is not None:
                continue
            return f"element {i}: {mismatch_message(got_elem, want_elem)}"
    else:
        for name, got_attr in got.attributes:
            if got_attr == want_elem:
                continue
            if conv.get_conversion(got_attr, want_elem, unsafe=True) is not None:
                continue
            return f'element "{name}": {mismatch_message(got_attr, want_elem)}'
    return f"all elements must be {constraint_name(want_elem)}"


def _collection_from_collection(got: Type, want: Type) -> str:
    assert isinstance(got, _COLLECTION) and isinstance(want, _COLLECTION)
    if isinstance(want, ListType | SetType) and not isinstance(got, ListType | SetType):
        return constraint_name(want) + " required"
    if isinstance(want, MapType) and not isinstance(got, MapType):
        return constraint_name(want) + " required"
    noun = {ListType: "list", SetType: "set", MapType: "map"}[type(want)]
    return f"incorrect {noun} element type: {mismatch_message(got.element, want.element)}"


def _likely_confusing(got: Type, want: Type) -> bool:
    if isinstance(got, PrimitiveType) != isinstance(want, PrimitiveType):
        return False
    if want == STRING:
        return False
    if (want == BOOL and got == NUMBER) or (got == BOOL and want == NUMBER):
        return False
    if (
        isinstance(got, _COLLECTION)
        and isinstance(want, _COLLECTION)
        and not has_dynamic_types(got.element)
        and has_dynamic_types(want.element)
    ):
        return False
    # cty's second clause here can never hold (an object is not a tuple); kept out.
    return not (isinstance(got, TupleType) and isinstance(want, ObjectType))
