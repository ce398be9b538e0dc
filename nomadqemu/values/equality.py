"""cty's `Value.Equals` (HCL's `==`) and the type helpers it needs."""

from __future__ import annotations

from nomadqemu.values.types import (
    BOOL,
    DynamicType,
    ListType,
    MapType,
    ObjectType,
    SetType,
    TupleType,
    Type,
)
from nomadqemu.values.value import FALSE, TRUE, Value

UNKNOWN_BOOL = Value.unknown(BOOL)


def has_dynamic_types(t: Type) -> bool:
    """cty's `Type.HasDynamicTypes`: whether `dynamic` appears anywhere inside `t`."""
    if isinstance(t, DynamicType):
        return True
    if isinstance(t, ListType | SetType | MapType):
        return has_dynamic_types(t.element)
    if isinstance(t, TupleType):
        return any(has_dynamic_types(e) for e in t.elements)
    if isinstance(t, ObjectType):
        return any(has_dynamic_types(a) for _, a in t.attributes)
    return False


def conforms(given: Type, want: Type) -> bool:
    """cty's `Type.TestConformance(want) == nil`: `dynamic` in `want` matches anything."""
    if isinstance(want, DynamicType):
        return True
    if type(given) is not type(want):
        return False
    if isinstance(given, ListType | SetType | MapType):
        assert isinstance(want, ListType | SetType | MapType)
        return conforms(given.element, want.element)
    if isinstance(given, TupleType):
        assert isinstance(want, TupleType)
        return len(given.elements) == len(want.elements) and all(
            conforms(g, w) for g, w in zip(given.elements, want.elements, strict=True)
        )
    if isinstance(given, ObjectType):
        assert isinstance(want, ObjectType)
        g, w = given.attribute_types, want.attribute_types
        return g.keys() == w.keys() and all(conforms(g[k], w[k]) for k in g)
    return given == want


def equals(a: Value, b: Value) -> Value:
    """`a.Equals(b)`: a known bool, or an unknown bool when unknowns prevent an answer.

    Unknown values carry no refinements in this model, so an unknown is never
    "definitely not null".
    """
    if a.is_null and b.is_known and not b.is_null:
        return FALSE
    if b.is_null and a.is_known and not a.is_null:
        return FALSE
    if a.is_unknown or b.is_unknown:
        if a.is_unknown and b.is_unknown:
            return UNKNOWN_BOOL
        known, unknown = (a, b) if b.is_unknown else (b, a)
        if known.is_null or has_dynamic_types(unknown.type):
            return UNKNOWN_BOOL
        return UNKNOWN_BOOL if known.type == unknown.type else FALSE
    if a.is_null and b.is_null:
        return TRUE
    if has_dynamic_types(a.type) or has_dynamic_types(b.type):
        if not conforms(a.type, b.type) and not conforms(b.type, a.type):
            return FALSE
        return UNKNOWN_BOOL
    if a.type != b.type:
        return FALSE
    return _equal_known(a, b)


def _all_equal(pairs: list[tuple[Value, Value]]) -> Value:
    result = True
    for x, y in pairs:
        eq = equals(x, y)
        if eq.is_unknown:
            return UNKNOWN_BOOL
        if eq.payload is False:
            result = False
            break
    return TRUE if result else FALSE


def _equal_known(a: Value, b: Value) -> Value:
    t = a.type
    if isinstance(t, ListType | TupleType):
        if len(a.payload) != len(b.payload):
            return FALSE
        return _all_equal(list(zip(a.payload, b.payload, strict=True)))
    if isinstance(t, MapType | ObjectType):
        if a.payload.keys() != b.payload.keys():
            return FALSE
        return _all_equal([(a.payload[k], b.payload[k]) for k in a.payload])
    if isinstance(t, SetType):
        if any(v.is_unknown for v in a.payload) or any(v.is_unknown for v in b.payload):
            return UNKNOWN_BOOL
        same = all(set_has(b, v) for v in a.payload) and all(set_has(a, v) for v in b.payload)
        return TRUE if same else FALSE
    # string (both NFC already), number (exact value), bool
    return TRUE if a.payload == b.payload else FALSE


def set_has(s: Value, item: Value) -> bool:
    """Whether the set `s` holds an element that `Equals` `item` (cty's set rules)."""
    return any(equivalent(item, e) for e in s.payload)


def equivalent(a: Value, b: Value) -> bool:
    """cty's set rule `Equivalent`: `Equals` gives a known true."""
    eq = equals(a, b)
    return eq.is_known and eq.payload is True


__all__ = ["conforms", "equals", "equivalent", "has_dynamic_types", "set_has"]
