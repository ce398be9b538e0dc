"""`read_plain_lines`: a file made only of plain lines, read without tree-sitter.

Most job files are lines of four kinds: `name = value` with a one-line value (a
string, a number, a bool, a reference, a list of those), a block's first line
(`task "vm" {`), a one-line block (`port "ssh" {}`, `port "http" { to = 80 }`) and
a lone `}`, with blank and comment lines between. For such a file the syntax tree is
the lines themselves: this module builds it with one pattern match per line and
`ExprBuilder.from_text` for the values, several times cheaper than tree-sitter's
parse, the walk of its nodes and the layout check together.

The grammar here is a strict subset of HCL on which tree-sitter, the walk and Go's
parser all agree and Go reports nothing, so the tree is the one `parser` would build
and there are no diagnostics. Anything else, anywhere in the file (a heredoc, an
operator, a multi-line list, a block comment, a non-ASCII byte, an argument given
twice, an unclosed block, …) gives None, and the file takes the general path: nothing
is decided here on doubt. `tests/hcl/test_plainlines.py` holds both paths to the same
trees.
"""

from __future__ import annotations

import re

from nomadqemu.hcl import ast
from nomadqemu.hcl.context import ParseContext
from nomadqemu.hcl.expressions import ONE_LINE_VALUE, ExprBuilder
from nomadqemu.hcl.lexing import IDENTIFIER
from nomadqemu.span import Span

# Bytes that send a file to the general path wherever they are: anything but
# printable ASCII, tab and line feed, and a carriage return not before a line feed.
_ODD_BYTES = re.compile(rb"[^\x20-\x7e\t\n\r]|\r(?!\n)")
# A quoted block label with nothing to unescape or interpolate (no `"`, `$`, `%`,
# `\`, `{`, `}`): its text is its value.
_LABEL = rb'"[\x20\x21\x23\x26-\x5b\x5d-\x7a\x7c\x7e\t]*"'
_LABELS = re.compile(rb"[ \t]+(" + _LABEL + b"|" + IDENTIFIER + rb")")
_NAME = re.compile(IDENTIFIER)
_COMMENT = rb"(?:#|//)[^\n]*"
# One line, its kind told by the last group that matched (`Match.lastindex`):
#   2  `name = value` (groups 1, 2);
#   3  a block's first line, `type labels… {` (the head in group 3);
#   5  a one-line block with an argument but no `}` on the line, which Go rejects:
#      left to the general path;
#   6  a one-line block, `type labels… { [name = value] }` (argument in 4, 5; `}` 6);
#   7  a lone `}`;
#   None  a blank or comment line.
_LINE = re.compile(
    rb"[ \t]*(?:(" + IDENTIFIER + rb")[ \t]*=[ \t]*(" + ONE_LINE_VALUE + rb")"
    rb"|(" + IDENTIFIER + rb"(?:[ \t]+(?:" + _LABEL + b"|" + IDENTIFIER + rb"))*)[ \t]*\{"
    rb"(?:[ \t]*(" + IDENTIFIER + rb")[ \t]*=[ \t]*(" + ONE_LINE_VALUE + rb"))?"
    rb"[ \t]*(\})?"
    rb"|(\})"
    rb")?[ \t]*(?:" + _COMMENT + rb")?\r?(?:\n|\Z)"
)
_ARGUMENT, _OPEN, _ONE_LINE_BLOCK, _CLOSE = 2, 3, 6, 7


class _Open:
    """A block whose `}` is still to come: its first line, and its items so far."""

    __slots__ = ("head_end", "head_start", "items", "names", "open_at")

    def __init__(self, head_start: int, head_end: int, open_at: int) -> None:
        self.head_start = head_start
        self.head_end = head_end
        self.open_at = open_at
        self.items: list[ast.Attribute | ast.Block] = []
        self.names: set[str] = set()


