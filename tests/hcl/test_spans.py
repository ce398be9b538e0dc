"""Spans of expression nodes, checked against the column of each piece of `LINE`."""

from __future__ import annotations

from nomadqemu.hcl import ast
from tests.hcl.helpers import expr_of


def _at(expr: ast.Expr | ast.Step | ast.ObjectKey | ast.ObjectItem) -> str:
    """`C-C` of a node on line 1 (the expression starts at column 5, after `v = `)."""
    span = expr.span
    assert span.start.line == span.end.line == 1
    return f"{span.start.column}-{span.end.column}"


def test_function_call_spans() -> None:
    expr = expr_of("f(a, b...)")
    assert isinstance(expr, ast.FunctionCall)
    assert _at(expr) == "5-15"
    assert expr.name_span.hcl_range() == "t.hcl:1,5-6"
    assert expr.open_paren_span.hcl_range() == "t.hcl:1,6-7"
    assert expr.close_paren_span.hcl_range() == "t.hcl:1,14-15"
    assert [_at(a) for a in expr.args] == ["7-8", "10-11"]


def test_index_and_splat_spans() -> None:
    index = expr_of("a.b[c]")
    assert isinstance(index, ast.Index)
    assert _at(index) == "5-11"
    assert _at(index.collection) == "5-8"
    assert index.open_bracket_span.hcl_range() == "t.hcl:1,8-9"
    splat = expr_of("a[*].b")
    assert isinstance(splat, ast.Splat)
    assert _at(splat) == "5-11"
    assert splat.marker_span.hcl_range() == "t.hcl:1,6-9"
    assert [_at(s) for s in splat.each] == ["9-11"]
    attr_splat = expr_of("a.*.b")
    assert isinstance(attr_splat, ast.Splat)
    assert attr_splat.marker_span.hcl_range() == "t.hcl:1,6-8"


def test_operator_and_conditional_spans() -> None:
    expr = expr_of("a + b * c ? d : -e")
    assert isinstance(expr, ast.Conditional)
    assert _at(expr) == "5-23"
    assert isinstance(expr.condition, ast.BinaryOp)
    assert _at(expr.condition) == "5-14"
    assert _at(expr.condition.rhs) == "9-14"
    assert isinstance(expr.false_result, ast.UnaryOp)
    assert _at(expr.false_result) == "21-23"


def test_collection_spans() -> None:
    obj = expr_of('{a = 1, "b" = [2]}')
    assert isinstance(obj, ast.ObjectCons)
    assert _at(obj) == "5-23"
    first, second = obj.items
    assert (_at(first), _at(first.key), _at(first.value)) == ("6-11", "6-7", "10-11")
    assert (_at(second.key), _at(second.value)) == ("13-16", "19-22")
    loop = expr_of("[for x in y : x]")
    assert isinstance(loop, ast.ForExpr)
    assert _at(loop) == "5-21"
    assert loop.open_span.hcl_range() == "t.hcl:1,5-6"


def test_template_part_spans() -> None:
    expr = expr_of('"ab${x}c%{ if y }d%{ endif }"')
    assert isinstance(expr, ast.Template)
    assert _at(expr) == "5-34"
    lit, interp, tail, cond = expr.parts
    assert (_at(lit), _at(interp), _at(tail)) == ("6-8", "10-11", "12-13")
    assert isinstance(cond, ast.TemplateIf)
    assert _at(cond) == "13-33"
    assert [_at(p) for p in cond.then_parts] == ["22-23"]


def test_heredoc_spans_cover_lines() -> None:
    expr = expr_of("<<-EOT\n    a\n    b\n  EOT\n")
    assert isinstance(expr, ast.Template)
    assert expr.span.hcl_range() == "t.hcl:1,5-4,6"
    (part,) = expr.parts
    # `<<-` trims the indentation from the first line's literal, as Go moves its start.
    assert part.span.hcl_range() == "t.hcl:2,5-4,1"
