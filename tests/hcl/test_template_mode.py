"""`parse_template`: bare template text, as HCL's JSON syntax parses JSON strings."""

from __future__ import annotations

import pytest

from nomadqemu.hcl import ast, parse_template
from nomadqemu.span import Pos
from tests.hcl.helpers import shape


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello", "(tmpl 'hello')"),
        ("", "(tmpl '')"),
        ("${x}", "(wrap x)"),
        ("a ${x.y} b", "(tmpl 'a ' x.y ' b')"),
        ("one\ntwo %{ if c }y%{ endif }", "(tmpl 'one\\ntwo ' (if c ['y'] ['']))"),
        ("${x~}  \n  y", "(tmpl x '  y')"),
        ("$${x} %%{y} \\n", "(tmpl '${x} %{y} \\\\n')"),
        ("NQ_TEMPLATE_END\n", "(tmpl 'NQ_TEMPLATE_END\\n')"),
    ],
)
def test_bare_templates(text: str, expected: str) -> None:
    expr, diagnostics = parse_template(text.encode(), "j.json")
    assert diagnostics == []
    assert expr is not None
    assert shape(expr) == expected
    if isinstance(expr, ast.Template):
        assert not expr.heredoc


def test_positions_start_where_the_caller_says() -> None:
    expr, _ = parse_template(b"ab ${x}\n${y}", "j.json", Pos(3, 10, 40))
    assert isinstance(expr, ast.Template)
    assert expr.span.hcl_range() == "j.json:3,10-4,5"
    first, x, newline, y = expr.parts
    assert (first.span.start, x.span.start) == (Pos(3, 10, 40), Pos(3, 15, 45))
    assert newline.span.start == Pos(3, 17, 47)
    assert y.span.start == Pos(4, 3, 50)


def test_errors_are_go_s() -> None:
    expr, diagnostics = parse_template(b"%{ if x }", "j.json", Pos(3, 10, 40))
    assert expr is None
    assert [(d.span.hcl_range() if d.span else "", d.message) for d in diagnostics] == [
        (
            "j.json:3,19-19",
            "Unexpected end of template; The if directive at j.json:3,10-19 is missing its "
            "corresponding endif directive.",
        )
    ]
