"""Go `encoding/json` output, byte for byte: what `nomad job run -output` prints.

Nomad prints jobs with `json.MarshalIndent(v, "", "    ")`. Structs print every field in
declaration order (the model's order), with the Go zero value for fields that the sparse job
leaves out; maps print with sorted keys; strings escape `<`, `>`, `&`, U+2028 and U+2029;
floats use Go's shortest formatting.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from nomadqemu.jobspec.model import TYPES, GoType, fields

INDENT = "    "

# Writes one value at an indentation depth onto the output pieces.
_Encoder = Callable[[Any, int, list[str]], None]

# Characters Go's encoder escapes: quote, backslash, control characters, the HTML-sensitive
# `<>&`, the JavaScript line terminators U+2028/U+2029 and lone surrogates (how Python holds
# invalid UTF-8 decoded with `surrogateescape`; Go prints each invalid byte as U+FFFD).
_NEEDS_ESCAPE = re.compile('["\\\\\x00-\x1f<>&\u2028\u2029\ud800-\udfff]')
_SHORT_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    # Go 1.22 and later print backspace and form feed in their short forms.
    "\b": "\\b",
    "\f": "\\f",
}


class UnsupportedValueError(ValueError):
    """A value Go's encoder refuses, such as an infinite float: `json: unsupported value: +Inf`."""


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    short = _SHORT_ESCAPES.get(char)
    if short is not None:
        return short
    if "\ud800" <= char <= "\udfff":
        return "\\ufffd"
    return f"\\u{ord(char):04x}"


def quote(text: str) -> str:
    """A JSON string literal exactly as Go's encoder writes it."""
    if _NEEDS_ESCAPE.search(text) is None:
        return f'"{text}"'
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, text) + '"'


def format_float(value: float) -> str:
    """A float64 as Go's encoder writes it: shortest digits, 'f' form unless tiny or huge."""
    if not math.isfinite(value):
        name = "NaN" if math.isnan(value) else ("+Inf" if value > 0 else "-Inf")
        raise UnsupportedValueError(f"json: unsupported value: {name}")
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    sign = "-" if value < 0 else ""
    digits, point = _shortest_digits(abs(value))
    magnitude = abs(value)
    if magnitude < 1e-6 or magnitude >= 1e21:
        exponent = point - 1
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        # strconv writes at least two exponent digits; the encoder then trims "e-07" to "e-7".
        # Positive exponents here are at least 21, so both rules amount to plain decimal.
        return f"{sign}{mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent)}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


def _shortest_digits(magnitude: float) -> tuple[str, int]:
    """The shortest round-tripping digits of a positive float and the decimal point's place.

    Python's `repr` and Go's strconv both choose the shortest digit string that reads back
    as the same float64 (the closest one on ties), so the digits agree; only the layout differs.
    """
    text = repr(magnitude)
    mantissa, _, exp_text = text.partition("e")
    exponent = int(exp_text) if exp_text else 0
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + exponent
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    return stripped.rstrip("0") or "0", point


def _base64(value: bytes) -> str:
    """Go's encoding of a `[]byte`. (`base64` is imported here: no job field a job file
    sets is bytes, and the import is most of a millisecond of a cold start.)"""
    import base64

    return base64.b64encode(value).decode("ascii")


def _number(value: int | float) -> str:
    if isinstance(value, float):
        return format_float(value)
    return str(value)


def _plain(value: Any, depth: int, out: list[str]) -> None:
    """Encode free-form data (`interface{}`): maps with sorted keys, lists, scalars."""
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(quote(value))
    elif isinstance(value, int | float):
        out.append(_number(value))
    elif isinstance(value, Mapping):
        _object(_sorted_items(value), depth, out, _plain)
    elif isinstance(value, Sequence) and not isinstance(value, bytes):
        _array(list(value), depth, out, _plain)
    elif isinstance(value, bytes):
        out.append(quote(_base64(value)))
    else:
        raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def _sorted_items(mapping: Mapping[Any, Any]) -> list[tuple[str, Any]]:
    """Map entries in Go's order: keys sorted as strings (byte order equals code point order)."""
    return sorted(((str(key), item) for key, item in mapping.items()), key=_first)


def _first(pair: tuple[str, Any]) -> str:
    return pair[0]


def _object(
    items: Iterable[tuple[str, Any]], depth: int, out: list[str], encode_value: _Encoder
) -> None:
    """Write `{…}` with MarshalIndent's layout; an empty object stays `{}`."""
    inner = "\n" + INDENT * (depth + 1)
    first = True
    for key, item in items:
        out.append("{" + inner if first else "," + inner)
        first = False
        out.append(quote(key) + ": ")
        encode_value(item, depth + 1, out)
    out.append("{}" if first else "\n" + INDENT * depth + "}")


def _array(items: list[Any], depth: int, out: list[str], encode_item: _Encoder) -> None:
    """Write `[…]` with MarshalIndent's layout; an empty array stays `[]`."""
    if not items:
        out.append("[]")
        return
    inner = "\n" + INDENT * (depth + 1)
    for index, item in enumerate(items):
        out.append("[" + inner if index == 0 else "," + inner)
        encode_item(item, depth + 1, out)
    out.append("\n" + INDENT * depth + "]")


