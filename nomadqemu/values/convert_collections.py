"""Conversions between collection and structural types (cty's conversion_*.go).

Each function plans a conversion from two types and returns None when none exists;
the returned callable converts a known, non-null value. Error paths record where in
the value the failure happened.
"""

from __future__ import annotations

from nomadqemu.values import convert as conv
from nomadqemu.values import unify as uni
from nomadqemu.values.sets import make_set
from nomadqemu.values.typeops import without_optional_deep
from nomadqemu.values.types import (
    DynamicType,
    ListType,
    MapType,
    ObjectType,
    SetType,
    TupleType,
    Type,
)
from nomadqemu.values.value import Value


def _index(i: int) -> Value:
    return Value.integer(i)


def _nulls_without_optional(v: Value) -> Value:
    """cty re-types a null element without optional-attribute markers."""
    return Value.null(without_optional_deep(v.type)) if v.is_null else v


def _all_same_type(elems: list[Value]) -> bool:
    return all(e.type == elems[0].type for e in elems)


def collection_to_list(ety: Type, elem_conv: conv.Conv | None) -> conv.Conv:
    def run(val: Value, path: conv.Path) -> Value:
        assert isinstance(val.type, ListType | SetType)
        items: tuple[Value, ...] = val.payload
        if isinstance(val.type, SetType) and len(items) != 1 and not val.is_wholly_known:
            # An unknown in a set may stand for a duplicate: the length is unknown.
            return Value.unknown(ListType(val.type.element))
        elems: list[Value] = []
        for i, item in enumerate(items):
            v = elem_conv(item, (*path, _index(i))) if elem_conv else item
            elems.append(_nulls_without_optional(v))
        if not elems:
            if isinstance(ety, DynamicType):
                return Value.list_of(val.type.element, ())
            return Value.list_of(without_optional_deep(ety), ())
        if not _all_same_type(elems):
            raise conv.ConversionError("element types must all match for conversion to list", path)
        return Value.list_of(elems[0].type, elems)

    return run


def collection_to_set(ety: Type, elem_conv: conv.Conv | None) -> conv.Conv:
    def run(val: Value, path: conv.Path) -> Value:
        assert isinstance(val.type, ListType | SetType)
        elems: list[Value] = []
        for i, item in enumerate(val.payload):
            v = elem_conv(item, (*path, _index(i))) if elem_conv else item
            elems.append(_nulls_without_optional(v))
        if not elems:
            if isinstance(ety, DynamicType):
                return Value.set_of(val.type.element, ())
            return Value.set_of(without_optional_deep(ety), ())
        if not _all_same_type(elems):
            raise conv.ConversionError("element types must all match for conversion to set", path)
        return make_set(elems[0].type, elems)

    return run


def collection_to_map(ety: Type, elem_conv: conv.Conv | None) -> conv.Conv:
    def run(val: Value, path: conv.Path) -> Value:
        assert isinstance(val.type, MapType)
        elems: dict[str, Value] = {}
        for key, item in val.payload.items():
            elems[key] = elem_conv(item, (*path, Value.string(key))) if elem_conv else item
        if not elems:
            if isinstance(ety, DynamicType):
                return Value.map_of(val.type.element, {})
            return Value.map_of(without_optional_deep(ety), {})
        if isinstance(ety, ListType | SetType | MapType | ObjectType):
            elems = _unify_map_elements(elems, path, unsafe=False)
        values = list(elems.values())
        if not _all_same_type(values):
            raise conv.ConversionError("element types must all match for conversion to map", path)
        return Value.map_of(values[0].type, elems)

    return run


