"""Small value builders shared by the value tests."""

from __future__ import annotations

from nomadqemu.values.number import Number
from nomadqemu.values.value import Value


def s(text: str) -> Value:
    return Value.string(text)


def n(text: str | int) -> Value:
    if isinstance(text, int):
        return Value.integer(text)
    parsed = Number.parse(text)
    assert parsed is not None
    return Value.number(parsed)


def tup(*items: Value) -> Value:
    return Value.tuple_of(items)


def obj(**attrs: Value) -> Value:
    return Value.object_of(attrs)
