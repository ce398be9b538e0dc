"""Syntax errors: Go HCL's summary, detail and position, as Nomad prints them."""

from __future__ import annotations

import pytest

from nomadqemu.hcl import ast, parse_expression, parse_file
from tests.hcl.helpers import errors_of, first_error

NO_NEWLINE = "Missing newline after argument; An argument definition must end with a newline."
NO_EXPR = (
    "Invalid expression; Expected the start of an expression, but found an invalid "
    "expression token."
)


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("a = 1 b = 2\n", "1,7-8", NO_NEWLINE),
        ("a = 1_000\n", "1,6-10", NO_NEWLINE),
        ("a = 0x10\n", "1,6-9", NO_NEWLINE),
        ("a = 1e\n", "1,6-7", NO_NEWLINE),
        (
            "a = 1, b = 2\n",
            "1,6-7",
            "Unexpected comma after argument; Argument definitions must be separated by "
            "newlines, not commas. An argument definition must end with a newline.",
        ),
        ("a = .5\n", "1,5-6", NO_EXPR),
        ("a = 1 <> 2\n", "1,8-9", NO_EXPR),
        ("a = [1, }\n", "1,9-10", NO_EXPR),
        (
            "a = 1e2.5\n",
            "1,5-10",
            "Invalid number literal; Failed to recognize the value of this number literal.",
        ),
        (
            "a = x.0.1\n",
            "1,7-10",
            "Invalid legacy index syntax; When using the legacy index syntax, chaining two "
            "indexes together is not permitted. Use the proper index syntax instead, like [0][1].",
        ),
        (
            "a = 1\na = 2\n",
            "2,1-2",
            'Attribute redefined; The argument "a" was already set at t.hcl:1,1-2. Each '
            "argument may be set only once.",
        ),
        (
            'a = "x\ny"\n',
            "1,7-2,1",
            "Invalid multi-line string; Quoted strings may not be split over multiple lines. To "
            "produce a multi-line string, either use the \\n escape to represent a newline "
            'character or use the "heredoc" multi-line template syntax.',
        ),
        (
            'a = "\\x"\n',
            "1,6-8",
            'Invalid escape sequence; The symbol "x" is not a valid escape sequence selector.',
        ),
        (
            'a = "\\u12"\n',
            "1,6-10",
            "Invalid escape sequence; The \\u escape sequence must be followed by four "
            "hexadecimal digits.",
        ),
        (
            "a = 2 & 3\n",
            "1,7-8",
            "Unsupported operator; Bitwise operators are not supported. Did you mean boolean "
            'AND ("&&")?',
        ),
        (
            "a = 'x'\n",
            "1,5-6",
            'Invalid character; Single quotes are not valid. Use double quotes (") to enclose '
            "strings.",
        ),
        (
            "b {\n  a = 1\n",
            "1,3-4",
            "Unclosed configuration block; There is no closing brace for this block before the "
            "end of the file. This may be caused by incorrect brace nesting elsewhere in this "
            "file.",
        ),
        (
            "a = [1, 2\n",
            "1,5-6",
            "Unterminated tuple constructor expression; There is no corresponding closing "
            "bracket before the end of the file. This may be caused by incorrect bracket "
            "nesting elsewhere in this file.",
        ),
        (
            "b { a = 1, c = 2 }\n",
            "1,10-11",
            "Invalid single-argument block definition; Single-line block syntax can include "
            "only one argument definition. To define multiple arguments, use the multi-line "
            "block syntax with one argument definition per line.",
        ),
        (
            "b {\n  c { d = 1 } e = 2\n}\n",
            "2,15-16",
            "Missing newline after block definition; A block definition must end with a newline.",
        ),
        (
            'b "x"\n{\n}\n',
            "1,6-2,1",
            "Invalid block definition; A block definition must have block content delimited "
            'by "{" and "}", starting on the same line as the block header.',
        ),
        (
            "b\n{\n}\n",
            "1,1-2",
            "Argument or block definition required; An argument or block definition is required "
            'here. To set an argument, use the equals sign "=" to introduce the argument value.',
        ),
        (
            "for k in [1]: k\n",
            "1,10-11",
            "Invalid block definition; Either a quoted string block label or an opening brace "
            '("{") is expected here.',
        ),
        (
            '"a" = 1\n',
            "1,1-2",
            "Invalid argument name; Argument names must not be quoted.",
        ),
        (
            'a = "%{if true}y"\n',
            "1,17-18",
            "Unexpected end of template; The if directive at t.hcl:1,6-16 is missing its "
            "corresponding endif directive.",
        ),
        (
            'a = "%{endif}"\n',
            "1,6-14",
            "Unexpected endif directive; The control directives within this template are "
            "unbalanced.",
        ),
        (
            'a = "%{elif x}"\n',
            "1,8-12",
            'Invalid template control keyword; "elif" is not a valid template control keyword. '
            'Did you mean "if"?',
        ),
        (
            "a = <<EOT\nno end\n",
            "3,1-1",
            "Unterminated template string; No closing marker was found for the string.",
        ),
        (
            "a = [for x, y, z in v: x]\n",
            "1,14-15",
            "Invalid 'for' expression; For expression requires the 'in' keyword after its name "
            "declarations.",
        ),
        (
            "a = {a = 1 b = 2}\n",
            "1,12-13",
            "Missing attribute separator; Expected a newline or comma to mark the beginning of "
            "the next attribute.",
        ),
        (
            "a = f(1 2)\n",
            "1,9-10",
            "Missing argument separator; A comma is required to separate each function "
            "argument from the next.",
        ),
    ],
)
def test_first_error_matches_go(text: str, where: str, message: str) -> None:
    assert first_error(text) == (where, message)


