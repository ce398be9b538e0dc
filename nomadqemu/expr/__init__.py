"""The HCL2 expression evaluator, with Go HCL's (`hclsyntax`) and cty's semantics.

`evaluate(expr, ctx)` is HCL's `Expression.Value`: it returns a value and the
diagnostics explaining any failure; where something failed, the value is unknown.

How a failed expression becomes Nomad's ", and 1 other diagnostic(s)"
---------------------------------------------------------------------
Go's HCL turns most evaluation failures into an *unknown* result (`cty.DynamicVal` or
an unknown of the operation's type) besides the error itself. Nomad's jobspec2 then
decodes free-form maps such as a task's `config` with `decodeInterface`
(`jobspec2/parse_map.go`), whose `interfaceFromCtyValue` refuses unknown values, adding
a second error diagnostic:

    summary "unsuitable value type", detail "Unsuitable value: value is not known",
    at the attribute expression's start range (Go's `Expression.StartRange()`,
    available here as `nomadqemu.expr.diag.start_span`).

Nomad prints only the first diagnostic followed by ", and N other diagnostic(s)", so
an error that leaves the result unknown reads "…, and 1 other diagnostic(s)". Errors
that leave the result *known* have no such suffix: a null template part
("Invalid template interpolation value"), which Go skips while still producing a
string, and a duplicate key in a `for` expression, where the first value is kept.
Both operands failing to convert (`[1] < [2]`) give two errors plus the decode one:
", and 2 other diagnostic(s)". Callers reproduce Nomad by checking
`value.is_wholly_known`-style unknowns after evaluation: a top-level unknown value
(`value.is_unknown`) is what triggers the second diagnostic; an unknown nested inside a
known collection fails the same way once the decoder reaches it.
"""

from nomadqemu.expr.context import EvalContext
from nomadqemu.expr.evaluator import evaluate

__all__ = ["EvalContext", "evaluate"]
