"""Test helpers: parse snippets and describe trees compactly."""

from __future__ import annotations

import pytest

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.hcl import ast, parse_file, parser
from nomadqemu.hcl.context import ParseContext
from nomadqemu.hcl.goparse import go_diagnostics
from nomadqemu.hcl.plainlines import read_plain_lines


def parse_ok(text: str) -> ast.File:
    tree, diagnostics = parse_file(text.encode(), "t.hcl")
    assert [d.message for d in diagnostics] == []
    assert tree is not None
    return tree


def expr_of(text: str) -> ast.Expr:
    """The expression of `v = <text>`."""
    tree = parse_ok(f"v = {text}\n")
    attribute = tree.body.attribute("v")
    assert attribute is not None
    return attribute.expr


def errors_of(text: str) -> list[Diagnostic]:
    _, diagnostics = parse_file(text.encode(), "t.hcl")
    return [d for d in diagnostics if d.is_error]


def first_error(text: str) -> tuple[str, str]:
    """(`L,C-C`, `Summary; Detail`) of the first error for `text`."""
    errors = errors_of(text)
    assert errors, f"no error for {text!r}"
    span = errors[0].span
    assert span is not None
    return span.hcl_range().split(":", 1)[1], errors[0].message


def shape(expr: ast.Expr | ast.Step | ast.ObjectKey) -> str:
    """A compact S-expression of node kinds and names, without spans."""
    match expr:
        case ast.Literal(kind=kind, text=text):
            return f"{kind}:{text}"
        case ast.TemplateLiteral(text=text):
            return repr(text)
        case ast.Template(parts=parts):
            return "(tmpl " + " ".join(shape(p) for p in parts) + ")"
        case ast.TemplateWrap(wrapped=inner):
            return f"(wrap {shape(inner)})"
        case ast.TemplateIf(condition=c, then_parts=t, else_parts=e):
            then = " ".join(shape(p) for p in t)
            other = " ".join(shape(p) for p in e)
            return f"(if {shape(c)} [{then}] [{other}])"
        case ast.TemplateFor(key_var=k, value_var=v, collection=c, body_parts=b):
            return f"(tfor {k} {v} {shape(c)} [" + " ".join(shape(p) for p in b) + "])"
        case ast.TraverseAttr(name=name):
            return f".{name}"
        case ast.TraverseIndex(key=key):
            return f"[{shape(key)}]"
        case ast.ScopeTraversal(root=root, steps=steps):
            return root + "".join(shape(s) for s in steps)
        case ast.RelativeTraversal(source=source, steps=steps):
            return f"(rel {shape(source)} " + "".join(shape(s) for s in steps) + ")"
        case ast.Index(collection=c, key=k):
            return f"(index {shape(c)} {shape(k)})"
        case ast.Splat(source=s, each=each, full=full, each_expr=each_expr):
            marker = "[*]" if full else ".*"
            per_item = shape(each_expr) if each_expr else "".join(shape(x) for x in each)
            return f"(splat{marker} {shape(s)} {per_item})"
        case ast.AnonSymbol():
            return "<item>"
        case ast.FunctionCall(name=name, args=args, expand_final=expand):
            dots = "..." if expand else ""
            return f"(call {name} " + " ".join(shape(a) for a in args) + f"{dots})"
        case ast.Conditional(condition=c, true_result=t, false_result=f):
            return f"(? {shape(c)} {shape(t)} {shape(f)})"
        case ast.BinaryOp(op=op, lhs=lhs, rhs=rhs):
            return f"({op} {shape(lhs)} {shape(rhs)})"
        case ast.UnaryOp(op=op, operand=operand):
            return f"({op} {shape(operand)})"
        case ast.Parens(inner=inner):
            return f"(paren {shape(inner)})"
        case ast.TupleCons(items=items):
            return "[" + " ".join(shape(i) for i in items) + "]"
        case ast.ObjectKey(expr=e, bare_name=bare):
            return f"bare:{bare}" if bare is not None else shape(e)
        case ast.ObjectCons(items=items):
            return "{" + " ".join(f"{shape(i.key)}={shape(i.value)}" for i in items) + "}"
        case ast.ForExpr(key_var=k, value_var=v, collection=c, key_expr=ke, value_expr=ve):
            head = f"for {k} {v} in {shape(c)}"
            arrow = f"{shape(ke)} => " if ke is not None else ""
            cond = f" if {shape(expr.condition)}" if expr.condition is not None else ""
            group = "..." if expr.group else ""
            return f"({head} : {arrow}{shape(ve)}{group}{cond})"
    raise AssertionError(f"unexpected node {expr!r}")


def plain_lines(source: bytes) -> ast.Body | None:
    """The line reader's body for `source`, or None (the general path then reads it)."""
    ctx = ParseContext(source, "t.hcl")
    return read_plain_lines(ctx, parser.ArgumentReader(ctx))


def general_path(source: bytes) -> tuple[ast.File | None, list[str]]:
    """`parse_file` without the line reader, and Go's own syntax findings."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parser, "read_plain_lines", lambda ctx, read_argument=None: None)
        tree, diagnostics = parse_file(source, "t.hcl")
    go = go_diagnostics(source, lambda rng: "", "config", 0)
    return tree, [d.summary for d in diagnostics] + [d.summary for d in go]


def assert_read_as_general(source: bytes) -> None:
    """The line reader reads `source` into the general path's tree, for a file in
    which neither the general path nor Go's checks find anything."""
    body = plain_lines(source)
    assert body is not None
    general, findings = general_path(source)
    assert findings == []
    assert general is not None
    # repr positions every span, so the comparison covers line, column and byte.
    assert repr(body) == repr(general.body)
