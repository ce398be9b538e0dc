"""The blanked copy tree-sitter parses gives the very syntax tree of the text itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nomadqemu.hcl import parse_file
from nomadqemu.hcl.blanking import blank_literal_text
from nomadqemu.hcl.context import ParseContext
from nomadqemu.hcl.parser import _BodyBuilder, _parse_tree, _tree_sitter
from nomadqemu.span import Span

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted([*ROOT.glob("fixtures/jobs/*.nomad"), *ROOT.glob("examples/*.nomad")])


def blanked_pieces(text: str) -> str:
    return blank_literal_text(text.encode()).decode()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('a = "hello"\n', 'a = "     "\n'),
        ('a = "x${y.z}w"\n', 'a = " ${y.z} "\n'),
        # Escapes stay (tree-sitter checks them), `$` and `%` stay.
        ('a = "\\u00e9 \\n 5% $x"\n', 'a = "\\u00e9 \\n  % $ "\n'),
        # Comments and code stay as they are.
        ('a = 1 / 2 # "q"\nb = x < 3\n', 'a = 1 / 2 # "q"\nb = x < 3\n'),
        ("a = <<-EOF\n  text ${x}\n  EOF\n", "a = <<-EOF\n       ${x}\n  EOF\n"),
    ],
)
def test_plain_text_becomes_spaces(text: str, expected: str) -> None:
    assert blanked_pieces(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # A string the lexer cannot follow: the rest of the file is left as it is.
        'a = "${f("k")}"\nb = "zz"\n',
        'a = "%{ if x }y%{ endif }"\nb = "zz"\n',
        # A heredoc whose closing line is not plain.
        'a = <<EOF\nx\nEOF \nb = "zz"\n',
        'a = <<EOF\nEOFX\nEOF\nb = "zz"\n',
    ],
)
def test_stops_where_it_cannot_follow(text: str) -> None:
    assert blanked_pieces(text).endswith('b = "zz"\n')


def _tree_text(source: bytes, blank: bool) -> tuple[bool, str]:
    """(has_error, the syntax tree) of tree-sitter's parse of `source` or its blanked copy."""
    text = blank_literal_text(source) if blank else source
    tree = _tree_sitter().parse(text)
    ctx = ParseContext(source, "t.hcl")
    body_node = next((c for c in tree.root_node.children if c.type == "body"), None)
    body = _BodyBuilder(ctx).body(body_node, Span("t.hcl", ctx.pos(0), ctx.pos(len(source))))
    return tree.root_node.has_error, repr(body) + repr(ctx.diagnostics)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_fixture_trees_are_unchanged(path: Path) -> None:
    source = path.read_bytes()
    assert blank_literal_text(source) != source
    assert _tree_text(source, blank=True) == _tree_text(source, blank=False)


PIECES = st.sampled_from(
    ['"', "${", "}", "%{", "\\", "\\u", "\n", "<<EOF\n", "\nEOF\n", "#", "/*", "*/", "$", "x"]
)


@st.composite
def mutated_job(draw: st.DrawFn) -> bytes:
    source = draw(st.sampled_from(SEEDS)).read_bytes()
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(source)))
        source = source[:at] + draw(PIECES).encode() + source[at:]
    return source


@settings(max_examples=200, deadline=None)
@given(mutated_job())
def test_a_clean_blanked_parse_gives_the_same_tree(source: bytes) -> None:
    blanked_error, blanked_tree = _tree_text(source, blank=True)
    if not blanked_error:  # the parser parses the text itself otherwise
        assert (False, blanked_tree) == _tree_text(source, blank=False)


def test_a_copy_with_an_error_is_parsed_again_as_it_is() -> None:
    # The blanked copy parses with an error here too: the tree handed on is that of the
    # text itself, so error recovery (and what is reported) is as without blanking.
    source = b'a = "hello" b\nc = "x" +\n'
    blanked = _tree_sitter().parse(blank_literal_text(source))
    assert blanked.root_node.has_error
    assert str(_parse_tree(source).root_node) == str(_tree_sitter().parse(source).root_node)
    _, diagnostics = parse_file(source, "t.hcl")
    assert diagnostics
