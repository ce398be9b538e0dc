"""`try` and `can`: they receive their arguments unevaluated (HCL's expression closures).

Each argument is evaluated on its own; `try` returns the first one that evaluates
without errors, `can` says whether its one argument does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.expr.diag import dynamic_unknown, error, has_errors
from nomadqemu.functions.spec import Function, Param
from nomadqemu.span import Span
from nomadqemu.values.types import BOOL
from nomadqemu.values.value import FALSE, TRUE, Value

Result = tuple[Value, list[Diagnostic]]
Closure = Callable[[], Result]


def _never_called(args: Sequence[Value]) -> Value:  # pragma: no cover - see `call`
    raise AssertionError("try and can are evaluated by the evaluator itself")


# Declared like the Go functions so that arity errors read the same.
SPECIAL: dict[str, Function] = {
    "try": Function(params=(), impl=_never_called, var_param=Param("expressions")),
    "can": Function(params=(Param("expression"),), impl=_never_called),
}


def call(name: str, closures: Sequence[Closure], call_start: Span) -> Result:
    """Run `try` or `can`; the evaluator has already checked the argument count."""
    if name == "can":
        return _can(closures[0])
    return _try(closures, call_start)


def _can(closure: Closure) -> Result:
    value, diags = closure()
    if has_errors(diags):
        return FALSE, []
    if not value.is_wholly_known:
        return Value.unknown(BOOL), []
    return TRUE, []


def _try(closures: Sequence[Closure], call_start: Span) -> Result:
    def failed(message: str) -> Result:
        detail = f'Call to function "try" failed: {message}.'
        return dynamic_unknown(), [error("Error in function call", detail, call_start)]

    if not closures:
        return failed("at least one argument is required")
    collected: list[Diagnostic] = []
    for closure in closures:
        value, diags = closure()
        collected.extend(diags)
        if has_errors(diags):
            continue
        if not value.is_wholly_known:
            return dynamic_unknown(), []
        return value, []
    lines = ["no expression succeeded:\n"]
    for diag in collected:
        if diag.span is not None:
            lines.append(f"- {diag.summary} (at {diag.span.hcl_range()})\n  {diag.detail}\n")
        else:
            lines.append(f"- {diag.summary}\n  {diag.detail}\n")
    lines.append("\nAt least one expression must produce a successful result")
    return failed("".join(lines))
