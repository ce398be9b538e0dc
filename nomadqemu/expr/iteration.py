"""cty's element iteration: what `for` expressions and splats walk over."""

from __future__ import annotations

from collections.abc import Iterator

from nomadqemu.values.types import ListType, MapType, ObjectType, SetType, TupleType
from nomadqemu.values.value import Value


def can_iterate(value: Value) -> bool:
    return isinstance(value.type, ListType | MapType | SetType | TupleType | ObjectType)


def elements(value: Value) -> Iterator[tuple[Value, Value]]:
    """(key, element) pairs of a known, non-null collection.

    Lists and tuples are keyed by index (a 64-bit number, like `cty.NumberIntVal`),
    maps and objects by name in sorted order, and a set's key is the element itself.
    """
    if isinstance(value.type, MapType | ObjectType):
        for name, item in value.attributes().items():
            yield Value.string(name), item
    elif isinstance(value.type, SetType):
        for item in value.elements():
            yield item, item
    else:
        for i, item in enumerate(value.elements()):
            yield Value.integer(i), item
