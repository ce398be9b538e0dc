"""List, map and tuple functions from cty's stdlib (collection.go, sequence.go)."""

from __future__ import annotations

from collections.abc import Sequence

from nomadqemu.functions.common import GoValueError, fn, go_int
from nomadqemu.functions.spec import ArgError, Function, FunctionError, Param
from nomadqemu.values.convert import ConversionError, convert, equals, unify_unsafe
from nomadqemu.values.number import Number
from nomadqemu.values.types import (
    BOOL,
    DYNAMIC,
    NUMBER,
    STRING,
    DynamicType,
    ListType,
    MapType,
    SetType,
    TupleType,
    Type,
)
from nomadqemu.values.value import FALSE, TRUE, Value

LIST_OF_ANY = ListType(DYNAMIC)


def make_list(items: Sequence[Value], element: Type) -> Value:
    """`cty.ListVal`, or `ListValEmpty(element)` when there are no items."""
    if not items:
        return Value.list_of(element, ())
    return Value.list_of(items[0].type, items)


def _length(args: Sequence[Value]) -> Value:
    coll = args[0]
    t = coll.type
    if not isinstance(t, TupleType | ListType | MapType | SetType | DynamicType):
        raise FunctionError("collection must be a list, a map or a tuple")
    if isinstance(t, TupleType):
        return Value.integer(len(t.elements))
    if coll.is_unknown:
        return Value.unknown(NUMBER)
    if isinstance(t, SetType) and len(coll.payload) != 1 and not coll.is_wholly_known:
        return Value.unknown(NUMBER)
    return Value.integer(len(coll.payload))


def _length_type(args: Sequence[Value]) -> Type:
    t = args[0].type
    if not isinstance(t, TupleType | ListType | MapType | SetType | DynamicType):
        raise FunctionError("collection must be a list, a map or a tuple")
    return NUMBER


def has_index(coll: Value, key: Value) -> bool:
    """cty's `HasIndex` on known values."""
    t = coll.type
    if isinstance(t, MapType):
        if key.type != STRING:
            return False
        return key.payload in coll.payload
    if key.type != NUMBER or key.is_null:
        return False
    n: Number = key.payload
    if not n.is_int():
        return False
    return 0 <= n.to_int() < len(coll.elements())


def _index_type(args: Sequence[Value]) -> Type:
    coll, key = args
    t, kt = coll.type, key.type
    if isinstance(t, TupleType):
        if kt not in (NUMBER, DYNAMIC):
            raise FunctionError("key for tuple must be number")
        if key.is_unknown:
            return DYNAMIC
        try:
            idx = go_int(key)
        except GoValueError as err:
            raise FunctionError(f"invalid key for tuple: {err.message}") from None
        if idx < 0 or idx >= len(t.elements):
            raise FunctionError(f"key must be between 0 and {len(t.elements)} inclusive")
        return t.elements[idx]
    if isinstance(t, ListType):
        if kt not in (NUMBER, DYNAMIC):
            raise FunctionError("key for list must be number")
        return t.element
    if isinstance(t, MapType):
        if kt not in (STRING, DYNAMIC):
            raise FunctionError("key for map must be string")
        return t.element
    raise FunctionError("collection must be a list, a map or a tuple")


def _index(args: Sequence[Value]) -> Value:
    _index_type(args)
    coll, key = args
    if not has_index(coll, key):
        raise FunctionError("invalid index")
    if isinstance(coll.type, MapType):
        return coll.attributes()[key.payload]
    index: Number = key.payload
    return coll.elements()[index.to_int()]


def _element_type(args: Sequence[Value]) -> Type:
    lst, index = args
    t = lst.type
    if isinstance(t, ListType):
        return t.element
    if isinstance(t, TupleType):
        if index.is_unknown:
            return DYNAMIC
        try:
            i = go_int(index)
        except GoValueError as err:
            raise FunctionError(f"invalid index: {err.message}") from None
        if not t.elements:
            raise FunctionError("cannot use element function with an empty list")
        return t.elements[i % len(t.elements)]
    raise FunctionError(f"cannot read elements from {t.friendly_name()}")


