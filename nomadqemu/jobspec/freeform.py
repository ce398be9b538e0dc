"""Nomad's `decodeMapInterfaceType`: evaluating the free-form maps last.

`config`, scaling `policy`, proxy/upstream/gateway `config` and secret `config` are
`map[string]interface{}` fields. Their attributes are evaluated only after the whole
job decoded cleanly, and each value becomes plain data by `interfaceFromCtyValue`:
whole numbers that fit in int64 become ints, other numbers float64, a collection
whose elements are maps or objects becomes a list of those (map keys are dropped),
and a null value removes its key.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.hcl import ast
from nomadqemu.jobspec.decoder import Deferred
from nomadqemu.jobspec.hclbody import EvalLike, SyntaxExpr, error
from nomadqemu.jobspec.model import STRUCTS, TYPES, GoType
from nomadqemu.jobspec.plain import NOT_LITERAL, plain_literal
from nomadqemu.jobspec.sourcemap import Recorder
from nomadqemu.values.types import (
    ListType,
    MapType,
    ObjectType,
    PrimitiveType,
    SetType,
    TupleType,
    Type,
)
from nomadqemu.values.value import Value


class NotKnown(Exception):
    pass


def resolve(root: Any, go_type: str, ctx: EvalLike, rec: Recorder) -> list[Diagnostic]:
    """Replace every `Deferred` inside `root`, of Go type `go_type`, by its evaluated
    map, in place."""
    diags: list[Diagnostic] = []
    _walk(root, TYPES[go_type], ctx, rec, diags)
    return diags


def _walk(obj: Any, go: GoType, ctx: EvalLike, rec: Recorder, diags: list[Diagnostic]) -> None:
    """Visit what `obj` holds where the model says a free-form map may be, in the order
    of the job's fields; the rest of the job (most of it) is not entered."""
    kind = go.kind
    if kind == "pointer":
        go = go.target()
        kind = go.kind
    if kind == "struct":
        if not isinstance(obj, dict):
            return
        for name, field_type in _holders(go.struct or ""):
            value = obj.get(name)
            if isinstance(value, Deferred):
                obj[name] = _evaluate(value, ctx, rec, diags)
            elif value is not None:
                _walk(value, field_type, ctx, rec, diags)
    elif kind == "slice":
        if isinstance(obj, list):
            element = go.element
            for item in obj:
                _walk(item, element, ctx, rec, diags)
    elif kind == "map" and isinstance(obj, dict):
        element = go.element
        for key, value in obj.items():
            if isinstance(value, Deferred):
                obj[key] = _evaluate(value, ctx, rec, diags)
            elif value is not None:
                _walk(value, element, ctx, rec, diags)


@cache
def _holders(struct: str) -> tuple[tuple[str, GoType], ...]:
    """The fields of `struct` (JSON name, Go type) where a free-form map may be, in
    struct order. (Cached: the model is generated and fixed.)"""
    return tuple(
        (f.json, f.type) for f in STRUCTS[struct] if _may_hold_free_form(f.go_type, frozenset())
    )


def _may_hold_free_form(go_type: str, entered: frozenset[str]) -> bool:
    """Whether a value of `go_type` may hold a `map[string]interface{}` (what the
    decoder defers); `entered` stops recursive types."""
    go = TYPES[go_type]
    while go.kind in ("pointer", "slice"):
        go_type = go.elem or ""
        go = go.element
    if go.kind == "map":
        return go.element.kind == "interface" or _may_hold_free_form(go.elem or "", entered)
    if go.kind != "struct" or go.struct is None or go.struct in entered:
        return False
    inside = entered | {go.struct}
    return any(_may_hold_free_form(f.go_type, inside) for f in STRUCTS[go.struct])


def _evaluate(
    deferred: Deferred, ctx: EvalLike, rec: Recorder, diags: list[Diagnostic]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in sorted(deferred.attrs):
        attr = deferred.attrs[name]
        expr = attr.expr
        plain = plain_literal(expr.node) if type(expr) is SyntaxExpr else NOT_LITERAL
        if plain is NOT_LITERAL:
            value, more = expr.value(ctx)
            diags += more
            try:
                plain = to_interface(value)
            except NotKnown:
                diags.append(
                    error(
                        "unsuitable value type",
                        "Unsuitable value: value is not known",
                        expr.start_span(),
                    )
                )
                continue
        if plain is None:
            continue
        out[name] = plain
        rec.field(out, name, attr.span)
        node = getattr(expr, "node", None)
        if node is not None:
            note_nested(plain, node, rec)
    return out


def note_nested(plain: Any, node: ast.Expr, rec: Recorder) -> None:
    """Spans for the parts of a literal `[…]`/`{…}` (or of blocks read as attributes)."""
    while isinstance(node, ast.Parens):
        node = node.inner
    if isinstance(node, ast.TupleCons) and isinstance(plain, list):
        if len(node.items) != len(plain):
            return
        for index, (item, value) in enumerate(zip(node.items, plain, strict=True)):
            rec.field(plain, index, item.span)
            note_nested(value, item, rec)
    elif isinstance(node, ast.ObjectCons) and isinstance(plain, dict):
        for obj_item in node.items:
            key = obj_item.key.bare_name
            if key is None:
                key = literal_text(obj_item.key.expr)
            if key is not None and key in plain:
                rec.field(plain, key, obj_item.span)
                note_nested(plain[key], obj_item.value, rec)


def literal_text(node: ast.Expr) -> str | None:
    if isinstance(node, ast.Template) and all(
        isinstance(p, ast.TemplateLiteral) for p in node.parts
    ):
        return "".join(p.text for p in node.parts if isinstance(p, ast.TemplateLiteral))
    return None


def _is_collection_of_maps(t: Type) -> bool:
    if isinstance(t, ListType | SetType | MapType):
        return isinstance(t.element, MapType | ObjectType)
    if isinstance(t, TupleType):
        return bool(t.elements) and all(isinstance(e, MapType | ObjectType) for e in t.elements)
    return False


def to_interface(value: Value) -> Any:
    """`interfaceFromCtyValue`: a cty value as plain JSON-ready data."""
    if value.is_unknown:
        raise NotKnown
    if value.is_null:
        return None
    t = value.type
    if type(t) is PrimitiveType:
        # Primitive types are equal exactly when their names are: one test, not three.
        if t.name == "string":
            return value.payload
        if t.name == "bool":
            return bool(value.payload)
        n = value.payload
        if n.is_inf:
            return n.to_float()
        whole, exact = n.to_int64()
        return whole if exact else n.to_float()
    if isinstance(t, MapType | ObjectType):
        if _is_collection_of_maps(t):
            return [to_interface(v) for v in value.attributes().values()]
        return {k: to_interface(v) for k, v in value.attributes().items()}
    if isinstance(t, ListType | SetType | TupleType):
        return [to_interface(v) for v in value.elements()]
    return None
