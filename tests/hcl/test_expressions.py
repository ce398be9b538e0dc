"""Expression node shapes: the same kinds Go's hclsyntax parser produces."""

from __future__ import annotations

import pytest

from nomadqemu.hcl import ast
from tests.hcl.helpers import expr_of, parse_ok, shape

CASES = [
    # literals
    ("1", "number:1"),
    ("1.5", "number:1.5"),
    ("true", "bool:true"),
    ("null", "null:null"),
    # traversals: literal keys are traversal steps, other keys are Index
    ("a", "a"),
    ("a.b.c", "a.b.c"),
    ("a[0]", "a[number:0]"),
    ('a["k"]', "a[(tmpl 'k')]"),
    ("a.0", "a[number:0]"),
    ("a[b]", "(index a b)"),
    ("a[-1]", "(index a (- number:1))"),
    ("a[b].c", "(rel (index a b) .c)"),
    ("f(x).y[0]", "(rel (call f x) .y[number:0])"),
    ("(a).b", "(rel (paren a) .b)"),
    # splats
    ("a[*]", "(splat[*] a )"),
    ("a[*].b[0].c", "(splat[*] a .b[number:0].c)"),
    ("a.*.b", "(splat.* a .b)"),
    ("a.*.b[0]", "(rel (splat.* a .b) [number:0])"),
    ("a.*.b.0", "(splat.* a .b[number:0])"),
    # after `[*]` everything applies to each element, as Go's parser recurses there
    ("a[*].b[*].c", "(splat[*] a (splat[*] (rel <item> .b) .c))"),
    ("a[*].b[i].c", "(splat[*] a (rel (index (rel <item> .b) i) .c))"),
    ("a[*].b.*.c", "(splat[*] a (splat.* (rel <item> .b) .c))"),
    ("a[*][*]", "(splat[*] a (splat[*] <item> ))"),
    ("a.*.b[*].c", "(splat[*] (splat.* a .b) .c)"),
    # calls
    ("f()", "(call f )"),
    ("f(1, x...)", "(call f number:1 x...)"),
    ("provider::ns::f(1)", "(call provider::ns::f number:1)"),
    # operators: precedence and left associativity as Go's parseBinaryOps
    ("1 + 2 * 3", "(+ number:1 (* number:2 number:3))"),
    ("a - b - c", "(- (- a b) c)"),
    ("a || b && c", "(|| a (&& b c))"),
    ("a == b != c", "(!= (== a b) c)"),
    ("1 < 2 == true", "(== (< number:1 number:2) bool:true)"),
    ("-a.b + 1", "(+ (- a.b) number:1)"),
    ("!a && b", "(&& (! a) b)"),
    ("- -1", "(- (- number:1))"),
    ("a % b / c", "(/ (% a b) c)"),
    # conditionals are right-associative
    ("a ? b : c ? d : e", "(? a b (? c d e))"),
    ("a ? b ? c : d : e", "(? a (? b c d) e)"),
    ("a + 1 ? b : c", "(? (+ a number:1) b c)"),
    # collections
    ("[]", "[]"),
    ("[1, 2,]", "[number:1 number:2]"),
    (
        '{a = 1, "b" = 2, (c) = 3, d: 4}',
        "{bare:a=number:1 (tmpl 'b')=number:2 (paren c)=number:3 bare:d=number:4}",
    ),
    ("{a.b = 1}", "{a.b=number:1}"),
    ("{\n  a = 1\n  b = 2\n}", "{bare:a=number:1 bare:b=number:2}"),
    # for expressions
    ("[for v in x : v]", "(for None v in x : v)"),
    ("[for k, v in x : v if k]", "(for k v in x : v if k)"),
    ("{for k, v in x : k => v...}", "(for k v in x : k => v...)"),
    # templates
    ('"abc"', "(tmpl 'abc')"),
    ('""', "(tmpl '')"),
    ('"${x}"', "(wrap x)"),
    ('"a${x}b"', "(tmpl 'a' x 'b')"),
    ('"${x}${y}"', "(tmpl x y)"),
    ('"%{if c}y%{else}n%{endif}"', "(tmpl (if c ['y'] ['n']))"),
    ('"%{if c}y%{endif}"', "(tmpl (if c ['y'] ['']))"),
    ('"%{for k, v in m}${k}%{endfor}"', "(tmpl (tfor k v m [k]))"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_expression_shape(text: str, expected: str) -> None:
    assert shape(expr_of(text)) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (r'"a\nb"', "a\nb"),
        (r'"\t\"\\"', '\t"\\'),
        (r'"\u00e9\U0001F600"', "é\U0001f600"),
        ('"$${x}%%{y}"', "${x}%{y}"),
        ('"$$x %%y"', "$$x %%y"),
        # Go reads escapes left to right: `$` then the escape `$${`, so no interpolation.
        ('"$$${x}"', "$${x}"),
        ('"$$$${x} %%%{y}"', "$$${x} %%{y}"),
        ('"e\u0301"', "\u00e9"),  # NFC: e + combining acute becomes é
    ],
)
def test_string_escapes_and_nfc(text: str, value: str) -> None:
    expr = expr_of(text)
    assert isinstance(expr, ast.Template)
    assert len(expr.parts) == 1
    part = expr.parts[0]
    assert isinstance(part, ast.TemplateLiteral)
    assert part.text == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"a  ${~x}  b"', "(tmpl 'a' x '  b')"),
        ('"a  ${x~}  b"', "(tmpl 'a  ' x 'b')"),
        ('"x %{~ if c ~} y %{~ else ~} n %{~ endif ~} z"', "(tmpl 'x' (if c ['y'] ['n']) 'z')"),
        ('"${x~} "', "(tmpl x '')"),
    ],
)
def test_strip_markers(text: str, expected: str) -> None:
    assert shape(expr_of(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<<EOT\nhello\nEOT", "(tmpl 'hello\\n')"),
        ("<<EOT\n  hello\n    EOT", "(tmpl '  hello\\n')"),
        ("<<-EOT\n    a\n      b\n    EOT", "(tmpl 'a\\n  b\\n')"),
        ("<<-EOT\n    a\n\n      b\n  EOT", "(tmpl 'a\\n\\n  b\\n')"),
        # Go keeps the literal emptied by the indentation removal as a part.
        ("<<-EOT\n  ${x}\n    b\n  EOT", "(tmpl '' x '\\n  b\\n')"),
        ("<<EOT\n${x}\nEOT", "(tmpl x '\\n')"),
        ("<<EOT\nEOT", "(tmpl '')"),
        ("<<EOT\na\\nb $${x}\nEOT", "(tmpl 'a\\\\nb ${x}\\n')"),
        # `~` trims only the newline token next to it.
        (
            "<<EOT\n%{ for x in y ~}\n${x}\n%{ endfor ~}\nEOT",
            "(tmpl (tfor None x y ['' x '\\n']) '')",
        ),
    ],
)
def test_heredocs(text: str, expected: str) -> None:
    expr = expr_of(text + "\n")
    assert shape(expr) == expected
    assert isinstance(expr, ast.Template)
    assert expr.heredoc


def test_exponent_without_fraction_is_one_number() -> None:
    for text in ("1e3", "1E3", "1e-5", "2e+10", "12E0"):
        assert shape(expr_of(text)) == f"number:{text}"
    assert shape(expr_of("[1e3, 2E-1]")) == "[number:1e3 number:2E-1]"
    assert shape(expr_of("f(1e3) + 1.5e3")) == "(+ (call f number:1e3) number:1.5e3)"
    assert shape(expr_of('"${1e3}"')) == "(wrap number:1e3)"
    # Go reads `1.e3` as one number (tree-sitter alone reads `1` and an attribute `e3`).
    assert shape(expr_of("1.e3 + 1.E-2")) == "(+ number:1.e3 number:1.E-2)"
    # The legacy index syntax takes a number token too.
    assert shape(expr_of("x.1e3.y")) == "x[number:1e3].y"


def test_exponent_before_a_block_on_the_next_line() -> None:
    # tree-sitter reads this without an error, as `priority = 1` and a block `e2 g {}`.
    tree = parse_ok("priority = 1e2\ng {\n}\n")
    attribute = tree.body.attribute("priority")
    assert attribute is not None and shape(attribute.expr) == "number:1e2"
    assert [block.type for block in tree.body.blocks] == ["g"]