def _element(args: Sequence[Value]) -> Value:
    _element_type(args)
    lst, index = args
    try:
        i = go_int(index)
    except GoValueError as err:
        raise FunctionError(f"invalid index: {err.message}") from None
    if lst.is_unknown:
        return Value.unknown(_element_type(args))
    items = lst.payload
    if not items:
        raise FunctionError("cannot use element function with an empty list")
    # Go's % truncates toward zero; a negative remainder is then shifted up once.
    r = abs(i) % len(items) * (1 if i >= 0 else -1)
    if r < 0:
        r += len(items)
    return lst.elements()[r]


def _coalescelist_type(args: Sequence[Value]) -> Type:
    if not args:
        raise FunctionError("at least one argument is required")
    types: list[Type] = []
    for arg in args:
        if arg.is_unknown:
            return DYNAMIC
        if not isinstance(arg.type, ListType | TupleType):
            raise FunctionError("coalescelist arguments must be lists or tuples")
        types.append(arg.type)
    return types[0] if all(t == types[0] for t in types) else DYNAMIC


def _coalescelist(args: Sequence[Value]) -> Value:
    ret = _coalescelist_type(args)
    for arg in args:
        if arg.is_unknown:
            return Value.unknown(ret)
        if arg.is_null:
            continue
        if arg.payload:
            return arg
    raise FunctionError("no non-null arguments")


def _compact(args: Sequence[Value]) -> Value:
    lst = args[0]
    if not lst.is_wholly_known:
        return Value.unknown(ListType(STRING))
    kept = [v for v in lst.payload if not v.is_null and v.payload != ""]
    return make_list(kept, STRING)


def _contains(args: Sequence[Value]) -> Value:
    lst, value = args
    if not isinstance(lst.type, ListType | TupleType | SetType):
        raise FunctionError("argument must be list, tuple, or set")
    if not lst.payload:
        return FALSE
    if value.is_unknown:
        return Value.unknown(BOOL)
    unknown = False
    for item in lst.payload:
        eq = equals(value, item)
        if eq.is_unknown:
            unknown = True
        elif eq.payload:
            return TRUE
    return Value.unknown(BOOL) if unknown else FALSE


def _distinct(args: Sequence[Value]) -> Value:
    lst = args[0]
    if not lst.is_wholly_known:
        return Value.unknown(lst.type)
    kept: list[Value] = []
    for item in lst.payload:
        if not any(equals(k, item).payload is True for k in kept):
            kept.append(item)
    assert isinstance(lst.type, ListType)
    return make_list(kept, lst.type.element)


def _chunklist(args: Sequence[Value]) -> Value:
    lst, size_val = args
    try:
        size = go_int(size_val)
    except GoValueError as err:
        raise FunctionError(f"invalid size: {err.message}") from None
    if size < 0:
        raise FunctionError("the size argument must be positive")
    items: tuple[Value, ...] = lst.payload
    if not items:
        return Value.list_of(lst.type, ())
    if size == 0:
        return Value.list_of(lst.type, [lst])
    chunks = [Value.list_of(items[0].type, items[i : i + size]) for i in range(0, len(items), size)]
    return Value.list_of(chunks[0].type, chunks)


def _flatten_items(value: Value) -> tuple[list[Value], bool]:
    out: list[Value] = []
    known = True
    for item in value.payload:
        if item.is_unknown and isinstance(item.type, DynamicType):
            known = False
        if not item.is_null and isinstance(item.type, ListType | SetType | TupleType):
            if item.is_unknown:
                known = False
                continue
            inner, inner_known = _flatten_items(item)
            if inner_known:
                out.extend(inner)
            else:
                known = False
        else:
            out.append(item)
    return out, known


def _flatten(args: Sequence[Value]) -> Value:
    lst = args[0]
    if not isinstance(lst.type, ListType | SetType | TupleType):
        raise FunctionError("can only flatten lists, sets and tuples")
    if not lst.is_wholly_known:
        return Value.unknown(DYNAMIC)
    items, known = _flatten_items(lst)
    return Value.tuple_of(items) if known else Value.unknown(DYNAMIC)


