"""Attribute access and indexing with Go HCL's `hcl.GetAttr` / `hcl.Index` rules and wording."""

from __future__ import annotations

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.expr.diag import dynamic_unknown, error
from nomadqemu.goquote import go_quote
from nomadqemu.span import Span
from nomadqemu.values.convert import ConversionError, convert
from nomadqemu.values.number import Number
from nomadqemu.values.types import (
    DYNAMIC,
    NUMBER,
    STRING,
    ListType,
    MapType,
    ObjectType,
    PrimitiveType,
    SetType,
    TupleType,
)
from nomadqemu.values.value import Value

Result = tuple[Value, list[Diagnostic]]

_INVALID_INDEX = "Invalid index"
_NO_ELEMENT = "The given key does not identify an element in this collection value"
_UNSUPPORTED_ATTR = "Unsupported attribute"


def get_attr(obj: Value, name: str, span: Span) -> Result:
    """`obj.name`."""
    if obj.is_null:
        return dynamic_unknown(), [
            error(
                "Attempt to get attribute from null value",
                "This value is null, so it does not have any attributes.",
                span,
            )
        ]
    ty = obj.type
    if isinstance(ty, ObjectType):
        attr_types = ty.attribute_types
        if name not in attr_types:
            return dynamic_unknown(), [
                error(
                    _UNSUPPORTED_ATTR,
                    f"This object does not have an attribute named {go_quote(name)}.",
                    span,
                )
            ]
        if obj.is_unknown:
            return Value.unknown(attr_types[name]), []
        return obj.attributes()[name], []
    if isinstance(ty, MapType):
        if obj.is_unknown:
            return Value.unknown(ty.element), []
        entries = obj.attributes()
        if name not in entries:
            return dynamic_unknown(), [
                error(
                    "Missing map element",
                    f"This map does not have an element with the key {go_quote(name)}.",
                    span,
                )
            ]
        return entries[name], []
    if ty == DYNAMIC:
        return dynamic_unknown(), []
    if isinstance(ty, ListType) and isinstance(ty.element, ObjectType):
        if name in ty.element.attribute_types:
            detail = (
                "Can't access attributes on a list of objects. Did you mean to access "
                f"attribute {go_quote(name)} for a specific element of the list, or across "
                "all elements of the list?"
            )
        else:
            detail = (
                "Can't access attributes on a list of objects. Did you mean to access an "
                "attribute for a specific element of the list, or across all elements of "
                "the list?"
            )
        return dynamic_unknown(), [error(_UNSUPPORTED_ATTR, detail, span)]
    if isinstance(ty, SetType) and isinstance(ty.element, ObjectType):
        detail = (
            "Can't access attributes on a set of objects. Did you mean to access an "
            "attribute across all elements of the set?"
        )
        return dynamic_unknown(), [error(_UNSUPPORTED_ATTR, detail, span)]
    if isinstance(ty, PrimitiveType):
        detail = f"Can't access attributes on a primitive-typed value ({ty.friendly_name()})."
        return dynamic_unknown(), [error(_UNSUPPORTED_ATTR, detail, span)]
    return dynamic_unknown(), [
        error(_UNSUPPORTED_ATTR, "This value does not have any attributes.", span)
    ]


def index(collection: Value, key: Value, span: Span) -> Result:
    """`collection[key]`; `span` is the bracketed key, where Go points its diagnostics."""
    if collection.is_null:
        return dynamic_unknown(), [
            error(
                "Attempt to index null value",
                "This value is null, so it does not have any indices.",
                span,
            )
        ]
    if key.is_null:
        return dynamic_unknown(), [
            error(_INVALID_INDEX, "Can't use a null value as an indexing key.", span)
        ]
    ty = collection.type
    if DYNAMIC in (key.type, ty):
        return dynamic_unknown(), []
    if isinstance(ty, ListType | TupleType | MapType):
        return _index_sequence_or_map(collection, key, span)
    if isinstance(ty, ObjectType):
        return _index_object(collection, key, span)
    if isinstance(ty, SetType):
        detail = (
            "Elements of a set are identified only by their value and don't have any "
            "separate index or key to select with, so it's only possible to perform "
            "operations across all elements of the set."
        )
        return dynamic_unknown(), [error(_INVALID_INDEX, detail, span)]
    return dynamic_unknown(), [error(_INVALID_INDEX, "This value does not have any indices.", span)]


def _index_sequence_or_map(collection: Value, key: Value, span: Span) -> Result:
    ty = collection.type
    is_map = isinstance(ty, MapType)
    try:
        key = convert(key, STRING if is_map else NUMBER)
    except ConversionError as exc:
        return dynamic_unknown(), [error(_INVALID_INDEX, f"{_NO_ELEMENT}: {exc.message}.", span)]
    if collection.is_unknown or key.is_unknown:
        if isinstance(ty, TupleType):
            return dynamic_unknown(), []
        assert isinstance(ty, ListType | MapType)
        return Value.unknown(ty.element), []
    if is_map:
        entries = collection.attributes()
        if key.payload in entries:
            return entries[key.payload], []
        return dynamic_unknown(), [error(_INVALID_INDEX, f"{_NO_ELEMENT}.", span)]
    items = collection.elements()
    number: Number = key.payload
    position, exact = number.to_int64()
    if exact and 0 <= position < len(items):
        return items[position], []
    detail = _sequence_miss_detail(number, len(items))
    return dynamic_unknown(), [error(_INVALID_INDEX, detail, span)]


def _sequence_miss_detail(number: Number, length: int) -> str:
    """Why a number does not select an element; Go's quirks included.

    HCL explains the miss only when the index is not whole, is negative, or equals the
    length exactly (its comparison is inverted, so larger indexes get the generic text).
    """
    if not number.is_int():
        return (
            f"{_NO_ELEMENT}: indexing a sequence requires a whole number, but the given "
            "index has a fractional part."
        )
    if number.is_negative:
        return f"{_NO_ELEMENT}: a negative number is not a valid index for a sequence."
    if number.to_int() - length < 1:
        if length == 0:
            return f"{_NO_ELEMENT}: the collection has no elements."
        return (
            f"{_NO_ELEMENT}: the given index is greater than or equal to the length of the "
            "collection."
        )
    return f"{_NO_ELEMENT}."


def _index_object(collection: Value, key: Value, span: Span) -> Result:
    was_number = key.type == NUMBER
    try:
        key = convert(key, STRING)
    except ConversionError as exc:
        return dynamic_unknown(), [error(_INVALID_INDEX, f"{_NO_ELEMENT}: {exc.message}.", span)]
    if collection.is_unknown or key.is_unknown:
        return dynamic_unknown(), []
    assert isinstance(collection.type, ObjectType)
    name: str = key.payload
    if name not in collection.type.attribute_types:
        hint = (
            " An object only supports looking up attributes by name, not by numeric index."
            if was_number
            else ""
        )
        return dynamic_unknown(), [error(_INVALID_INDEX, f"{_NO_ELEMENT}.{hint}", span)]
    return collection.attributes()[name], []
