"""The parser's lazy spans behave exactly as eager `Span(filename, start, end)` ones."""

from __future__ import annotations

import copy
import dataclasses
import itertools
import pickle

import pytest

from nomadqemu.hcl import ast, parse_expression, parse_file
from nomadqemu.hcl.context import ParseContext
from nomadqemu.span import Pos, Span

# A mark, a zero-width joiner sequence, a flag and a three-byte character.
NON_ASCII = 'é = "cafe\u0301 👩\u200d💻 🇫🇷"\n  x = "€"\nz = 1\n'.encode()
ASCII = b'job "a" {\n  x = 1\n\n  y = [2, 3]\n}\n'


def _contexts() -> list[tuple[str, ParseContext]]:
    """One context per way the parser positions text (see `nomadqemu.hcl.parser`)."""
    return [
        ("ascii", ParseContext(ASCII, "a.hcl")),
        ("non-ascii", ParseContext(NON_ASCII, "u.hcl")),
        # A file with a byte order mark: the parser blanks it and starts after it.
        ("bom", ParseContext(b"   " + NON_ASCII, "b.hcl", prefix=3, start=Pos(1, 1, 3))),
        # A lone expression at a given place, behind a prefix the parser adds.
        ("expression", ParseContext(b"_ = " + NON_ASCII, "e.hcl", prefix=4, start=Pos(3, 7, 40))),
    ]


def _boundaries(ctx: ParseContext) -> list[int]:
    """Every offset at a character boundary, and two outside the text."""
    inside = [
        i
        for i in range(len(ctx.source) + 1)
        if i == len(ctx.source) or ctx.source[i] & 0xC0 != 0x80
    ]
    return [-1, *inside, len(ctx.source) + 2]


def _eager(ctx: ParseContext, start: int, end: int) -> Span:
    return Span(ctx.filename, ctx.pos(start), ctx.pos(end))


@pytest.mark.parametrize(("name", "ctx"), _contexts())
def test_lazy_equals_eager_everywhere(name: str, ctx: ParseContext) -> None:
    offsets = _boundaries(ctx)
    for start, end in itertools.combinations_with_replacement(offsets, 2):
        lazy, eager = ctx.span_bytes(start, end), _eager(ctx, start, end)
        assert lazy == eager and eager == lazy, (name, start, end)
        assert hash(lazy) == hash(eager)
        # Read from a fresh span each time: no order of first reads matters.
        assert ctx.span_bytes(start, end).hcl_range() == eager.hcl_range()
        assert ctx.span_bytes(start, end).end == eager.end
        assert repr(ctx.span_bytes(start, end)) == repr(eager)
        assert (lazy.filename, lazy.start, lazy.end) == (eager.filename, eager.start, eager.end)
        # Byte offsets, read from a span not yet positioned, and from an eager one.
        fresh = ctx.span_bytes(start, end)
        assert fresh.byte_offsets() == eager.byte_offsets() == (eager.start.byte, eager.end.byte)


@pytest.mark.parametrize(("name", "ctx"), _contexts())
def test_through_matches_eager_through(name: str, ctx: ParseContext) -> None:
    offsets = _boundaries(ctx)
    pairs = list(itertools.combinations_with_replacement(offsets, 2))
    for (a, b), (c, d) in itertools.product(pairs[::7], pairs[::5]):
        lazy = ctx.span_bytes(a, b).through(ctx.span_bytes(c, d))
        expected = _eager(ctx, a, b).through(_eager(ctx, c, d))
        assert lazy == expected, (name, a, b, c, d)
        assert lazy.start <= lazy.end
        # Two spans of one parse make a span that is still lazy (not yet positioned).
        assert lazy._lazy is not None
        mixed = ctx.span_bytes(a, b).through(_eager(ctx, c, d))
        assert mixed == expected == _eager(ctx, a, b).through(ctx.span_bytes(c, d))


