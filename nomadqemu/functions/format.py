"""`format` and `formatlist`: cty's printf-like formatter (format.go, format_fsm.rl).

A verb is `%` then flags (`0#-+ `), a width, a `.precision`, an optional `[n]`
argument index, and a letter. Offsets in error messages are byte offsets, as in Go.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nomadqemu.functions.common import fn
from nomadqemu.functions.ctyjson import JSONMarshalError, go_json_string, marshal
from nomadqemu.functions.gostrings import graphemes
from nomadqemu.functions.spec import ArgError, Function, FunctionError, Param
from nomadqemu.values.convert import ConversionError, convert
from nomadqemu.values.number import Number
from nomadqemu.values.numtext import float_text, shortest_g
from nomadqemu.values.types import BOOL, DYNAMIC, NUMBER, STRING, ListType, SetType, TupleType
from nomadqemu.values.value import Value

_FLAGS = "0#-+ "


@dataclass
class _Verb:
    raw: str = ""
    offset: int = 0
    arg_num: int = 0
    mode: str = ""
    zero: bool = False
    sharp: bool = False
    plus: bool = False
    minus: bool = False
    space: bool = False
    width: int = -1
    prec: int = -1


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode())


def _go_quote_rune(ch: str) -> str:
    """Go's `%q` of a rune."""
    if ch == "'":
        return "'\\''"
    if ch.isprintable():
        return f"'{ch}'"
    return "'" + ch.encode("unicode_escape").decode() + "'"


def format_string(fmt_text: str, args: Sequence[Value]) -> str:
    """cty's `formatFSM`; raises FunctionError or ArgError (1-based argument index)."""
    out: list[str] = []
    next_arg = 1
    highest = 0
    i = 0
    n = len(fmt_text)
    while i < n:
        ch = fmt_text[i]
        if ch != "%":
            out.append(ch)
            i += 1
            continue
        if i + 1 < n and fmt_text[i + 1] == "%":
            out.append("%")
            i += 2
            continue
        verb, i = _parse_verb(fmt_text, i, next_arg, "".join(out))
        highest = max(highest, verb.arg_num)
        out.append(_format_one(verb, args))
        next_arg = verb.arg_num + 1
    if highest < len(args):
        if highest == 0:
            raise ArgError(highest + 1, "too many arguments; no verbs in format string")
        raise ArgError(highest + 1, f"too many arguments; only {highest} used by format string")
    return "".join(out)


def _parse_verb(text: str, start: int, next_arg: int, done: str) -> tuple[_Verb, int]:
    verb = _Verb(arg_num=next_arg, offset=_byte_offset(text, start))
    i = start + 1
    n = len(text)

    def fail_char(at: int) -> FunctionError:
        if at >= n:
            return FunctionError(
                f"invalid format string starting at offset {_byte_offset(text, at)}"
            )
        return FunctionError(
            f"unrecognized format character {_go_quote_rune(text[at])} at offset "
            f"{_byte_offset(text, at)}"
        )

    while i < n and text[i] in _FLAGS:
        flag = text[i]
        verb.zero |= flag == "0"
        verb.sharp |= flag == "#"
        verb.minus |= flag == "-"
        verb.plus |= flag == "+"
        verb.space |= flag == " "
        i += 1
    if i < n and "1" <= text[i] <= "9":
        verb.width = 0
        while i < n and text[i].isascii() and text[i].isdigit():
            verb.width = verb.width * 10 + int(text[i])
            i += 1
    if i < n and text[i] == ".":
        verb.prec = 0
        i += 1
        while i < n and text[i].isascii() and text[i].isdigit():
            verb.prec = verb.prec * 10 + int(text[i])
            i += 1
    if i < n and text[i] == "[":
        i += 1
        if not (i < n and "1" <= text[i] <= "9"):
            raise fail_char(i)
        verb.arg_num = 0
        while i < n and text[i].isascii() and text[i].isdigit():
            verb.arg_num = verb.arg_num * 10 + int(text[i])
            i += 1
        if not (i < n and text[i] == "]"):
            raise fail_char(i)
        i += 1
    if i < n and text[i].isascii() and text[i].isalpha():
        verb.mode = text[i]
        i += 1
        verb.raw = text[start:i]
        return verb, i
    raise fail_char(i)


def _unsupported(verb: _Verb, why: str) -> FunctionError:
    return FunctionError(f'unsupported value for "{verb.raw}" at {verb.offset}: {why}')


def _format_one(verb: _Verb, args: Sequence[Value]) -> str:
    idx = verb.arg_num - 1
    if idx >= len(args):
        raise FunctionError(
            f'not enough arguments for "{verb.raw}" at {verb.offset}: need index '
            f"{verb.arg_num} but have {len(args)} total"
        )
    arg = args[idx]
    if verb.mode != "v" and arg.is_null:
        raise _unsupported(verb, "null value cannot be formatted")
    mode = verb.mode
    if mode == "v":
        return _as_is(verb, arg)
    if mode == "t":
        b = _convert(verb, arg, BOOL)
        return "true" if b.payload else "false"
    if mode in "bdoxXeEfgG":
        num: Number = _convert(verb, arg, NUMBER).payload
        if mode in "bdoxX":
            if num.is_inf or not num.is_int():
                raise _unsupported(verb, "an integer is required")
            return _format_int(verb, num.to_int())
        return _format_float(verb, num)
    if mode in "sq":
        return _format_str(verb, _convert(verb, arg, STRING).payload)
    raise FunctionError(
        f'unsupported format verb {_go_quote_rune(mode)} in "{verb.raw}" at offset {verb.offset}'
    )


def _convert(verb: _Verb, arg: Value, target: object) -> Value:
    try:
        return convert(arg, target)  # type: ignore[arg-type]  # always a primitive type
    except ConversionError as err:
        raise _unsupported(verb, err.message) from None


