"""Input variables and their values (`jobspec2/types.variables.go`).

A variable is declared by a `variable "name" {…}` block or an entry of a
`variables {…}` block. Values arrive, weakest first, from the default, `NOMAD_VAR_*`
environment variables, var files and `-var` arguments; the last one wins and is then
checked by the variable's `validation` blocks.
"""

from __future__ import annotations

import unicodedata

from nomadqemu.diagnostics.record import Diagnostic, Severity
from nomadqemu.hcl import ast
from nomadqemu.jobspec.hclbody import (
    Attr,
    AttrSchema,
    BlockSchema,
    EvalLike,
    Expression,
    HBlock,
    Schema,
    SyntaxExpr,
    error,
    has_errors,
)
from nomadqemu.jobspec.traversals import traversals
from nomadqemu.records import field, frozen_record, record
from nomadqemu.span import Span
from nomadqemu.values.types import BOOL, NUMBER, STRING, Type
from nomadqemu.values.value import Value

_BAD_IDENTIFIER = (
    "A name must start with a letter or underscore and may contain only letters, "
    "digits, underscores, and dashes."
)
_VARIABLE_SCHEMA = Schema(
    (AttrSchema("description"), AttrSchema("default"), AttrSchema("type")),
    (BlockSchema("validation"),),
)
_VALIDATION_SCHEMA = Schema((AttrSchema("condition", True), AttrSchema("error_message", True)))


@record
class Assignment:
    source: str  # "default", "env", "varfile" or "cmd"
    value: Value
    span: Span | None


@record
class Validation:
    condition: Expression | None
    error_message: str
    def_span: Span


@record
class Variable:
    name: str
    type: Type | None  # None is cty.NilType: no type given and no default
    span: Span | None
    values: list[Assignment] = field(default_factory=list)
    validations: list[Validation] = field(default_factory=list)
    description: str = ""

    def value(self) -> tuple[Value, list[Diagnostic]]:
        """`Variable.Value`: the last assignment, validated."""
        if not self.values:
            return Value.unknown(self.type or _dynamic()), [
                error(
                    f'Unset variable "{self.name}"',
                    "A used variable must be set or have a default value; see "
                    "https://developer.hashicorp.com/nomad/docs/reference/hcl2/variables  "
                    "for details.",
                    None,
                )
            ]
        last = self.values[-1]
        return last.value, self._validate(last)

    def _validate(self, last: Assignment) -> list[Diagnostic]:
        if not self.validations:
            return []
        from nomadqemu.expr import EvalContext
        from nomadqemu.jobspec.lazyfuncs import VALIDATION_FUNCTIONS
        from nomadqemu.values.convert import ConversionError, convert

        ctx = EvalContext({"var": Value.object_of({self.name: last.value})}, VALIDATION_FUNCTIONS)
        diags: list[Diagnostic] = []
        for rule in self.validations:
            if rule.condition is None:
                diags.append(
                    error(
                        "Invalid variable validation specification",
                        "validation requires a condition.",
                        rule.def_span,
                    )
                )
                continue
            result, more = rule.condition.value(ctx)
            diags += more
            if result.is_unknown:
                continue
            if result.is_null:
                diags.append(
                    error(
                        "Invalid variable validation result",
                        "Validation condition expression must return either true or false, "
                        "not null.",
                        rule.condition.span,
                    )
                )
                continue
            try:
                result = convert(result, BOOL)
            except ConversionError as exc:
                diags.append(
                    error(
                        "Invalid variable validation result",
                        f"Invalid validation condition result value: {exc.message}.",
                        rule.condition.span,
                    )
                )
                continue
            if result.payload is False:
                diags.append(
                    error(
                        f"Invalid value for {last.source} variable",
                        f"{rule.error_message}\n\nThis was checked by the validation rule at "
                        f"{rule.def_span.hcl_range()}.",
                        last.span or rule.def_span,
                    )
                )
        return diags


def _dynamic() -> Type:
    from nomadqemu.values.types import DYNAMIC

    return DYNAMIC


def valid_identifier(name: str) -> bool:
    """`hclsyntax.ValidIdentifier`."""
    if not name:
        return False
    first = name[0]
    if not (first == "_" or unicodedata.category(first).startswith("L") or first.isidentifier()):
        return False
    return all(ch in {"-", "_"} or ch.isalnum() or ("a" + ch).isidentifier() for ch in name)


def static_ctx() -> EvalLike:
    """The context Go's `Expr.Value(nil)` gets: no variables and no functions."""
    from nomadqemu.expr import EvalContext
    from nomadqemu.jobspec.hclbody import mark_static

    global _STATIC  # noqa: PLW0603  # one shared context, marked once
    if _STATIC is None:
        _STATIC = mark_static(EvalContext.unscoped())
    return _STATIC


_STATIC: EvalLike | None = None


def decode_static_string(expr: Expression) -> tuple[str | None, list[Diagnostic]]:
    from nomadqemu.jobspec.gotypes import UNSET, decode_expression

    value, diags = decode_expression(expr, static_ctx(), "string")
    return (None if value is UNSET else str(value)), diags