def _coalesce_type(args: Sequence[Value]) -> Type:
    ret = unify_unsafe([a.type for a in args]) if args else None
    if ret is None:
        raise FunctionError("all arguments must have the same type")
    return ret


def _slice(args: Sequence[Value]) -> Value:
    lst = args[0]
    t = lst.type
    if isinstance(t, SetType):
        raise ArgError(
            0,
            "cannot slice a set, because its elements do not have indices; explicitly "
            "convert to a list if the ordering of the result is not important",
        )
    if not isinstance(t, ListType | TupleType):
        raise ArgError(0, "must be a list or tuple value")
    length = len(lst.payload) if isinstance(t, ListType) else len(t.elements)
    bounds: list[int] = []
    for pos, what in ((1, "start"), (2, "end")):
        try:
            idx = go_int(args[pos])
        except GoValueError as err:
            raise ArgError(pos, f"invalid {what} index: {err.message}") from None
        if idx < 0:
            raise ArgError(pos, f"{what} index must not be less than zero")
        if idx > length:
            raise ArgError(pos, f"{what} index must not be greater than the length of the list")
        bounds.append(idx)
    start, end = bounds
    if start > end:
        raise ArgError(1, "start index must not be greater than end index")
    items = lst.payload[start:end]
    if isinstance(t, TupleType):
        return Value.tuple_of(items)
    return Value.list_of(t.element, items)


def _concat(args: Sequence[Value]) -> Value:
    if not args:
        raise FunctionError("at least one argument is required")
    if all(isinstance(a.type, ListType) for a in args):
        common = unify_unsafe([a.type for a in args])
        if isinstance(common, ListType):
            items: list[Value] = []
            for i, a in enumerate(args):
                try:
                    items.extend(convert(a, common).payload)
                except ConversionError as err:
                    raise ArgError(i, err.message) from None
            return Value.list_of(common.element, items)
    out: list[Value] = []
    for i, a in enumerate(args):
        if not isinstance(a.type, ListType | TupleType):
            raise ArgError(
                i, f"all arguments must be lists or tuples; got {a.type.friendly_name()}"
            )
        out.extend(a.payload)
    return Value.tuple_of(out)


def _coalesce(args: Sequence[Value]) -> Value:
    ret = _coalesce_type(args)
    for arg in args:
        if arg.is_unknown:
            return Value.unknown(ret)
        if arg.is_null:
            continue
        try:
            return convert(arg, ret)
        except ConversionError as err:
            raise FunctionError(err.message) from None
    raise FunctionError("no non-null arguments")


def functions() -> dict[str, Function]:
    any_param = Param("collection", DYNAMIC, allow_dynamic_type=True, allow_unknown=True)
    vals = Param("vals", DYNAMIC, allow_unknown=True, allow_dynamic_type=True, allow_null=True)
    return {
        "length": fn([any_param], _length, returns=_length_type),
        "index": fn(
            [Param("collection", DYNAMIC), Param("key", DYNAMIC, allow_dynamic_type=True)],
            _index,
            returns=_index_type,
        ),
        "element": fn(
            [Param("list", DYNAMIC), Param("index", NUMBER)], _element, returns=_element_type
        ),
        "coalescelist": fn([], _coalescelist, var_param=vals, returns=_coalescelist_type),
        "coalesce": fn([], _coalesce, var_param=vals, returns=_coalesce_type),
        "compact": fn([Param("list", ListType(STRING))], _compact, returns=ListType(STRING)),
        "contains": fn(
            [Param("list", DYNAMIC), Param("value", DYNAMIC, allow_null=True)],
            _contains,
            returns=BOOL,
        ),
        "distinct": fn([Param("list", LIST_OF_ANY)], _distinct, returns=lambda a: a[0].type),
        "chunklist": fn(
            [Param("list", LIST_OF_ANY), Param("size", NUMBER)],
            _chunklist,
            returns=lambda a: ListType(a[0].type),
        ),
        "flatten": fn([Param("list", DYNAMIC)], _flatten),
        "slice": fn(
            [Param("list", DYNAMIC), Param("start_index", NUMBER), Param("end_index", NUMBER)],
            _slice,
        ),
        "concat": fn([], _concat, var_param=Param("seqs", DYNAMIC)),
    }
