"""Source positions, shared by the parser, the evaluator, the decoder and every diagnostic."""

from __future__ import annotations

from nomadqemu.records import frozen_record


@frozen_record(order=True)
class Pos:
    """A point in a source file.

    `line` and `column` are 1-based and count characters (Unicode code points), as
    Go's HCL does for everything a user sees; `byte` is the 0-based offset into the
    UTF-8 source, used to cut source text (runtime references keep their exact text).
    """

    line: int
    column: int
    byte: int


@frozen_record
class Span:
    """A half-open range `[start, end)` in one file."""

    filename: str
    start: Pos
    end: Pos

    def hcl_range(self) -> str:
        """The position as Go's HCL prints it: `file:L,C-C` or `file:L,C-L,C`."""
        if self.start.line == self.end.line:
            return f"{self.filename}:{self.start.line},{self.start.column}-{self.end.column}"
        return (
            f"{self.filename}:{self.start.line},{self.start.column}-"
            f"{self.end.line},{self.end.column}"
        )

    def through(self, other: Span) -> Span:
        """The smallest span covering this one and `other` (same file)."""
        # min() and max() of positions, with Pos's ordering (line, column, byte) spelled
        # out: this runs for every expression the parser builds.
        start, end = self.start, self.end
        o_start, o_end = other.start, other.end
        if (o_start.line, o_start.column, o_start.byte) < (start.line, start.column, start.byte):
            start = o_start
        if (o_end.line, o_end.column, o_end.byte) > (end.line, end.column, end.byte):
            end = o_end
        return Span(self.filename, start, end)
