"""Function calls: Go HCL's `FunctionCallExpr.Value` around the function protocol."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nomadqemu.diagnostics.record import Diagnostic, DiagnosticError
from nomadqemu.expr import evaluator, trycan
from nomadqemu.expr.context import EvalContext
from nomadqemu.expr.diag import dynamic_unknown, error, has_errors, start_span
from nomadqemu.expr.protocol import call_function, param_for
from nomadqemu.functions.spec import ArgError, Function, FunctionError
from nomadqemu.goquote import go_quote
from nomadqemu.hcl import ast
from nomadqemu.namesuggest import closest_suggestion
from nomadqemu.records import frozen_record
from nomadqemu.span import Span
from nomadqemu.values.convert import ConversionError, convert
from nomadqemu.values.types import DYNAMIC, ListType, SetType, TupleType, Type
from nomadqemu.values.value import Value

Result = tuple[Value, list[Diagnostic]]


@frozen_record
class Argument:
    """One argument: an expression, or an element of an expanded `...` argument."""

    expr: ast.Expr
    value: Value | None = None

    @property
    def start(self) -> Span:
        # Expanded elements all point at the expanding expression, as in Go.
        return start_span(self.expr) if self.value is None else self.expr.span

    def evaluate(self, ctx: EvalContext) -> Result:
        if self.value is not None:
            return self.value, []
        return evaluator.evaluate(self.expr, ctx)


def function_call(expr: ast.FunctionCall, ctx: EvalContext) -> Result:
    if not ctx.functions_allowed:
        return dynamic_unknown(), [
            error("Function calls not allowed", "Functions may not be called here.", expr.span)
        ]
    special = trycan.SPECIAL.get(expr.name)
    function = ctx.function(expr.name) if special is None else special
    if function is None:
        return dynamic_unknown(), [_unknown_function(expr, ctx)]
    args, diags = _arguments(expr, ctx)
    if args is None:
        return dynamic_unknown(), diags
    arity = _check_arity(expr, function, args)
    if arity is not None:
        return dynamic_unknown(), [arity]
    if special is not None:
        closures = [lambda arg=arg: arg.evaluate(ctx) for arg in args]
        return trycan.call(expr.name, closures, start_span(expr))

    values: list[Value] = []
    for i, arg in enumerate(args):
        param = param_for(function, i)
        assert param is not None
        if param.decode_expr is not None and arg.value is None:
            values.append(_decode_argument(param.decode_expr, arg.expr, param.type, diags))
            continue
        value, arg_diags = arg.evaluate(ctx)
        diags.extend(arg_diags)
        try:
            value = convert(value, param.type)
        except ConversionError as exc:
            diags.append(
                error(
                    "Invalid function argument",
                    f"Invalid value for {go_quote(param.name)} parameter: {exc.message}.",
                    arg.start,
                )
            )
        values.append(value)
    if has_errors(diags):
        return dynamic_unknown(), diags
    try:
        return call_function(function, values), diags
    except ArgError as exc:
        diags.append(_arg_error(expr, function, args, exc))
    except FunctionError as exc:
        diags.append(_call_failed(expr, exc.message))
    return dynamic_unknown(), diags


def _decode_argument(
    decoder: Callable[[Any], Value], expr: ast.Expr, ty: Type, diags: list[Diagnostic]
) -> Value:
    """HCL's custom expression decoders (`convert`'s type argument): the syntax tree
    itself is the argument; a failure reports the decoder's diagnostics."""
    try:
        return decoder(expr)
    except DiagnosticError as exc:
        diags.extend(exc.diagnostics)
        return Value.unknown(ty)


def _call_failed(expr: ast.FunctionCall, message: str) -> Diagnostic:
    return error(
        "Error in function call",
        f"Call to function {go_quote(expr.name)} failed: {message}.",
        start_span(expr),
    )


def _arg_error(
    expr: ast.FunctionCall, function: Function, args: list[Argument], exc: ArgError
) -> Diagnostic:
    param = param_for(function, exc.index)
    if param is None:
        return _call_failed(expr, exc.message)
    detail = f"Invalid value for {go_quote(param.name)} parameter: {exc.message}."
    if exc.index >= len(args):
        return error("Invalid function argument", detail, expr.span)
    return error("Invalid function argument", detail, args[exc.index].start)


def _unknown_function(expr: ast.FunctionCall, ctx: EvalContext) -> Diagnostic:
    # Go lists only the innermost context's functions, so inside a `for` expression
    # (a child scope without functions) there is never a suggestion.
    available = [*ctx.function_names(), *trycan.SPECIAL] if ctx.is_root else []
    name = expr.name
    if "::" in name:
        cut = name.rindex("::") + 2
        namespace, short = name[:cut], name[cut:]
        in_namespace = [n for n in available if n.startswith(namespace)]
        if not in_namespace:
            detail = f"There are no functions in namespace {go_quote(namespace)}."
        else:
            suggestion = closest_suggestion(short, in_namespace)
            hint = f" Did you mean {namespace}{suggestion}?" if suggestion else ""
            detail = f"There is no function named {go_quote(short)} in namespace {namespace}.{hint}"
        return error("Call to unknown function", detail, expr.name_span)
    suggestion = closest_suggestion(name, available)
    hint = f" Did you mean {go_quote(suggestion)}?" if suggestion else ""
    return error(
        "Call to unknown function",
        f"There is no function named {go_quote(name)}.{hint}",
        expr.name_span,
    )


def _arguments(
    expr: ast.FunctionCall, ctx: EvalContext
) -> tuple[list[Argument] | None, list[Diagnostic]]:
    """The argument list, with a final `...` argument expanded into its elements."""
    args = [Argument(a) for a in expr.args]
    if not expr.expand_final or not args:
        return args, []
    last = expr.args[-1]
    value, diags = evaluator.evaluate(last, ctx)
    if has_errors(diags):
        return None, diags
    if value.type == DYNAMIC or isinstance(value.type, TupleType | ListType | SetType):
        if value.is_null:
            diags.append(
                error(
                    "Invalid expanding argument value",
                    "The expanding argument (indicated by ...) must not be null.",
                    last.span,
                )
            )
            return None, diags
        if value.type == DYNAMIC or value.is_unknown:
            return None, diags
        return args[:-1] + [Argument(last, item) for item in value.elements()], diags
    diags.append(
        error(
            "Invalid expanding argument value",
            "The expanding argument (indicated by ...) must be of a tuple, list, or set type.",
            last.span,
        )
    )
    return None, diags


def _check_arity(
    expr: ast.FunctionCall, function: Function, args: list[Argument]
) -> Diagnostic | None:
    params = function.params
    if len(args) < len(params):
        qualifier = " at least" if function.var_param is not None else ""
        return error(
            "Not enough function arguments",
            f"Function {go_quote(expr.name)} expects{qualifier} {len(params)} argument(s). "
            f"Missing value for {go_quote(params[len(args)].name)}.",
            expr.close_paren_span,
        )
    if function.var_param is None and len(args) > len(params):
        return error(
            "Too many function arguments",
            f"Function {go_quote(expr.name)} expects only {len(params)} argument(s).",
            args[len(params)].start,
        )
    return None
