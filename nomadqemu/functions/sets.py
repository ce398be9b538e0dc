"""setunion, setintersection, setproduct (cty stdlib set.go and collection.go)."""

from __future__ import annotations

from collections.abc import Sequence

from nomadqemu.functions.common import fn
from nomadqemu.functions.spec import ArgError, Function, FunctionError, Param
from nomadqemu.values.convert import ConversionError, convert, make_set, unify_unsafe
from nomadqemu.values.equality import set_has
from nomadqemu.values.types import DYNAMIC, DynamicType, ListType, SetType, TupleType, Type
from nomadqemu.values.value import Value

SET_OF_ANY = SetType(DYNAMIC)


def _set_op_type(args: Sequence[Value]) -> Type:
    etys: list[Type] = []
    for arg in args:
        assert isinstance(arg.type, SetType)
        ety = arg.type.element
        if arg.is_known and not arg.is_null and not arg.payload and isinstance(ety, DynamicType):
            continue
        etys.append(ety)
    if not etys:
        return SET_OF_ANY
    unified = unify_unsafe(etys)
    if unified is None:
        raise FunctionError("given sets must all have compatible element types")
    return SetType(unified)


def _set_op(union: bool) -> Function:
    def impl(args: Sequence[Value]) -> Value:
        ret = _set_op_type(args)
        assert isinstance(ret, SetType)
        converted: list[Value] = []
        for i, arg in enumerate(args):
            try:
                converted.append(convert(arg, ret))
            except ConversionError as err:
                raise ArgError(i, err.message) from None
            if not union and not converted[-1].is_wholly_known:
                return Value.unknown(ret)
        items = list(converted[0].payload)
        for other in converted[1:]:
            if union:
                items.extend(other.payload)
            else:
                items = [v for v in items if set_has(other, v)]
        return make_set(ret.element, items)

    first = Param("first_set", SET_OF_ANY, allow_dynamic_type=True)
    others = Param("other_sets", SET_OF_ANY, allow_dynamic_type=True)
    return fn([first], impl, var_param=others, returns=_set_op_type)


def _setproduct_type(args: Sequence[Value]) -> Type:
    if len(args) < 2:
        raise FunctionError("at least two arguments are required")
    lists = 0
    etys: list[Type] = []
    for i, arg in enumerate(args):
        t = arg.type
        if isinstance(t, SetType):
            etys.append(t.element)
        elif isinstance(t, ListType):
            etys.append(t.element)
            lists += 1
        elif isinstance(t, TupleType):
            lists += 1
            if not t.elements:
                etys.append(DYNAMIC)
                continue
            unified = unify_unsafe(list(t.elements))
            if unified is None:
                raise ArgError(i, "all elements must be of the same type")
            etys.append(unified)
        else:
            raise ArgError(i, "a set or a list is required")
    row = TupleType(tuple(etys))
    return ListType(row) if lists == len(args) else SetType(row)


def _setproduct(args: Sequence[Value]) -> Value:
    ret = _setproduct_type(args)
    assert isinstance(ret, ListType | SetType)
    row_type = ret.element
    assert isinstance(row_type, TupleType)
    if any(a.is_unknown for a in args):
        return Value.unknown(ret)
    rows: list[list[Value]] = [[]]
    for j, arg in enumerate(args):
        ety = row_type.elements[j]
        column = [v if v.type == ety else convert(v, ety) for v in arg.payload]
        rows = [[*row, v] for row in rows for v in column]
    products = [Value.tuple_of(r) for r in rows]
    if isinstance(ret, ListType):
        return Value.list_of(row_type, products)
    return make_set(row_type, products)


def functions() -> dict[str, Function]:
    return {
        "setunion": _set_op(union=True),
        "setintersection": _set_op(union=False),
        "setproduct": fn(
            [],
            _setproduct,
            var_param=Param("sets", DYNAMIC, allow_unknown=True),
            returns=_setproduct_type,
        ),
    }
