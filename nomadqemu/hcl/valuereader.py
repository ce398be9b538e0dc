"""`ValueReader`: argument values of the usual multi-token shapes, read without tree-sitter.

`plainlines` reads the commonest values (a string, a number, a reference, a one-line
list) with one pattern each; the others it parsed alone with tree-sitter, at about
twenty times the cost of a plain line. Most of those are built from the same pieces:
lists and maps written over several lines (`args = [` … `]`, `meta = {` … `}`),
function calls (`merge(local.a, { b = 1 })`), operators and conditionals
(`var.n > 0 ? 1 : 2`), `for` expressions (`[for s in var.dcs : upper(s)]`), index
and attribute steps (`var.dcs[0]`, `f(x).name`) and strings that interpolate such
expressions (`"app-${upper(var.name)}"`).
This module reads exactly that language with a small recursive-descent parser in
Go's grammar, and builds the tree the general walk would build (the scalars through
`ExprBuilder.from_text`, the same spans, operators by Go's precedence climbing).

It is deliberately narrower than HCL, and stricter than both tree-sitter and Go:
anything else (comments inside the value, heredocs, template directives, strip
markers and escapes, splats, legacy `.0` steps, a step after a blank, `...`, trailing
commas in calls, `for`, `in` and `if` anywhere but in a `for` expression, a line break
anywhere Go would read it as the end of something)
gives None, and `plainlines` falls back to tree-sitter for that argument. What it
accepts, Go accepts with the same structure, so the layout check that follows is
the same one tree-sitter's results go through.
"""

from __future__ import annotations

import re

from nomadqemu.hcl import ast
from nomadqemu.hcl.context import ParseContext
from nomadqemu.hcl.expressions import ExprBuilder, extend_traversal, is_plain_text
from nomadqemu.hcl.lexing import DOTTED_NAME, IDENTIFIER, NUMBER_LITERAL, TEMPLATE_TEXT
from nomadqemu.span import Span

# One token after blanks, its kind told by the group that matched (`lastindex`):
#   1  a line break;
#   2  a quoted string on one line (whether `from_text` reads it is decided there);
#   3  a number, not run into a name or a dot (`1x`, `1.x` are Go errors or steps);
#   4  a name, maybe with attribute steps, not run into a dot (`a.0`, `a.*`: steps
#      this reader leaves to tree-sitter);
#   5  an operator or a bracket;
#   6  an attribute step after a bracket or a call (`a[0].name`), not run into one
#      it does not read.
# (3, 4 and 6 are atomic: backtracking into them would split `ab.0` into `a`, `b.0`.)
_TOKEN = re.compile(
    rb"[ \t]*(?:(\r?\n)"
    rb'|("[^"\\\n]*(?:\\.[^"\\\n]*)*")'
    rb"|((?>" + NUMBER_LITERAL + rb"))(?![A-Za-z0-9_.])"
    rb"|((?>" + DOTTED_NAME + rb"))(?!\.)"
    rb"|(=>|==|!=|<=|>=|&&|\|\||[-+*/%<>!?:=,{}\[\]()])"
    rb"|((?>\." + IDENTIFIER + rb")))"
)
_NEWLINE, _STRING, _NUMBER, _NAME, _PUNCT, _STEP = 1, 2, 3, 4, 5, 6
# `for` after an opening brace, with only blanks between (`object`).
_FOR_AFTER_BLANKS = re.compile(rb"[ \t]*for")
# A run of a template's text that is its own value (`template`).
_TEMPLATE_TEXT = re.compile(TEMPLATE_TEXT)
# What may follow the value on its last line: blanks and a line comment.
_TAIL = re.compile(rb"[ \t]*(?:(?:#|//)[^\n]*)?\r?\n?")
# Keywords: literals (`true`, `false`, `null`), which `from_text` reads and which Go
# reads differently as object keys, and the words of `for` expressions, which are never
# plain names here.
_KEYWORDS = frozenset((b"for", b"in", b"if", b"true", b"false", b"null"))
_STARTERS = frozenset((b"for", b"in", b"if"))

# Binary operators by precedence level, lowest first (Go's `binaryOps`).
_LEVEL = {
    b"||": 0,
    b"&&": 1,
    b"==": 2,
    b"!=": 2,
    b"<": 3,
    b"<=": 3,
    b">": 3,
    b">=": 3,
    b"+": 4,
    b"-": 4,
    b"*": 5,
    b"/": 5,
    b"%": 5,
}


class _Refused(Exception):
    """The value is not of this reader's language: tree-sitter reads it."""