def _pad(verb: _Verb, text: str) -> str:
    if verb.width < 0:
        return text
    pad = verb.width - len(graphemes(text))
    if pad <= 0:
        return text
    fill = ("0" if verb.zero else " ") * pad
    return text + fill if verb.minus else fill + text


def _as_is(verb: _Verb, arg: Value) -> str:
    if not verb.sharp and not arg.is_null:
        if arg.type == STRING:
            return _pad(verb, arg.payload)
        if arg.type == NUMBER:
            return _pad(verb, shortest_g(arg.payload))
    try:
        return _pad(verb, marshal(arg))
    except JSONMarshalError as err:
        raise _unsupported(verb, err.message) from None


def _format_str(verb: _Verb, text: str) -> str:
    if verb.prec > 0:
        text = "".join(graphemes(text)[: verb.prec])
    if verb.mode == "s":
        return _pad(verb, text)
    return _pad(verb, go_json_string(text))


def _format_int(verb: _Verb, value: int) -> str:
    """Go's `big.Int.Format`."""
    base = {"b": 2, "o": 8, "d": 10, "x": 16, "X": 16}[verb.mode]
    sign = "-" if value < 0 else "+" if verb.plus else " " if verb.space else ""
    prefix = ""
    if verb.sharp:
        prefix = {"b": "0b", "o": "0", "x": "0x", "X": "0X"}.get(verb.mode, "")
    digits = _to_base(abs(value), base)
    if verb.mode == "X":
        digits = digits.upper()
    zeros = left = right = 0
    if verb.prec >= 0:
        if len(digits) < verb.prec:
            zeros = verb.prec - len(digits)
        elif digits == "0" and verb.prec == 0:
            return ""
    length = len(sign) + len(prefix) + zeros + len(digits)
    if verb.width >= 0 and length < verb.width:
        d = verb.width - length
        if verb.minus:
            right = d
        elif verb.zero and verb.prec < 0:
            zeros = d
        else:
            left = d
    return " " * left + sign + prefix + "0" * zeros + digits + " " * right


def _to_base(value: int, base: int) -> str:
    if value == 0:
        return "0"
    chars = "0123456789abcdef"
    out = []
    while value:
        value, r = divmod(value, base)
        out.append(chars[r])
    return "".join(reversed(out))


def _format_float(verb: _Verb, num: Number) -> str:
    """Go's `big.Float.Format` for e, E, f, g, G."""
    mode = verb.mode
    prec = verb.prec if verb.prec >= 0 else 6
    if mode in "gG" and verb.prec < 0:
        text = shortest_g(num)
        if mode == "G":
            text = text.upper().replace("INF", "Inf")
    else:
        text = float_text(num, mode, prec)
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    elif text.startswith("+"):
        sign, text = (" " if verb.space else "+"), text[1:]
    elif verb.plus:
        sign = "+"
    elif verb.space:
        sign = " "
    padding = 0
    if verb.width >= 0 and verb.width > len(sign) + len(text):
        padding = verb.width - len(sign) - len(text)
    if verb.zero and not num.is_inf:
        return sign + "0" * padding + text
    if verb.minus:
        return sign + text + " " * padding
    return " " * padding + sign + text


# --- the functions ---------------------------------------------------------------------


def _format(args: Sequence[Value]) -> Value:
    for arg in args[1:]:
        if not arg.is_wholly_known:
            return Value.unknown(STRING)
    return Value.string(_run(args[0].payload, args[1:], offset=0))


def _run(fmt_text: str, args: Sequence[Value], offset: int) -> str:
    try:
        return format_string(fmt_text, args)
    except ArgError as err:
        raise ArgError(err.index + offset, err.message) from None


def _formatlist(args: Sequence[Value]) -> Value:
    fmt_text: str = args[0].payload
    rest = args[1:]
    if not rest:
        return Value.list_of(STRING, [Value.string(_run(fmt_text, [], 0))])
    iter_len = -1
    chooser = -1
    lists: list[tuple[Value, ...] | None] = []
    for i, arg in enumerate(rest):
        if isinstance(arg.type, ListType | SetType | TupleType) and not arg.is_null:
            if arg.is_unknown:
                return Value.unknown(ListType(STRING))
            this_len = len(arg.payload)
            if iter_len == -1:
                iter_len, chooser = this_len, i
            elif this_len != iter_len:
                raise ArgError(
                    i + 1,
                    f"argument {i + 1} has length {this_len}, which is inconsistent with "
                    f"argument {chooser + 1} of length {iter_len}",
                )
            lists.append(arg.payload)
        elif arg.is_unknown and arg.type == DYNAMIC:
            return Value.unknown(ListType(STRING))
        else:
            lists.append(None)
    if iter_len == 0:
        return Value.list_of(STRING, ())
    iter_len = max(iter_len, 1)
    results: list[Value] = []
    for it in range(iter_len):
        fmt_args = [items[it] if items is not None else rest[i] for i, items in enumerate(lists)]
        if not all(a.is_wholly_known for a in fmt_args):
            results.append(Value.unknown(STRING))
            continue
        try:
            results.append(Value.string(format_string(fmt_text, fmt_args)))
        except (FunctionError, ArgError) as err:
            raise FunctionError(f"error on format iteration {it}: {err.message}") from None
    return Value.list_of(STRING, results)


def functions() -> dict[str, Function]:
    args = Param("args", DYNAMIC, allow_null=True, allow_unknown=True, allow_dynamic_type=True)
    return {
        "format": fn([Param("format", STRING)], _format, var_param=args, returns=STRING),
        "formatlist": fn(
            [Param("format", STRING)], _formatlist, var_param=args, returns=ListType(STRING)
        ),
    }
