"""cty values: a type plus a Python payload.

Payloads by type:

| type            | payload                                   |
|-----------------|-------------------------------------------|
| string          | `str`, NFC-normalized (as `cty.StringVal`) |
| number          | `Number`                                  |
| bool            | `bool`                                    |
| list, tuple     | `tuple[Value, ...]` in order               |
| set             | `tuple[Value, ...]` in cty's set order     |
| map, object     | `dict[str, Value]`, keys sorted            |

A null or unknown value has payload `None`. Values are immutable by convention: never
mutate a payload after construction.

`==` here is *structural identity* (same type, same payload), which is what set
membership and tests need. HCL's `==` operator, with its null and unknown rules and
type unification, is `cty.Equals` and lives with the evaluator and functions.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

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


def nfc(text: str) -> str:
    """`text` as `cty.StringVal` keeps a string: in Unicode NFC."""
    # ASCII text is already in NFC; the test is cheaper than the normalization call.
    return text if text.isascii() else unicodedata.normalize("NFC", text)


class Value:
    __slots__ = ("is_null", "is_unknown", "payload", "type")

    type: Type
    payload: Any
    is_null: bool
    is_unknown: bool

    def __init__(
        self, type_: Type, payload: Any, *, is_null: bool = False, is_unknown: bool = False
    ) -> None:
        self.type = type_
        self.payload = payload
        self.is_null = is_null
        self.is_unknown = is_unknown

    # --- constructors --------------------------------------------------------------

    @staticmethod
    def string(s: str) -> Value:
        return Value(STRING, nfc(s))

    @staticmethod
    def number(n: Number) -> Value:
        return Value(NUMBER, n)

    @staticmethod
    def integer(i: int) -> Value:
        """`cty.NumberIntVal`: a 64-bit-precision number."""
        return Value(NUMBER, Number.from_int(i))

    @staticmethod
    def boolean(b: bool) -> Value:
        return Value(BOOL, b)

    @staticmethod
    def list_of(element: Type, items: Iterable[Value]) -> Value:
        return Value(ListType(element), tuple(items))

    @staticmethod
    def set_of(element: Type, items: Iterable[Value]) -> Value:
        """Callers pass items already de-duplicated and in cty's set order."""
        return Value(SetType(element), tuple(items))

    @staticmethod
    def tuple_of(items: Iterable[Value]) -> Value:
        t = tuple(items)
        return Value(TupleType(tuple(v.type for v in t)), t)

    @staticmethod
    def map_of(element: Type, items: Mapping[str, Value]) -> Value:
        return Value(MapType(element), dict(sorted(items.items())))

    @staticmethod
    def object_of(items: Mapping[str, Value]) -> Value:
        if not items:
            # Values are never changed once made: the empty object can be shared
            # (every job's `var` and `local` scopes start as one).
            return _EMPTY_OBJECT_VALUE
        ordered = dict(sorted(items.items()))
        # The names are sorted already: the object type's attributes in one pass.
        attributes = tuple([(name, value.type) for name, value in ordered.items()])
        return Value(ObjectType(attributes, _NO_OPTIONAL), ordered)

    @staticmethod
    def null(type_: Type = DYNAMIC) -> Value:
        return Value(type_, None, is_null=True)

    @staticmethod
    def unknown(type_: Type = DYNAMIC) -> Value:
        return Value(type_, None, is_unknown=True)

    # --- inspection ----------------------------------------------------------------

    @property
    def is_known(self) -> bool:
        return not self.is_unknown

    @property
    def is_wholly_known(self) -> bool:
        if self.is_unknown:
            return False
        if self.is_null:
            return True
        if isinstance(self.payload, tuple):
            return all(v.is_wholly_known for v in self.payload)
        if isinstance(self.payload, dict):
            return all(v.is_wholly_known for v in self.payload.values())
        return True

    def elements(self) -> tuple[Value, ...]:
        """Items of a known, non-null list, tuple or set."""
        assert isinstance(self.payload, tuple)
        return self.payload

    def attributes(self) -> dict[str, Value]:
        """Entries of a known, non-null map or object (sorted by key)."""
        assert isinstance(self.payload, dict)
        return self.payload

    # --- identity ------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Value):
            return NotImplemented
        return (
            self.type == other.type
            and self.is_null == other.is_null
            and self.is_unknown == other.is_unknown
            and self.payload == other.payload
        )

    def __hash__(self) -> int:
        p = self.payload
        if isinstance(p, dict):
            p = tuple(p.items())
        return hash((self.type, self.is_null, self.is_unknown, p))

    def __repr__(self) -> str:
        if self.is_unknown:
            return f"Value.unknown({self.type.friendly_name()})"
        if self.is_null:
            return f"Value.null({self.type.friendly_name()})"
        return f"Value({self.type.friendly_name()}, {self.payload!r})"


_NO_OPTIONAL: frozenset[str] = frozenset()
_EMPTY_OBJECT_VALUE = Value(ObjectType((), _NO_OPTIONAL), {})
TRUE = Value.boolean(True)
FALSE = Value.boolean(False)
NULL = Value.null()