class ValueReader:
    """Reads one value at a time for one parse (`read`)."""

    def __init__(self, ctx: ParseContext, exprs: ExprBuilder) -> None:
        self.source = ctx.source
        self.span_bytes = ctx.span_bytes
        self.from_text = exprs.from_text
        # The current token: its kind, bytes and offsets; `at` is where it ends.
        self.kind: int | None = None
        self.text = b""
        self.start = self.end = self.at = 0
        # Where the token before the current one ended (steps follow their term).
        self.previous_end = 0
        self.limit = 0
        # Whether a line break is a token (Go's "include newlines"), per bracket.
        self.newlines: list[bool] = []

    def read(self, start: int, end: int) -> ast.Expr | None:
        """The value that starts at `start` and whose last line ends at `end` (through
        its line break), or None when it is not of this reader's language."""
        self.limit = end
        self.at = start
        self.newlines = [True]
        try:
            self.advance()
            expr = self.expression()
        except _Refused:
            return None
        if self.kind is not None and self.kind != _NEWLINE:
            return None
        # The value ends the argument: a line comment may follow, nothing else.
        if _TAIL.fullmatch(self.source, self.start if self.kind else self.at, end) is None:
            return None
        return expr

    # --- tokens --------------------------------------------------------------------

    def advance(self) -> None:
        """Move to the next token, past line breaks where they are blanks."""
        self.previous_end = self.end
        while True:
            match = _TOKEN.match(self.source, self.at, self.limit)
            if match is None:
                # A comment, a heredoc, a backslash, `.`, `~`, …: not ours, but at the
                # top level the rest of the line is `read`'s to check.
                top = len(self.newlines) == 1
                if not top and self.source[self.at : self.limit].strip(b" \t"):
                    raise _Refused
                self.kind = None
                self.start = self.end = self.at
                return
            kind = match.lastindex
            self.kind = kind
            self.start, self.end = match.span(kind or 0)
            self.at = match.end()
            if kind != _NEWLINE or self.newlines[-1]:
                self.text = match.group(kind or 0)
                return

    def take(self, text: bytes) -> int:
        """Consume the operator or bracket `text`; its start offset."""
        if self.kind != _PUNCT or self.text != text:
            raise _Refused
        start = self.start
        self.advance()
        return start

    def open(self, newlines: bool) -> int:
        """Enter the bracket that is the current token, line breaks inside being tokens
        or blanks as `newlines` says (Go's rule for that bracket); its offset."""
        self.newlines.append(newlines)
        start = self.start
        self.advance()
        return start

    def close(self, text: bytes) -> int:
        """Leave the innermost bracket at its closing `text`, the current token; the
        closing bracket's offset."""
        if not self.is_punct(text):
            raise _Refused
        start = self.start
        self.newlines.pop()
        self.advance()
        return start

    def is_punct(self, text: bytes) -> bool:
        return self.kind == _PUNCT and self.text == text

    # --- Go's expression grammar ----------------------------------------------------

    def expression(self) -> ast.Expr:
        """`parseTernaryConditional`."""
        condition = self.binary(0)
        if not self.is_punct(b"?"):
            return condition
        self.advance()
        true_result = self.expression()
        self.take(b":")
        false_result = self.expression()
        return ast.Conditional(
            condition, true_result, false_result, condition.span.through(false_result.span)
        )

    def binary(self, lowest: int) -> ast.Expr:
        """`parseBinaryOps` by precedence climbing: the operators of level `lowest` and
        above, each level left-associative (the tree Go's level-by-level recursion
        builds, without a call per level for every operand)."""
        lhs = self.unary()
        while self.kind == _PUNCT:
            level = _LEVEL.get(self.text)
            if level is None or level < lowest:
                break
            op = self.text.decode("ascii")
            self.advance()
            rhs = self.binary(level + 1)
            lhs = ast.BinaryOp(op, lhs, rhs, lhs.span.through(rhs.span))
        return lhs

    def unary(self) -> ast.Expr:
        if self.kind == _PUNCT and self.text in (b"-", b"!"):
            op, start, end = self.text.decode("ascii"), self.start, self.end
            self.advance()
            operand = self.unary()
            return ast.UnaryOp(op, operand, self.span_bytes(start, end).through(operand.span))
        return self.term()

    def term(self) -> ast.Expr:
        """A term and the steps right after it (`[key]`, `.name`): Go's
        `parseExpressionTraversals`, for index and attribute steps (splats, `.0` and a
        step after a blank are left to tree-sitter)."""
        expr = self.primary()
        first = expr.span
        while self.start == self.previous_end:
            if self.kind == _STEP:
                name = self.text[1:].decode("ascii")
                step = ast.TraverseAttr(name, self.span_bytes(self.start, self.end))
                expr = extend_traversal(expr, step)
                self.advance()
            elif self.kind == _PUNCT and self.text == b"[":
                expr = self.index(expr, first)
            else:
                break
        if self.kind == _STEP:
            raise _Refused  # `a .b`: a step after a blank
        return expr

    def index(self, expr: ast.Expr, first: Span) -> ast.Expr:
        """`expr[key]`: a static step when the key is a literal, else an `Index`."""
        open_start = self.open(False)
        key = self.expression()
        close_start = self.close(b"]")
        brackets = self.span_bytes(open_start, close_start + 1)
        if key.__class__ is ast.Literal or is_plain_text(key):
            return extend_traversal(expr, ast.TraverseIndex(key, brackets))
        opener = self.span_bytes(open_start, open_start + 1)
        return ast.Index(expr, key, first.through(brackets), opener)

    def primary(self) -> ast.Expr:
        kind, start, end = self.kind, self.start, self.end
        if kind in (_STRING, _NUMBER):
            expr = self.from_text(start, end)
            if expr is None:
                if kind == _STRING:
                    return self.template(start)
                raise _Refused
            self.advance()
            return expr
        if kind == _NAME:
            root = self.text.split(b".", 1)[0]
            # `true`, `null`: literals `from_text` reads; `for`, `in`, `if` and
            # keyword roots with steps (`true.x`): not ours.
            if root in _KEYWORDS and (len(root) != len(self.text) or root in _STARTERS):
                raise _Refused
            if self.at < self.limit and self.source[self.at] == 0x28:  # `(` right after
                return self.call()
            expr = self.from_text(start, end)
            if expr is None:
                raise _Refused
            self.advance()
            return expr
        if kind == _PUNCT:
            if self.text == b"[":
                return self.tuple()
            if self.text == b"{":
                return self.object()
            if self.text == b"(":
                return self.parens()
        raise _Refused

    def template(self, start: int) -> ast.Expr:
        """The quoted string at `start` whose sequences are all interpolations of
        expressions of this reader's language (`"app-${upper(var.name)}"`): its text
        runs and interpolated expressions, as the walk builds them. Escapes,
        directives, strip markers and line breaks are left to tree-sitter."""
        source, limit, span_bytes = self.source, self.limit, self.span_bytes
        parts: list[ast.Expr] = []
        at = text_start = start + 1
        while True:
            run = _TEMPLATE_TEXT.match(source, at, limit)
            at = run.end() if run is not None else at
            if at >= limit:
                raise _Refused
            if source[at] == 0x22:  # the closing quote
                break
            if not source.startswith(b"${", at):
                raise _Refused  # `\`, `%{`, `$${`, `%%{`, a line break
            if at > text_start:
                text = source[text_start:at].decode("ascii")
                parts.append(ast.TemplateLiteral(text, span_bytes(text_start, at)))
            self.newlines.append(True)
            self.at = at + 2
            self.advance()
            parts.append(self.expression())
            if not self.is_punct(b"}"):
                raise _Refused  # `~}` among others
            self.newlines.pop()
            at = text_start = self.end
        if at > text_start:
            text = source[text_start:at].decode("ascii")
            parts.append(ast.TemplateLiteral(text, span_bytes(text_start, at)))
        self.at = at + 1
        self.advance()
        span = span_bytes(start, at + 1)
        if len(parts) == 1 and parts[0].__class__ is not ast.TemplateLiteral:
            return ast.TemplateWrap(parts[0], span)  # `"${x}"`: the value itself, as in Go
        return ast.Template(tuple(parts), span, False)

    def call(self) -> ast.Expr:
        name, name_start, name_end = self.text, self.start, self.end
        if b"." in name or name in _KEYWORDS:
            raise _Refused  # `a.b(…)`, `true(…)`: Go's errors
        self.advance()  # to the `(` right after the name
        open_start = self.open(False)
        args: list[ast.Expr] = []
        while not self.is_punct(b")"):
            if args:
                self.take(b",")
                if self.is_punct(b")"):
                    raise _Refused  # a trailing comma: left to tree-sitter
            args.append(self.expression())
        close_start = self.close(b")")
        span_bytes = self.span_bytes
        return ast.FunctionCall(
            name.decode("ascii"),
            span_bytes(name_start, name_end),
            tuple(args),
            False,
            span_bytes(name_start, close_start + 1),
            span_bytes(open_start, open_start + 1),
            span_bytes(close_start, close_start + 1),
        )

    def parens(self) -> ast.Expr:
        open_start = self.open(False)
        inner = self.expression()
        close_start = self.close(b")")
        return ast.Parens(inner, self.span_bytes(open_start, close_start + 1))

    def tuple(self) -> ast.Expr:
        """`[a, b]`: line breaks are blanks inside, a comma may end the list."""
        open_start = self.open(False)
        if self.kind == _NAME and self.text == b"for":
            return self.for_expr(open_start, b"]")
        items: list[ast.Expr] = []
        while not self.is_punct(b"]"):
            items.append(self.expression())
            if self.is_punct(b","):
                self.advance()
            elif not self.is_punct(b"]"):
                raise _Refused  # Go: "Missing item separator"
        close_start = self.close(b"]")
        return ast.TupleCons(tuple(items), self.span_bytes(open_start, close_start + 1))

    def object(self) -> ast.Expr:
        """`{ k = v, … }`: items end with a comma or a line break (`parseObjectCons`)."""
        if _FOR_AFTER_BLANKS.match(self.source, self.end) is not None:
            # `{for` with only blanks between, as Go reads it: a `for` expression.
            # (After a line break, `for` would be a key, which `object_key` refuses.)
            open_start = self.open(False)
            if self.kind == _NAME and self.text == b"for":
                return self.for_expr(open_start, b"}")
            raise _Refused
        open_start = self.open(True)
        items: list[ast.ObjectItem] = []
        while True:
            while self.kind == _NEWLINE:
                self.advance()
            if self.is_punct(b"}"):
                break
            key = self.object_key()
            if not (self.is_punct(b"=") or self.is_punct(b":")):
                raise _Refused
            self.advance()
            value = self.expression()
            items.append(ast.ObjectItem(key, value, key.span.through(value.span)))
            if self.is_punct(b","):
                self.advance()
            elif self.kind != _NEWLINE and not self.is_punct(b"}"):
                raise _Refused  # Go: "Missing attribute separator"
        close_start = self.close(b"}")
        return ast.ObjectCons(tuple(items), self.span_bytes(open_start, close_start + 1))

    def for_expr(self, open_start: int, close: bytes) -> ast.Expr:
        """`finishParsingForExpr`, its `[` or `{` opened (line breaks are blanks
        inside) and `for` current. Grouping (`...`) is left to
        tree-sitter."""
        self.advance()
        names = [self.name()]
        if self.is_punct(b","):
            self.advance()
            names.append(self.name())
        if self.kind != _NAME or self.text != b"in":
            raise _Refused
        self.advance()
        collection = self.expression()
        self.take(b":")
        key_expr: ast.Expr | None = None
        value_expr = self.expression()
        if self.is_punct(b"=>"):
            self.advance()
            key_expr, value_expr = value_expr, self.expression()
        if (key_expr is None) != (close == b"]"):
            raise _Refused  # Go: a key is required for an object, refused for a tuple
        condition: ast.Expr | None = None
        if self.kind == _NAME and self.text == b"if":
            self.advance()
            condition = self.expression()
        close_start = self.close(close)
        span_bytes = self.span_bytes
        return ast.ForExpr(
            names[0] if len(names) > 1 else None,
            names[-1],
            collection,
            key_expr,
            value_expr,
            condition,
            False,
            span_bytes(open_start, close_start + 1),
            span_bytes(open_start, open_start + 1),
        )

    def name(self) -> str:
        """A variable name a `for` expression declares."""
        if self.kind != _NAME or b"." in self.text or self.text in _KEYWORDS:
            raise _Refused
        name = self.text.decode("ascii")
        self.advance()
        return name

    def object_key(self) -> ast.ObjectKey:
        """A plain name or a quoted string without sequences, as the walk builds it."""
        kind, start, end = self.kind, self.start, self.end
        if kind == _NAME:
            if b"." in self.text or self.text in _KEYWORDS:
                raise _Refused
        elif kind != _STRING:
            raise _Refused
        expr = self.from_text(start, end)
        if expr is None:
            raise _Refused
        bare: str | None = None
        if kind == _NAME:
            assert isinstance(expr, ast.ScopeTraversal)  # a dotless, non-keyword name
            bare = expr.root
        elif not is_plain_text(expr):
            raise _Refused  # a key with interpolations: left to tree-sitter
        self.advance()
        return ast.ObjectKey(expr, bare, expr.span)
