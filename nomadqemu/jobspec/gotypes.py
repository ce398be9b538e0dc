"""Decoding an HCL value into a Go field, as `gohcl.DecodeExpression` and `gocty` do.

The value is first converted to the cty type the Go type implies (`string` → string,
`int` → number, `[]string` → list of string, …) and then copied out with gocty's
range checks. Failures become "Unsuitable value type" diagnostics in cty's wording.
Durations take Nomad's custom path: a Go duration string or a number of nanoseconds.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.hcl import ast
from nomadqemu.jobspec.duration import DurationError, parse_duration
from nomadqemu.jobspec.hclbody import EvalLike, Expression, SyntaxExpr, error
from nomadqemu.jobspec.model import TYPES, GoType
from nomadqemu.jobspec.plain import number_literal, plain_literal
from nomadqemu.values.number import Number
from nomadqemu.values.types import (
    BOOL,
    DYNAMIC,
    NUMBER,
    STRING,
    ListType,
    MapType,
    PrimitiveType,
    SetType,
    Type,
)
from nomadqemu.values.value import Value


class Unset:
    """The field keeps its Go zero value (decoding failed)."""


UNSET = Unset()


class FromCtyError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def implied_type(go: GoType) -> Type:
    """`gocty.ImpliedType`."""
    kind = go.kind
    if kind == "pointer":
        return implied_type(go.element)
    if kind == "string":
        return STRING
    if kind in ("int", "uint", "float", "duration"):
        return NUMBER
    if kind == "bool":
        return BOOL
    if kind == "slice":
        return ListType(implied_type(go.element))
    if kind == "bytes":
        return ListType(NUMBER)
    if kind == "map":
        return MapType(implied_type(go.element))
    return DYNAMIC


def _int_range(go: GoType) -> tuple[int, int]:
    bits = go.bits or 64
    if go.kind == "uint":
        return 0, (1 << bits) - 1
    return -(1 << (bits - 1)), (1 << (bits - 1)) - 1


def _likely_required(go: GoType) -> FromCtyError:
    messages = {
        "bool": "bool value is required",
        "string": "string value is required",
        "int": "number value is required",
        "uint": "number value is required",
        "float": "number value is required",
        "duration": "number value is required",
        "slice": "list or set value is required",
        "bytes": "list or set value is required",
        "map": "map or object value is required",
    }
    return FromCtyError(messages.get(go.kind, "incorrect type"))


def number_to_go(n: Number, go: GoType) -> int | float:
    if go.kind == "float":
        if n.is_inf:
            limit = f"{sys.float_info.max:f}"
            raise FromCtyError(f"value must be between -{limit} and {limit} inclusive")
        return n.to_float()
    low, high = _int_range(go)
    if n.is_inf or not n.is_int():
        exact = False
        value = 0
    else:
        value = n.to_int()
        exact = -(1 << 63) <= value < (1 << 64)
    if not exact or value < low or value > high:
        if go.kind == "uint":
            raise FromCtyError(f"value must be a whole number, between 0 and {high} inclusive")
        raise FromCtyError(f"value must be a whole number, between {low} and {high}")
    return value


def from_cty(value: Value, go: GoType) -> Any:
    """`gocty.FromCtyValue` into a plain Python value for the sparse job."""
    if value.is_null and not isinstance(value.type, ListType | MapType):
        if go.kind == "pointer":
            return None
        raise FromCtyError("null value is not allowed")
    target = go.target()
    if value.is_unknown:
        raise FromCtyError("value must be known")
    if value.is_null:
        if target.kind in ("slice", "map", "bytes"):
            return None
        raise _likely_required(target)
    t = value.type
    if type(t) is PrimitiveType:
        # Primitive types are equal exactly when their names are: one test, not three.
        if t.name == "bool":
            if target.kind != "bool":
                raise _likely_required(target)
            return bool(value.payload)
        if t.name == "number":
            if target.kind not in ("int", "uint", "float", "duration"):
                raise _likely_required(target)
            return number_to_go(value.payload, target)
        if target.kind != "string":
            raise _likely_required(target)
        return str(value.payload)
    if isinstance(t, ListType | SetType):
        if target.kind not in ("slice", "bytes"):
            raise _likely_required(target)
        elem = TYPES["uint8"] if target.kind == "bytes" else target.element
        return [from_cty(v, elem) for v in value.elements()]
    if isinstance(t, MapType):
        if target.kind != "map":
            raise _likely_required(target)
        return {k: from_cty(v, target.element) for k, v in value.attributes().items()}
    raise _likely_required(target)


@cache
def _decoding(go_type: str) -> tuple[GoType, GoType, Type]:
    """The Go type, the type behind its pointers, and its implied cty type.

    Cached: the model is generated and fixed, and types are immutable.
    """
    go = TYPES[go_type]
    return go, go.target(), implied_type(go)


def decode_expression(
    expr: Expression, ctx: EvalLike, go_type: str
) -> tuple[Any, list[Diagnostic]]:
    """`gohcl.Decoder.DecodeExpression` with Nomad's duration decoder registered."""
    go, target, implied = _decoding(go_type)
    if type(expr) is SyntaxExpr:
        plain = _plain_literal(expr.node, target)
        if plain is not UNSET:
            return plain, []
    if target.kind == "duration":
        return decode_duration(expr, ctx, go)
    # Imported here, after the literal fast path: most attributes never need it, and
    # an import statement costs a lookup on every call.
    from nomadqemu.values.convert import ConversionError, convert

    value, diags = expr.value(ctx)
    try:
        value = convert(value, implied)
    except ConversionError as exc:
        diags.append(_unsuitable("Unsuitable value type", f"Unsuitable value: {exc.message}", expr))
        return UNSET, diags
    try:
        return from_cty(value, go), diags
    except FromCtyError as exc:
        diags.append(_unsuitable("Unsuitable value type", f"Unsuitable value: {exc.message}", expr))
        return UNSET, diags


