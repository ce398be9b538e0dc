"""String functions from cty's stdlib (string.go, string_replace.go)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from nomadqemu.functions.common import GoValueError, fn, go_int
from nomadqemu.functions.gostrings import go_lower, go_title, go_trim_space, go_upper, graphemes
from nomadqemu.functions.regex import regex_replace
from nomadqemu.functions.spec import ArgError, Function, FunctionError, Param
from nomadqemu.values.number import Number
from nomadqemu.values.numtext import go_string
from nomadqemu.values.types import NUMBER, STRING, ListType
from nomadqemu.values.value import Value

_MAX_PADDING = 1 << 30
_TRAILING_NEWLINES = re.compile(r"(?:\r\n?|\n)*\Z")


def _str(name: str, dynamic: bool = False) -> Param:
    return Param(name, STRING, allow_dynamic_type=dynamic)


def _unary(transform: Callable[[str], str], dynamic: bool = False) -> Function:
    def impl(args: Sequence[Value]) -> Value:
        return Value.string(transform(args[0].payload))

    return fn([_str("str", dynamic)], impl, returns=STRING)


def _strlen(args: Sequence[Value]) -> Value:
    if args[0].is_unknown:
        return Value.unknown(NUMBER)
    return Value.integer(len(graphemes(args[0].payload)))


def _substr(args: Sequence[Value]) -> Value:
    text: str = args[0].payload
    try:
        offset = go_int(args[1])
        length = go_int(args[2])
    except GoValueError as err:
        raise FunctionError(err.message) from None
    clusters = graphemes(text)
    if offset < 0:
        offset += len(clusters)
    elif length == 0:
        return Value.string("")
    if offset > 0:
        if offset >= len(clusters):
            return Value.string("")
        clusters = clusters[offset:]
    if length < 0:
        return Value.string("".join(clusters))
    return Value.string("".join(clusters[:length]))


def _join(args: Sequence[Value]) -> Value:
    sep: str = args[0].payload
    lists = args[1:]
    if not lists:
        raise FunctionError("at least one list is required")
    if not all(lst.is_wholly_known for lst in lists):
        return Value.unknown(STRING)
    items: list[str] = []
    for ai, lst in enumerate(lists):
        for ei, item in enumerate(lst.payload):
            if item.is_null:
                if len(lists) > 1:
                    raise ArgError(
                        ai + 1,
                        f"element {ei} of list {ai + 1} is null; cannot concatenate null values",
                    )
                raise ArgError(ai + 1, f"element {ei} is null; cannot concatenate null values")
            items.append(item.payload)
    return Value.string(sep.join(items))


def _sort(args: Sequence[Value]) -> Value:
    lst = args[0]
    if not lst.is_wholly_known:
        return Value.unknown(ListType(STRING))
    if not lst.payload:
        return lst
    texts: list[str] = []
    for i, item in enumerate(lst.payload):
        if item.is_null:
            index = go_string(Number.from_int(i))
            raise FunctionError(
                f"given list element {index} is null; a null string cannot be sorted"
            )
        texts.append(item.payload)
    # Go sorts by bytes; for UTF-8 that is code point order, as Python compares.
    return Value.list_of(STRING, [Value.string(t) for t in sorted(texts)])


def go_split(text: str, sep: str) -> list[str]:
    """strings.Split: an empty separator splits after each character."""
    if sep == "":
        return list(text)
    return text.split(sep)


def _split(args: Sequence[Value]) -> Value:
    parts = go_split(args[1].payload, args[0].payload)
    return Value.list_of(STRING, [Value.string(p) for p in parts])


def _chomp(args: Sequence[Value]) -> Value:
    return Value.string(_TRAILING_NEWLINES.sub("", args[0].payload, count=1))


def _indent(args: Sequence[Value]) -> Value:
    try:
        spaces = go_int(args[0])
    except GoValueError as err:
        raise FunctionError(err.message) from None
    if spaces < 0:
        raise FunctionError(
            "panic in function implementation: strings: negative Repeat count\n"
            "goroutine 1 [running]:"
        )
    if spaces > _MAX_PADDING:
        # Go builds the padding first: beyond its allocation limit that panics, and a
        # merely enormous one exhausts memory; neither produces a value.
        reason = (
            "runtime error: makeslice: len out of range" if spaces > 1 << 48 else "out of memory"
        )
        raise FunctionError(f"panic in function implementation: {reason}\ngoroutine 1 [running]:")
    return Value.string(args[1].payload.replace("\n", "\n" + " " * spaces))


def _go_trim(text: str, cutset: str) -> str:
    if not text or not cutset:
        return text
    return text.strip(cutset)


def _trim(args: Sequence[Value]) -> Value:
    return Value.string(_go_trim(args[0].payload, args[1].payload))


def _trimprefix(args: Sequence[Value]) -> Value:
    text: str = args[0].payload
    return Value.string(text.removeprefix(args[1].payload))


def _trimsuffix(args: Sequence[Value]) -> Value:
    text: str = args[0].payload
    return Value.string(text.removesuffix(args[1].payload))


def _replace(args: Sequence[Value]) -> Value:
    text, old, new = (a.payload for a in args)
    if old == "":
        # strings.Replace with an empty old string inserts at every rune boundary.
        return Value.string(new + new.join(text) + new if text else new)
    return Value.string(text.replace(old, new))


def _regex_replace(args: Sequence[Value]) -> Value:
    text, pattern, replacement = (a.payload for a in args)
    return Value.string(regex_replace(text, pattern, replacement))


def _reverse(text: str) -> str:
    return "".join(reversed(graphemes(text)))


def functions() -> dict[str, Function]:
    reverse = _unary(_reverse, dynamic=True)
    return {
        "upper": _unary(go_upper, dynamic=True),
        "lower": _unary(go_lower, dynamic=True),
        "reverse": reverse,
        "strrev": reverse,
        "strlen": fn(
            [Param("str", STRING, allow_unknown=True, allow_dynamic_type=True)],
            _strlen,
            returns=NUMBER,
        ),
        "substr": fn(
            [
                _str("str", True),
                Param("offset", NUMBER, allow_dynamic_type=True),
                Param("length", NUMBER, allow_dynamic_type=True),
            ],
            _substr,
            returns=STRING,
        ),
        "join": fn(
            [_str("separator")],
            _join,
            var_param=Param("lists", ListType(STRING)),
            returns=STRING,
        ),
        "sort": fn(
            [Param("list", ListType(STRING), allow_unknown=True)],
            _sort,
            returns=ListType(STRING),
        ),
        "split": fn([_str("separator"), _str("str")], _split, returns=ListType(STRING)),
        "chomp": fn([_str("str")], _chomp, returns=STRING),
        "indent": fn([Param("spaces", NUMBER), _str("str")], _indent, returns=STRING),
        "title": _unary(go_title),
        "trimspace": _unary(go_trim_space),
        "trim": fn([_str("str"), _str("cutset")], _trim, returns=STRING),
        "trimprefix": fn([_str("str"), _str("prefix")], _trimprefix, returns=STRING),
        "trimsuffix": fn([_str("str"), _str("suffix")], _trimsuffix, returns=STRING),
        "replace": fn([_str("str"), _str("substr"), _str("replace")], _replace, returns=STRING),
        "regex_replace": fn(
            [_str("str"), _str("pattern"), _str("replace")], _regex_replace, returns=STRING
        ),
    }
