"""References: `name.attr[0]`, `expr.attr`, `expr[key]`, and Nomad's runtime references."""

from __future__ import annotations

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.expr import evaluator
from nomadqemu.expr.access import get_attr, index
from nomadqemu.expr.context import EvalContext
from nomadqemu.expr.diag import dynamic_unknown, error, has_errors
from nomadqemu.goquote import go_quote
from nomadqemu.hcl import ast
from nomadqemu.namesuggest import closest_suggestion
from nomadqemu.span import Span
from nomadqemu.values.value import Value

Result = tuple[Value, list[Diagnostic]]


def step_key(step: ast.TraverseIndex) -> Value:
    """The constant key of a static index step (`[0]`, `["a"]`, legacy `.0`)."""
    key = step.key
    if isinstance(key, ast.Literal):
        return evaluator.literal_value(key)
    text = "".join(p.text for p in key.parts if isinstance(p, ast.TemplateLiteral))
    return Value.string(text)


def apply_step(value: Value, step: ast.Step) -> Result:
    if isinstance(step, ast.TraverseAttr):
        return get_attr(value, step.name, step.span)
    return index(value, step_key(step), step.span)


def apply_steps(value: Value, steps: tuple[ast.Step, ...]) -> Result:
    """Go's `Traversal.TraverseRel`: stop at the first failing step."""
    diags: list[Diagnostic] = []
    for step in steps:
        value, step_diags = apply_step(value, step)
        diags.extend(step_diags)
        if has_errors(step_diags):
            return dynamic_unknown(), diags
    return value, diags


def scope_traversal(expr: ast.ScopeTraversal, ctx: EvalContext) -> Result:
    root = ctx.lookup(expr.root)
    if root is not None:
        return apply_steps(root, expr.steps)
    if ctx.source is not None:
        return Value.string(runtime_reference_text(ctx.source, expr.span)), []
    if not ctx.variables_allowed:
        return dynamic_unknown(), [
            error("Variables not allowed", "Variables may not be used here.", expr.root_span)
        ]
    suggestion = closest_suggestion(expr.root, ctx.variable_names())
    hint = f" Did you mean {go_quote(suggestion)}?" if suggestion else ""
    return dynamic_unknown(), [
        error(
            "Unknown variable",
            f"There is no variable named {go_quote(expr.root)}.{hint}",
            expr.root_span,
        )
    ]


def runtime_reference_text(source: bytes, span: Span) -> str:
    """The text Nomad substitutes for a reference to an undefined root name.

    This follows jobspec2's `UndefinedVariable` hook byte for byte, quirks included:
    it looks left over spaces for `${`; if found, the text is widened to it and, on
    the right, each later `}` (reached over spaces only, starting one byte after the
    reference) adds the bytes before it, and the first other byte adds a `}`. A
    reference outside `${ }` is wrapped in one.
    """
    start, end = span.byte_offsets()  # a lazy span stays unpositioned
    text = source[start:end]
    bracketed = False
    i = start - 1
    while i >= 1:
        if source[i : i + 1] == b"{" and source[i - 1 : i] == b"$":
            bracketed = True
            text = source[i - 1 : start] + text
            break
        if source[i : i + 1] != b" ":
            break
        i -= 1
    if bracketed:
        for j in range(end + 1, len(source)):
            if source[j : j + 1] == b"}":
                text += source[end:j]
            elif source[j : j + 1] != b" ":
                text += b"}"
                break
    else:
        text = b"${" + text + b"}"
    return text.decode("utf-8", errors="replace")


def relative_traversal(expr: ast.RelativeTraversal, ctx: EvalContext) -> Result:
    source, diags = evaluator.evaluate(expr.source, ctx)
    value, step_diags = apply_steps(source, expr.steps)
    return value, diags + step_diags


def index_expr(expr: ast.Index, ctx: EvalContext) -> Result:
    collection, diags = evaluator.evaluate(expr.collection, ctx)
    key, key_diags = evaluator.evaluate(expr.key, ctx)
    diags += key_diags
    bracket = Span(expr.span.filename, expr.open_bracket_span.start, expr.span.end)
    value, index_diags = index(collection, key, bracket)
    return value, diags + index_diags
