"""`ValueReader` reads multi-token values (lists and maps over several lines, calls,
operators) without tree-sitter. Whatever it reads must give exactly the tree the
general path builds, for a file Go accepts; whatever else it must refuse, leaving the
argument to tree-sitter."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nomadqemu.hcl import ast, parse_file, parser
from nomadqemu.hcl.context import ParseContext
from nomadqemu.hcl.expressions import ExprBuilder
from nomadqemu.hcl.valuereader import ValueReader
from tests.hcl.helpers import assert_read_as_general, plain_lines


def _read(value: bytes) -> ast.Expr | None:
    """What the reader makes of `x = VALUE` (the value through its line break)."""
    source = b"x =" + value + b"\n"
    ctx = ParseContext(source, "t.hcl")
    return ValueReader(ctx, ExprBuilder(ctx)).read(3, len(source))


def _no_tree_sitter(*args: object) -> None:
    raise AssertionError("the argument was given to tree-sitter")


READ = [
    b' [1, "a", 3.5, { k = "v" }]',
    b' { "KEY" = "VAL", "KEY2" = "VAL2" }',
    b" {}",
    b" [ ]",
    b" list(string)",
    b" f()",
    b" var.count > 0",
    b' var.n != "" && !var.off || x',
    b" 1 + 2 * 3 - -4 / (5 % 6)",
    b' merge(local.labels, { owner = "ops" })',
    b' join(" ", ["sh", "-c"])',
    b" [{ ssh = 22 }, { http = 80 }]",
    b' {"a": "b"}',
    b' [\n    "*/5 * * *",\n    "*/7 * * *"\n  ]',
    b" [\n  1,\n  2,\n]",
    b' {\n  prod = { count = 20, dcs = ["a", "b"] },\n  dev  = { count = 1, dcs = [] }\n}',
    b' {\n  source = "group"\n\n}',
    b' {\n  "key.dot" : "v1"\n  bare_key : "v2"\n} ',
    b" {\n  a = 1,\n  b = 2,\n}",
    b' format("id:%s",\n  group.value.idx)',
    b" x ? 1 : y ? 2 : 3",
    b" { a = x ? 1 : 2 }",
    b' "${NOMAD_TASK_NAME}" == "vm"',
    b" (\n  1 +\n  2\n)",
    b" [1 +\n  2, 3]",
    b" {\n  a = [\n    1,\n    2\n  ]\n  b = f(\n    3\n  )\n}",
    b" 1e3 * 2",
    b" a-b - c",
    b" [true, false, null]",
    b" [for s in x : s]",
    b' [for s in ["dc1", "dc2"] : upper(s)]',
    b" [for i, s in x : s if i > 0]",
    b" [for s in x :\n  s\n]",
    b" {for k in x : k => 1}",
    b' { for k, v in m : k => upper(v) if v != "" }',
    b' {for k in ["a", "b"]: k => "val-${k}" }',
    b" merge({for k in x : k => 1}, [for v in y : v])",
    b" x[0]",
    b" var.dcs[0]",
    b" local.envs[var.env].count",
    b' x["k"]',
    b" x[0][1].a.b",
    b" x[-1]",
    b" x[var.i + 1]",
    b" [1, 2][0]",
    b" (a)[0]",
    b" f(1).a",
    b" merge(a, b).x[0]",
    b' "${a}"[0]',
    b" { a = x[0], b = y.z }",
    b' "${a["b"]}" + 1',
    b' "app-${upper(var.dcs[0])}"',
    b' "${env["BLAH"]}"',
    b' "a ${ f(x) } b"',
    b' "${x}${f(y)}"',
    b' "$5 %d ${f(1)}"',
    b' "${"x"}"',
    b' "${[1, 2]}"',
    b' ["${f(1)}", "${x}-${y[0]}"]',
]


@pytest.mark.parametrize("value", READ)
def test_values_it_reads(value: bytes) -> None:
    assert _read(value) is not None


@pytest.mark.parametrize("value", READ)
def test_what_it_reads_is_the_general_tree(value: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    for source in (
        b"x =" + value + b"\n",
        b"x =" + value + b" # a comment\n",
        b'job "j" {\n  group "g" {\n    x =' + value + b"\n    y = 1\n  }\n}\n",
        b"a = 1\r\nx =" + value.replace(b"\n", b"\r\n") + b"\r\nb = 2\r\n",
    ):
        with monkeypatch.context() as patch:
            patch.setattr(parser.ArgumentReader, "__call__", _no_tree_sitter)
            assert_read_as_general(source)


REFUSED = [
    # Go's line rules: a line break that ends something.
    b" {\n  a = 1 b = 2\n}",
    b" { a = 1 b = 2 }",
    b" {\n  a\n  = 1\n}",
    b" {\n  a =\n  1\n}",
    b" {\n  a = 1\n  , b = 2\n}",
    b" [1 2]",
    # Outside this reader's language.
    b" [for s in x : s...]",
    b" {for k, v in x : k => v...}",
    b" [for k in x : k => 1]",
    b" {for k in x : k}",
    b" {\n  for k in x : k => 1\n}",
    b" [for a.b in x : 1]",
    b" [for in in x : 1]",
    b" [for x y : 1]",
    b" {forx = 1}",
    b" f(x...)",
    b" f(1,)",
    b" a.b(1)",
    b" true(1)",
    b" a.0 + 1",
    b" a [0]",
    b" x[0] .b",
    b" x[0].0",
    b" [a\n[0]]",
    b" x[0].*",
    b' "${f(x) ~}"',
    b' "${~ f(x)}"',
    b' "a\\n${f(1)}"',
    b' "%{if x}y%{endif}${f(1)}"',
    b' "$${f(1)}"',
    b' "${}"',
    b' "${f(1)"',
    b' "${f(\n1)}"',
    b" x.* + 1",
    b" x[*].y",
    b' "a\\n" + 1',
    b" [\n  1, # a comment\n  2\n]",
    b" [\n  1, /* c */\n  2\n]",
    b" { true = 1 }",
    b" { a.b = 1 }",
    b' { "${k}" = 1 }',
    b" [in, 1]",
    b" { a = 1 } + <<EOF",
    b" 1x + 1",
    b" 0.1.5 + 1",
    b" x ? 1",
    b" ~x",
    b" a => b",
]


@pytest.mark.parametrize("value", REFUSED)
def test_values_it_refuses(value: bytes) -> None:
    assert _read(value) is None


@pytest.mark.parametrize("value", REFUSED)
def test_refused_values_parse_as_before(value: bytes) -> None:
    source = b"x =" + value + b"\n"
    with pytest.MonkeyPatch.context() as patch:
        with_reader = parse_file(source, "t.hcl")
        patch.setattr(parser, "read_plain_lines", lambda ctx, read_argument=None: None)
        without = parse_file(source, "t.hcl")
    assert repr(with_reader) == repr(without)


# --- generated values ----------------------------------------------------------------

_SCALARS = ['"a"', '"x${a.b}y"', "1", "-2", "3.5", "1e3", "true", "null", "var.x", "a-b"]
_TEMPLATES = ['"a-${f(x)}"', '"${x[0]}"', '"${ a + 1 } b"', '"${"x"}"', '"${x ~}"', '"%{ x }"']
_ODD = ["for", "in", "a.0", "a[0]", "1x", '"a\\"b"', "true.x", "# c\n", "<<EOF\n", "..."]
_OPS = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||"]
_BLANKS = [" ", " ", " ", "", "\n  ", "\t", "\r\n", " # c\n", "\n\n"]


_STEPS = ["[0]", '["k"]', "[x]", "[-1]", ".a", "[0].b", " [0]", " .a", ".0", ".*", "[*]"]


@st.composite
def _value(draw: st.DrawFn, depth: int = 0) -> str:
    # A term, then maybe steps (index, attribute, and some the reader refuses).
    value = draw(_term(depth))
    return value + "".join(draw(st.lists(st.sampled_from(_STEPS), max_size=2)))


@st.composite
def _term(draw: st.DrawFn, depth: int) -> str:
    blank = st.sampled_from(_BLANKS)
    shapes = ["scalar", "tuple", "object", "call", "op", "unary", "cond", "for"]
    shape = draw(st.sampled_from(shapes))
    if depth > 2 or shape == "scalar":
        odd = _ODD[: draw(st.integers(0, len(_ODD)))]
        return draw(st.sampled_from(_SCALARS + _TEMPLATES + odd))
    if shape == "tuple":
        items = draw(st.lists(_value(depth + 1), max_size=3))
        text = "".join(item + "," + draw(blank) for item in items)
        return "[" + draw(blank) + text + draw(st.sampled_from(["", " ", "\n"])) + "]"
    if shape == "object":
        items = draw(st.lists(_value(depth + 1), max_size=3))
        text = ""
        for item in items:
            key = draw(st.sampled_from(["a", "b", '"k.dot"', "count", "true", "a.b"]))
            text += key + draw(st.sampled_from([" = ", ": ", "=", " =\n"])) + item
            text += draw(st.sampled_from([",", ",\n", "\n", " ", "\n,"]))
        return "{" + draw(blank) + text + draw(blank) + "}"
    if shape == "call":
        args = draw(st.lists(_value(depth + 1), max_size=3))
        name = draw(st.sampled_from(["merge", "f", "a.b", "true"]))
        return name + "(" + draw(blank) + ("," + draw(blank)).join(args) + ")"
    if shape == "op":
        op = draw(st.sampled_from(_OPS))
        return draw(_value(depth + 1)) + draw(blank) + op + draw(blank) + draw(_value(depth + 1))
    if shape == "for":
        names = draw(st.sampled_from(["x", "k, v", "in", "a.b"]))
        parts = [draw(_value(depth + 1)) for _ in range(3)]
        opener = draw(st.sampled_from(["[", "{", "{ ", "[\n"]))
        text = opener + "for " + names + " in " + parts[0] + draw(blank) + ":" + parts[1]
        if opener.startswith("{") or draw(st.booleans()):
            text += draw(blank) + "=>" + draw(blank) + parts[2]
        if draw(st.booleans()):
            text += " if " + draw(_value(depth + 1))
        return text + draw(blank) + ("}" if opener.startswith("{") else "]")
    if shape == "unary":
        return draw(st.sampled_from(["-", "!", "- "])) + draw(_value(depth + 1))
    parts = [draw(_value(depth + 1)) for _ in range(3)]
    return parts[0] + draw(blank) + "?" + draw(blank) + parts[1] + draw(blank) + ":" + parts[2]


@settings(max_examples=400, deadline=None)
@given(_value())
def test_whatever_it_reads_the_general_path_reads_alike(value: str) -> None:
    source = b'job "j" {\n  x = ' + value.encode() + b"\n  y = 1\n}\n"
    if _read(b" " + value.encode()) is None:
        return
    if plain_lines(source) is None:
        return  # the layout check refused it: the general path reads the file
    assert_read_as_general(source)
