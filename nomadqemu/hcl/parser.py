"""HCL2 source → `nomadqemu.hcl.ast`, with Go `hclsyntax`'s node shapes and syntax errors.

tree-sitter-hcl builds the concrete tree; this module walks it into the project's tree.
Syntax errors come from `goparse`, which follows Go's parser to report what Go reports.
Neither entry point raises: every problem, including an internal one, is a `Diagnostic`.
"""

from __future__ import annotations

import re
import sys
from _thread import allocate_lock
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, TypeVar

from nomadqemu.diagnostics.record import Diagnostic, Severity
from nomadqemu.hcl import ast
from nomadqemu.hcl.context import SYNTAX_CODE, ParseContext
from nomadqemu.hcl.expressions import ExprBuilder
from nomadqemu.hcl.layout import surely_go_clean
from nomadqemu.hcl.lexing import IDENTIFIER
from nomadqemu.hcl.plainlines import read_plain_lines
from nomadqemu.span import Pos, Span

# The modules of the whole-file path (tree-sitter, the node walk's helpers, Go's error
# reports) are imported by the functions that use them: a file read line by line
# (`plainlines`) needs none of them, and together they are a few milliseconds of a
# cold start.

if TYPE_CHECKING:
    from tree_sitter import Language, Node, Parser, Point, Tree

_BOM = b"\xef\xbb\xbf"
# An argument's name and `=`, on one line (the value is read by `ExprBuilder.from_text`).
_SIMPLE_ATTRIBUTE = re.compile(rb"(" + IDENTIFIER + rb")[ \t]*=[ \t]*")
# Wraps a lone expression as an attribute, the only way tree-sitter-hcl parses one.
_EXPR_PREFIX = b"_ = "

_START = Pos(1, 1, 0)
_RECURSION_LIMIT = 8000
T = TypeVar("T")


@cache
def _language() -> Language:
    # Built once per process: it costs a few milliseconds. (tree-sitter is imported
    # only here and where its tree is read: a file read line by line never needs it.)
    import tree_sitter_hcl
    from tree_sitter import Language

    return Language(tree_sitter_hcl.language())


@cache
def _tree_sitter() -> Parser:
    from tree_sitter import Parser

    return Parser(_language())


@cache
def _argument_parser() -> Parser:
    # A parser of its own: the ranges it is limited to must never reach a whole parse.
    from tree_sitter import Parser

    return Parser(_language())


# The argument parser's ranges are state between setting them and parsing: one
# argument at a time, should two threads read job files (`run` validates in a thread).
_ARGUMENT_LOCK = allocate_lock()


def _for_tree_sitter(source: bytes) -> bytes:
    """`source` as tree-sitter is given it (same length): template escapes masked and
    gaps in names closed, so that it splits tokens where Go does."""
    from nomadqemu.hcl.gaps import close_gaps
    from nomadqemu.hcl.masking import mask_template_escapes

    return close_gaps(mask_template_escapes(source))


def _parse_tree(source: bytes) -> Tree:
    """tree-sitter's tree for `source`, read as Go reads templates and numbers."""
    from nomadqemu.hcl.numbers import repair_exponents

    parser = _tree_sitter()
    masked = _for_tree_sitter(source)
    # Imported here: files read line by line never need it (`plainlines`).
    from nomadqemu.hcl.blanking import blank_literal_text

    blanked = blank_literal_text(masked)
    if blanked != masked:
        tree = repair_exponents(blanked, parser.parse(blanked), parser.parse)
        # A clean tree of the blanked copy has every node of the text's own tree but
        # the literal ones; on an error, parse the text as it is, so that error
        # recovery (and so the tree handed on with the errors) never differs.
        if not tree.root_node.has_error:
            return tree
    return repair_exponents(masked, parser.parse(masked), parser.parse)


