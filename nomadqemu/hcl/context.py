"""Shared state of one parse: the source, byte-offset → `Pos` mapping, diagnostics.

tree-sitter reports byte offsets; users see line and character columns. Columns
count grapheme clusters as Go's HCL does (approximately: see `_columns`).
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from functools import partial
from itertools import accumulate
from typing import TYPE_CHECKING

from nomadqemu.diagnostics.record import Diagnostic, Severity
from nomadqemu.span import Pos, Span, lazy_span

if TYPE_CHECKING:  # tree-sitter is imported only by a parse that needs it
    from tree_sitter import Node

# Stable codes for syntax diagnostics (documented in docs/diagnostics.md).
SYNTAX_CODE = "NQ001"


def _columns(text: str) -> int:
    """How many columns `text` spans: Go counts grapheme clusters, approximated here.

    A cluster is a code point plus the marks, variation selectors and skin-tone
    modifiers after it; a zero-width joiner glues the next code point on; two regional
    indicators make one flag.
    """
    if text.isascii():
        return len(text)
    count = 0
    joined = False
    flag_open = False
    for ch in text:
        code = ord(ch)
        if joined:
            joined = False
            continue
        if code == 0x200D:
            joined = True
            continue
        if (
            unicodedata.category(ch) in ("Mn", "Me")
            or 0xFE00 <= code <= 0xFE0F
            or 0x1F3FB <= code <= 0x1F3FF
        ):
            continue
        if 0x1F1E6 <= code <= 0x1F1FF:
            flag_open = not flag_open
            if not flag_open:
                continue
        else:
            flag_open = False
        count += 1
    return count


_PLUS_ONE = (1).__add__


class SourcePositions:
    """Byte offset → `Pos` for one parsed source: the `Locator` of the parser's spans.

    `source` is the text tree-sitter saw; `prefix` bytes at its start were added by the
    parser (to parse a lone expression) and `start` is where the caller's text begins:
    an offset before `prefix` is placed at `start`, one after the end at the end.
    """

    def __init__(self, source: bytes, filename: str, prefix: int, start: Pos):
        self.source = source
        self.filename = filename
        self.prefix = prefix
        self.start = start
        self._ascii = source.isascii()
        # Line starts, found when a first position is asked for (most parses ask none).
        self._starts: list[int] | None = None
        # Node boundaries repeat (an attribute ends where its expression ends): memoize.
        self._positions: dict[int, Pos] = {}
        self._size = len(source)
        self._prefix_lines = source.count(b"\n", 0, prefix)
        # The common case: a whole ASCII file, positions straight from byte offsets.
        self._plain = self._ascii and prefix == 0 and start == Pos(1, 1, 0)
        # Lines, then columns, then bytes grow with the offset: in ASCII, always.
        self.bytewise = self._ascii
        # `Locator.byte_frame`: offsets clamp as in `_pos`, then shift to the caller's.
        self.byte_frame = (prefix, self._size, start.byte - prefix)

    def pos(self, offset: int) -> Pos:
        """The `Pos` of byte `offset` of `source`."""
        known = self._positions.get(offset)
        if known is None:
            known = self._positions[offset] = self._pos(offset)
        return known

    def on_boundaries(self, *offsets: int) -> bool:
        """Whether no offset falls inside a UTF-8 sequence, so their positions order as
        they do: a column counts the characters before it, and a character's count
        never falls as the text before it grows (see `_columns`). Cut inside one, the
        text before it ends in U+FFFD, which may count more than the whole character."""
        source, prefix, size = self.source, self.prefix, self._size
        return all(not prefix <= o < size or source[o] & 0xC0 != 0x80 for o in offsets)

    def row_and_byte(self, offset: int) -> tuple[int, int]:
        """The 0-based line of byte `offset` of `source` and its byte offset in that
        line (tree-sitter's `Point`), prefix included."""
        starts = self._line_starts()
        row = bisect_right(starts, offset) - 1
        return row, offset - starts[row]

    def _line_starts(self) -> list[int]:
        starts = self._starts
        if starts is None:
            # Each line's start is the running total of the line lengths before it
            # (all in C: `split`, `map`, `accumulate`).
            lengths = map(_PLUS_ONE, map(len, self.source.split(b"\n")))
            starts = self._starts = [0, *accumulate(lengths)]
        return starts

    def _pos(self, offset: int) -> Pos:
        if offset < self.prefix:
            offset = self.prefix
        elif offset > self._size:
            offset = self._size
        starts = self._line_starts()
        line_index = bisect_right(starts, offset) - 1
        line_start = starts[line_index]
        if self._plain:
            return Pos(line_index + 1, offset - line_start + 1, offset)
        line_start = max(line_start, self.prefix)
        if self._ascii:
            column = offset - line_start + 1
        else:
            column = _columns(self.source[line_start:offset].decode("utf-8", "replace")) + 1
        line_index -= self._prefix_lines
        if line_index == 0:
            column += self.start.column - 1
        return Pos(line_index + self.start.line, column, offset - self.prefix + self.start.byte)


class ParseContext:
    """One parse: source bytes, position mapping and the diagnostics found so far.

    `source`, `prefix` and `start` are as in `SourcePositions`.
    """

    def __init__(self, source: bytes, filename: str, prefix: int = 0, start: Pos | None = None):
        self.source = source
        self.filename = filename
        self.prefix = prefix
        self.start = start or Pos(1, 1, 0)
        self.diagnostics: list[Diagnostic] = []
        self.positions = SourcePositions(source, filename, prefix, self.start)
        # `span_bytes(start, end)`: the span of bytes `[start, end)` of `source`. The
        # parser's hottest call (ten thousand spans for a large job, nearly none of them
        # ever read: each keeps its offsets and is positioned when read), made one call
        # deep instead of two.
        self.span_bytes: Callable[[int, int], Span] = partial(lazy_span, self.positions)

    # --- positions -------------------------------------------------------------------

    def pos(self, offset: int) -> Pos:
        """The `Pos` of byte `offset` of `source`."""
        return self.positions.pos(offset)

    def span(self, node: Node, end: Node | None = None) -> Span:
        """The span of `node` (through `end` when given)."""
        return lazy_span(self.positions, node.start_byte, (end or node).end_byte)

    def text(self, node: Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def text_bytes(self, start: int, end: int) -> str:
        return self.source[start:end].decode("utf-8", "replace")

    # --- diagnostics -----------------------------------------------------------------

    def error(self, summary: str, detail: str, span: Span) -> None:
        self.diagnostics.append(
            Diagnostic(Severity.ERROR, summary, detail, span=span, code=SYNTAX_CODE)
        )

    def error_at(self, summary: str, detail: str, start: int, end: int) -> None:
        self.error(summary, detail, self.span_bytes(start, end))