def _element_convs(
    in_types: tuple[Type, ...], ety: Type, unsafe: bool
) -> tuple[Type, list[conv.Conv | None]] | None:
    """Shared planning for tuple-to-list and tuple-to-set."""
    if isinstance(ety, DynamicType):
        unified = uni.unify_types(list(in_types), unsafe)[0]
        if unified is None:
            return None
        if isinstance(unified, DynamicType) and not all(
            isinstance(t, DynamicType) for t in in_types
        ):
            return None
        ety = unified
    convs: list[conv.Conv | None] = []
    for t in in_types:
        if t == ety:
            convs.append(None)
            continue
        c = conv.get_conversion(t, ety, unsafe)
        if c is None:
            return None
        convs.append(c)
    return ety, convs


def tuple_to_set(tuple_t: TupleType, set_ety: Type, unsafe: bool) -> conv.Conv | None:
    if not tuple_t.elements:
        empty = Value.set_of(without_optional_deep(set_ety), ())
        return lambda val, path: empty
    planned = _element_convs(tuple_t.elements, set_ety, unsafe)
    if planned is None:
        return None
    _, convs = planned

    def run(val: Value, path: conv.Path) -> Value:
        elems: list[Value] = []
        for i, item in enumerate(val.payload):
            c = convs[i]
            v = c(item, (*path, _index(i))) if c else item
            elems.append(_nulls_without_optional(v))
        if not _all_same_type(elems):
            raise conv.ConversionError("element types must all match for conversion to set", path)
        return make_set(elems[0].type, elems)

    return run


def tuple_to_list(tuple_t: TupleType, list_ety: Type, unsafe: bool) -> conv.Conv | None:
    if not tuple_t.elements:
        empty = Value.list_of(without_optional_deep(list_ety), ())
        return lambda val, path: empty
    planned = _element_convs(tuple_t.elements, list_ety, unsafe)
    if planned is None:
        return None
    _, convs = planned

    def run(val: Value, path: conv.Path) -> Value:
        elems: list[Value] = []
        for i, item in enumerate(val.payload):
            c = convs[i]
            elems.append(c(item, (*path, _index(i))) if c else item)
        # cty passes the last element's path here, a quirk kept for the error paths.
        elems = _unify_list_elements(elems, (*path, _index(len(elems) - 1)), unsafe)
        if not _all_same_type(elems):
            raise conv.ConversionError("element types must all match for conversion to list", path)
        return Value.list_of(elems[0].type, elems)

    return run


def object_to_map(object_t: ObjectType, map_ety: Type, unsafe: bool) -> conv.Conv | None:
    if not object_t.attributes:
        empty = Value.map_of(without_optional_deep(map_ety), {})
        return lambda val, path: empty
    if isinstance(map_ety, DynamicType):
        unified = uni.unify_types([t for _, t in object_t.attributes], unsafe)[0]
        if unified is None:
            return None
        map_ety = unified
    convs: dict[str, conv.Conv] = {}
    for name, aty in object_t.attributes:
        if aty == map_ety:
            continue
        c = conv.get_conversion(aty, map_ety, unsafe)
        if c is None:
            return None
        convs[name] = c
    target_ety = map_ety

    def run(val: Value, path: conv.Path) -> Value:
        elems: dict[str, Value] = {}
        for name, item in val.payload.items():
            c = convs.get(name)
            elems[name] = c(item, (*path, Value.string(name))) if c else item
        if isinstance(target_ety, ListType | SetType | MapType | ObjectType):
            elems = _unify_map_elements(elems, path, unsafe)
        values = list(elems.values())
        if not _all_same_type(values):
            raise conv.ConversionError("attribute types must all match for conversion to map", path)
        return Value.map_of(values[0].type, elems)

    return run