class _BodyBuilder:
    def __init__(self, ctx: ParseContext) -> None:
        self.ctx = ctx
        self.exprs = ExprBuilder(ctx)

    def body(self, node: Node | None, span: Span) -> ast.Body:
        items: list[ast.Attribute | ast.Block] = []
        for child in node.children if node is not None else ():
            if child.type == "attribute":
                attribute = self.attribute(child)
                if attribute is not None:
                    items.append(attribute)
            elif child.type == "block":
                block = self.block(child)
                if block is not None:
                    items.append(block)
        return ast.Body(tuple(items), span)

    def attribute(self, node: Node) -> ast.Attribute | None:
        ctx = self.ctx
        start, end = node.start_byte, node.end_byte
        # `name = value` with a value `from_text` reads: no need for the node's children.
        simple = _SIMPLE_ATTRIBUTE.match(ctx.source, start, end)
        if simple is not None:
            expr = self.exprs.from_text(simple.end(), end)
            if expr is not None:
                name = simple.group(1)
                name_span = ctx.span_bytes(start, start + len(name))
                return ast.Attribute(
                    name.decode("ascii"), name_span, expr, name_span.through(expr.span)
                )
        children = node.children
        name = children[0]
        if len(children) == 3 and children[2].type == "expression":  # `name = expr`
            expr_node = children[2]
        else:
            exprs = [c for c in children if c.type == "expression"]
            if not exprs:
                return None
            expr_node = exprs[0]
        if name.type != "identifier":
            return None
        expr = self.exprs.build(expr_node)
        name_span = ctx.span(name)
        return ast.Attribute(ctx.text(name), name_span, expr, name_span.through(expr.span))

    def block(self, node: Node) -> ast.Block | None:
        ctx = self.ctx
        children = node.children
        type_node = children[0]
        labels: list[str] = []
        label_spans: list[Span] = []
        open_node = close_node = body_node = None
        for child in children[1:]:
            kind = child.type
            if kind == "identifier" and open_node is None:
                labels.append(ctx.text(child))
                label_spans.append(ctx.span(child))
            elif kind == "string_lit" and open_node is None:
                labels.append(self.label(child))
                label_spans.append(ctx.span(child))
            elif kind == "block_start":
                open_node = child
            elif kind == "body":
                body_node = child
            elif kind == "block_end":
                close_node = child
        if open_node is None:
            return None
        # The spans `through` would make, from the nodes' offsets (they come in source
        # order: type, labels, `{`, `}`).
        span_bytes = ctx.span_bytes
        type_start, type_end = type_node.start_byte, type_node.end_byte
        open_start, open_end = open_node.start_byte, open_node.end_byte
        if close_node is not None:
            close_start, close_end = close_node.start_byte, close_node.end_byte
        else:
            close_start, close_end = open_start, open_end
        type_span = span_bytes(type_start, type_end)
        open_span = span_bytes(open_start, open_end)
        close_span = span_bytes(close_start, close_end)
        def_span = type_span.through(label_spans[-1]) if label_spans else type_span
        return ast.Block(
            ctx.text_bytes(type_start, type_end),
            type_span,
            tuple(labels),
            tuple(label_spans),
            self.body(body_node, span_bytes(open_start, close_end)),
            span_bytes(type_start, close_end),
            def_span,
            open_span,
            close_span,
        )

    def label(self, node: Node) -> str:
        """A quoted block label: escapes resolved (Go does not NFC-normalize labels)."""
        from nomadqemu.hcl.escapes import unescape_quoted

        ctx = self.ctx
        children = node.children
        start = children[0].end_byte
        end = children[-1].start_byte if len(children) > 1 else node.end_byte
        text = ctx.text_bytes(start, end)

        def report(detail: str, begin: int, stop: int) -> None:
            b0 = start + len(text[:begin].encode())
            b1 = start + len(text[:stop].encode())
            ctx.error_at("Invalid escape sequence", detail, b0, b1)

        return unescape_quoted(text, report)


class ArgumentReader:
    """One argument of a file, parsed alone: for `plainlines`, which reads the other
    lines itself. tree-sitter is limited to the argument's bytes of the whole text (as
    `_parse_tree` prepares it), so the tree's offsets are the file's, and the walk is
    the general path's. None when tree-sitter finds anything but one clean argument
    (and comments): the caller then parses the whole file."""

    def __init__(self, ctx: ParseContext) -> None:
        self.ctx = ctx
        self.builder = _BodyBuilder(ctx)
        self.text: bytes | None = None

    def point(self, offset: int) -> Point:
        from tree_sitter import Point

        return Point(*self.ctx.positions.row_and_byte(offset))

    def __call__(self, start: int, end: int) -> ast.Attribute | None:
        from tree_sitter import Range

        from nomadqemu.hcl.numbers import repair_exponents

        ctx = self.ctx
        if self.text is None:
            self.text = _for_tree_sitter(ctx.source)  # once per file, if a file needs it
        parser = _argument_parser()
        with _ARGUMENT_LOCK:
            parser.included_ranges = [Range(self.point(start), self.point(end), start, end)]
            tree = repair_exponents(self.text, parser.parse(self.text), parser.parse, start, end)
        root = tree.root_node
        if root.has_error:
            return None
        body = [c for c in root.children if c.type == "body"]
        items = [c for c in body[0].children if c.type != "comment"] if len(body) == 1 else []
        if len(items) != 1 or items[0].type != "attribute":
            return None
        found = len(ctx.diagnostics)
        attribute = self.builder.attribute(items[0])
        if len(ctx.diagnostics) != found:
            return None  # the general path reports it
        return attribute