def test_through_inside_a_character_orders_by_position() -> None:
    # Cut inside the two bytes of a combining mark, the text before ends in U+FFFD and
    # counts one column more than the whole mark: offset 2 lies after offset 3.
    ctx = ParseContext("a\u0301 = 1\n".encode(), "m.hcl")
    assert ctx.pos(2) > ctx.pos(3)
    lazy = ctx.span_bytes(2, 2).through(ctx.span_bytes(3, 3))
    assert lazy == _eager(ctx, 2, 2).through(_eager(ctx, 3, 3))
    assert lazy.start == Pos(1, 2, 3)


def test_spans_of_two_parses_compare_by_place() -> None:
    first, second = ParseContext(ASCII, "a.hcl"), ParseContext(ASCII, "a.hcl")
    assert first.span_bytes(3, 9) == second.span_bytes(3, 9)
    assert {first.span_bytes(3, 9), second.span_bytes(3, 9), first.span_bytes(3, 10)} == {
        first.span_bytes(3, 9),
        first.span_bytes(3, 10),
    }
    other_file = ParseContext(ASCII, "b.hcl")
    assert first.span_bytes(3, 9) != other_file.span_bytes(3, 9)
    joined = first.span_bytes(0, 3).through(second.span_bytes(5, 9))
    assert joined == Span("a.hcl", Pos(1, 1, 0), Pos(1, 10, 9))


def test_at_start() -> None:
    ctx = ParseContext(NON_ASCII, "u.hcl")
    for start, end in [(0, 2), (9, 20), (31, 40)]:
        eager = _eager(ctx, start, end)
        assert ctx.span_bytes(start, end).at_start() == eager.at_start()
        assert eager.at_start() == Span("u.hcl", eager.start, eager.start)


def test_frozen_copyable_picklable_and_replaceable() -> None:
    ctx = ParseContext(NON_ASCII, "u.hcl")
    eager = _eager(ctx, 5, 30)
    lazy = ctx.span_bytes(5, 30)
    with pytest.raises(dataclasses.FrozenInstanceError):
        lazy.start = eager.end  # type: ignore[misc]  # assigning to a frozen field is the point
    assert copy.copy(lazy) == eager and copy.deepcopy(ctx.span_bytes(5, 30)) == eager
    assert pickle.loads(pickle.dumps(ctx.span_bytes(5, 30))) == eager
    renamed = dataclasses.replace(ctx.span_bytes(5, 30), filename="dir/u.hcl")
    assert renamed == dataclasses.replace(eager, filename="dir/u.hcl")
    assert [f.name for f in dataclasses.fields(lazy)] == ["filename", "start", "end"]
    match ctx.span_bytes(5, 30):
        case Span(filename, start, end):
            assert (filename, start, end) == ("u.hcl", eager.start, eager.end)
        case _:
            pytest.fail("no match")
    with pytest.raises(AttributeError):
        _ = lazy.other  # type: ignore[attr-defined]  # no such attribute


def test_parsed_spans_read_as_before() -> None:
    # After a byte order mark (bytes count it, columns do not), columns count
    # characters as Go does: the mark joins its letter, the joined emoji and the flag
    # are one column each.
    tree, diagnostics = parse_file(b"\xef\xbb\xbf" + NON_ASCII, "b.hcl")
    assert diagnostics == [] and tree is not None
    first, second, third = tree.body.attributes
    assert first.span.hcl_range() == "b.hcl:1,1-15"
    assert (first.span.start, first.expr.span.end) == (Pos(1, 1, 3), Pos(1, 15, 37))
    assert second.name_span == Span("b.hcl", Pos(2, 3, 40), Pos(2, 4, 41))
    assert second.expr.span.end == Pos(2, 10, 49)
    assert third.span.start == Pos(3, 1, 50)
    expr, _ = parse_expression(b"a + \xc3\xa9.b", "v", Pos(2, 5, 10))
    assert isinstance(expr, ast.BinaryOp)
    assert expr.span == Span("v", Pos(2, 5, 10), Pos(2, 12, 18))
    assert expr.rhs.span == Span("v", Pos(2, 9, 14), Pos(2, 12, 18))
