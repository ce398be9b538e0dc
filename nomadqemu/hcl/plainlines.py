"""`read_plain_lines`: a job file read line by line, with tree-sitter only where needed.

Most lines of a job file are of four kinds: `name = value` with a one-line value (a
string, a number, a bool, a reference, a list of those), a block's first line
(`task "vm" {`), a one-line block (`port "ssh" {}`, `port "http" { to = 80 }`) and
a lone `}`, with blank and comment lines between. Their syntax tree is the lines
themselves: this module builds it with one pattern match per line and
`ExprBuilder.from_text` for the values, several times cheaper than tree-sitter's
parse of the file, the walk of its nodes and the layout check together.

Any other argument (`count = var.n + 1`, a multi-line list, a heredoc) is read by
`valuereader.ValueReader` when its value is of the usual multi-token shapes (lists and
maps over several lines, calls, operators), else handed to `read_argument`
(`parser.ArgumentReader`): tree-sitter parses just its lines and the general walk
builds it. Either way `layout.surely_go_clean_argument` then checks it against Go's
rules. Where its value ends is found by counting brackets (strings and comments
skipped) or by the heredoc's closing marker; a wrong guess cannot pass, since the
argument must then parse cleanly as exactly one argument and satisfy the layout check.

The line grammar is a strict subset of HCL on which tree-sitter, the walk and Go's
parser agree and Go reports nothing, so the tree is the one `parser` would build and
there are no diagnostics. Anything else, anywhere in the file (a non-ASCII byte, an
argument given twice, an unclosed block, a block line that is not plain, an argument
that does not pass, …) gives None, and the whole file takes the general path: nothing
is decided here on doubt. `tests/hcl/test_plainlines.py` holds both paths to the same
trees.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from nomadqemu.hcl import ast
from nomadqemu.hcl.context import ParseContext
from nomadqemu.hcl.expressions import ExprBuilder
from nomadqemu.hcl.layout import surely_go_clean_argument
from nomadqemu.hcl.lexing import IDENTIFIER, LONE_CARRIAGE_RETURN, PLAIN_TEXT_CHAR
from nomadqemu.span import Span

if TYPE_CHECKING:
    from nomadqemu.hcl.valuereader import ValueReader

# Bytes that send a file to the general path wherever they are: anything but
# printable ASCII, tab and line feed, and a carriage return not before a line feed.
# (Deleting the others with `bytes.translate` is ten times faster than a pattern.)
_USUAL_BYTES = bytes([*range(0x20, 0x7F), 0x09, 0x0A, 0x0D])
# A quoted block label with nothing to unescape or interpolate (no `"`, `$`, `%`,
# `\`, `{`, `}`): its text is its value.
_LABEL = rb'"[\x20\x21\x23\x26-\x5b\x5d-\x7a\x7c\x7e\t]*"'
_LABELS = re.compile(rb"[ \t]+(" + _LABEL + b"|" + IDENTIFIER + rb")")
_COMMENT = rb"(?:#|//)[^\n]*"
# Where a one-line value ends: a quoted string, a run of name, number and dot
# characters, or a bracketed list of those; `ExprBuilder.from_text` then decides
# whether it reads the value (a small superset keeps the line pattern quick to compile).
_QUOTED = rb'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_VALUE = rb"(?:" + _QUOTED + rb'|[^\s"#/\[\]{},]+|\[(?:[^\]"\n]|' + _QUOTED + rb")*\])"
# A quoted string with nothing to unescape or interpolate: its text is its value.
_PLAIN_STRING = b'"' + PLAIN_TEXT_CHAR + b'*"'
# A name, never given back to the rest of the pattern: what follows a name on a line
# (blanks, `=`, `{`, a label) cannot also follow a shorter part of it, so backtracking
# into it only costs time. (The blanks before `=` and its value likewise.)
_NAME = b"(?>" + IDENTIFIER + b")"
# One line, its kind told by the last group that matched (`Match.lastindex`):
#   2  `name = "plain string"` (groups 1, 2);
#   3  `name = value`, any other one-line value (groups 1, 3);
#   6  a block's first line, `type labels… {` (type in group 4, labels 5, `{` 6);
#   8  a one-line block with an argument but no `}` on the line, which Go rejects:
#      left to the general path;
#   9  a one-line block, `type labels… { [name = value] }` (argument in 7, 8; `}` 9);
#   10  a lone `}`;
#   None  a blank or comment line.
_LINE = re.compile(
    rb"[ \t]*+(?:(" + _NAME + rb")[ \t]*+=[ \t]*+(?:(" + _PLAIN_STRING + rb")|(" + _VALUE + rb"))"
    rb"|(" + _NAME + rb")((?:[ \t]+(?:" + _LABEL + b"|" + _NAME + rb"))*)[ \t]*(\{)"
    rb"(?:[ \t]*(" + _NAME + rb")[ \t]*=[ \t]*(" + _VALUE + rb"))?"
    rb"[ \t]*(\})?"
    rb"|(\})"
    rb")?[ \t]*(?:" + _COMMENT + rb")?\r?(?:\n|\Z)"
)
_STRING_ARGUMENT, _ARGUMENT, _OPEN, _ONE_LINE_BLOCK, _CLOSE = 2, 3, 6, 9, 10
# The start of any other argument: its name and `=` (the value is `ReadArgument`'s).
_ARGUMENT_HEAD = re.compile(rb"[ \t]*(" + IDENTIFIER + rb")[ \t]*=(?!=)")
# What bracket counting skips: a one-line string (a string that interpolates another
# may be cut wrong; then tree-sitter or the layout check sees it), and a comment.
_STRING = re.compile(_QUOTED)
_HEREDOC = re.compile(rb"<<-?(" + IDENTIFIER + rb")\r?\n")
# How far bracket counting follows a value before giving up on the file.
_MAX_VALUE_LINES = 400

# Parses the argument in `source[start:end]` alone (whole lines, with their line
# breaks), or None.
ReadArgument = Callable[[int, int], ast.Attribute | None]


class _Open:
    """A block whose `}` is still to come: its first line, and its items so far."""

    __slots__ = ("items", "labels_end", "names", "open_at", "type_end", "type_start")

    def __init__(self, type_start: int, type_end: int, labels_end: int, open_at: int) -> None:
        self.type_start = type_start
        self.type_end = type_end  # the labels, if any, run from here to `labels_end`
        self.labels_end = labels_end
        self.open_at = open_at
        self.items: list[ast.Attribute | ast.Block] = []
        self.names: set[str] = set()


def _depth(source: bytes, start: int, end: int) -> int:
    """How many brackets `source[start:end]` (one line) leaves open; negative for more
    closed than opened. Strings and a comment are skipped."""
    text = _STRING.sub(b"", source[start:end])
    for comment in (b"#", b"//"):
        cut = text.find(comment)
        if cut >= 0:
            text = text[:cut]
    opened = text.count(b"{") + text.count(b"[") + text.count(b"(")
    return opened - text.count(b"}") - text.count(b"]") - text.count(b")")


def _heredoc_end(source: bytes, opener: re.Match[bytes]) -> int:
    """Where the line of the heredoc's closing marker ends, or -1."""
    marker = opener.group(1)
    at = opener.end()
    size = len(source)
    while at < size:
        line_end = source.find(b"\n", at)
        if line_end < 0:
            line_end = size
        if source[at:line_end].strip(b" \t\r") == marker:
            return line_end
        at = line_end + 1
    return -1


