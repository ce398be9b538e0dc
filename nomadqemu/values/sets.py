"""cty sets: de-duplication by `Equals` and cty's iteration order.

cty keeps set elements in hash buckets and sorts them when iterating: primitive
elements by value (strings by bytes, false before true, numbers numerically), any other
element by its "hash bytes", a canonical text of the value. Known values come before
unknown ones, and a null comes last. Elements that compare equal under that order keep
the order they were added in (Go sorts stably).
"""

from __future__ import annotations

from collections.abc import Iterable

from nomadqemu.goquote import go_quote
from nomadqemu.values.equality import equivalent
from nomadqemu.values.numtext import go_string
from nomadqemu.values.types import (
    BOOL,
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


def hash_text(v: Value) -> str:
    """cty's `appendSetHashBytes`: the text that set elements are bucketed and ordered by."""
    if v.is_unknown:
        return "?"
    if v.is_null:
        return "~"
    t = v.type
    if t == NUMBER:
        return go_string(v.payload)
    if t == BOOL:
        return "T" if v.payload else "F"
    if t == STRING:
        return go_quote(v.payload)
    if isinstance(t, MapType):
        inner = "".join(f"{go_quote(k)}:{hash_text(e)};" for k, e in v.payload.items())
        return "{" + inner + "}"
    if isinstance(t, ListType | SetType):
        return "[" + "".join(hash_text(e) + ";" for e in v.payload) + "]"
    if isinstance(t, ObjectType | TupleType):
        items = v.payload.values() if isinstance(t, ObjectType) else v.payload
        return "<" + "".join(hash_text(e) + ";" for e in items) + ">"
    raise TypeError(f"no set hash for {t.friendly_name()}")


def _order_key(element_type: Type, v: Value) -> tuple[int, object]:
    if v.is_null:
        return (2, 0)
    if v.is_unknown:
        return (1, 0)
    if element_type in (STRING, NUMBER, BOOL):
        return (0, v.payload)
    # Go compares the hash texts as UTF-8 bytes.
    return (0, hash_text(v).encode())


def make_set(element: Type, items: Iterable[Value]) -> Value:
    """A known set of `element` holding `items` without duplicates, in cty's order.

    Every item must already have type `element` (or be a null or unknown of it).
    """
    buckets: dict[str, list[Value]] = {}
    kept: list[Value] = []
    for item in items:
        bucket = buckets.setdefault(hash_text(item), [])
        if any(equivalent(item, other) for other in bucket):
            continue
        bucket.append(item)
        kept.append(item)
    kept.sort(key=lambda v: _order_key(element, v))
    return Value.set_of(element, kept)
