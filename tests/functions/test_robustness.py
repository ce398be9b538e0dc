"""Any arguments give a value or a cty-style error, never another exception."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from nomadqemu.functions.spec import ArgError, FunctionError
from nomadqemu.values.convert import ConversionError, convert
from nomadqemu.values.number import Number
from nomadqemu.values.types import DYNAMIC, NUMBER, STRING
from nomadqemu.values.value import Value
from tests.functions.helpers import FUNCS, param_at

# Slow (bcrypt cost) or reading arbitrary paths: covered by their own tests.
SKIPPED = {"bcrypt", "file", "filebase64", "fileexists", "fileset", "abspath", "pathexpand"}
NAMES = sorted(set(FUNCS) - SKIPPED)

strings = st.one_of(
    st.text(alphabet="ab01.-%dsvx:/ \n\"'{}[]é", max_size=8),
    st.sampled_from(["10.0.0.0/8", "fd00::/64", "2024-01-02T03:04:05Z", "1h", "dns", "a: [1]"]),
).map(Value.string)
numbers = st.one_of(
    st.integers(-40, 40).map(lambda i: Value.number(Number.from_int(i, 512))),
    st.integers(-(2**70), 2**70).map(lambda i: Value.number(Number.from_int(i, 512))),
    st.sampled_from(["0.5", "-2.25", "1e30", "3"]).map(
        lambda t: Value.number(Number.parse(t) or Number.from_int(0))
    ),
)
scalars = st.one_of(
    strings,
    numbers,
    st.booleans().map(Value.boolean),
    st.just(Value.null()),
    st.just(Value.null(STRING)),
    st.just(Value.unknown(DYNAMIC)),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(Value.tuple_of),
        st.dictionaries(st.sampled_from(["a", "b", "k"]), inner, max_size=2).map(Value.object_of),
    ),
    max_leaves=5,
)


def _call(name: str, args: list[Value]) -> None:
    """The cty call protocol, as the evaluator performs it."""
    f = FUNCS[name]
    if len(args) < len(f.params) or (f.var_param is None and len(args) > len(f.params)):
        return
    converted = []
    for i, arg in enumerate(args):
        param = param_at(f, i)
        if param.decode_expr is not None:
            return
        try:
            value = convert(arg, param.type)
        except ConversionError:
            return
        if value.is_null and not param.allow_null:
            return
        if value.type == DYNAMIC and not param.allow_dynamic_type:
            return
        converted.append(value)
    if f.return_type is not None:
        f.return_type(converted)
    if any(v.is_unknown and not param_at(f, i).allow_unknown for i, v in enumerate(converted)):
        return
    f.impl(converted)


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(NAMES), st.data())
def test_no_stray_exceptions(name: str, data: st.DataObject) -> None:
    f = FUNCS[name]
    extra = data.draw(st.integers(0, 2)) if f.var_param is not None else 0
    args = []
    for i in range(len(f.params) + extra):
        wanted = param_at(f, i).type
        typed = strings if wanted == STRING else numbers if wanted == NUMBER else values
        args.append(data.draw(st.one_of(typed, typed, values)))
    with contextlib.suppress(ArgError, FunctionError):
        _call(name, args)
