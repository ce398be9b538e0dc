"""`surely_go_clean`: can Go's syntax checks be skipped for a file tree-sitter accepted?

Go's parser (re-run by `goparse`, about a fifth of the time of reading a job) and
tree-sitter-hcl disagree mainly about newlines: to tree-sitter they are blanks, to Go
they end arguments and blocks (`a = 1 b = 2`, `a =\\n1`, `b\\n{}`, `x ? 1\\n: 2`
and single-line blocks are all accepted by tree-sitter and rejected by Go). The other
disagreements found (by mutating job files and comparing) are local: control
characters, a lone carriage return, broken UTF-8, an empty interpolation `${}`, `::`
inside a name, number forms such as `0.1.5` and `x.0.11`, `inx` read as `in x`, text
after a heredoc's `<<EOF`, a surrogate in a `\\u` escape.

So after a clean tree-sitter parse this module answers one question, cheaply and
conservatively: does the file follow Go's line structure, and contain none of those
bytes? When the answer is yes, Go's checks cannot report anything and are skipped; on
any doubt (a block comment, a non-ASCII byte, a multi-line expression outside
brackets, a duplicate argument, …) the answer is no and Go's checks run as before, so
diagnostics never change. `tests/hcl/test_layout.py` holds this to `goparse` over
mutated files: whenever `goparse` reports anything, this module must have said no.

Offsets come from the tree's spans (`Span.byte_offsets`): in a whole-file parse they
are offsets into the source the module is given.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from nomadqemu.hcl import ast
from nomadqemu.hcl.lexing import (
    DOTTED_NAME,
    HEREDOC_OPENER,
    IDENTIFIER,
    LONE_CARRIAGE_RETURN,
    NUMBER_LITERAL,
)
from nomadqemu.span import Span

# Bytes that send the file to Go's checks: control characters other than tab and
# newline, and a carriage return not before a newline. A `\u`/`\U` escape does too
# (Go rejects surrogates and out-of-range code points there, which the tree builder
# accepts), and a block comment (it may hide a newline from Go's parser, or show one
# to the line rules below that Go does not see): see `surely_go_clean`.
# Non-ASCII files are sent to Go's checks before any of this runs.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# An empty interpolation or directive (`${}`, `${ ~}`, `%{ # c\n}`), which tree-sitter
# accepts and Go does not. (Each screen is its own pattern: one alternation of them
# all scans several times slower.)
_EMPTY_SEQUENCE = re.compile(rb"[$%]\{~?(?:[ \t\r\n]|#[^\n]*|//[^\n]*)*~?\}")
# A strip marker apart from its brace (`%{ ~ endfor}`, `${x ~}`): tree-sitter takes
# it, Go's scanner reads a lone `~`.
_LOOSE_STRIP_MARKER = re.compile(rb"[$%]\{[ \t\r\n]+~|~[ \t\r\n]+\}")
# Go's identifier; tree-sitter also takes `name::x` (a function namespace) as a name.
_IDENTIFIER = re.compile(IDENTIFIER.decode())
# A function name, maybe namespaced (`provider::fn`), with nothing between the parts.
_FUNCTION_NAME = re.compile(IDENTIFIER + rb"(?:::" + IDENTIFIER + rb")*")
_NAME_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
# A one-line value Go reads as tree-sitter does: a number, a bool, a dotted name, a
# string whose only interpolations are dotted names (`"${NOMAD_TASK_NAME}"`), or a list
# of strings. (A name's steps start with a letter: `x.0.11` is not plain.)
_PLAIN_STRING = rb'"(?:[^"\\$%\n{}]|\\[nrt"\\]|\$\{' + DOTTED_NAME + rb"\})*\""
_PLAIN_VALUE = re.compile(
    rb"-?[0-9]+(?:\.[0-9]+)?|true|false|"
    + DOTTED_NAME
    + b"|"
    + _PLAIN_STRING
    + rb"|\[ *(?:"
    + _PLAIN_STRING
    + rb" *(?:, *"
    + _PLAIN_STRING
    + rb" *)*,? *)?\]"
)
_NUMBER = re.compile(NUMBER_LITERAL.decode())


def surely_go_clean(source: bytes, body: ast.Body) -> bool:
    """True only when Go's parser would report nothing for `source`, whose clean
    tree-sitter parse gave `body`. False means "run Go's checks", not "invalid"."""
    if (
        not source.isascii()
        or _CONTROL_BYTES.search(source) is not None
        or (b"\r" in source and LONE_CARRIAGE_RETURN.search(source) is not None)
        or _doubtful_text(source)
    ):
        return False
    if body.items and not _raw_offsets_are_bytes(body.items[0].span):
        return False  # not a whole-file parse: see `_offsets`
    return _follows_lines(source, body)


def surely_go_clean_argument(source: bytes, attribute: ast.Attribute, start: int, end: int) -> bool:
    """`surely_go_clean` for one argument parsed alone (`plainlines`): its text is
    `source[start:end]`, whole lines of a file of printable ASCII (the byte screens for
    the whole file are the caller's), which the rest of the file's lines end before
    and begin after."""
    if _doubtful_text(source[start:end]) or not _raw_offsets_are_bytes(attribute.span):
        return False
    return _follows_lines(source, ast.Body((attribute,), attribute.span))


def _doubtful_text(text: bytes) -> bool:
    """Whether `text` holds a block comment, a `\\u` escape, an empty sequence or a
    loose strip marker (see the patterns above)."""
    return (
        b"/*" in text
        or b"\\u" in text
        or b"\\U" in text
        or _EMPTY_SEQUENCE.search(text) is not None
        or (b"~" in text and _LOOSE_STRIP_MARKER.search(text) is not None)
    )


def _follows_lines(source: bytes, body: ast.Body) -> bool:
    try:
        return _Lines(source).body(body)
    except KeyError:  # a node kind `_INNER` does not know
        return False


# Names already checked: a job repeats the same few dozen (`driver`, `config`, …).
_GO_NAMES: dict[str, bool] = {}


def _go_name(name: str) -> bool:
    """Whether Go reads `name` as one identifier."""
    known = _GO_NAMES.get(name)
    if known is None:
        known = _IDENTIFIER.fullmatch(name) is not None
        if len(_GO_NAMES) < 4096:  # bounded: names are the user's to choose
            _GO_NAMES[name] = known
    return known


def _raw_offsets_are_bytes(span: Span) -> bool:
    lazy = span._lazy
    return lazy is None or lazy[0].byte_frame[2] == 0


def _offsets(span: Span) -> tuple[int, int]:
    """`span.byte_offsets()`, read straight from a lazy span: in a whole-file parse its
    offsets are the source's (no shift, checked once per file, and no clamping: tree
    nodes lie inside the text and after a byte order mark). A third of the checks'
    time went to the general method."""
    lazy = span._lazy
    if lazy is not None:
        return lazy[1], lazy[2]
    return span.byte_offsets()


class _Lines:
    """Go's line rules over the syntax tree; every method returns False on doubt."""

    def __init__(self, source: bytes) -> None:
        self.find = source.find
        self.source = source

    def newline(self, start: int, end: int) -> bool:
        """Whether a line break lies in `source[start:end]`."""
        return self.find(b"\n", start, end) >= 0

    def ends_line(self, end: int) -> bool:
        # A heredoc's closing marker takes its line break with it.
        return end > 0 and self.source[end - 1] == 0x0A

    def separated(self, previous_end: int, start: int) -> bool:
        """Whether the item ending at `previous_end` ends its line before `start`."""
        return previous_end < 0 or self.ends_line(previous_end) or self.newline(previous_end, start)

    # --- bodies ------------------------------------------------------------------

    def body(self, body: ast.Body) -> bool:
        # The hottest loop here: one pass per body, with the checks inlined.
        source, find = self.source, self.find
        names: set[str] = set()
        previous_end = -1
        for item in body.items:
            if item.__class__ is ast.Attribute:
                assert isinstance(item, ast.Attribute)  # for mypy: the class was checked
                name = item.name
                if name in names or not _go_name(name):
                    return False  # Go: "Attribute redefined", or a name Go rejects
                names.add(name)
                # `_offsets`, inlined: this runs for every argument of the file.
                lazy = item.name_span._lazy
                name_start = lazy[1] if lazy is not None else _offsets(item.name_span)[0]
                lazy = item.expr.span._lazy
                start, end = (lazy[1], lazy[2]) if lazy is not None else _offsets(item.expr.span)
                if (
                    # The previous item's line ends before this one (a heredoc's closing
                    # marker takes its line break with it).
                    (
                        previous_end >= 0
                        and source[previous_end - 1] != 0x0A
                        and find(b"\n", previous_end, name_start) < 0
                    )
                    # The name, `=` and the start of the value share a line.
                    or find(b"\n", name_start, start) >= 0
                    or (
                        _PLAIN_VALUE.fullmatch(source, start, end) is None
                        and not self.expr_at(item.expr, start, end)
                    )
                ):
                    return False
                previous_end = end
            else:
                assert isinstance(item, ast.Block)
                if not self.separated(previous_end, _offsets(item.type_span)[0]):
                    return False  # Go: "Missing newline after block definition"
                previous_end = self.block(item)
                if previous_end < 0:
                    return False
        return True

    def attribute(self, item: ast.Attribute, name_start: int) -> int:
        """Where a single-line block's argument ends, or -1 on doubt."""
        start, end = _offsets(item.expr.span)
        if self.newline(name_start, start) or not _go_name(item.name):
            return -1
        return end if self.expr_at(item.expr, start, end) else -1

    def block(self, block: ast.Block) -> int:
        """Where the block's `}` ends, or -1 on doubt."""
        type_start = _offsets(block.type_span)[0]
        open_end = _offsets(block.open_brace_span)[1]
        close_start, close_end = _offsets(block.close_brace_span)
        # The type, the labels and `{` share a line.
        if self.newline(type_start, open_end) or not _go_name(block.type):
            return -1
        for label, span in zip(block.labels, block.label_spans, strict=True):
            start, end = _offsets(span)
            if self.source[start] == 0x22:  # a quoted label
                # It may not hold a template sequence (nor, then, a brace).
                if self.find(b"{", start, end) >= 0:
                    return -1
            elif not _go_name(label):
                return -1
        items = block.body.items
        if not items:
            return close_end
        first = items[0]
        first_start = _offsets(first.span)[0]
        if not self.newline(open_end, first_start):
            # A single-line block: exactly one argument, closed on its line.
            if len(items) != 1 or not isinstance(first, ast.Attribute):
                return -1
            end = self.attribute(first, first_start)
            return close_end if end >= 0 and not self.newline(end, close_start) else -1
        if not self.body(block.body):
            return -1
        last = items[-1]
        last_end = _offsets(
            last.expr.span if isinstance(last, ast.Attribute) else last.close_brace_span
        )[1]
        if not (self.ends_line(last_end) or self.newline(last_end, close_start)):
            return -1
        return close_end

    # --- expressions ---------------------------------------------------------------

    def expr(self, node: ast.Expr, significant: bool) -> bool:
        """`significant`: whether Go's parser treats a line break here as the end of
        the argument (outside brackets, parentheses and interpolations)."""
        if not significant:
            return _INNER[node.__class__](self, node, False)
        start, end = _offsets(node.span)
        return self.expr_at(node, start, end)

    def expr_at(self, node: ast.Expr, start: int, end: int) -> bool:
        """`expr` where line breaks are significant, the node's offsets known."""
        if self.newline(start, end):
            return self.multiline(node, start)
        return _INNER[node.__class__](self, node, True)

    def multiline(self, node: ast.Expr, start: int) -> bool:
        """A node spanning lines where line breaks matter: only brackets may do that,
        with every break inside them."""
        kind = node.__class__
        if kind in (ast.TupleCons, ast.ForExpr, ast.Parens, ast.ObjectCons):
            return _INNER[kind](self, node, True)
        if kind is ast.FunctionCall:
            assert isinstance(node, ast.FunctionCall)
            if self.newline(start, _offsets(node.open_paren_span)[1]):
                return False
            return self.call(node, True)
        if kind in (ast.Template, ast.TemplateWrap) and self.source.startswith(b"<<", start):
            return _INNER[kind](self, node, True)
        return False

    def template(self, node: ast.Template | ast.TemplateWrap, significant: bool) -> bool:
        start, end = _offsets(node.span)
        if self.source.startswith(b"<<", start):
            # Go's scanner wants the line break right after `<<MARKER`; tree-sitter
            # lets text follow it.
            if HEREDOC_OPENER.match(self.source, start) is None:
                return False
        elif self.newline(start, end):
            return False  # Go: "Invalid multi-line string" (or a newline in `${}`)
        elif isinstance(node, ast.Template) and not self.quotes_close(node.parts):
            return False
        if isinstance(node, ast.TemplateWrap):
            return self.expr(node.wrapped, False)
        return self.parts(node.parts)

    def quotes_close(self, parts: tuple[ast.Expr, ...]) -> bool:
        """Whether no text of a quoted template holds a `"`: Go's string ends at the
        first one, and tree-sitter reads on past it in a directive's body (`"%{for x
        in y}a"b%{endfor}"`); an escaped quote (after an odd run of `\\`) is text."""
        source, find = self.source, self.find
        for part in parts:
            kind = part.__class__
            if kind is ast.TemplateLiteral:
                start, end = _offsets(part.span)
                quote = find(b'"', start, end)
                while quote >= 0:
                    before = quote
                    while before > start and source[before - 1] == 0x5C:
                        before -= 1
                    if (quote - before) % 2 == 0:
                        return False
                    quote = find(b'"', quote + 1, end)
            elif kind is ast.TemplateIf:
                assert isinstance(part, ast.TemplateIf)
                if not (self.quotes_close(part.then_parts) and self.quotes_close(part.else_parts)):
                    return False
            elif kind is ast.TemplateFor:
                assert isinstance(part, ast.TemplateFor)
                if not self.quotes_close(part.body_parts):
                    return False
        return True

    def literal(self, node: ast.Literal, significant: bool) -> bool:
        # tree-sitter reads `0.1.5` as a number and an index; Go rejects it.
        return node.kind != "number" or _NUMBER.fullmatch(node.text) is not None

    def traversal(self, node: ast.ScopeTraversal, significant: bool) -> bool:
        return _go_name(node.root) and self.steps(node.steps)

    def relative(self, node: ast.RelativeTraversal, significant: bool) -> bool:
        return self.expr(node.source, significant) and self.steps(node.steps)

    def tuple_cons(self, node: ast.TupleCons, significant: bool) -> bool:
        return all(self.expr(item, False) for item in node.items)

    def call(self, node: ast.FunctionCall, significant: bool) -> bool:
        name_start, name_end = _offsets(node.name_span)
        name = self.source[name_start:name_end]
        gap = self.source[name_end : _offsets(node.open_paren_span)[0]]
        if _FUNCTION_NAME.fullmatch(name) is None or gap.strip(b" \t"):
            return False  # Go: "Missing function name" after `::`, and the like
        return all(self.expr(arg, False) for arg in node.args)

    def parens(self, node: ast.Parens, significant: bool) -> bool:
        return self.expr(node.inner, False)

    def binary(self, node: ast.BinaryOp, significant: bool) -> bool:
        return self.expr(node.lhs, significant) and self.expr(node.rhs, significant)

    def unary(self, node: ast.UnaryOp, significant: bool) -> bool:
        return self.expr(node.operand, significant)

    def conditional(self, node: ast.Conditional, significant: bool) -> bool:
        return (
            self.expr(node.condition, significant)
            and self.expr(node.true_result, significant)
            and self.expr(node.false_result, significant)
        )

    def index(self, node: ast.Index, significant: bool) -> bool:
        return self.expr(node.collection, significant) and self.expr(node.key, False)

    def for_expr(self, node: ast.ForExpr, significant: bool) -> bool:
        # tree-sitter splits `inx` into the keyword `in` and `x`; Go does not.
        if not (self.after_keyword(node.collection) and self.for_keyword(node)):
            return False
        if node.condition is not None and not self.after_keyword(node.condition):
            return False
        return all(
            self.expr(part, False)
            for part in (node.collection, node.key_expr, node.value_expr, node.condition)
            if part is not None
        )

    def doubt(self, node: ast.Expr, significant: bool) -> bool:
        # Splats carry Go rules of their own (nested splats, `[*]` spacing), and a
        # template directive outside a template cannot be parsed: let Go's checks decide.
        return False

    def steps(self, steps: tuple[ast.Step, ...]) -> bool:
        source = self.source
        for step in steps:
            kind = step.__class__
            if kind is ast.TraverseAttr:
                assert isinstance(step, ast.TraverseAttr)
                if not _go_name(step.name):
                    return False
            elif kind is ast.TraverseIndex:
                assert isinstance(step, ast.TraverseIndex)
                key = step.key
                start, end = _offsets(step.span)
                # A legacy index `.1` takes digits only, and Go's scanner reads `.0.11`
                # as `.` and the number `0.11`.
                legacy = source[start : start + 1] == b"."
                if legacy and not (
                    isinstance(key, ast.Literal)
                    and key.text.isdigit()
                    and source[end : end + 1] != b"."
                    and not source[start - 1 : start].isdigit()
                ):
                    return False
                if not self.expr(key, False):
                    return False
            else:
                return False  # a splat step: see `doubt`
        return True

    def parts(self, parts: tuple[ast.Expr, ...]) -> bool:
        for part in parts:
            kind = part.__class__
            if kind is ast.TemplateLiteral:
                continue
            if kind is ast.TemplateIf:
                assert isinstance(part, ast.TemplateIf)
                if not (
                    self.after_keyword(part.condition)
                    and self.expr(part.condition, False)
                    and self.parts(part.then_parts)
                    and self.parts(part.else_parts)
                ):
                    return False
            elif kind is ast.TemplateFor:
                assert isinstance(part, ast.TemplateFor)
                if not (
                    self.after_keyword(part.collection)
                    and self.expr(part.collection, False)
                    and self.parts(part.body_parts)
                ):
                    return False
            elif not self.expr(part, False):
                return False
        return True

    def object(self, node: ast.ObjectCons, significant: bool) -> bool:
        previous_end = -1
        for item in node.items:
            key_start = _offsets(item.key.span)[0]
            if previous_end >= 0 and not self.separator(previous_end, key_start, last=False):
                return False  # Go: "Missing attribute separator", or a stray comma
            value_start, value_end = _offsets(item.value.span)
            # The key, `=` (or `:`) and the start of the value share a line.
            if self.newline(key_start, value_start):
                return False
            if not (
                self.expr(item.key.expr, True) and self.expr_at(item.value, value_start, value_end)
            ):
                return False
            previous_end = value_end
        return previous_end < 0 or self.separator(
            previous_end, _offsets(node.span)[1] - 1, last=True
        )

    def separator(self, start: int, end: int, last: bool) -> bool:
        """Whether `source[start:end]`, between two items of an object constructor (or
        the last one and `}`), separates them as Go reads it: a comma and then any line
        breaks, or line breaks alone; a comma after a line break starts a bad item."""
        gap = self.source[start:end]
        commas = gap.count(b",")
        first_break = gap.find(b"\n")
        if commas > 1 or (commas and 0 <= first_break < gap.find(b",")):
            return False
        return last or commas == 1 or first_break >= 0

    def after_keyword(self, node: ast.Expr) -> bool:
        """Whether the keyword before `node` (`in`, `if`) ends at a non-name byte."""
        at = _offsets(node.span)[0]
        return at > 0 and self.source[at - 1] not in _NAME_BYTES

    def for_keyword(self, node: ast.ForExpr) -> bool:
        """Whether `for` after the opening bracket is a word of its own."""
        after = _offsets(node.open_span)[1]
        text = self.source[after : after + 64].lstrip(b" \t\n")
        return text.startswith(b"for") and text[3:4] in (b" ", b"\t", b"\n")


# How `_Lines` reads each node kind's children (by exact class: the tree's records
# are never subclassed). A kind missing here is a KeyError, which `surely_go_clean`
# turns into doubt.
_INNER: dict[type, Callable[[_Lines, Any, bool], bool]] = {
    ast.Literal: _Lines.literal,
    ast.TemplateLiteral: lambda lines, node, significant: True,
    ast.AnonSymbol: lambda lines, node, significant: True,
    ast.Template: _Lines.template,
    ast.TemplateWrap: _Lines.template,
    ast.ScopeTraversal: _Lines.traversal,
    ast.RelativeTraversal: _Lines.relative,
    ast.TupleCons: _Lines.tuple_cons,
    ast.FunctionCall: _Lines.call,
    ast.Parens: _Lines.parens,
    ast.ObjectCons: _Lines.object,
    ast.BinaryOp: _Lines.binary,
    ast.UnaryOp: _Lines.unary,
    ast.Conditional: _Lines.conditional,
    ast.Index: _Lines.index,
    ast.ForExpr: _Lines.for_expr,
    ast.Splat: _Lines.doubt,
    ast.TemplateIf: _Lines.doubt,
    ast.TemplateFor: _Lines.doubt,
}
