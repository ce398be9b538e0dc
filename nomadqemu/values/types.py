"""cty's type system, as Nomad's jobspec evaluation uses it.

Types are immutable and compare by structure, like cty's `Type.Equals`. The friendly
names follow cty's `FriendlyName`, because they appear verbatim in Nomad's error
messages ("string required, but have tuple").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeAlias

from nomadqemu.records import field, frozen_record


@frozen_record
class PrimitiveType:
    """string, number or bool."""

    name: str

    def friendly_name(self) -> str:
        return self.name


@frozen_record
class DynamicType:
    """cty.DynamicPseudoType: "any type", used in type constraints and for unknown nulls."""

    def friendly_name(self) -> str:
        return "dynamic"


@frozen_record
class ListType:
    element: Type

    def friendly_name(self) -> str:
        return f"list of {self.element.friendly_name()}"


@frozen_record
class SetType:
    element: Type

    def friendly_name(self) -> str:
        return f"set of {self.element.friendly_name()}"


@frozen_record
class MapType:
    element: Type

    def friendly_name(self) -> str:
        return f"map of {self.element.friendly_name()}"


@frozen_record
class TupleType:
    elements: tuple[Type, ...]

    def friendly_name(self) -> str:
        return "tuple"


@frozen_record
class ObjectType:
    """An object type; `attributes` keeps the names sorted, as cty does.

    `optional` names the attributes that a type *constraint* marks `optional(…)`;
    it is empty for the type of a value.
    """

    attributes: tuple[tuple[str, Type], ...]
    optional: frozenset[str] = field(default_factory=frozenset)

    @staticmethod
    def of(attributes: Mapping[str, Type], optional: frozenset[str] = frozenset()) -> ObjectType:
        return ObjectType(tuple(sorted(attributes.items())), optional)

    @property
    def attribute_types(self) -> dict[str, Type]:
        return dict(self.attributes)

    def friendly_name(self) -> str:
        return "object"


Type: TypeAlias = (
    PrimitiveType | DynamicType | ListType | SetType | MapType | TupleType | ObjectType
)

STRING = PrimitiveType("string")
NUMBER = PrimitiveType("number")
BOOL = PrimitiveType("bool")
DYNAMIC = DynamicType()
EMPTY_OBJECT = ObjectType(())
EMPTY_TUPLE = TupleType(())


def is_primitive(t: Type) -> bool:
    return isinstance(t, PrimitiveType)


def is_collection(t: Type) -> bool:
    """list, set or map: all elements share one type."""
    return isinstance(t, ListType | SetType | MapType)


def is_structural(t: Type) -> bool:
    """tuple or object: each element has its own type."""
    return isinstance(t, TupleType | ObjectType)
