"""cty's `convert` package: type conversion, unification and their error wording.

The structure follows cty on purpose: a conversion is first *planned* from the two
types (`get_conversion` returns None when no conversion can exist, and the caller then
words the mismatch with `mismatch_message`), and only then applied to a value, where
it may still fail for that particular value ("a number is required").

`convert` is cty's `Convert`, which uses the *unsafe* conversions (string to number or
bool, list to set, map to object) as HCL does for function arguments and variables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeAlias

from nomadqemu.values.equality import equals
from nomadqemu.values.numtext import parse_go_float
from nomadqemu.values.sets import make_set
from nomadqemu.values.typeops import without_optional_deep
from nomadqemu.values.types import (
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
from nomadqemu.values.value import FALSE, TRUE, Value

# A path step is an attribute name (str) or an index key (a string or number Value).
PathStep: TypeAlias = str | Value
Path: TypeAlias = tuple[PathStep, ...]
Conv: TypeAlias = Callable[[Value, Path], Value]
# A conversion returned by `unify_with_conversions`, applied to a whole value.
Conversion: TypeAlias = Callable[[Value], Value]


class ConversionError(Exception):
    """A value could not be converted; `message` is cty's wording, `path` where inside."""

    def __init__(self, message: str, path: Path = ()) -> None:
        self.message = message
        self.path = path
        super().__init__(message)


__all__ = [
    "ConversionError",
    "Path",
    "convert",
    "equals",
    "get_conversion",
    "make_set",
    "mismatch_message",
    "unify",
    "unify_unsafe",
    "unify_with_conversions",
]


def convert(value: Value, target: Type) -> Value:
    """cty's `convert.Convert` (unsafe conversions allowed)."""
    if value.type is target and type(target) is PrimitiveType:
        # The commonest call (a string already a string): a primitive type has no
        # optional attributes to strip, so this is the test below, decided early.
        return value
    if value.type == without_optional_deep(target):
        return value
    conv = get_conversion(value.type, target, unsafe=True)
    if conv is None:
        raise ConversionError(mismatch_message(value.type, target))
    return conv(value, ())


def get_conversion(in_t: Type, out_t: Type, unsafe: bool) -> Conv | None:
    """A conversion from `in_t` to `out_t`, or None when none can exist."""
    known = _known_conversion(in_t, out_t, unsafe)
    if known is None:
        return None

    def conversion(value: Value, path: Path) -> Value:
        if isinstance(out_t, DynamicType):
            return value
        if value.is_unknown:
            return Value.unknown(_unify.dynamic_replace(value.type, without_optional_deep(out_t)))
        if value.is_null:
            return Value.null(_unify.dynamic_replace(value.type, without_optional_deep(out_t)))
        return known(value, path)

    return conversion


def _known_conversion(in_t: Type, out_t: Type, unsafe: bool) -> Conv | None:
    if isinstance(out_t, DynamicType):
        return _passthrough
    if unsafe and isinstance(in_t, DynamicType):
        return _dynamic_fixup(out_t)
    if isinstance(in_t, PrimitiveType) and isinstance(out_t, PrimitiveType):
        return _primitive_conversion(in_t, out_t, unsafe)
    if isinstance(out_t, ObjectType) and isinstance(in_t, ObjectType):
        return cc.object_to_object(in_t, out_t, unsafe)
    if isinstance(out_t, TupleType) and isinstance(in_t, TupleType):
        return cc.tuple_to_tuple(in_t, out_t, unsafe)
    if isinstance(out_t, ListType) and isinstance(in_t, ListType | SetType):
        if in_t.element == out_t.element:
            return cc.collection_to_list(out_t.element, None)
        elem = get_conversion(in_t.element, out_t.element, unsafe)
        return None if elem is None else cc.collection_to_list(out_t.element, elem)
    if isinstance(out_t, SetType) and isinstance(in_t, ListType | SetType):
        if isinstance(in_t, ListType) and not unsafe:
            return None
        elem = get_conversion(in_t.element, out_t.element, unsafe)
        if in_t.element == out_t.element:
            return cc.collection_to_set(out_t.element, None)
        return None if elem is None else cc.collection_to_set(out_t.element, elem)
    if isinstance(out_t, MapType) and isinstance(in_t, MapType):
        elem = get_conversion(in_t.element, out_t.element, unsafe)
        return None if elem is None else cc.collection_to_map(out_t.element, elem)
    if isinstance(out_t, ListType) and isinstance(in_t, TupleType):
        return cc.tuple_to_list(in_t, out_t.element, unsafe)
    if isinstance(out_t, SetType) and isinstance(in_t, TupleType):
        return cc.tuple_to_set(in_t, out_t.element, unsafe)
    if isinstance(out_t, MapType) and isinstance(in_t, ObjectType):
        return cc.object_to_map(in_t, out_t.element, unsafe)
    if isinstance(out_t, ObjectType) and isinstance(in_t, MapType):
        return cc.map_to_object(in_t, out_t, unsafe) if unsafe else None
    return None


