"""Token reading for `goparse`: Go's `peeker` and its recovery helpers.

`goparse` re-checks the syntax the way Go's `hclsyntax` parser does, to report exactly
the diagnostics Go reports, in Go's order, with Go's wording and ranges. It builds no
tree (tree-sitter's tree is the one the project uses); it only follows Go's control
flow, including its recovery mode, which decides which later errors Go stays quiet on.
"""

from __future__ import annotations

from nomadqemu.hcl.scanner import Token
from nomadqemu.records import frozen_record

_OPPOSITE = {
    "OBrace": "CBrace",
    "OBrack": "CBrack",
    "OParen": "CParen",
    "OQuote": "CQuote",
    "OHeredoc": "CHeredoc",
    "CBrace": "OBrace",
    "CBrack": "OBrack",
    "CParen": "OParen",
    "CQuote": "OQuote",
    "CHeredoc": "OHeredoc",
    "TemplateControl": "TemplateSeqEnd",
    "TemplateInterp": "TemplateSeqEnd",
    "TemplateSeqEnd": "TemplateInterp",
}
_OPENERS = frozenset(
    {"OBrace", "OBrack", "OParen", "OQuote", "OHeredoc", "TemplateInterp", "TemplateControl"}
)
_CLOSERS = frozenset({"CBrace", "CBrack", "CParen", "CQuote", "CHeredoc"})


@frozen_record
class GoDiag:
    """A diagnostic as Go builds it: byte range of its subject."""

    summary: str
    detail: str
    start: int
    end: int


# A range as (start, end) byte offsets.
Rng = tuple[int, int]
Diags = list[GoDiag]


def _next_tables(
    source: bytes, tokens: list[Token]
) -> tuple[list[tuple[Token, int]], list[tuple[Token, int]]]:
    """For each index, the next significant token and the index after it.

    Comments are skipped, except that a line comment reads as a newline when newlines
    count; newlines are skipped when they do not count. Past the end: the last token.
    """
    count = len(tokens)
    end = (tokens[-1], count)
    with_newlines: list[tuple[Token, int]] = [end] * (count + 1)
    without_newlines: list[tuple[Token, int]] = [end] * (count + 1)
    after_with = after_without = end
    for i in range(count - 1, -1, -1):
        tok = tokens[i]
        kind = tok[0]
        if kind == "Comment":
            if source[tok[2] - 1 : tok[2]] == b"\n":
                after_with = (("Newline", tok[1], tok[2]), i + 1)
        elif kind == "Newline":
            after_with = (tok, i + 1)
        else:
            after_with = after_without = (tok, i + 1)
        with_newlines[i] = after_with
        without_newlines[i] = after_without
    return with_newlines, without_newlines


class Peeker:
    """Go's `peeker`: skips comments (a line comment reads as a newline) and newlines
    when the innermost `PushIncludeNewlines` said so."""

    def __init__(self, source: bytes, tokens: list[Token]) -> None:
        self.src = source
        self.tokens = tokens
        self.index = 0
        self.newlines = [True]
        self.recovery = False
        # What `read` returns at each token index, with and without newlines: built in
        # one backward pass so that peeking is a list lookup (the Go checks peek at
        # every token several times).
        self._with_newlines, self._without_newlines = _next_tables(source, tokens)

    def peek(self) -> Token:
        table = self._with_newlines if self.newlines[-1] else self._without_newlines
        return table[self.index][0]

    def read(self) -> Token:
        table = self._with_newlines if self.newlines[-1] else self._without_newlines
        tok, self.index = table[self.index]
        return tok

    def prev_range(self) -> Rng:
        last = min(self.index, len(self.tokens)) - 1
        tok = self.peek() if last < 0 else self.tokens[last]
        return tok[1], tok[2]

    def push_newlines(self, include: bool) -> None:
        self.newlines.append(include)

    def pop_newlines(self) -> None:
        self.newlines.pop()

    def text(self, tok: Token) -> str:
        return self.src[tok[1] : tok[2]].decode("utf-8", "replace")

    # --- recovery ------------------------------------------------------------------------

    def recover(self, end: str) -> Token:
        """Skip to the `end` token that closes the current nesting level."""
        start = _OPPOSITE.get(end)
        self.recovery = True
        nest = 0
        while True:
            tok = self.read()
            kind = tok[0]
            if end == "TemplateSeqEnd" and kind == "TemplateControl":
                kind = "TemplateInterp"
            if kind == start:
                nest += 1
            elif kind == end:
                if nest < 1:
                    return tok
                nest -= 1
            elif kind == "EOF":
                return tok

    def recover_over(self, start: str) -> None:
        while self.read()[0] not in (start, "EOF"):
            pass
        self.recover(_OPPOSITE[start])

    def recover_after_body_item(self) -> None:
        self.recovery = True
        open_stack: list[str] = []
        while True:
            kind = self.read()[0]
            if kind == "Newline":
                if not open_stack:
                    return
            elif kind == "EOF":
                return
            elif kind in _OPENERS:
                open_stack.append(kind)
            elif kind in _CLOSERS:
                opener = _OPPOSITE[kind]
                while open_stack and open_stack[-1] != opener:
                    open_stack.pop()
                if open_stack:
                    open_stack.pop()
            elif kind == "TemplateSeqEnd":
                while open_stack and open_stack[-1] not in ("TemplateInterp", "TemplateControl"):
                    open_stack.pop()
                if open_stack:
                    open_stack.pop()
