"""Map and object functions: keys, values, lookup, merge, zipmap (cty collection.go)."""

from __future__ import annotations

from collections.abc import Sequence

from nomadqemu.functions.collections import make_list
from nomadqemu.functions.common import fn
from nomadqemu.functions.spec import ArgError, Function, FunctionError, Param
from nomadqemu.values.convert import ConversionError, convert
from nomadqemu.values.types import (
    DYNAMIC,
    STRING,
    DynamicType,
    ListType,
    MapType,
    ObjectType,
    TupleType,
    Type,
)
from nomadqemu.values.value import Value


def _keys(args: Sequence[Value]) -> Value:
    m = args[0]
    t = m.type
    if isinstance(t, ObjectType):
        return Value.tuple_of([Value.string(k) for k, _ in t.attributes])
    if not isinstance(t, MapType):
        raise ArgError(0, "must have map or object type")
    if m.is_unknown:
        return Value.unknown(ListType(STRING))
    return make_list([Value.string(k) for k in m.payload], STRING)


def _keys_type(args: Sequence[Value]) -> Type:
    t = args[0].type
    if isinstance(t, MapType):
        return ListType(STRING)
    if isinstance(t, ObjectType):
        return TupleType(tuple(STRING for _ in t.attributes))
    raise ArgError(0, "must have map or object type")


def _values_type(args: Sequence[Value]) -> Type:
    t = args[0].type
    if isinstance(t, MapType):
        return ListType(t.element)
    if isinstance(t, ObjectType):
        return TupleType(tuple(a for _, a in t.attributes))
    raise FunctionError("values() requires a map as the first argument")


def _zipmap_type(args: Sequence[Value]) -> Type:
    keys, values = args
    vt = values.type
    if isinstance(vt, ListType):
        return MapType(vt.element)
    if not isinstance(vt, TupleType):
        raise FunctionError("values argument must be a list or tuple value")
    if not keys.is_wholly_known:
        return DYNAMIC
    names: tuple[Value, ...] = keys.payload
    if len(names) != len(vt.elements):
        raise FunctionError(
            f"number of keys ({len(names)}) does not match number of values ({len(vt.elements)})"
        )
    attrs: dict[str, Type] = {}
    for i, k in enumerate(names):
        if k.is_null:
            raise FunctionError(f"keys list has null value at index {i}")
        attrs[k.payload] = vt.elements[i]
    return ObjectType.of(attrs)


def _lookup(args: Sequence[Value]) -> Value:
    m, key, default = args
    t = m.type
    name: str = key.payload
    if isinstance(t, ObjectType):
        if name in t.attribute_types:
            return m.attributes()[name]
        return default
    if not isinstance(t, MapType):
        raise ArgError(0, "lookup() requires a map as the first argument")
    try:
        convert(default, t.element)
    except ConversionError:
        raise ArgError(2, "the default value must have the same type as the map elements") from None
    if not m.is_wholly_known:
        return Value.unknown(t.element)
    if name in m.payload:
        return m.attributes()[name]
    try:
        return convert(default, t.element)
    except ConversionError as err:
        raise FunctionError(err.message) from None


def _merge(args: Sequence[Value]) -> Value:
    if not args:
        return Value.object_of({})
    attrs: dict[str, Type] = {}
    first: Type | None = None
    matching = True
    for i, arg in enumerate(args):
        t = arg.type
        if isinstance(t, DynamicType):
            if arg.is_unknown:
                return Value.unknown(DYNAMIC)
            # A null of unknown type: cty's result type is dynamic, so an object.
            matching = False
            continue
        if not isinstance(t, MapType | ObjectType):
            raise FunctionError(f'arguments must be maps or objects, got "{t.friendly_name()}"')
        if isinstance(t, ObjectType):
            if arg.is_null:
                t = ObjectType(())
            attrs.update(t.attribute_types)
        elif arg.is_known and not arg.is_null:
            attrs.update(dict.fromkeys(arg.payload, t.element))
        if i == 0:
            first = t
        elif matching and t != first:
            matching = False
    out: dict[str, Value] = {}
    for arg in args:
        if arg.is_null:
            continue
        out.update(arg.payload)
    if matching and isinstance(first, MapType):
        return Value.map_of(first.element, out)
    return Value.object_of(out)


def _values(args: Sequence[Value]) -> Value:
    m = args[0]
    t = m.type
    if isinstance(t, MapType):
        return make_list(list(m.payload.values()), t.element)
    if isinstance(t, ObjectType):
        return Value.tuple_of(list(m.payload.values()))
    raise FunctionError("values() requires a map as the first argument")


def _zipmap(args: Sequence[Value]) -> Value:
    keys, values = args
    vt = values.type
    if not isinstance(vt, ListType | TupleType):
        raise FunctionError("values argument must be a list or tuple value")
    if not keys.is_wholly_known:
        # cty: a map key or attribute name cannot be unknown, so the whole result is
        # unknown, before the lengths are compared.
        return Value.unknown(_zipmap_type(args))
    key_items: tuple[Value, ...] = keys.payload
    value_items: tuple[Value, ...] = values.payload
    if len(key_items) != len(value_items):
        raise FunctionError(
            f"number of keys ({len(key_items)}) does not match number of values "
            f"({len(value_items)})"
        )
    out: dict[str, Value] = {}
    for i, k in enumerate(key_items):
        if k.is_null:
            raise FunctionError(f"keys list has null value at index {i}")
        out[k.payload] = value_items[i]
    if isinstance(vt, ListType):
        return Value.map_of(vt.element, out)
    return Value.object_of(out)


def functions() -> dict[str, Function]:
    return {
        "keys": fn([Param("inputMap", DYNAMIC, allow_unknown=True)], _keys, returns=_keys_type),
        "lookup": fn(
            [Param("inputMap", DYNAMIC), Param("key", STRING), Param("default", DYNAMIC)],
            _lookup,
        ),
        "merge": fn(
            [],
            _merge,
            var_param=Param("maps", DYNAMIC, allow_dynamic_type=True, allow_null=True),
        ),
        "values": fn([Param("mapping", DYNAMIC)], _values, returns=_values_type),
        "zipmap": fn(
            [Param("keys", ListType(STRING)), Param("values", DYNAMIC)],
            _zipmap,
            returns=_zipmap_type,
        ),
    }