def _go_syntax(ctx: ParseContext, mode: str, end: int | None = None) -> list[Diagnostic]:
    """Go's syntax diagnostics for the parse's text, in Go's order (see `goparse`)."""

    def describe(rng: tuple[int, int]) -> str:
        return ctx.span_bytes(*rng).hcl_range()

    # Imported here: a clean job file never needs Go's checks (see `layout`), and
    # loading them (and Go's scanner) is a noticeable part of a cold start.
    from nomadqemu.hcl.goparse import go_diagnostics

    source = ctx.source if end is None else ctx.source[:end]
    return [
        Diagnostic(
            Severity.ERROR,
            d.summary,
            d.detail,
            span=ctx.span_bytes(d.start, d.end),
            code=SYNTAX_CODE,
        )
        for d in go_diagnostics(source, describe, mode, ctx.prefix)
    ]


def _finish(ctx: ParseContext, root: Node, go: list[Diagnostic]) -> list[Diagnostic]:
    """Go's diagnostics, then the parser's own findings.

    When Go's rules find nothing but tree-sitter could not parse the text (a gap in the
    grammar), a generic error says so rather than passing a broken tree on silently.
    """
    from nomadqemu.hcl.syntax_errors import report_tree_errors

    if not go and root.has_error:
        report_tree_errors(ctx, root)
    return go + ctx.diagnostics


def _internal(filename: str, exc: Exception) -> list[Diagnostic]:
    return [
        Diagnostic(
            Severity.ERROR,
            "Internal parser error",
            f"The parser failed on this file ({type(exc).__name__}: {exc}).",
            span=Span(filename, Pos(1, 1, 0), Pos(1, 1, 0)),
            code=SYNTAX_CODE,
        )
    ]


def _guarded(
    parse: Callable[[bytes, str, Pos], tuple[T, list[Diagnostic]]],
    source: bytes,
    filename: str,
    start: Pos,
) -> tuple[T | None, list[Diagnostic]]:
    """Run `parse` so that it never raises: any failure becomes a diagnostic."""
    limit = sys.getrecursionlimit()
    # The walks recurse once per nesting level: allow deep (if unusual) nesting.
    sys.setrecursionlimit(max(limit, _RECURSION_LIMIT))
    try:
        return parse(source, filename, start)
    except RecursionError:
        detail = "This text nests expressions or blocks more deeply than the parser supports."
        return None, [
            Diagnostic(
                Severity.ERROR,
                "Nesting too deep",
                detail,
                span=Span(filename, start, start),
                code=SYNTAX_CODE,
            )
        ]
    except Exception as exc:  # never raise on any input: report it instead
        return None, _internal(filename, exc)
    finally:
        sys.setrecursionlimit(limit)


def parse_file(source: bytes, filename: str) -> tuple[ast.File | None, list[Diagnostic]]:
    """Parse a whole HCL2 file.

    Returns the tree (also when there are errors: it then holds what could be read)
    and every syntax diagnostic in source order; callers must check for errors.
    """
    return _guarded(lambda s, f, _: _parse_file(s, f), source, filename, _START)