def _plain_literal(node: ast.Expr, target: GoType) -> Any:
    """The Go value of a literal that needs no evaluation, or UNSET.

    Most attributes are a quoted string, a number or a bool written out, going to a
    field of that very kind: the value is the literal's, and the conversions would
    change nothing. Anything else (a literal that does not fit, so that a diagnostic
    is due) is left to the general path, which gives the same value when it succeeds.
    """
    kind = target.kind
    if type(node) is ast.Template:
        part = node.parts[0] if len(node.parts) == 1 else None
        if type(part) is not ast.TemplateLiteral:
            return UNSET
        text = part.text
        if kind == "string":
            return Value.string(text).payload
        if kind == "duration":
            try:
                return parse_duration(text)
            except DurationError:
                return UNSET
        return UNSET
    if type(node) is ast.Literal:
        if node.kind == "number" and kind in ("int", "uint", "float"):
            number = number_literal(node.text)
            try:
                return number_to_go(number, target)
            except FromCtyError:
                return UNSET
        if node.kind == "bool" and kind == "bool":
            return node.text == "true"
        return UNSET
    if type(node) is ast.TupleCons and kind == "slice" and target.element.kind == "string":
        # `["a", "b"]` into a `[]string`: the tuple of strings converts to a list of the
        # same strings. (An empty `[]` is left to the general path.)
        texts = [plain_literal(item) for item in node.items]
        if texts and all(type(text) is str for text in texts):
            return texts
    return UNSET


def _unsuitable(summary: str, detail: str, expr: Expression) -> Diagnostic:
    return error(summary, detail, expr.start_span())


def decode_duration(expr: Expression, ctx: EvalLike, go: GoType) -> tuple[Any, list[Diagnostic]]:
    """Nomad's `decodeDuration`: a Go duration string or nanoseconds, as int64."""
    value, diags = expr.value(ctx)
    if value.is_null and not value.is_unknown:
        diags.append(_unsuitable("Unsuitable value", "Unsuitable duration value: nil", expr))
        return UNSET, diags
    if value.type == STRING and value.is_known:
        try:
            value = Value.integer(parse_duration(value.payload))
        except DurationError as exc:
            diags.append(
                _unsuitable("Unsuitable value type", f"Unsuitable duration value: {exc}", expr)
            )
            return UNSET, diags
    if value.type != NUMBER and value.is_known:
        diags.append(
            _unsuitable(
                "Unsuitable value type",
                f"Unsuitable value: expected a string but found {value.type.friendly_name()}",
                expr,
            )
        )
        return UNSET, diags
    try:
        if value.is_unknown:
            raise FromCtyError("value must be known")
        return number_to_go(value.payload, TYPES["int64"]), diags
    except FromCtyError as exc:
        diags.append(_unsuitable("Unsuitable value type", f"Unsuitable value: {exc.message}", expr))
        return UNSET, diags