def _passthrough(value: Value, path: Path) -> Value:
    return value


def _dynamic_fixup(want: Type) -> Conv:
    def conversion(value: Value, path: Path) -> Value:
        try:
            return convert(value, want)
        except ConversionError as err:
            raise ConversionError(err.message, path + err.path) from None

    return conversion


# --- primitives ---------------------------------------------------------------------


def _number_to_string(value: Value, path: Path) -> Value:
    return Value.string(value.payload.text())


def _bool_to_string(value: Value, path: Path) -> Value:
    return Value.string("true" if value.payload else "false")


def _string_to_number(value: Value, path: Path) -> Value:
    parsed = parse_go_float(value.payload)
    if parsed is None:
        raise ConversionError("a number is required", path)
    return Value.number(parsed)


def _string_to_bool(value: Value, path: Path) -> Value:
    text: str = value.payload
    if text in ("true", "1"):
        return TRUE
    if text in ("false", "0"):
        return FALSE
    lowered = text.lower()
    if lowered in ("true", "false"):
        raise ConversionError(
            f'a bool is required; to convert from string, use lowercase "{lowered}"', path
        )
    raise ConversionError("a bool is required", path)


def _primitive_conversion(in_t: PrimitiveType, out_t: PrimitiveType, unsafe: bool) -> Conv | None:
    if in_t == out_t:
        return _passthrough
    if out_t == STRING:
        return _number_to_string if in_t == NUMBER else _bool_to_string
    if unsafe and in_t == STRING:
        return _string_to_number if out_t == NUMBER else _string_to_bool
    return None


# --- unification ----------------------------------------------------------------------


def unify(types: Sequence[Type]) -> Type | None:
    """cty's `convert.Unify`: the type all of `types` convert to safely, or None."""
    return unify_with_conversions(types, unsafe=False)[0]


def unify_unsafe(types: Sequence[Type]) -> Type | None:
    """cty's `convert.UnifyUnsafe` (HCL's conditional and collection constructors)."""
    return unify_with_conversions(types, unsafe=True)[0]


def unify_with_conversions(
    types: Sequence[Type], unsafe: bool
) -> tuple[Type | None, list[Conversion | None]]:
    """The unified type and, per input, the conversion to apply (None: unchanged)."""
    return _unify.unify_types(list(types), unsafe)


def whole_conversion(in_t: Type, out_t: Type, unsafe: bool) -> Conversion | None:
    """`GetConversion`/`GetConversionUnsafe`: a conversion applied at the root path."""
    conv = get_conversion(in_t, out_t, unsafe)
    if conv is None:
        return None
    bound = conv

    def run(value: Value) -> Value:
        return bound(value, ())

    return run


# --- mismatch messages ------------------------------------------------------------------


def mismatch_message(got: Type, want: Type) -> str:
    """cty's `MismatchMessage`: why no conversion from `got` to `want` exists."""
    return _mismatch.mismatch_message(got, want)


# The planners live in sibling modules that call back into this one; importing them
# last lets each side see the other's names at call time.
from nomadqemu.values import convert_collections as cc  # noqa: E402  (import cycle, see above)
from nomadqemu.values import mismatch as _mismatch  # noqa: E402  (same)
from nomadqemu.values import unify as _unify  # noqa: E402  (same)
