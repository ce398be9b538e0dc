"""Function calls: arity, argument conversion, the null/unknown protocol, errors, try/can."""

from __future__ import annotations

from collections.abc import Sequence

from nomadqemu.diagnostics.record import Diagnostic, DiagnosticError, Severity
from nomadqemu.functions.spec import ArgError, Function, FunctionError, Param
from nomadqemu.hcl import ast
from nomadqemu.values.types import NUMBER, STRING, ListType
from nomadqemu.values.value import Value
from tests.expr.support import UPPER, columns, only_error, run, text_of, value_of


def _sum(args: Sequence[Value]) -> Value:
    total = args[0].payload
    for arg in args[1:]:
        total = total + arg.payload
    return Value.number(total)


def _half(args: Sequence[Value]) -> Value:
    if args[0].payload.to_int() % 2:
        raise ArgError(0, "an even number is required")
    return Value.number(args[0].payload / Value.integer(2).payload)


def _fail(args: Sequence[Value]) -> Value:
    raise FunctionError("it went wrong")


def _describe(args: Sequence[Value]) -> Value:
    return Value.string("null" if args[0].is_null else "value")


FUNCTIONS = {
    "upper": UPPER,
    "sum": Function(params=(Param("first", NUMBER),), var_param=Param("more", NUMBER), impl=_sum),
    "half": Function(params=(Param("num", NUMBER),), impl=_half),
    "fail": Function(params=(), impl=_fail),
    "describe": Function(
        params=(Param("v", allow_null=True, allow_dynamic_type=True),), impl=_describe
    ),
    "strings": Function(
        params=(Param("list", ListType(STRING)),),
        impl=lambda args: Value.integer(len(args[0].elements())),
    ),
}


def test_arguments_are_converted_to_parameter_types() -> None:
    assert text_of(value_of('sum("1", 2, "3.5")', functions=FUNCTIONS)) == "6.5"
    assert text_of(value_of("strings([1, true])", functions=FUNCTIONS)) == "2"


def test_expanding_the_final_argument() -> None:
    assert text_of(value_of("sum(1, [2, 3]...)", functions=FUNCTIONS)) == "6"


def test_expanding_something_that_is_not_a_sequence() -> None:
    diag = only_error('sum(1, "x"...)', functions=FUNCTIONS)
    assert diag.message == (
        "Invalid expanding argument value; The expanding argument (indicated by ...) must "
        "be of a tuple, list, or set type."
    )


def test_not_enough_arguments_points_at_the_closing_paren() -> None:
    diag = only_error("upper( )", functions=FUNCTIONS)
    assert diag.message == (
        'Not enough function arguments; Function "upper" expects 1 argument(s). '
        'Missing value for "str".'
    )
    assert columns(diag) == (8, 9)


def test_not_enough_arguments_for_a_variadic_function() -> None:
    diag = only_error("sum()", functions=FUNCTIONS)
    assert (
        diag.detail == 'Function "sum" expects at least 1 argument(s). Missing value for "first".'
    )


def test_too_many_arguments_points_at_the_first_extra() -> None:
    diag = only_error('upper("a", "bc")', functions=FUNCTIONS)
    assert (
        diag.message == 'Too many function arguments; Function "upper" expects only 1 argument(s).'
    )
    # A quoted argument starts inside its quotes, as Go's StartRange does.
    assert columns(diag) == (13, 15)


def test_unconvertible_argument_points_at_its_start() -> None:
    diag = only_error("upper([1])", functions=FUNCTIONS)
    assert diag.message == (
        'Invalid function argument; Invalid value for "str" parameter: string required, '
        "but have tuple."
    )
    assert columns(diag) == (7, 8)


def test_null_argument_is_refused_unless_allowed() -> None:
    diag = only_error("upper(null)", functions=FUNCTIONS)
    assert diag.detail == 'Invalid value for "str" parameter: argument must not be null.'
    assert value_of("describe(null)", functions=FUNCTIONS).payload == "null"


def test_unknown_argument_gives_an_unknown_result_without_calling() -> None:
    value, diags = run("upper([][0])", functions=FUNCTIONS)
    # The argument's own error stops the call; the result is unknown.
    assert value.is_unknown and [d.summary for d in diags] == ["Invalid index"]


def test_arg_error_and_function_error() -> None:
    diag = only_error("half(3)", functions=FUNCTIONS)
    assert diag.message == (
        'Invalid function argument; Invalid value for "num" parameter: an even number is required.'
    )
    diag = only_error("fail()", functions=FUNCTIONS)
    assert diag.message == 'Error in function call; Call to function "fail" failed: it went wrong.'
    assert columns(diag) == (1, 6)


