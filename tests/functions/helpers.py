"""Calling library functions directly, with arguments converted to parameter types."""

from __future__ import annotations

from nomadqemu.functions.library import library
from nomadqemu.functions.spec import Function, Param
from nomadqemu.values.convert import convert
from nomadqemu.values.number import Number
from nomadqemu.values.value import Value

FUNCS = library(".")


def param_at(f: Function, i: int) -> Param:
    if i < len(f.params):
        return f.params[i]
    assert f.var_param is not None
    return f.var_param


def call(name: str, *args: Value) -> Value:
    f = FUNCS[name]
    converted = [convert(a, param_at(f, i).type) for i, a in enumerate(args)]
    if f.return_type is not None:
        f.return_type(converted)
    return f.impl(converted)


def s(text: str) -> Value:
    return Value.string(text)


def n(text: str | int) -> Value:
    parsed = Number.parse(str(text))
    assert parsed is not None
    return Value.number(parsed)


def texts(v: Value) -> list[str]:
    return [item.payload for item in v.elements()]