def map_to_object(map_t: MapType, obj_t: ObjectType, unsafe: bool) -> conv.Conv | None:
    attr_types = obj_t.attribute_types
    convs: dict[str, conv.Conv | None] = {}
    for name, aty in obj_t.attributes:
        if aty == map_t.element:
            continue
        c = conv.get_conversion(map_t.element, aty, unsafe)
        if c is None and not (name in obj_t.optional and unsafe):
            return None
        convs[name] = c

    def run(val: Value, path: conv.Path) -> Value:
        elems: dict[str, Value] = {}
        for name, item in val.payload.items():
            if name not in attr_types:
                continue
            v = item
            c = convs.get(name)
            if c is not None:
                v = c(item, (*path, Value.string(name)))
            elif name in convs:
                detail = conv.mismatch_message(item.type, attr_types[name])
                raise conv.ConversionError(
                    f'map element type is incompatible with attribute "{name}": {detail}', path
                )
            elems[name] = _nulls_without_optional(v)
        for name, aty in obj_t.attributes:
            if name not in elems:
                if name not in obj_t.optional:
                    raise conv.ConversionError(
                        f'map has no element for required attribute "{name}"', path
                    )
                elems[name] = Value.null(aty)
        return Value.object_of(elems)

    return run


def object_to_object(in_t: ObjectType, out_t: ObjectType, unsafe: bool) -> conv.Conv | None:
    in_attrs = in_t.attribute_types
    convs: dict[str, conv.Conv | None] = {}
    for name, out_aty in out_t.attributes:
        if name not in in_attrs:
            if name in out_t.optional:
                continue
            return None
        if in_attrs[name] == out_aty:
            convs[name] = None
            continue
        c = conv.get_conversion(in_attrs[name], out_aty, unsafe)
        if c is None:
            return None
        convs[name] = c
    out_attrs = out_t.attribute_types

    def run(val: Value, path: conv.Path) -> Value:
        attrs: dict[str, Value] = {}
        for name, item in val.payload.items():
            if name not in convs:
                continue
            c = convs[name]
            v = c(item, (*path, name)) if c else item
            attrs[name] = _nulls_without_optional(v)
        for name in out_t.optional:
            if name not in attrs:
                attrs[name] = Value.null(without_optional_deep(out_attrs[name]))
        return Value.object_of(attrs)

    return run


def tuple_to_tuple(in_t: TupleType, out_t: TupleType, unsafe: bool) -> conv.Conv | None:
    if len(in_t.elements) != len(out_t.elements):
        return None
    convs: list[conv.Conv | None] = []
    for in_e, out_e in zip(in_t.elements, out_t.elements, strict=True):
        if in_e == out_e:
            convs.append(None)
            continue
        c = conv.get_conversion(in_e, out_e, unsafe)
        if c is None:
            return None
        convs.append(c)

    def run(val: Value, path: conv.Path) -> Value:
        out: list[Value] = []
        for i, item in enumerate(val.payload):
            c = convs[i]
            out.append(c(item, (*path, _index(i))) if c else item)
        return Value.tuple_of(out)

    return run


def _unify_map_elements(elems: dict[str, Value], path: conv.Path, unsafe: bool) -> dict[str, Value]:
    unified = uni.unify_types([e.type for e in elems.values()], unsafe)[0]
    if unified is None:
        raise conv.ConversionError("cannot find a common base type for all elements", path)
    out: dict[str, Value] = {}
    for name, elem in elems.items():
        if elem.type == unified:
            out[name] = elem
            continue
        c = conv.get_conversion(elem.type, unified, unsafe)
        assert c is not None  # unify only picks types every element converts to
        out[name] = c(elem, (*path, Value.string(name)))
    return out


def _unify_list_elements(elems: list[Value], path: conv.Path, unsafe: bool) -> list[Value]:
    unified = uni.unify_types([e.type for e in elems], unsafe)[0]
    if unified is None:
        raise conv.ConversionError("cannot find a common base type for all elements", path)
    out: list[Value] = []
    for i, elem in enumerate(elems):
        if elem.type == unified:
            out.append(elem)
            continue
        c = conv.get_conversion(elem.type, unified, unsafe)
        assert c is not None  # unify only picks types every element converts to
        out.append(c(elem, (*path, _index(i))))
    return out
