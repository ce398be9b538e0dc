"""Small structural helpers on cty types used by conversion and error messages."""

from __future__ import annotations

from nomadqemu.values.types import (
    DynamicType,
    ListType,
    MapType,
    ObjectType,
    SetType,
    TupleType,
    Type,
)


def without_optional_deep(t: Type) -> Type:
    """cty's `WithoutOptionalAttributesDeep`: drop every `optional(…)` marker."""
    if isinstance(t, ListType):
        return ListType(without_optional_deep(t.element))
    if isinstance(t, SetType):
        return SetType(without_optional_deep(t.element))
    if isinstance(t, MapType):
        return MapType(without_optional_deep(t.element))
    if isinstance(t, TupleType):
        return TupleType(tuple(without_optional_deep(e) for e in t.elements))
    if isinstance(t, ObjectType):
        return ObjectType(tuple((k, without_optional_deep(a)) for k, a in t.attributes))
    return t


def friendly_name_for_constraint(t: Type) -> str:
    """cty's `FriendlyNameForConstraint`: `dynamic` reads "any type" in a constraint."""
    if isinstance(t, DynamicType):
        return "any type"
    if isinstance(t, ListType | SetType | MapType):
        kind = {ListType: "list", SetType: "set", MapType: "map"}[type(t)]
        if isinstance(t.element, DynamicType):
            return f"{kind} of any single type"
        return f"{kind} of {friendly_name_for_constraint(t.element)}"
    return t.friendly_name()