def _value_end(source: bytes, start: int) -> int:
    """Where the last line of the value that starts at `start` ends (its line break,
    or the end of the text), as far as brackets and a heredoc tell; -1 on doubt. The
    parse of the lines and the layout check decide whether it is right."""
    size = len(source)
    line_end = source.find(b"\n", start)
    if line_end < 0:
        line_end = size
    opener = _HEREDOC.search(source, start, line_end + 1)
    if opener is not None:
        # A heredoc ends the value: nothing before it may stay open.
        before = _depth(source, start, opener.start())
        return _heredoc_end(source, opener) if before == 0 else -1
    depth = _depth(source, start, line_end)
    lines = 1
    while depth > 0 and line_end < size and lines < _MAX_VALUE_LINES:
        at = line_end + 1
        line_end = source.find(b"\n", at)
        if line_end < 0:
            line_end = size
        if source.find(b"<<", at, line_end) >= 0:
            return -1  # a heredoc inside brackets: left to the general path
        depth += _depth(source, at, line_end)
        lines += 1
    return line_end if depth == 0 else -1


class _Reader:
    def __init__(self, ctx: ParseContext, read_argument: ReadArgument | None) -> None:
        self.ctx = ctx
        self.source = ctx.source
        self.span_bytes = ctx.span_bytes
        self.exprs = ExprBuilder(ctx)
        self.value = self.exprs.from_text
        # Made on the first argument the line pattern does not read (most files have
        # none): importing it compiles its token pattern, a millisecond of a cold start.
        self.values: ValueReader | None = None
        self.read_argument = read_argument

    def other_argument(self, at: int) -> tuple[ast.Attribute, int] | None:
        """The argument that starts on the line at `at` and whose value the line
        pattern does not read, parsed alone, and where its last line ends; None when
        there is none, or on any doubt."""
        head = _ARGUMENT_HEAD.match(self.source, at)
        if head is None or self.read_argument is None:
            return None
        start = head.start(1)
        end = _value_end(self.source, head.end())
        if end < 0:
            return None
        # Through the line break: a heredoc's closing marker takes it.
        end = min(end + 1, len(self.source))
        if self.values is None:
            from nomadqemu.hcl.valuereader import ValueReader

            self.values = ValueReader(self.ctx, self.exprs)
        expr = self.values.read(head.end(), end)
        if expr is not None:
            name_span = self.span_bytes(start, head.end(1))
            name = self.source[start : head.end(1)].decode("ascii")
            attribute: ast.Attribute | None = ast.Attribute(
                name, name_span, expr, name_span.through(expr.span)
            )
        else:
            attribute = self.read_argument(start, end)
        if attribute is None or not surely_go_clean_argument(self.source, attribute, start, end):
            return None
        return attribute, end

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
        head_start, type_end = head.type_start, head.type_end
        type_span = span_bytes(head_start, type_end)
        labels: list[str] = []
        label_spans: list[Span] = []
        def_span = type_span
        if head.labels_end > type_end:
            for match in _LABELS.finditer(source, type_end, head.labels_end):
                start, end = match.span(1)
                quoted = source[start] == 0x22  # the quotes are not part of the label
                labels.append(source[start + quoted : end - quoted].decode("ascii"))
                label_spans.append(span_bytes(start, end))
            def_span = span_bytes(head_start, end)
        open_at = head.open_at
        return ast.Block(
            source[head_start:type_end].decode("ascii"),
            type_span,
            tuple(labels),
            tuple(label_spans),
            ast.Body(tuple(items), span_bytes(open_at, close_at + 1)),
            span_bytes(head_start, close_at + 1),
            def_span,
            span_bytes(open_at, open_at + 1),
            span_bytes(close_at, close_at + 1),
        )

    def read(self) -> ast.Body | None:
        source, span_bytes, plain_string = self.source, self.span_bytes, self.exprs.plain_string
        size = len(source)
        match_line = _LINE.match
        top = _Open(0, 0, 0, 0)
        current = top
        stack: list[_Open] = []
        at = 0
        while at < size:
            line = match_line(source, at)
            kind = line.lastindex if line is not None else _ARGUMENT
            if kind == _STRING_ARGUMENT:
                # The commonest line: its value needs no second look (`from_text`).
                assert line is not None  # `kind` came from it
                name_start, name_end = line.span(1)
                start, end = line.span(2)
                name = source[name_start:name_end].decode("ascii")
                if name in current.names:
                    return None  # Go: "Attribute redefined"
                current.names.add(name)
                current.items.append(
                    ast.Attribute(
                        name,
                        span_bytes(name_start, name_end),
                        plain_string(start, end),
                        span_bytes(name_start, end),
                    )
                )
                at = line.end()
                continue
            if kind == _ARGUMENT:
                attribute = None
                if line is not None:
                    name_start, name_end = line.span(1)
                    attribute = self.attribute(name_start, name_end, *line.span(3))
                    at_next = line.end()
                if attribute is None:
                    # Not a plain line, or a value `from_text` leaves to the general
                    # walk (`"${true.x}"`): maybe an argument to parse alone.
                    other = self.other_argument(at)
                    if other is None:
                        return None
                    attribute, at_next = other
                if attribute.name in current.names:
                    return None  # Go: "Attribute redefined"
                current.names.add(attribute.name)
                current.items.append(attribute)
                at = at_next
                continue
            assert line is not None  # `kind` came from it
            at = line.end()
            if kind is None:
                continue
            if kind == _OPEN:
                stack.append(current)
                current = _Open(line.start(4), line.end(4), line.end(5), line.start(6))
            elif kind == _ONE_LINE_BLOCK:
                items: list[ast.Attribute | ast.Block] = []
                if line.start(7) >= 0:
                    name_start, name_end = line.span(7)
                    attribute = self.attribute(name_start, name_end, *line.span(8))
                    if attribute is None:
                        return None
                    items.append(attribute)
                head = _Open(line.start(4), line.end(4), line.end(5), line.start(6))
                current.items.append(self.block(head, line.start(9), items))
            elif kind == _CLOSE and stack:
                block = self.block(current, line.start(10), current.items)
                current = stack.pop()
                current.items.append(block)
            else:
                return None  # a `}` with no block open, or a one-line block left open
        if stack:
            return None  # a block left open: the general path reports it
        return ast.Body(tuple(top.items), self.span_bytes(0, size))


def read_plain_lines(
    ctx: ParseContext, read_argument: ReadArgument | None = None
) -> ast.Body | None:
    """The body of `ctx.source` if every line of it is plain or belongs to an argument
    `read_argument` reads (see the module's docstring), else None: the caller then
    parses the whole file with tree-sitter."""
    source = ctx.source
    if source.translate(None, _USUAL_BYTES) or (
        b"\r" in source and LONE_CARRIAGE_RETURN.search(source) is not None
    ):
        return None
    return _Reader(ctx, read_argument).read()
