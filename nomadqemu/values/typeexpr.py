"""HCL's `ext/typeexpr`: type expressions such as `list(string)` or `object({a=number})`.

Nomad reads `variable { type = … }` with `typeexpr.Type` (an *exact* type: `any` and
`optional(…)` are refused) and the `convert()` function's second argument with
`typeexpr.TypeConstraint` (`any` and one-argument `optional(T)` allowed). Errors carry
HCL's summary "Invalid type specification" and its detail text and ranges.
"""

from __future__ import annotations

from nomadqemu.diagnostics.record import Diagnostic, DiagnosticError, Severity
from nomadqemu.hcl import ast
from nomadqemu.span import Span
from nomadqemu.values.types import (
    BOOL,
    DYNAMIC,
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

INVALID_TYPE = "Invalid type specification"
_PRIMITIVES: dict[str, Type] = {"bool": BOOL, "string": STRING, "number": NUMBER}
_ONE_ARG = {
    "list": "The list type constructor requires one argument specifying the element type.",
    "set": "The set type constructor requires one argument specifying the element type.",
    "map": "The map type constructor requires one argument specifying the element type.",
    "object": "The object type constructor requires one argument specifying the attribute "
    "types and values as a map.",
    "tuple": "The tuple type constructor requires one argument specifying the element types "
    "as a list.",
}


class TypeExprError(DiagnosticError):
    """An invalid type expression: `message` is HCL's detail text, `span` its subject."""

    def __init__(self, message: str, span: Span, summary: str = INVALID_TYPE) -> None:
        self.message = message
        self.span = span
        self.summary = summary
        super().__init__([Diagnostic(Severity.ERROR, summary, message, span)])


def type_from_expr(expr: ast.Expr, constraint: bool = False) -> Type:
    """The type `expr` denotes: `typeexpr.Type`, or `TypeConstraint` when `constraint`."""
    return _get_type(expr, constraint)


def _unwrap(expr: ast.Expr) -> ast.Expr:
    while isinstance(expr, ast.Parens):
        expr = expr.inner
    return expr


def keyword(expr: ast.Expr) -> str:
    """`hcl.ExprAsKeyword`: the name of a lone identifier, else ""."""
    expr = _unwrap(expr)
    if isinstance(expr, ast.ScopeTraversal) and not expr.steps:
        return expr.root
    return ""


def _args_span(call: ast.FunctionCall) -> Span:
    return call.open_paren_span.through(call.close_paren_span)


def _get_type(expr: ast.Expr, constraint: bool) -> Type:
    kw = keyword(expr)
    if kw in _PRIMITIVES:
        return _PRIMITIVES[kw]
    if kw == "any":
        if constraint:
            return DYNAMIC
        raise TypeExprError(
            f'The keyword "{kw}" cannot be used in this type specification: '
            "an exact type is required.",
            expr.span,
        )
    if kw in _ONE_ARG:
        raise TypeExprError(_ONE_ARG[kw], expr.span)
    if kw:
        raise TypeExprError(f'The keyword "{kw}" is not a valid type specification.', expr.span)

    call = _unwrap(expr)
    if not isinstance(call, ast.FunctionCall):
        raise TypeExprError(
            "A type specification is either a primitive type keyword (bool, number, string) "
            "or a complex type constructor call, like list(string).",
            expr.span,
        )
    name = call.name
    if name in _PRIMITIVES:
        raise TypeExprError(
            f'Primitive type keyword "{name}" does not expect arguments.', _args_span(call)
        )
    if name == "any":
        raise TypeExprError(
            f'Type constraint keyword "{name}" does not expect arguments.', _args_span(call)
        )
    if len(call.args) != 1 and name in _ONE_ARG:
        subject = _args_span(call)
        if len(call.args) > 1:
            subject = call.args[1].span.through(call.args[-1].span)
        raise TypeExprError(_ONE_ARG[name], subject)

    if name in ("list", "set", "map"):
        element = _get_type(call.args[0], constraint)
        if name == "list":
            return ListType(element)
        return SetType(element) if name == "set" else MapType(element)
    if name == "object":
        return _object_type(expr, call, constraint)
    if name == "tuple":
        items = _unwrap(call.args[0])
        if not isinstance(items, ast.TupleCons):
            raise TypeExprError(
                "Tuple type constructor requires a list of element types.", call.args[0].span
            )
        return TupleType(tuple(_get_type(item, constraint) for item in items.items))
    if name == "optional":
        raise TypeExprError(
            f'Keyword "{name}" is valid only as a modifier for object type attributes.',
            call.name_span,
        )
    raise TypeExprError(f'Keyword "{name}" is not a valid type constructor.', expr.span)


def _object_type(expr: ast.Expr, call: ast.FunctionCall, constraint: bool) -> Type:
    attr_defs = _unwrap(call.args[0])
    if not isinstance(attr_defs, ast.ObjectCons):
        raise TypeExprError(
            "Object type constructor requires a map whose keys are attribute names and "
            "whose values are the corresponding attribute types.",
            call.args[0].span,
        )
    attrs: dict[str, Type] = {}
    optional: set[str] = set()
    for item in attr_defs.items:
        name = item.key.bare_name or keyword(item.key.expr)
        if not name:
            raise TypeExprError(
                "Object constructor map keys must be attribute names.", item.key.span
            )
        if name in attrs:
            raise TypeExprError("Object constructor map keys must be unique.", item.key.span)
        aty_expr = item.value
        modifier = _unwrap(aty_expr)
        if isinstance(modifier, ast.FunctionCall) and modifier.name == "optional":
            if not modifier.args:
                raise TypeExprError(
                    "Optional attribute modifier requires the attribute type as its argument.",
                    _args_span(modifier),
                )
            if not constraint:
                raise TypeExprError(
                    "Optional attribute modifier is only for type constraints, "
                    "not for exact types.",
                    modifier.name_span,
                )
            if len(modifier.args) != 1:
                raise TypeExprError(
                    "Optional attribute modifier expects only one argument: the attribute type.",
                    _args_span(modifier),
                )
            optional.add(name)
            aty_expr = modifier.args[0]
        attrs[name] = _get_type(aty_expr, constraint)
    return ObjectType.of(attrs, frozenset(optional))


def type_string(t: Type) -> str:
    """`typeexpr.TypeString`: the type expression that denotes `t`."""
    if isinstance(t, DynamicType):
        return "any"
    if t in (STRING, NUMBER, BOOL):
        return t.friendly_name()
    if isinstance(t, ListType | SetType | MapType):
        kind = {ListType: "list", SetType: "set", MapType: "map"}[type(t)]
        return f"{kind}({type_string(t.element)})"
    if isinstance(t, TupleType):
        return "tuple([" + ",".join(type_string(e) for e in t.elements) + "])"
    assert isinstance(t, ObjectType)
    parts = []
    for name, aty in t.attributes:
        inner = type_string(aty)
        parts.append(f"{name}=optional({inner})" if name in t.optional else f"{name}={inner}")
    return "object({" + ",".join(parts) + "})"


def type_json(t: Type) -> str:
    """cty's JSON form of a type (`ctyjson.MarshalType`), compact."""
    if isinstance(t, DynamicType):
        return '"dynamic"'
    if t in (STRING, NUMBER, BOOL):
        return f'"{t.friendly_name()}"'
    if isinstance(t, ListType | SetType | MapType):
        kind = {ListType: "list", SetType: "set", MapType: "map"}[type(t)]
        return f'["{kind}",{type_json(t.element)}]'
    if isinstance(t, TupleType):
        return '["tuple",[' + ",".join(type_json(e) for e in t.elements) + "]]"
    assert isinstance(t, ObjectType)
    attrs = ",".join(f'"{k}":{type_json(a)}' for k, a in t.attributes)
    if t.optional:
        opt = ",".join(f'"{k}"' for k in sorted(t.optional))
        return '["object",{' + attrs + "},[" + opt + "]]"
    return '["object",{' + attrs + "}]"
