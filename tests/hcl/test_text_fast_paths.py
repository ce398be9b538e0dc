"""`ExprBuilder.build` reads plain strings (with interpolated names), literals, dotted
references and one-line lists of them off the text;
the trees must be exactly those the general path builds from tree-sitter's nodes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nomadqemu.hcl import expressions, parse_expression, parse_file

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted([*ROOT.glob("fixtures/jobs/*.nomad"), *ROOT.glob("examples/*.nomad")])
_NEVER = re.compile(rb"(?!)")


def _both(monkeypatch: pytest.MonkeyPatch, parse: object, text: bytes) -> tuple[str, str]:
    assert callable(parse)
    fast = repr(parse(text))
    with monkeypatch.context() as patch:
        for name in (
            "_PLAIN_STRING",
            "_TEMPLATE",
            "_TUPLE_ITEM",
            "_BLANKS",
            "_NUMBER",
            "_LITERAL",
            "_DOTTED",
        ):
            patch.setattr(expressions, name, _NEVER)
        general = repr(parse(text))
    return fast, general


@pytest.mark.parametrize(
    "text",
    [
        '"plain text # with / punctuation"',
        '"tab\tinside"',
        "12",
        "1.5e3",
        "1e3",
        "true",
        "null",
        "var.dc",
        "local.a-b.c_d",
        "null.a",
        "true_ish.x",
        '"${x}"',
        '"a ${x.y} b ${ z }"',
        '"${true}"',
        '"${true.x}"',
        '"100% $x"',
        '"$${x}"',
        "[]",
        '["a", 1, -2, var.x, "${y}",]',
        "[for]",
        "[for.x]",
        "-1.5",
        "- 1",
        '"esc\\"aped"',
        "var.list[0]",
        "var . spaced",
    ],
)
def test_expression_trees_match_the_general_path(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    def parse(source: bytes) -> object:
        return parse_expression(source, "e.hcl")

    fast, general = _both(monkeypatch, parse, text.encode())
    assert fast == general


@st.composite
def mutated_job(draw: st.DrawFn) -> bytes:
    source = draw(st.sampled_from(SEEDS)).read_bytes()
    pieces = st.sampled_from(
        [
            '"',
            ".",
            "null",
            "true",
            " ",
            "1",
            "e3",
            "-",
            "\\",
            "x",
            "${",
            "}",
            "[",
            "]",
            ",",
            "$",
            "%",
        ]
    )
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(source)))
        source = source[:at] + draw(pieces).encode() + source[at:]
    return source


@settings(max_examples=150, deadline=None)
@given(mutated_job())
def test_file_trees_match_the_general_path(source: bytes) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:

        def parse(text: bytes) -> object:
            return parse_file(text, "t.hcl")

        fast, general = _both(monkeypatch, parse, source)
    assert fast == general