def _is_empty(value: Any, kind: GoType) -> bool:
    """Go's `omitempty` test for a value of `kind`: nil pointers, zero scalars, empty slices."""
    if value is None:
        return True
    tag = kind.kind
    if tag in ("slice", "map", "string", "bytes"):
        return len(value) == 0
    if tag == "bool":
        return value is False
    if tag in ("int", "uint", "duration", "float"):
        return bool(value == 0)
    # A non-nil pointer, even to an empty struct, and any struct value are printed.
    return False


@functools.cache
def _layout(struct: str) -> tuple[tuple[str, str, GoType, GoType | None, str | None], ...]:
    """Per field: JSON name, its printed key, its type behind pointers, its declared type
    when it is `omitempty` (else None), and the text of its zero value (None for a plain
    struct, whose zero value is printed in full)."""
    rows = []
    for field in fields(struct):
        declared = TYPES[field.go_type]
        zero: str | None
        if declared.kind in _NILABLE:
            zero = "null"
        elif declared.kind == "struct":
            zero = None
        else:
            zero = _SCALAR_ZEROS[declared.kind]
        omit = declared if field.omitempty else None
        rows.append((field.json, quote(field.json) + ": ", declared.target(), omit, zero))
    return tuple(rows)


_NILABLE = frozenset(("pointer", "slice", "map", "interface", "bytes"))
_SCALAR_ZEROS = {
    "string": '""',
    "bool": "false",
    "int": "0",
    "uint": "0",
    "duration": "0",
    "float": "0",
}


@functools.cache
def _fields_at(struct: str, depth: int) -> tuple[tuple[str, str, GoType, GoType | None, str], ...]:
    """`_layout` at one depth, for `_struct`: per field its JSON name, its start as a
    later field (`,`, the indent and the key, made once), its type, its `omitempty`
    type, and the whole text it prints when the sparse struct leaves it out (empty for
    an `omitempty` field)."""
    inner = ",\n" + INDENT * (depth + 1)
    rows = []
    for name, key, kind, omitempty, zero in _layout(struct):
        later_start = inner + key
        if omitempty is not None:
            absent = ""
        elif zero is None:
            assert kind.struct is not None
            nested: list[str] = []
            _struct({}, kind.struct, depth + 1, nested)
            absent = later_start + "".join(nested)
        else:
            absent = later_start + zero
        rows.append((name, later_start, kind, omitempty, absent))
    return tuple(rows)


def _struct(value: Mapping[str, Any], struct: str, depth: int, out: list[str]) -> None:
    begin = len(out)
    for name, later_start, kind, omitempty, absent in _fields_at(struct, depth):
        if name in value:
            item = value[name]
            if omitempty is not None and _is_empty(item, omitempty):
                continue
            out.append(later_start)
            if item is None:
                out.append("null")
            else:
                _typed(item, kind, depth + 1, out)
        elif absent:
            out.append(absent)
    if len(out) == begin:
        out.append("{}")
        return
    # Every field was written as a later one (`,` first): the first opens the object.
    out[begin] = "{" + out[begin][1:]
    out.append(_closing(depth))


@functools.cache
def _closing(depth: int) -> str:
    return "\n" + INDENT * depth + "}"


def _typed(value: Any, kind: GoType, depth: int, out: list[str]) -> None:
    """Encode non-None `value` as Go type `kind` (pointers already looked through)."""
    tag = kind.kind
    if tag == "string":
        if not isinstance(value, str):
            raise TypeError(f"string field holds {type(value).__name__}")
        out.append(quote(value))
    elif tag == "struct":
        if not isinstance(value, Mapping):
            raise TypeError(f"{kind.struct} must be a dict, not {type(value).__name__}")
        assert kind.struct is not None
        _struct(value, kind.struct, depth, out)
    elif tag in ("int", "uint", "duration"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"integer field holds {type(value).__name__}")
        out.append(str(int(value)))
    elif tag == "bool":
        if not isinstance(value, bool):
            raise TypeError(f"bool field holds {type(value).__name__}")
        out.append("true" if value else "false")
    elif tag == "slice":
        _array(list(value), depth, out, _element_encoder(kind.element))
    elif tag == "map":
        _object(_sorted_items(value), depth, out, _element_encoder(kind.element))
    elif tag == "interface":
        _plain(value, depth, out)
    elif tag == "float":
        out.append(_number(value))
    elif tag == "bytes":
        text = value if isinstance(value, str) else _base64(value)
        out.append(quote(text))
    elif tag == "pointer":
        _typed(value, kind.target(), depth, out)
    else:
        raise TypeError(f"unknown Go type kind {tag!r}")


@functools.cache
def _element_encoder(kind: GoType) -> _Encoder:
    """An encoder for slice elements and map values of `kind` (None prints null)."""
    target = kind.target()

    def encode_element(value: Any, depth: int, out: list[str]) -> None:
        if value is None:
            out.append("null")
        else:
            _typed(value, target, depth, out)

    return encode_element


def encode_struct(value: Mapping[str, Any], struct: str) -> str:
    """A sparse struct `value` of model type `struct`, as MarshalIndent prints it (no newline)."""
    out: list[str] = []
    _struct(value, struct, 0, out)
    return "".join(out)


def encode(value: Any) -> str:
    """Plain data (dicts, lists, scalars) as Go's MarshalIndent prints it (no newline)."""
    out: list[str] = []
    _plain(value, 0, out)
    return "".join(out)


def encode_job(job: Mapping[str, Any]) -> str:
    """Exactly what `nomad job run -output` prints for a sparse API job."""
    out: list[str] = ['{\n    "Job": ']
    _struct(job, "Job", 1, out)
    out.append("\n}\n")
    return "".join(out)