class _Reader:
    def __init__(self, ctx: ParseContext) -> None:
        self.ctx = ctx
        self.source = ctx.source
        self.span_bytes = ctx.span_bytes
        self.value = ExprBuilder(ctx).from_text

    def attribute(
        self, name_start: int, name_end: int, start: int, end: int
    ) -> ast.Attribute | None:
        expr = self.value(start, end)
        if expr is None:
            return None
        name = self.source[name_start:name_end].decode("ascii")
        # One line of ASCII: the span through the value is the bytes' span.
        span_bytes = self.span_bytes
        return ast.Attribute(
            name, span_bytes(name_start, name_end), expr, span_bytes(name_start, end)
        )

    def block(
        self, head: _Open, close_at: int, items: list[ast.Attribute | ast.Block]
    ) -> ast.Block:
        source, span_bytes = self.source, self.span_bytes
        head_start, head_end = head.head_start, head.head_end
        type_name = _NAME.match(source, head_start)
        assert type_name is not None  # the line's pattern put a name there
        type_end = type_name.end()
        type_span = span_bytes(head_start, type_end)
        labels: list[str] = []
        label_spans: list[Span] = []
        def_end = type_end
        for match in _LABELS.finditer(source, type_end, head_end):
            start, def_end = match.span(1)
            quoted = source[start] == 0x22  # the quotes are not part of the label
            labels.append(source[start + quoted : def_end - quoted].decode("ascii"))
            label_spans.append(span_bytes(start, def_end))
        open_at = head.open_at
        return ast.Block(
            source[head_start:type_end].decode("ascii"),
            type_span,
            tuple(labels),
            tuple(label_spans),
            ast.Body(tuple(items), span_bytes(open_at, close_at + 1)),
            span_bytes(head_start, close_at + 1),
            span_bytes(head_start, def_end),
            span_bytes(open_at, open_at + 1),
            span_bytes(close_at, close_at + 1),
        )

    def read(self) -> ast.Body | None:
        source = self.source
        size = len(source)
        match_line = _LINE.match
        top = _Open(0, 0, 0)
        current = top
        stack: list[_Open] = []
        at = 0
        while at < size:
            line = match_line(source, at)
            if line is None:
                return None
            at = line.end()
            kind = line.lastindex
            if kind is None:
                continue
            if kind == _ARGUMENT:
                name_start, name_end = line.span(1)
                attribute = self.attribute(name_start, name_end, *line.span(2))
                if attribute is None or attribute.name in current.names:
                    return None  # Go: "Attribute redefined"
                current.names.add(attribute.name)
                current.items.append(attribute)
            elif kind == _OPEN:
                head_start, head_end = line.span(3)
                stack.append(current)
                current = _Open(head_start, head_end, source.index(b"{", head_end))
            elif kind == _ONE_LINE_BLOCK:
                head_start, head_end = line.span(3)
                items: list[ast.Attribute | ast.Block] = []
                if line.start(4) >= 0:
                    name_start, name_end = line.span(4)
                    attribute = self.attribute(name_start, name_end, *line.span(5))
                    if attribute is None:
                        return None
                    items.append(attribute)
                head = _Open(head_start, head_end, source.index(b"{", head_end))
                current.items.append(self.block(head, line.start(6), items))
            elif kind == _CLOSE and stack:
                block = self.block(current, line.start(7), current.items)
                current = stack.pop()
                current.items.append(block)
            else:
                return None  # a `}` with no block open, or a one-line block left open
        if stack:
            return None  # a block left open: the general path reports it
        return ast.Body(tuple(top.items), self.span_bytes(0, size))


def read_plain_lines(ctx: ParseContext) -> ast.Body | None:
    """The body of `ctx.source` if every line of it is plain (see the module's
    docstring), else None: the caller then parses it with tree-sitter."""
    if _ODD_BYTES.search(ctx.source) is not None:
        return None
    return _Reader(ctx).read()
