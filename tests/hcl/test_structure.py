"""Bodies, attributes, blocks and the spans on every node."""

from __future__ import annotations

from nomadqemu.hcl import ast, parse_expression, parse_file
from nomadqemu.span import Pos
from tests.hcl.helpers import parse_ok

JOB = """\
job "web" {
  region = "x"
  group g {
    count = 2
  }
  meta { a = "b" }
}
"""


def test_blocks_labels_and_attributes() -> None:
    tree = parse_ok(JOB)
    (job,) = tree.body.blocks_of("job")
    assert job.labels == ("web",)
    assert job.label_spans[0].hcl_range() == "t.hcl:1,5-10"
    assert job.type_span.hcl_range() == "t.hcl:1,1-4"
    assert job.def_span.hcl_range() == "t.hcl:1,1-10"
    assert job.open_brace_span.hcl_range() == "t.hcl:1,11-12"
    assert job.close_brace_span.hcl_range() == "t.hcl:7,1-2"
    assert job.span.hcl_range() == "t.hcl:1,1-7,2"
    region = job.body.attribute("region")
    assert region is not None
    assert region.name_span.hcl_range() == "t.hcl:2,3-9"
    assert region.span.hcl_range() == "t.hcl:2,3-15"
    (group,) = job.body.blocks_of("group")
    assert group.labels == ("g",)
    assert [i.name for i in group.body.attributes] == ["count"]
    (meta,) = job.body.blocks_of("meta")
    assert [a.name for a in meta.body.attributes] == ["a"]
    assert [type(i).__name__ for i in job.body.items] == ["Attribute", "Block", "Block"]


def test_label_escapes() -> None:
    tree = parse_ok('b "a\\"b" "\\u00e9" {}\n')
    (block,) = tree.body.blocks
    assert block.labels == ('a"b', "é")


def test_spans_count_characters_and_bytes() -> None:
    tree = parse_ok('a = "é" + x\n')
    attribute = tree.body.attribute("a")
    assert attribute is not None
    expr = attribute.expr
    assert isinstance(expr, ast.BinaryOp)
    assert isinstance(expr.rhs, ast.ScopeTraversal)
    # "é" is two bytes but one column.
    assert expr.rhs.span.start == Pos(1, 11, 11)
    assert expr.rhs.span.end == Pos(1, 12, 12)


def test_traversal_spans() -> None:
    tree = parse_ok("v = var.x[0]\n")
    attribute = tree.body.attribute("v")
    assert attribute is not None
    expr = attribute.expr
    assert isinstance(expr, ast.ScopeTraversal)
    assert expr.root_span.hcl_range() == "t.hcl:1,5-8"
    assert expr.span.hcl_range() == "t.hcl:1,5-13"
    assert [s.span.hcl_range() for s in expr.steps] == ["t.hcl:1,8-10", "t.hcl:1,10-13"]


def test_file_keeps_source_and_name() -> None:
    source = b"a = 1\n"
    tree, diagnostics = parse_file(source, "f.hcl")
    assert diagnostics == []
    assert tree is not None
    assert tree.source == source
    assert tree.filename == "f.hcl"


def test_byte_order_mark_is_skipped() -> None:
    tree, diagnostics = parse_file(b"\xef\xbb\xbfa = 1\n", "f.hcl")
    assert diagnostics == []
    assert tree is not None
    (attribute,) = tree.body.attributes
    assert attribute.name == "a"
    # Columns start after the mark, byte offsets count it.
    assert attribute.name_span.start == Pos(1, 1, 3)


def test_parse_expression_positions() -> None:
    expr, diagnostics = parse_expression(b"x + 1", "arg", Pos(3, 5, 40))
    assert diagnostics == []
    assert isinstance(expr, ast.BinaryOp)
    assert expr.span.start == Pos(3, 5, 40)
    assert expr.rhs.span.start == Pos(3, 9, 44)


def test_parse_expression_multiline_and_empty() -> None:
    expr, diagnostics = parse_expression(b"[\n  1,\n  2\n]", "arg")
    assert diagnostics == []
    assert isinstance(expr, ast.TupleCons)
    assert expr.span.hcl_range() == "arg:1,1-4,2"
    expr, diagnostics = parse_expression(b"", "arg")
    assert expr is None
    assert [d.summary for d in diagnostics] == ["Missing expression"]


def test_columns_count_grapheme_clusters() -> None:
    # Go's HCL counts user-perceived characters: a base letter with a combining accent,
    # an emoji with a skin tone, a ZWJ family and a flag are one column each.
    for text in ("e\u0301", "\U0001f44d\U0001f3fd", "\U0001f468\u200d\U0001f469", "🇫🇷"):
        tree = parse_ok(f'a = "{text}" + x\n')
        attribute = tree.body.attribute("a")
        assert attribute is not None
        expr = attribute.expr
        assert isinstance(expr, ast.BinaryOp)
        assert expr.rhs.span.start.column == 11, text