class Variables(dict[str, Variable]):
    def decode_entry(self, attr: Attr) -> list[Diagnostic]:
        """One entry of a `variables {…}` block."""
        if attr.name in self:
            return [
                error(
                    "Duplicate variable",
                    f"Duplicate {attr.name} variable definition found.",
                    attr.name_span,
                )
            ]
        value, diags = attr.expr.value(static_ctx())
        if has_errors(diags):
            return diags
        self[attr.name] = Variable(
            attr.name, value.type, attr.span, [Assignment("default", value, attr.expr.span)]
        )
        return diags

    def decode_block(self, block: HBlock) -> list[Diagnostic]:
        """A `variable "name" {…}` block."""
        from nomadqemu.values.convert import ConversionError, convert

        name = block.labels[0]
        if name in self:
            return [
                error("Duplicate variable", f"Duplicate {name} variable definition found.", None)
            ]
        content, diags = block.body.content(_VARIABLE_SCHEMA)
        if not valid_identifier(name):
            diags.append(error("Invalid variable name", _BAD_IDENTIFIER, block.label_spans[0]))
        var = Variable(name, None, block.def_span)
        description = content.attributes.get("description")
        if description is not None:
            text, more = decode_static_string(description.expr)
            diags += more
            var.description = text or ""
        type_attr = content.attributes.get("type")
        if type_attr is not None:
            declared, more = _type_of(type_attr)
            diags += more
            if has_errors(more):
                return diags
            var.type = declared
        default = content.attributes.get("default")
        if default is not None:
            value, more = default.expr.value(static_ctx())
            diags += more
            if has_errors(more):
                return diags
            if var.type is not None:
                try:
                    value = convert(value, var.type)
                except ConversionError as exc:
                    diags.append(
                        error(
                            "Invalid default value for variable",
                            "This default value is not compatible with the variable's type "
                            f"constraint: {exc.message}.",
                            default.expr.span,
                        )
                    )
                    value = Value.unknown()
            var.values.append(Assignment("default", value, default.expr.span))
            if var.type is None:
                var.type = value.type
        for nested in content.blocks:
            rule, more = _decode_validation(name, nested)
            diags += more
            var.validations.append(rule)
        self[name] = var
        return diags

    def values(self) -> tuple[dict[str, Value], list[Diagnostic]]:  # type: ignore[override]  # cty's Values(), not dict.values()
        out: dict[str, Value] = {}
        diags: list[Diagnostic] = []
        for name, var in self.items():
            value, more = var.value()
            diags += more
            out[name] = value
        return out, diags


def _type_of(attr: Attr) -> tuple[Type | None, list[Diagnostic]]:
    from nomadqemu.values.typeexpr import TypeExprError, type_from_expr

    node = getattr(attr.expr, "node", None)
    if node is None:
        return None, [error("Invalid type specification", "A type is required.", attr.expr.span)]
    try:
        return type_from_expr(node), []
    except TypeExprError as exc:
        summary = getattr(exc, "summary", "Invalid type specification")
        message = getattr(exc, "message", str(exc))
        return None, [error(summary, message, getattr(exc, "span", attr.expr.span))]


def _decode_validation(var_name: str, block: HBlock) -> tuple[Validation, list[Diagnostic]]:
    rule = Validation(None, "", block.def_span)
    content, diags = block.body.content(_VALIDATION_SCHEMA)
    condition = content.attributes.get("condition")
    if condition is not None:
        rule.condition = condition.expr
        good = 0
        node = getattr(condition.expr, "node", None)
        for ref in traversals(node) if node is not None else []:
            first = ref.steps[0] if ref.steps else None
            if ref.root == "var" and isinstance(first, ast.TraverseAttr) and first.name == var_name:
                good += 1
                continue
            diags.append(
                error(
                    "Invalid reference in variable validation",
                    f'The condition for variable "{var_name}" can only refer to the variable '
                    f"itself, using var.{var_name}.",
                    ref.span,
                )
            )
        if good < 1:
            diags.append(
                error(
                    "Invalid variable validation condition",
                    f'The condition for variable "{var_name}" must refer to var.{var_name} in '
                    "order to test incoming values.",
                    condition.expr.span,
                )
            )
    message = content.attributes.get("error_message")
    if message is not None:
        text, more = decode_static_string(message.expr)
        diags += more
        if not has_errors(more):
            rule.error_message = text or ""
            if not rule.error_message.strip():
                diags.append(
                    error(
                        "Invalid validation error message",
                        "An empty or blank string is not a valid nor useful error message.",
                        message.expr.span,
                    )
                )
    return rule, diags


def expression_from_text(
    filename: str, text: str, declared: Type | None
) -> tuple[Expression | None, list[Diagnostic]]:
    """`expressionFromVariableDefinition`: a string literal, or HCL for complex types."""
    if declared is None or declared in (STRING, NUMBER):
        return _Literal(Value.string(text)), []
    from nomadqemu.hcl import parse_expression

    node, diags = parse_expression(text.encode("utf-8"), filename)
    if node is None or has_errors(diags):
        return None, list(diags)
    return SyntaxExpr(node), list(diags)


@frozen_record
class _Literal:
    """A `LiteralValueExpr` with no source range (values from env and `-var`)."""

    literal: Value

    @property
    def span(self) -> Span:
        return _NO_SPAN

    def start_span(self) -> Span:
        return _NO_SPAN

    def value(self, ctx: EvalLike) -> tuple[Value, list[Diagnostic]]:
        return self.literal, []


from nomadqemu.span import Pos  # noqa: E402  # placed here to keep the public names first

_NO_SPAN = Span("", Pos(0, 0, 0), Pos(0, 0, 0))


def warning_or_error(strict: bool) -> Severity:
    return Severity.ERROR if strict else Severity.WARNING
