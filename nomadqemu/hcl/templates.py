"""Quoted strings and heredocs → `Template`, `TemplateWrap`, `TemplateIf`, `TemplateFor`.

tree-sitter-hcl drops whitespace between template tokens, so the literal text is cut
from the source between the template's interpolations and directives. The rest follows
Go's `parser_template.go` step by step, because the order matters: the literal parts
are Go's scanner tokens (a heredoc has one per line), strip markers (`~`) trim the
neighbouring token only, `<<-` removes the common indentation, then adjacent literals
are joined and the directives are nested.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

from nomadqemu.hcl import ast
from nomadqemu.hcl.context import ParseContext
from nomadqemu.hcl.escapes import unescape_heredoc, unescape_quoted
from nomadqemu.records import field, record
from nomadqemu.span import Span

if TYPE_CHECKING:  # tree-sitter is imported only by a parse that needs it
    from tree_sitter import Node

ExprBuilder = Callable[["Node"], ast.Expr]

_DIRECTIVE_PARTS = {"template_if", "template_for"}


@record
class _Token:
    """One of Go's template tokens: a literal, an interpolation or a directive."""

    kind: str  # "lit", "interp", "if", "else", "endif", "for", "endfor"
    start: int
    end: int
    text: str = ""
    expr: ast.Expr | None = None
    names: list[str] = field(default_factory=list)
    strip_before: bool = False
    strip_after: bool = False


def _nfc(text: str) -> str:
    # cty.StringVal normalizes every string to NFC.
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _is_space(ch: str) -> bool:
    # Go's unicode.IsSpace; Python's str.isspace also counts the separators \x1c-\x1f.
    return ch.isspace() and ch not in "\x1c\x1d\x1e\x1f"


def _rstrip(text: str) -> str:
    end = len(text)
    while end and _is_space(text[end - 1]):
        end -= 1
    return text[:end]


def _lstrip_count(text: str) -> int:
    i = 0
    while i < len(text) and _is_space(text[i]):
        i += 1
    return i


