"""Source positions, shared by the parser, the evaluator, the decoder and every diagnostic."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Protocol

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


class Locator(Protocol):
    """Turns byte offsets of one parsed source into positions, for lazy spans."""

    @property
    def filename(self) -> str: ...

    @property
    def bytewise(self) -> bool:
        """Whether positions order as their offsets do, whatever the offsets."""
        ...

    def pos(self, offset: int) -> Pos: ...

    @property
    def byte_frame(self) -> tuple[int, int, int]:
        """`(low, high, shift)`: `pos(offset).byte` is the offset clamped to
        `[low, high]` plus `shift`, without computing the line and column."""
        ...

    def on_boundaries(self, *offsets: int) -> bool:
        """Whether positions of these offsets order as the offsets do (see `Span.through`)."""
        ...


@frozen_record
class Span:
    """A half-open range `[start, end)` in one file.

    The parser makes thousands of spans and almost nothing reads them (diagnostics
    do), so its spans are lazy (`lazy_span`): they hold a `Locator` and two byte
    offsets, and compute `filename`, `start` and `end` when first read. A lazy span
    behaves exactly as the eager `Span(filename, start, end)` of the same place:
    equality, hashing, `repr`, copying, pickling and `dataclasses.replace` all go
    through the fields.
    """

    # Private state, not a field: `(locator, start byte, end byte)` of a lazy span.
    __slots__ = ("_lazy",)

    filename: str
    start: Pos
    end: Pos

    # Unset (read as None, see `__getattr__`) on an eager span.
    _lazy: ClassVar[tuple[Locator, int, int] | None]

    if not TYPE_CHECKING:  # mypy would type every attribute of Span as Any

        def __getattr__(self, name: str) -> Any:
            # Called only for a slot that holds nothing: the fields of a lazy span
            # before their first read, or `_lazy` of an eager span.
            if name == "_lazy":
                return None
            if name not in _FIELDS:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            try:
                locator, start, end = _get_lazy(self, Span)
            except AttributeError:
                raise AttributeError(name) from None
            _set_filename(self, locator.filename)
            if name != "filename":
                _set_start(self, locator.pos(start))
                _set_end(self, locator.pos(end))
            return _FIELDS[name](self, Span)

    def hcl_range(self) -> str:
        """The position as Go's HCL prints it: `file:L,C-C` or `file:L,C-L,C`."""
        if self.start.line == self.end.line:
            return f"{self.filename}:{self.start.line},{self.start.column}-{self.end.column}"
        return (
            f"{self.filename}:{self.start.line},{self.start.column}-"
            f"{self.end.line},{self.end.column}"
        )

    def byte_offsets(self) -> tuple[int, int]:
        """`(start.byte, end.byte)`, without positioning a lazy span."""
        lazy = self._lazy
        if lazy is not None:
            locator, start, end = lazy
            low, high, shift = locator.byte_frame
            # Clamped as `pos` clamps (inlined: the layout checks read thousands).
            start = low if start < low else high if start > high else start
            end = low if end < low else high if end > high else end
            return start + shift, end + shift
        return self.start.byte, self.end.byte

    def at_start(self) -> Span:
        """The zero-width span where this one starts (lazy if this one is)."""
        lazy = self._lazy
        if lazy is not None:
            return lazy_span(lazy[0], lazy[1], lazy[1])
        return Span(self.filename, self.start, self.start)

    def through(self, other: Span) -> Span:
        """The smallest span covering this one and `other` (same file)."""
        mine, theirs = self._lazy, other._lazy
        if mine is not None and theirs is not None and mine[0] is theirs[0]:
            # Two spans of one parse: where positions order as byte offsets do (they
            # do for whole characters), the covering span is the lowest start offset
            # to the highest end offset, and stays lazy. The parser runs this for
            # every expression it builds.
            locator, first, last = mine
            _, o_first, o_last = theirs
            if locator.bytewise or locator.on_boundaries(first, last, o_first, o_last):
                return lazy_span(
                    locator,
                    o_first if o_first < first else first,
                    o_last if o_last > last else last,
                )
        # min() and max() of positions, with Pos's ordering (line, column, byte) spelled
        # out.
        start, end = self.start, self.end
        o_start, o_end = other.start, other.end
        if (o_start.line, o_start.column, o_start.byte) < (start.line, start.column, start.byte):
            start = o_start
        if (o_end.line, o_end.column, o_end.byte) > (end.line, end.column, end.byte):
            end = o_end
        return Span(self.filename, start, end)


# The slot descriptors: assigning through them bypasses the frozen `__setattr__`.
_get_lazy = vars(Span)["_lazy"].__get__
_set_lazy = vars(Span)["_lazy"].__set__
_set_filename = vars(Span)["filename"].__set__
_set_start = vars(Span)["start"].__set__
_set_end = vars(Span)["end"].__set__
_FIELDS = {name: vars(Span)[name].__get__ for name in ("filename", "start", "end")}
_new = object.__new__


def lazy_span(locator: Locator, start: int, end: int) -> Span:
    """The span of bytes `[start, end)` of `locator`'s source, positioned when read."""
    span: Span = _new(Span)
    _set_lazy(span, (locator, start, end))
    return span
