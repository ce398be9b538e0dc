"""base64, URL, JSON and CSV functions (cty stdlib and go-cty-funcs `encoding`)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from urllib.parse import quote_plus

from nomadqemu.functions.common import fn
from nomadqemu.functions.ctyjson import JSONMarshalError, marshal
from nomadqemu.functions.gocsv import CSVError, read_records
from nomadqemu.functions.gojson import JSONDecodeError, decode
from nomadqemu.functions.spec import Function, FunctionError, Param
from nomadqemu.values.types import DYNAMIC, STRING, ObjectType
from nomadqemu.values.value import Value


def _base64encode(args: Sequence[Value]) -> Value:
    data: str = args[0].payload
    return Value.string(base64.b64encode(data.encode()).decode())


def _base64decode(args: Sequence[Value]) -> Value:
    text: str = args[0].payload
    # Go's decoder skips line breaks but nothing else.
    cleaned = text.replace("\r", "").replace("\n", "")
    try:
        raw = base64.b64decode(cleaned.encode(), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise FunctionError(f"failed to decode base64 data '{text}'") from None
    try:
        return Value.string(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise FunctionError(
            "the result of decoding the the provided string is not valid UTF-8"
        ) from None


def _urlencode(args: Sequence[Value]) -> Value:
    return Value.string(quote_plus(args[0].payload, safe="~"))


def _jsonencode(args: Sequence[Value]) -> Value:
    value = args[0]
    if not value.is_wholly_known:
        return Value.unknown(STRING)
    if value.is_null:
        return Value.string("null")
    try:
        return Value.string(marshal(value))
    except JSONMarshalError as err:
        raise FunctionError(err.message) from None


def _jsondecode(args: Sequence[Value]) -> Value:
    try:
        return decode(args[0].payload)
    except JSONDecodeError as err:
        raise FunctionError(err.message) from None
    except RecursionError:
        # Go's scanner stops at 10000 levels; this parser's limit comes earlier.
        raise FunctionError("exceeded max depth") from None


def _csvdecode(args: Sequence[Value]) -> Value:
    text: str = args[0].payload
    try:
        records = read_records(text)
    except CSVError as err:
        raise FunctionError(err.message) from None
    if not records:
        raise FunctionError("missing header line")
    headers = records[0]
    seen: set[str] = set()
    for name in headers:
        if name in seen:
            raise FunctionError(f'duplicate column name "{name}"')
        seen.add(name)
    row_type = ObjectType.of(dict.fromkeys(headers, STRING))
    rows: list[Value] = []
    for cols in records[1:]:
        rows.append(
            Value.object_of({h: Value.string(c) for h, c in zip(headers, cols, strict=True)})
        )
    return Value.list_of(row_type, rows)


def functions() -> dict[str, Function]:
    s = Param("str", STRING)
    val = Param("val", DYNAMIC, allow_unknown=True, allow_dynamic_type=True, allow_null=True)
    return {
        "base64encode": fn([s], _base64encode, returns=STRING),
        "base64decode": fn([s], _base64decode, returns=STRING),
        "urlencode": fn([s], _urlencode, returns=STRING),
        "jsonencode": fn([val], _jsonencode, returns=STRING),
        "jsondecode": fn([s], _jsondecode),
        "csvdecode": fn([s], _csvdecode),
    }