class _TemplateBuilder:
    def __init__(self, ctx: ParseContext, build_expr: ExprBuilder, heredoc: bool) -> None:
        self.ctx = ctx
        self.build_expr = build_expr
        self.heredoc = heredoc
        self.tokens: list[_Token] = []

    # --- scanning: tree-sitter nodes → Go's token list ---------------------------------

    def scan(self, children: list[Node], start: int, end: int) -> None:
        """Collect tokens of the content `[start, end)`, whose structural nodes are `children`."""
        cursor = start
        for child in self._structural(children):
            if child.start_byte < start or child.end_byte > end:
                continue
            self._literal(cursor, child.start_byte)
            cursor = self._structure(child)
        self._literal(cursor, end)

    @staticmethod
    def _structural(children: list[Node]) -> list[Node]:
        out: list[Node] = []
        for child in children:
            kind = child.type
            if kind == "template_interpolation":
                out.append(child)
            elif kind == "template_directive":
                out.extend(c for c in child.children if c.type in _DIRECTIVE_PARTS)
            elif kind in _DIRECTIVE_PARTS:
                out.append(child)
        return out

    def _structure(self, node: Node) -> int:
        """Add the tokens of an interpolation or directive; returns where it ends."""
        if node.type == "template_interpolation":
            self.tokens.append(self._sequence("interp", node))
            return node.end_byte
        cursor = node.start_byte
        for child in node.children:
            kind = child.type
            if kind in ("template_if_intro", "template_for_start"):
                self.tokens.append(
                    self._sequence("if" if kind == "template_if_intro" else "for", child)
                )
            elif kind == "template_else_intro":
                self._literal(cursor, child.start_byte)
                self.tokens.append(self._sequence("else", child))
            elif kind in ("template_if_end", "template_for_end"):
                self._literal(cursor, child.start_byte)
                self.tokens.append(
                    self._sequence("endif" if kind == "template_if_end" else "endfor", child)
                )
            elif kind in ("template_interpolation", "template_directive", *_DIRECTIVE_PARTS):
                self._literal(cursor, child.start_byte)
                for inner in self._structural([child]):
                    cursor = self._structure(inner)
                continue
            else:
                continue
            cursor = child.end_byte
        return node.end_byte

    def _sequence(self, kind: str, node: Node) -> _Token:
        """A `${…}` or `%{…}` sequence: its expression, names and strip markers."""
        token = _Token(kind, node.start_byte, node.end_byte)
        children = node.children
        for i, child in enumerate(children):
            ctype = child.type
            if ctype == "strip_marker":
                # A marker right after the opener strips before; one before the closer after.
                if i == 1:
                    token.strip_before = True
                else:
                    token.strip_after = True
            elif ctype == "expression":
                token.expr = self.build_expr(child)
            elif ctype == "identifier":
                token.names.append(self.ctx.text(child))
        return token

    def _literal(self, start: int, end: int) -> None:
        """Literal tokens for source bytes `[start, end)`: one per line in a heredoc."""
        if end <= start:
            return
        if not self.heredoc:
            text = self.ctx.text_bytes(start, end)
            self.tokens.append(_Token("lit", start, end, self._unescape(text, start)))
            return
        offset = start
        while offset < end:
            newline = self.ctx.source.find(b"\n", offset, end)
            line_end = end if newline < 0 else newline + 1
            text = unescape_heredoc(self.ctx.text_bytes(offset, line_end))
            self.tokens.append(_Token("lit", offset, line_end, text))
            offset = line_end

    @staticmethod
    def _unescape(text: str, start: int) -> str:
        # Invalid escapes are reported by `goparse`; here they only keep their text.
        del start
        return unescape_quoted(text, lambda detail, begin, stop: None)

    # --- Go's post-processing ----------------------------------------------------------

    def strip(self) -> None:
        """Apply `~` strip markers to the neighbouring literal tokens, as Go does."""
        previous: _Token | None = None
        trim_next = False
        for token in self.tokens:
            if token.kind == "lit":
                if trim_next:
                    token.text = token.text[_lstrip_count(token.text) :]
                trim_next = False
                previous = token
                continue
            if token.strip_before and previous is not None:
                previous.text = _rstrip(previous.text)
            previous = None
            trim_next = token.strip_after

    def flush(self) -> None:
        """`<<-`: remove the smallest indentation of the non-blank lines from every line."""
        least: int | None = None
        adjust: list[_Token] = []
        line_start = True
        for token in self.tokens:
            if line_start:
                line_start = False
                spaces = 0
                if token.kind == "lit":
                    lead = _lstrip_count(token.text)
                    if lead == len(token.text) and token.text.endswith("\n"):
                        spaces = -1  # a blank line does not count
                    else:
                        spaces = lead
                        adjust.append(token)
                if spaces >= 0 and (least is None or spaces < least):
                    least = spaces
            if token.kind == "lit" and token.text.endswith("\n"):
                line_start = True
        for token in adjust:
            cut = least or 0
            token.start += len(token.text[:cut].encode())
            token.text = token.text[cut:]

    def meld(self) -> None:
        melded: list[_Token] = []
        for token in self.tokens:
            if melded and token.kind == "lit" and melded[-1].kind == "lit":
                melded[-1].text += token.text
                melded[-1].end = token.end
            else:
                melded.append(token)
        self.tokens = melded

    # --- nesting: tokens → expressions ---------------------------------------------------

    def parts(self, at: int) -> tuple[tuple[ast.Expr, ...], int]:
        """Expressions from token `at` up to an unmatched else/end directive."""
        out: list[ast.Expr] = []
        i = at
        while i < len(self.tokens):
            token = self.tokens[i]
            if token.kind == "lit":
                out.append(ast.TemplateLiteral(_nfc(token.text), self._span(token)))
            elif token.kind == "interp":
                if token.expr is not None:
                    out.append(token.expr)
            elif token.kind == "if":
                expr, i = self._if(i)
                out.append(expr)
                continue
            elif token.kind == "for":
                expr, i = self._for(i)
                out.append(expr)
                continue
            else:
                break
            i += 1
        return tuple(out), i

    def _span(self, token: _Token) -> Span:
        return self.ctx.span_bytes(token.start, token.end)

    def _empty(self, offset: int) -> tuple[ast.Expr, ...]:
        return (ast.TemplateLiteral("", self.ctx.span_bytes(offset, offset)),)

    def _closing(self, i: int, want: str) -> int:
        """Index after the directive closing the one being read (mismatches: `goparse`)."""
        if i < len(self.tokens) and self.tokens[i].kind == want:
            return i + 1
        return i + 1 if i < len(self.tokens) else i

    def _if(self, i: int) -> tuple[ast.Expr, int]:
        opener = self.tokens[i]
        then_parts, i = self.parts(i + 1)
        else_parts: tuple[ast.Expr, ...] = ()
        if i < len(self.tokens) and self.tokens[i].kind == "else":
            else_at = self.tokens[i]
            else_parts, i = self.parts(i + 1)
            else_parts = else_parts or self._empty(else_at.end)
        end_start = self.tokens[i].start if i < len(self.tokens) else opener.end
        end_stop = self.tokens[i].end if i < len(self.tokens) else opener.end
        i = self._closing(i, "endif")
        condition = opener.expr or ast.Literal("bool", "false", self._span(opener))
        node = ast.TemplateIf(
            condition,
            then_parts or self._empty(opener.end),
            else_parts or self._empty(end_start),
            self.ctx.span_bytes(opener.start, end_stop),
        )
        return node, i

    def _for(self, i: int) -> tuple[ast.Expr, int]:
        opener = self.tokens[i]
        body, i = self.parts(i + 1)
        end_stop = self.tokens[i].end if i < len(self.tokens) else opener.end
        i = self._closing(i, "endfor")
        names = opener.names or ["_"]
        key_var = names[0] if len(names) > 1 else None
        collection = opener.expr or ast.TupleCons((), self._span(opener))
        node = ast.TemplateFor(
            key_var,
            names[-1],
            collection,
            body or self._empty(opener.end),
            self.ctx.span_bytes(opener.start, end_stop),
        )
        return node, i


