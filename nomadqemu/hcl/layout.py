"""`surely_go_clean`: can Go's syntax checks be skipped for a file tree-sitter accepted?

Go's parser (re-run by `goparse`, about a fifth of the time of reading a job) and
tree-sitter-hcl disagree mainly about newlines: to tree-sitter they are blanks, to Go
they end arguments and blocks (`a = 1 b = 2`, `a =\\n1`, `b\\n{}`, `x ? 1\\n: 2`
and single-line blocks are all accepted by tree-sitter and rejected by Go). Every
other disagreement found so far is in the bytes themselves: control characters, a lone
carriage return, broken UTF-8, an empty interpolation `${}`.

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

from nomadqemu.hcl import ast
from nomadqemu.span import Span

# Bytes that send the file to Go's checks: control characters other than tab and
# newline; a carriage return not before a newline; a `\u`/`\U` escape (Go rejects
# surrogates and out-of-range code points there, which the tree builder accepts); a
# block comment (it may hide a newline from Go's parser, or show one to the line
# rules below that Go does not see); and an empty interpolation or directive (`${}`,
# `${ ~}`, `%{ # c\n}`), which tree-sitter accepts. Non-ASCII files are sent to Go's
# checks before this runs.
_DOUBTFUL_BYTES = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)|/\*|\\[uU]"
    rb"|[$%]\{~?(?:[ \t\r\n]|#[^\n]*|//[^\n]*)*~?\}"
)
# Go's identifier; tree-sitter also takes `name::x` (a function namespace) as a name.
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
# A function name, maybe namespaced (`provider::fn`), with nothing between the parts.
_FUNCTION_NAME = re.compile(rb"[A-Za-z_][A-Za-z0-9_-]*(?:::[A-Za-z_][A-Za-z0-9_-]*)*")
_NAME_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_HEREDOC_OPENER = re.compile(rb"<<-?[A-Za-z_][A-Za-z0-9_-]*\r?\n")
# A number literal as Go's scanner and `big.ParseFloat` both take it.
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


def surely_go_clean(source: bytes, body: ast.Body) -> bool:
    """True only when Go's parser would report nothing for `source`, whose clean
    tree-sitter parse gave `body`. False means "run Go's checks", not "invalid"."""
    if not source.isascii() or _DOUBTFUL_BYTES.search(source) is not None:
        return False
    return _Lines(source).body(body, top=True)


# Byte offsets, read without positioning the parser's lazy spans (which would cost
# more than the checks themselves).
def _start(span: Span) -> int:
    return span.byte_offsets()[0]


def _end(span: Span) -> int:
    return span.byte_offsets()[1]


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

    # --- bodies ------------------------------------------------------------------

    def body(self, body: ast.Body, top: bool = False) -> bool:
        items = body.items
        names: set[str] = set()
        previous_end = -1
        for item in items:
            if previous_end >= 0 and not (
                self.ends_line(previous_end) or self.newline(previous_end, _start(item.span))
            ):
                return False  # Go: "Missing newline after argument/block definition"
            if isinstance(item, ast.Attribute):
                if _IDENTIFIER.fullmatch(item.name) is None:
                    return False
                if item.name in names:
                    return False  # Go: "Attribute redefined"
                names.add(item.name)
                if not self.attribute(item):
                    return False
                previous_end = _end(item.expr.span)
            else:
                if not self.block(item):
                    return False
                previous_end = _end(item.close_brace_span)
        return True

    def attribute(self, item: ast.Attribute) -> bool:
        # The name, `=` and the start of the value share a line in Go's grammar.
        if self.newline(_start(item.name_span), _start(item.expr.span)):
            return False
        return self.expr(item.expr, significant=True)

    def block(self, block: ast.Block) -> bool:
        open_end = _end(block.open_brace_span)
        close_start = _start(block.close_brace_span)
        # The type, the labels and `{` share a line.
        if self.newline(_start(block.type_span), open_end):
            return False
        if _IDENTIFIER.fullmatch(block.type) is None:
            return False
        for label, span in zip(block.labels, block.label_spans, strict=True):
            if self.source[_start(span)] == 0x22:  # a quoted label
                # It may not hold a template sequence (nor, then, a brace).
                if self.find(b"{", _start(span), _end(span)) >= 0:
                    return False
            elif _IDENTIFIER.fullmatch(label) is None:
                return False
        items = block.body.items
        if not items:
            return True
        first = items[0]
        if not self.newline(open_end, _start(first.span)):
            # A single-line block: exactly one argument, closed on its line.
            return (
                len(items) == 1
                and isinstance(first, ast.Attribute)
                and not self.newline(_start(first.span), close_start)
                and self.attribute(first)
            )
        last = items[-1]
        last_end = _end(
            last.expr.span if isinstance(last, ast.Attribute) else last.close_brace_span
        )
        if not (self.ends_line(last_end) or self.newline(last_end, close_start)):
            return False
        return self.body(block.body)

    # --- expressions ---------------------------------------------------------------

    def expr(self, node: ast.Expr, significant: bool) -> bool:
        """`significant`: whether Go's parser treats a line break here as the end of
        the argument (outside brackets, parentheses and interpolations)."""
        span = node.span
        if significant and self.newline(_start(span), _end(span)):
            return self.multiline(node)
        return self.inner(node, significant)

    def multiline(self, node: ast.Expr) -> bool:
        """A node spanning lines where line breaks matter: only brackets may do that,
        with every break inside them."""
        if isinstance(node, ast.TupleCons | ast.ForExpr | ast.Parens):
            return self.inner(node, significant=True)
        if isinstance(node, ast.ObjectCons):
            return self.inner(node, significant=True)
        if isinstance(node, ast.FunctionCall):
            if self.newline(_start(node.name_span), _end(node.open_paren_span)):
                return False
            return self.inner(node, significant=True)
        if isinstance(node, ast.Template | ast.TemplateWrap) and self.heredoc(node.span):
            return self.inner(node, significant=True)
        return False

    def heredoc(self, span: Span) -> bool:
        return self.source.startswith(b"<<", _start(span))

    def heredoc_opener(self, span: Span) -> bool:
        """Whether the heredoc's `<<MARKER` ends its line, as Go's scanner requires
        (tree-sitter lets text follow it)."""
        return _HEREDOC_OPENER.match(self.source, _start(span)) is not None

    def inner(self, node: ast.Expr, significant: bool) -> bool:
        """The node's children, each in the newline mode Go parses it in."""
        if isinstance(node, ast.Literal):
            # tree-sitter reads `0.1.5` as a number and an index; Go rejects it.
            return node.kind != "number" or _NUMBER.fullmatch(node.text) is not None
        if isinstance(node, ast.TemplateLiteral | ast.AnonSymbol):
            return True
        if isinstance(node, ast.ScopeTraversal):
            return _IDENTIFIER.fullmatch(node.root) is not None and self.steps(node.steps)
        if isinstance(node, ast.TupleCons):
            return all(self.expr(item, False) for item in node.items)
        if isinstance(node, ast.FunctionCall):
            name = self.source[_start(node.name_span) : _end(node.name_span)]
            gap = self.source[_end(node.name_span) : _start(node.open_paren_span)]
            if _FUNCTION_NAME.fullmatch(name) is None or gap.strip(b" \t"):
                return False  # Go: "Missing function name" after `::`, and the like
            return all(self.expr(arg, False) for arg in node.args)
        if isinstance(node, ast.Parens):
            return self.expr(node.inner, False)
        if isinstance(node, ast.ObjectCons):
            return self.object(node)
        if isinstance(node, ast.Template | ast.TemplateWrap):
            if self.heredoc(node.span):
                if not self.heredoc_opener(node.span):
                    return False
            elif self.newline(_start(node.span), _end(node.span)):
                return False  # Go: "Invalid multi-line string" (or a newline in `${}`)
            if isinstance(node, ast.TemplateWrap):
                return self.expr(node.wrapped, False)
            return self.parts(node.parts)
        if isinstance(node, ast.BinaryOp):
            return self.expr(node.lhs, significant) and self.expr(node.rhs, significant)
        if isinstance(node, ast.UnaryOp):
            return self.expr(node.operand, significant)
        if isinstance(node, ast.Conditional):
            return (
                self.expr(node.condition, significant)
                and self.expr(node.true_result, significant)
                and self.expr(node.false_result, significant)
            )
        if isinstance(node, ast.ForExpr):
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
        if isinstance(node, ast.Index):
            return self.expr(node.collection, significant) and self.expr(node.key, False)
        if isinstance(node, ast.RelativeTraversal):
            return self.expr(node.source, significant) and self.steps(node.steps)
        if isinstance(node, ast.Splat):
            # Splats carry Go rules of their own (nested splats, `[*]` spacing): doubt.
            return False
        return False  # a node kind these rules do not know: let Go's checks decide

    def steps(self, steps: tuple[ast.Step, ...]) -> bool:
        for step in steps:
            if isinstance(step, ast.TraverseAttr) and _IDENTIFIER.fullmatch(step.name) is None:
                return False
            if isinstance(step, ast.TraverseIndex):
                key = step.key
                # A legacy index `.1` takes digits only (`.1.5` is an error in Go).
                start, end = _start(step.span), _end(step.span)
                if isinstance(key, ast.Literal) and not (
                    key.text.isdigit()
                    and self.source[end : end + 1] != b"."
                    and not self.source[start - 1 : start].isdigit()
                ):
                    return False  # Go's scanner reads `.0.11` as `.` and the number `0.11`
                if not self.expr(key, False):
                    return False
            if isinstance(step, ast.TraverseSplat):
                return False
        return True

    def parts(self, parts: tuple[ast.Expr, ...]) -> bool:
        for part in parts:
            if isinstance(part, ast.TemplateLiteral):
                continue
            if isinstance(part, ast.TemplateIf):
                if not (
                    self.after_keyword(part.condition)
                    and self.expr(part.condition, False)
                    and self.parts(part.then_parts)
                    and self.parts(part.else_parts)
                ):
                    return False
            elif isinstance(part, ast.TemplateFor):
                if not (
                    self.after_keyword(part.collection)
                    and self.expr(part.collection, False)
                    and self.parts(part.body_parts)
                ):
                    return False
            elif not self.expr(part, False):
                return False
        return True

    def object(self, node: ast.ObjectCons) -> bool:
        previous_end = -1
        for item in node.items:
            key_start = _start(item.key.span)
            if previous_end >= 0 and not self.separator(previous_end, key_start, last=False):
                return False  # Go: "Missing attribute separator", or a stray comma
            # The key, `=` (or `:`) and the start of the value share a line.
            if self.newline(key_start, _start(item.value.span)):
                return False
            if not (self.expr(item.key.expr, True) and self.expr(item.value, True)):
                return False
            previous_end = _end(item.value.span)
        return previous_end < 0 or self.separator(previous_end, _end(node.span) - 1, last=True)

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
        at = _start(node.span)
        return at > 0 and self.source[at - 1] not in _NAME_BYTES

    def for_keyword(self, node: ast.ForExpr) -> bool:
        """Whether `for` after the opening bracket is a word of its own."""
        text = self.source[_end(node.open_span) : _end(node.open_span) + 64].lstrip(b" \t\n")
        return text.startswith(b"for") and text[3:4] in (b" ", b"\t", b"\n")
