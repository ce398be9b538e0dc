"""cty's JSON encoding of values (`cty/json.Marshal`) and Go's `encoding/json` strings."""

from __future__ import annotations

from nomadqemu.values.types import (
    BOOL,
    NUMBER,
    STRING,
    DynamicType,
    ListType,
    MapType,
    ObjectType,
    SetType,
    TupleType,
    Type,
)
from nomadqemu.values.value import Value

_GO_JSON_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


class JSONMarshalError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def go_json_string(s: str) -> str:
    """`json.Marshal` of a Go string: HTML-safe escapes, control characters as \\u00XX."""
    out = ['"']
    for ch in s:
        esc = _GO_JSON_ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
        elif ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04x}")
        elif 0xD800 <= ord(ch) <= 0xDFFF:
            out.append("\\ufffd")  # invalid UTF-8 becomes U+FFFD
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def marshal(value: Value, t: Type | None = None) -> str:
    """`json.Marshal(value, t)`; `t` defaults to the value's own type."""
    t = value.type if t is None else t
    if value.is_unknown:
        raise JSONMarshalError("value is not known")
    if isinstance(t, DynamicType) and not isinstance(value.type, DynamicType):
        inner = marshal(value, value.type)
        from nomadqemu.values.typeexpr import type_json

        return '{"value":' + inner + ',"type":' + type_json(value.type) + "}"
    if value.is_null:
        return "null"
    if t == STRING:
        return go_json_string(value.payload)
    if t == NUMBER:
        if value.payload.is_inf:
            raise JSONMarshalError("cannot serialize infinity as JSON")
        return str(value.payload.text())
    if t == BOOL:
        return "true" if value.payload else "false"
    if isinstance(t, ListType | SetType):
        return "[" + ",".join(marshal(v, t.element) for v in value.payload) + "]"
    if isinstance(t, TupleType):
        items = zip(value.payload, t.elements, strict=True)
        return "[" + ",".join(marshal(v, et) for v, et in items) + "]"
    if isinstance(t, MapType):
        entries = (
            go_json_string(k) + ":" + marshal(v, t.element) for k, v in value.payload.items()
        )
        return "{" + ",".join(entries) + "}"
    assert isinstance(t, ObjectType)
    attrs = t.attribute_types
    members = (go_json_string(k) + ":" + marshal(v, attrs[k]) for k, v in value.payload.items())
    return "{" + ",".join(members) + "}"