def _content_range(ctx: ParseContext, node: Node) -> tuple[int, int, bool, bool]:
    """(start, end, heredoc, flush) of the template text inside `node`."""
    children = node.children
    if node.type == "heredoc_template":
        opener = children[0]
        flush = ctx.source[opener.start_byte : opener.end_byte] == b"<<-"
        idents = [c for c in children if c.type == "heredoc_identifier"]
        newline = ctx.source.find(b"\n", idents[0].end_byte if idents else opener.end_byte)
        start = len(ctx.source) if newline < 0 else newline + 1
        if len(idents) > 1:
            close = idents[-1].start_byte
            # The closing marker's line, with its indentation, is not content.
            end = ctx.source.rfind(b"\n", 0, close) + 1
        else:
            end = node.end_byte
        return start, max(start, end), True, flush
    start = children[0].end_byte if children else node.start_byte
    end = node.end_byte
    if len(children) > 1 and children[-1].type == "quoted_template_end":
        end = children[-1].start_byte
    return start, max(start, end), False, False


# A byte that may make a quoted string's text differ from its value, or end it early.
_NOT_PLAIN = re.compile(rb"[\\$%\r\n]")


def _plain_quoted(ctx: ParseContext, node: Node, start: int, end: int) -> ast.Expr | None:
    """The common quoted string: ASCII text without escapes, interpolations, directives
    or newlines is its own value (what the general path below builds, minus the work)."""
    text = ctx.source[start:end]
    if not text.isascii() or _NOT_PLAIN.search(text) is not None:
        return None
    return ast.Template(
        (ast.TemplateLiteral(text.decode("ascii"), ctx.span_bytes(start, end)),),
        ctx.span(node),
        heredoc=False,
    )


def build_template(
    ctx: ParseContext, node: Node, build_expr: ExprBuilder, bare: tuple[int, int] | None = None
) -> ast.Expr:
    """The expression for a `string_lit`, `quoted_template` or `heredoc_template` node.

    `bare` is the byte range of a bare template (Go's `ParseTemplate`) that the parser
    wrapped in the heredoc `node`: scanned line by line like a heredoc, never flushed.
    """
    if bare is None and node.type == "string_lit":
        # A closed one-line string (`"…"`, quotes one byte each): `_content_range`'s
        # answer without reading the node's children.
        first, last = node.start_byte, node.end_byte
        if last - first >= 2 and ctx.source[last - 1] == 0x22:
            plain = _plain_quoted(ctx, node, first + 1, last - 1)
            if plain is not None:
                return plain
    start, end, heredoc, flush = _content_range(ctx, node)
    if bare is None and not heredoc:
        plain = _plain_quoted(ctx, node, start, end)
        if plain is not None:
            return plain
    if bare is not None:
        (start, end), heredoc, flush = bare, True, False
    builder = _TemplateBuilder(ctx, build_expr, heredoc)
    builder.scan(node.children, start, end)
    builder.strip()
    if flush:
        builder.flush()
    builder.meld()
    span = ctx.span(node) if bare is None else ctx.span_bytes(*bare)
    tokens = builder.tokens
    if len(tokens) == 1 and tokens[0].kind == "interp" and tokens[0].expr is not None:
        return ast.TemplateWrap(tokens[0].expr, span)
    parts, i = builder.parts(0)
    while i < len(tokens):
        # A stray else/endif/endfor (reported by `goparse`): skip it and go on.
        more, i = builder.parts(i + 1)
        parts += more
    if not parts:
        parts = (ast.TemplateLiteral("", ctx.span_bytes(start, start)),)
    return ast.Template(parts, span, heredoc=heredoc and bare is None)
