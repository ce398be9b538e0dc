"""cty's type unification (`convert.Unify`) and `dynamicReplace`.

Unification finds one type that a list of types can all convert to. Collections and
structural types are unified element-wise first; otherwise the candidates are tried in
cty's preference order (a topological sort by "can be converted to", see
`compare_types`), and the first that every type converts to wins.
"""

from __future__ import annotations

from collections.abc import Callable

from nomadqemu.values import convert as conv
from nomadqemu.values.types import (
    DYNAMIC,
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
from nomadqemu.values.value import Value

Conversion = Callable[[Value], Value]
Result = tuple[Type | None, list[Conversion | None]]
_NONE: Result = (None, [])


def unify_types(types: list[Type], unsafe: bool) -> Result:
    if not types:
        return _NONE
    first = types[0]
    if type(first) is PrimitiveType and all(t == first for t in types):
        # One primitive type throughout (a list of strings, say): the preference order
        # below would pick it, with nothing to convert.
        return first, [None] * len(types)
    kinds = [_kind(t) for t in types]
    n = len(types)
    maps, lists, sets = kinds.count("map"), kinds.count("list"), kinds.count("set")
    objects, tuples, dyns = kinds.count("object"), kinds.count("tuple"), kinds.count("dynamic")
    if maps and maps + dyns == n:
        return _collections(MapType, types, unsafe, dyns > 0)
    if maps and maps + objects + dyns == n:
        mapped = _structural_as_collection(types, unsafe, ObjectType, _objects_to_map)
        if isinstance(mapped[0], MapType):
            return mapped
    elif lists and lists + dyns == n:
        return _collections(ListType, types, unsafe, dyns > 0)
    elif lists and lists + tuples + dyns == n:
        listed = _structural_as_collection(types, unsafe, TupleType, _tuples_to_list)
        if isinstance(listed[0], ListType):
            return listed
    elif sets and sets + dyns == n:
        return _collections(SetType, types, unsafe, dyns > 0)
    elif objects and objects + dyns == n:
        return _objects(types, unsafe, dyns > 0)
    elif tuples and tuples + dyns == n:
        return _tuples(types, unsafe, dyns > 0)
    elif objects and tuples:
        return _NONE
    return _by_preference(types, unsafe)


def _kind(t: Type) -> str:
    if isinstance(t, MapType):
        return "map"
    if isinstance(t, ListType):
        return "list"
    if isinstance(t, SetType):
        return "set"
    if isinstance(t, ObjectType):
        return "object"
    if isinstance(t, TupleType):
        return "tuple"
    if isinstance(t, DynamicType):
        return "dynamic"
    return "primitive"


def _convert_all(types: list[Type], target: Type, unsafe: bool) -> list[Conversion | None] | None:
    out: list[Conversion | None] = []
    for t in types:
        if t == target:
            out.append(None)
            continue
        c = conv.whole_conversion(t, target, unsafe)
        if c is None:
            return None
        out.append(c)
    return out


def _by_preference(types: list[Type], unsafe: bool) -> Result:
    for want_idx in _sort_types(types):
        want = types[want_idx]
        convs: list[Conversion | None] = []
        for i, t in enumerate(types):
            if i == want_idx or t == want:
                convs.append(None)
                continue
            c = conv.whole_conversion(t, want, unsafe)
            if c is None:
                break
            convs.append(c)
        else:
            return want, convs
    return _NONE


def _structural_as_collection(
    types: list[Type],
    unsafe: bool,
    structural: type,
    to_collection: Callable[[list[Type], bool], Result],
) -> Result:
    idxs = [i for i, t in enumerate(types) if isinstance(t, structural)]
    collected, sconvs = to_collection([types[i] for i in idxs], unsafe)
    if collected is None:
        return _NONE
    replaced = list(types)
    for i in idxs:
        replaced[i] = collected
    new_t, convs = unify_types(replaced, unsafe)
    if new_t is None or type(new_t) is not type(collected):
        return _NONE
    for j, i in enumerate(idxs):
        first, second = sconvs[j], convs[i]
        if second is None:
            convs[i] = first
        elif first is not None:
            # cty applies the second conversion to the *original* input here.
            convs[i] = _chain_quirk(first, second)
    return new_t, convs


def _chain_quirk(first: Conversion, second: Conversion) -> Conversion:
    def run(value: Value) -> Value:
        first(value)
        return second(value)

    return run


def _collections(kind: type, types: list[Type], unsafe: bool, has_dynamic: bool) -> Result:
    if has_dynamic:
        return _all_dynamic(types)
    elem, _ = unify_types([t.element for t in types], unsafe)  # type: ignore[union-attr]  # all are collections here
    if elem is None:
        return _NONE
    target: Type = kind(elem)
    convs = _convert_all(types, target, unsafe)
    return _NONE if convs is None else (target, convs)


def _objects(types: list[Type], unsafe: bool, has_dynamic: bool) -> Result:
    if has_dynamic:
        return _all_dynamic(types)
    objs = [t for t in types if isinstance(t, ObjectType)]
    first = objs[0].attribute_types
    if any(o.attribute_types.keys() != first.keys() for o in objs[1:]):
        return _objects_to_map(types, unsafe)
    attrs: dict[str, Type] = {}
    for name in first:
        unified, _ = unify_types([o.attribute_types[name] for o in objs], unsafe)
        if unified is None:
            return _NONE
        attrs[name] = unified
    target = ObjectType.of(attrs)
    convs = _convert_all(types, target, unsafe)
    return _objects_to_map(types, unsafe) if convs is None else (target, convs)


def _objects_to_map(types: list[Type], unsafe: bool) -> Result:
    attr_types = [a for t in types if isinstance(t, ObjectType) for _, a in t.attributes]
    elem, _ = unify_types(attr_types, unsafe)
    if elem is None:
        return _NONE
    target = MapType(elem)
    convs = _convert_all(types, target, unsafe)
    return _NONE if convs is None else (target, convs)


def _tuples(types: list[Type], unsafe: bool, has_dynamic: bool) -> Result:
    if has_dynamic:
        return _all_dynamic(types)
    tuples = [t for t in types if isinstance(t, TupleType)]
    width = len(tuples[0].elements)
    if any(len(t.elements) != width for t in tuples[1:]):
        return _tuples_to_list(types, unsafe)
    elems: list[Type] = []
    for idx in range(width):
        unified, _ = unify_types([t.elements[idx] for t in tuples], unsafe)
        if unified is None:
            return _NONE
        elems.append(unified)
    target = TupleType(tuple(elems))
    convs = _convert_all(types, target, unsafe)
    return _tuples_to_list(types, unsafe) if convs is None else (target, convs)


def _tuples_to_list(types: list[Type], unsafe: bool) -> Result:
    elem_types = [e for t in types if isinstance(t, TupleType) for e in t.elements]
    elem, _ = unify_types(elem_types, unsafe)
    if elem is None:
        return _NONE
    target = ListType(elem)
    convs = _convert_all(types, target, unsafe)
    return _NONE if convs is None else (target, convs)


def _all_dynamic(types: list[Type]) -> Result:
    unknown = Value.unknown(DYNAMIC)
    return DYNAMIC, [lambda v: unknown for _ in types]


# --- preference order -----------------------------------------------------------------


def compare_types(a: Type, b: Type) -> int:
    """cty's `compareTypes`: -1 if `a` is the more general type, 1 if `b`, 0 if neither."""
    if isinstance(a, DynamicType) or isinstance(b, DynamicType):
        if not isinstance(a, DynamicType):
            return -1
        if not isinstance(b, DynamicType):
            return 1
        return 0
    if isinstance(a, PrimitiveType) and isinstance(b, PrimitiveType) and STRING in (a, b):
        if a != STRING:
            return 1
        if b != STRING:
            return -1
        return 0
    for kind in (ListType, SetType, MapType):
        if isinstance(a, kind) and isinstance(b, kind):
            return compare_types(a.element, b.element)
    swap = 1
    if (
        (isinstance(a, TupleType) and isinstance(b, ListType))
        or (isinstance(a, ObjectType) and isinstance(b, MapType))
        or (isinstance(a, SetType) and isinstance(b, TupleType | ListType))
    ):
        a, b = b, a
        swap = -1
    if isinstance(b, SetType) and isinstance(a, TupleType | ListType):
        return -1 * swap
    if isinstance(a, ListType) and isinstance(b, TupleType):
        return -1 * swap
    if isinstance(a, MapType) and isinstance(b, ObjectType):
        return -1 * swap
    if isinstance(a, ObjectType) and isinstance(b, ObjectType):
        aa, ba = a.attribute_types, b.attribute_types
        if len(aa) != len(ba) or any(k not in ba for k in aa):
            return 0
        return _super_verdict([compare_types(aa[k], ba[k]) for k in aa], swap)
    if isinstance(a, TupleType) and isinstance(b, TupleType):
        if len(a.elements) != len(b.elements):
            return 0
        cmps = [compare_types(x, y) for x, y in zip(a.elements, b.elements, strict=True)]
        return _super_verdict(cmps, swap)
    return 0


def _super_verdict(cmps: list[int], swap: int) -> int:
    a_super = any(c < 0 for c in cmps)
    b_super = any(c > 0 for c in cmps)
    if a_super and b_super:
        return 0
    if a_super:
        return -1 * swap
    if b_super:
        return 1 * swap
    return 0


def _sort_types(types: list[Type]) -> list[int]:
    """cty's `sortTypes`: Kahn's algorithm; slots left unfilled by a cycle stay 0."""
    n = len(types)
    edges: list[list[int]] = [[] for _ in range(n)]
    for i in range(n - 1):
        for j in range(i + 1, n):
            cmp = compare_types(types[i], types[j])
            if cmp < 0:
                edges[i].append(j)
            elif cmp > 0:
                edges[j].append(i)
    in_degree = [0] * n
    for outs in edges:
        for j in outs:
            in_degree[j] += 1
    result = [0] * n
    filled = 0
    queue = [i for i, d in enumerate(in_degree) if d == 0]
    for i in queue:
        result[filled] = i
        filled += 1
    head = 0
    while head < len(queue):
        i = queue[head]
        head += 1
        for j in edges[i]:
            in_degree[j] -= 1
            if in_degree[j] == 0:
                queue.append(j)
                result[filled] = j
                filled += 1
    return result


# --- dynamicReplace -------------------------------------------------------------------


def dynamic_replace(in_t: Type, out_t: Type) -> Type:
    """cty's `dynamicReplace`: the type a null or unknown takes when converted."""
    if isinstance(in_t, DynamicType):
        return out_t
    if isinstance(out_t, DynamicType):
        return in_t
    if isinstance(out_t, PrimitiveType):
        return out_t
    if isinstance(out_t, MapType):
        if isinstance(in_t, MapType):
            return MapType(dynamic_replace(in_t.element, out_t.element))
        if isinstance(in_t, ObjectType):
            unified, _ = unify_types([a for _, a in in_t.attributes], True)
            return MapType(dynamic_replace(unified or DYNAMIC, out_t.element))
        return out_t
    if isinstance(out_t, ObjectType):
        attrs: dict[str, Type] = {}
        if isinstance(in_t, MapType):
            for name, aty in out_t.attributes:
                attrs[name] = dynamic_replace(in_t.element, aty)
        if isinstance(in_t, ObjectType):
            in_attrs = in_t.attribute_types
            for name, aty in out_t.attributes:
                attrs[name] = dynamic_replace(in_attrs[name], aty) if name in in_attrs else aty
        return ObjectType.of(attrs)
    if isinstance(out_t, SetType | ListType):
        kind = type(out_t)
        if isinstance(in_t, SetType | ListType):
            return kind(dynamic_replace(in_t.element, out_t.element))
        if isinstance(in_t, TupleType):
            unified, _ = unify_types(list(in_t.elements), True)
            return kind(dynamic_replace(unified or DYNAMIC, out_t.element))
        return out_t
    assert isinstance(out_t, TupleType)
    if not isinstance(in_t, TupleType):
        return out_t
    return TupleType(
        tuple(dynamic_replace(i, o) for i, o in zip(in_t.elements, out_t.elements, strict=False))
    )