def _parse_file(source: bytes, filename: str) -> tuple[ast.File | None, list[Diagnostic]]:
    if source.startswith(_BOM):
        # Go skips a UTF-8 byte order mark; offsets still count its bytes.
        text = b"   " + source[3:]
        ctx = ParseContext(text, filename, prefix=3, start=Pos(1, 1, 3))
    else:
        text = source
        ctx = ParseContext(text, filename)
    plain = read_plain_lines(ctx, ArgumentReader(ctx))
    if plain is not None:
        # Plain lines and arguments read alone: the tree the general path would build,
        # with nothing to report (`plainlines`).
        return ast.File(filename, source, plain), []
    ctx = ParseContext(text, filename, ctx.prefix, ctx.start)  # nothing left from the try
    tree = _parse_tree(text)
    root = tree.root_node
    body_node = next((c for c in root.children if c.type == "body"), None)
    builder = _BodyBuilder(ctx)
    try:
        # The whole text, positioned only if something reads it (as every span here).
        body = builder.body(body_node, ctx.span_bytes(0, len(text)))
    except Exception:
        go = _go_syntax(ctx, "config")
        if go:  # tree-sitter's recovery left a tree too broken to read; Go's errors say why
            return None, go
        raise
    # Go's checks find nothing in a file that tree-sitter read cleanly and that follows
    # Go's line rules (`layout`): skip them there, as they cost a fifth of a job's load.
    if root.has_error or ctx.diagnostics or not surely_go_clean(text, body):
        go = _go_syntax(ctx, "config")
    else:
        go = []
    return ast.File(filename, source, body), _finish(ctx, root, go)


def parse_expression(
    source: bytes, filename: str, start: Pos = _START
) -> tuple[ast.Expr | None, list[Diagnostic]]:
    """Parse one expression (a `-var` value, say) whose first byte is at `start`."""
    return _guarded(_parse_expression, source, filename, start)


def _parse_expression(
    source: bytes, filename: str, start: Pos
) -> tuple[ast.Expr | None, list[Diagnostic]]:
    text = _EXPR_PREFIX + source
    ctx = ParseContext(text, filename, prefix=len(_EXPR_PREFIX), start=start)
    tree = _parse_tree(text)
    root = tree.root_node
    body = next((c for c in root.children if c.type == "body"), None)
    items = [c for c in body.children if c.type == "attribute"] if body is not None else []
    expr_nodes = [c for c in items[0].children if c.type == "expression"] if items else []
    go = _go_syntax(ctx, "expression")
    try:
        expr = ExprBuilder(ctx).build(expr_nodes[0]) if len(items) == 1 and expr_nodes else None
    except Exception:
        if go:  # as in `_parse_file`
            return None, go
        raise
    diagnostics = _finish(ctx, root, go)
    if expr is None and not diagnostics:
        ctx.error_at(
            "Extra characters after expression",
            "An expression was successfully parsed, but extra characters were found after it.",
            len(text),
            len(text),
        )
        diagnostics = ctx.diagnostics
    if any(d.is_error for d in diagnostics):
        return None, diagnostics
    return expr, diagnostics


def parse_template(
    source: bytes, filename: str, start: Pos = _START
) -> tuple[ast.Expr | None, list[Diagnostic]]:
    """Parse bare template text (Go's `ParseTemplate`), as HCL's JSON syntax does with
    the value of a JSON string: `${…}` and `%{…}` without surrounding quotes."""
    return _guarded(_parse_template, source, filename, start)


def _parse_template(
    source: bytes, filename: str, start: Pos
) -> tuple[ast.Expr | None, list[Diagnostic]]:
    # tree-sitter-hcl has no template entry point: wrap the text in a heredoc whose
    # marker does not occur in it, and read back only the text's own byte range.
    from nomadqemu.hcl.templates import build_template

    marker = b"NQ_TEMPLATE_END"
    while marker in source:
        marker += b"_"
    prefix = b"_ = <<" + marker + b"\n"
    text = prefix + source + b"\n" + marker + b"\n"
    ctx = ParseContext(text, filename, prefix=len(prefix), start=start)
    content = (len(prefix), len(prefix) + len(source))
    tree = _parse_tree(text)
    root = tree.root_node
    heredoc = root.descendant_for_byte_range(len(prefix) - 1, len(prefix))
    while heredoc is not None and heredoc.type != "heredoc_template":
        heredoc = heredoc.parent
    go = _go_syntax(ctx, "template", end=content[1])
    expr = None
    try:
        if heredoc is not None:
            expr = build_template(ctx, heredoc, ExprBuilder(ctx).build, bare=content)
    except Exception:
        if go:  # as in `_parse_file`
            return None, go
        raise
    diagnostics = _finish(ctx, root, go)
    if expr is None and not diagnostics:
        ctx.error_at("Invalid template", "The template could not be parsed.", *content)
        diagnostics = ctx.diagnostics
    if any(d.is_error for d in diagnostics):
        return None, diagnostics
    return expr, diagnostics