def test_every_syntax_error_is_a_coded_error_diagnostic() -> None:
    errors = errors_of("a = [1,\nb = {\n")
    assert errors
    assert all(d.code == "NQ001" and d.span is not None for d in errors)


def test_valid_forms_have_no_error() -> None:
    text = (
        "a = 1 # comment\n"
        "b = 2 // comment\n"
        "c = 3 /* inline */\n"
        "d { e = 1 }\n"
        "f {\n}\n"
        'g "x" y {}\n'
        "h = {\n  a = 1,\n  b = 2\n}\n"
        "i = [\n  1,\n  2,\n]\n"
    )
    assert errors_of(text) == []


def test_parse_expression_reports_extra_characters() -> None:
    expr, diagnostics = parse_expression(b"1 2", "arg")
    assert expr is None
    assert [(d.span.hcl_range() if d.span else "", d.summary) for d in diagnostics] == [
        ("arg:1,3-4", "Extra characters after expression")
    ]


def test_nested_splats_and_computed_indexes_after_a_splat_are_valid() -> None:
    # Go's parser recurses after `[*]`, so these are ordinary splats; only a splat
    # inside an attribute-only splat (`x.*.y.*`) is a syntax error.
    assert errors_of("a = x[*].y[*].z\nb = x[*].y[v]\nc = x[*].y.*.z\nd = x[ * ][*]\n") == []
    assert first_error("a = x.*.y.*.z\n")[1].startswith("Nested splat expression not allowed; ")


def test_nested_splat_spans_follow_go() -> None:
    tree, diagnostics = parse_file(b"a = xs[*].ys[k].z\n", "t.hcl")
    assert diagnostics == [] and tree is not None
    expr = tree.body.items[0].expr  # type: ignore[union-attr]  # an attribute
    assert isinstance(expr, ast.Splat) and expr.each_expr is not None
    assert expr.span.hcl_range() == "t.hcl:1,5-18"
    # Inside the splat Go's `from` is the element placeholder, which spans the marker.
    assert expr.each_expr.span.hcl_range() == "t.hcl:1,7-18"
    index = expr.each_expr.source  # type: ignore[union-attr]  # (rel (index …) .z)
    assert isinstance(index, ast.Index)
    assert index.span.hcl_range() == "t.hcl:1,7-16"


def test_chained_legacy_indexes_are_one_error() -> None:
    for text, pair in (("a = [[1]].2.3\n", "[2][3]"), ("a = {b = [[1]]}.b.0.0.c\n", "[0][0]")):
        errors = errors_of(text)
        assert len(errors) == 1
        assert errors[0].summary == "Invalid legacy index syntax"
        assert errors[0].detail.endswith(f"Use the proper index syntax instead, like {pair}.")
