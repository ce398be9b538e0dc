"""Operators Go scans as separate tokens: `[ * ]`, `. *` and `name :: name`."""

from __future__ import annotations

import pytest

from nomadqemu.hcl import ast, parse_expression
from nomadqemu.hcl.gaps import close_gaps
from tests.hcl.helpers import expr_of, first_error, shape


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a[ * ].id", "(splat[*] a .id)"),
        ("a[*  ]", "(splat[*] a )"),
        ("a[ /* all */ * ] [ 0 ].c", "(splat[*] a [number:0].c)"),
        ("a. * .b", "(splat.* a .b)"),
        ("a . * . b . c", "(splat.* a .b.c)"),
        ("a.* .b", "(splat.* a .b)"),
        ("provider :: fn ( 1 )", "(call provider::fn number:1)"),
        ("p ::q:: r(1, 2)", "(call p::q::r number:1 number:2)"),
        ('"x-${p :: f(2)}"', "(tmpl 'x-' (call p::f number:2))"),
    ],
)
def test_spaced_operators_parse_as_go_reads_their_tokens(text: str, expected: str) -> None:
    assert shape(expr_of(text)) == expected


def test_spaced_full_splat_marker_covers_the_brackets() -> None:
    expr = expr_of("a[ * ].id")
    assert isinstance(expr, ast.Splat)
    assert expr.marker_span.hcl_range() == "t.hcl:1,6-11"
    assert expr.span.hcl_range() == "t.hcl:1,5-14"


def test_spaced_attribute_splat_marker_covers_dot_and_star() -> None:
    expr = expr_of("a .  * .b")
    assert isinstance(expr, ast.Splat)
    assert expr.marker_span.hcl_range() == "t.hcl:1,7-11"


def test_spaced_namespace_name_span_ends_at_the_last_name() -> None:
    expr = expr_of("provider :: fn ( 1 )")
    assert isinstance(expr, ast.FunctionCall)
    assert expr.name_span.hcl_range() == "t.hcl:1,5-19"
    assert expr.open_paren_span.hcl_range() == "t.hcl:1,20-21"


def test_spaced_namespace_in_a_standalone_expression() -> None:
    expr, diagnostics = parse_expression(b"ns :: f()", "-var")
    assert diagnostics == []
    assert isinstance(expr, ast.FunctionCall)
    assert expr.name == "ns::f"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "v = p :: (1)\n",
            "1,10-11",
        ),
        ("v = p :: f\n", "1,11-2,1"),
    ],
)
def test_broken_namespaces_still_report_go_errors(text: str, expected: str) -> None:
    where, _ = first_error(text)
    assert where == expected


def test_text_without_gaps_is_left_alone() -> None:
    source = b'v = a[*].b\nw = "[ * ]"\n'
    assert close_gaps(source) == source


def test_strings_and_comments_are_not_closed_up() -> None:
    source = b'v = "a[ * ] p :: f" # x[ * ]\n'
    assert close_gaps(source) == source