def test_unknown_function_with_suggestion() -> None:
    diag = only_error('Upper("x")', functions=FUNCTIONS)
    assert diag.message == (
        'Call to unknown function; There is no function named "Upper". Did you mean "upper"?'
    )
    assert columns(diag) == (1, 6)
    assert only_error("nothing_like_it()", functions=FUNCTIONS).detail == (
        'There is no function named "nothing_like_it".'
    )


def test_try_returns_the_first_success() -> None:
    assert text_of(value_of("try([][0], {a = 1}.b, 3)")) == "3"
    assert value_of("try(null, 1)").is_null


def test_try_reports_every_failure() -> None:
    diag = only_error("try([][0])")
    assert diag.summary == "Error in function call"
    assert diag.detail.startswith('Call to function "try" failed: no expression succeeded:\n')
    assert "- Invalid index (at test.hcl:1,7-10)\n" in diag.detail
    assert diag.detail.endswith("At least one expression must produce a successful result.")


def test_try_without_arguments() -> None:
    diag = only_error("try()")
    assert diag.detail == 'Call to function "try" failed: at least one argument is required.'


def test_can() -> None:
    assert value_of("can(1 + 1)").payload is True
    assert value_of('can(1 + "x")').payload is False
    diag = only_error("can(1, 2)")
    assert diag.detail == 'Function "can" expects only 1 argument(s).'


def test_without_a_scope_functions_are_not_allowed() -> None:
    from nomadqemu.expr import EvalContext, evaluate
    from tests.expr.support import parse

    _, diags = evaluate(parse("upper(1)"), EvalContext.unscoped())
    assert [d.summary for d in diags] == ["Function calls not allowed"]


def test_untyped_null_gives_an_unknown_result_unless_dynamic_types_are_allowed() -> None:
    # A literal null has cty's dynamic pseudo-type, which cty refuses to pass on.
    strict = dict(
        FUNCTIONS, describe=Function(params=(Param("v", allow_null=True),), impl=_describe)
    )
    value, diags = run("describe(null)", functions=strict)
    assert value.is_unknown and not diags


def test_no_suggestion_inside_a_for_expression() -> None:
    # Go looks for suggestions in the innermost scope only, which has no functions.
    _, diags = run('[for x in [1]: Upper("a")]', functions=FUNCTIONS)
    assert diags[0].detail == 'There is no function named "Upper".'


def _root_name(expr: ast.Expr) -> Value:
    if isinstance(expr, ast.ScopeTraversal):
        return Value.string(expr.root)
    raise DiagnosticError([Diagnostic(Severity.ERROR, "Not a name", "", expr.span)])


NAMED = Function(
    params=(Param("name", STRING, decode_expr=_root_name),),
    impl=lambda args: args[0],
)


def test_custom_decoded_arguments_are_not_evaluated() -> None:
    assert value_of("named(no_such_variable)", functions={"named": NAMED}).payload == (
        "no_such_variable"
    )
    value, diags = run("named(1)", functions={"named": NAMED})
    assert value.is_unknown and [d.summary for d in diags] == ["Not a name"]


def test_a_wrapped_interpolation_argument_starts_after_its_quote() -> None:
    diag = only_error('upper("${[1]}")', functions=FUNCTIONS)
    assert columns(diag) == (8, 15)


def test_not_a_number_inside_a_function_is_reported_like_a_go_panic() -> None:
    def _nan(args: Sequence[Value]) -> Value:
        return Value.number(args[0].payload * Value.integer(0).payload)

    functions = {"nan": Function(params=(Param("x", NUMBER),), impl=_nan)}
    diag = only_error("nan(1/0)", functions=functions)
    assert diag.detail.startswith(
        'Call to function "nan" failed: panic in function implementation: '
    )


def test_namespaced_call_to_an_unknown_namespace() -> None:
    diag = only_error("provider :: upper ( 1 )", functions=FUNCTIONS)
    assert diag.message == (
        'Call to unknown function; There are no functions in namespace "provider::".'
    )
    # The subject is the whole name, from the namespace to the last name.
    assert columns(diag) == (1, 18)


def test_namespaced_call_within_a_known_namespace() -> None:
    functions = {**FUNCTIONS, "ns::upper": FUNCTIONS["upper"]}
    diag = only_error("ns::uper(1)", functions=functions)
    # Go compares the short name with the full names, so it never comes close enough.
    assert diag.detail == 'There is no function named "uper" in namespace ns::.'
    assert value_of('ns :: upper("a")', functions=functions).payload == "A"
