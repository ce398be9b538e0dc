"""Token boundaries and kinds where HCL's scanner has rules of its own."""

from __future__ import annotations

import pytest

from nomadqemu.fmt.scanner import scan
from nomadqemu.fmt.tokens import Kind


def kinds_and_texts(text: str) -> list[tuple[Kind, str]]:
    result = scan(text)
    assert result.problems == []
    return [(token.kind, token.text) for token in result.tokens]


def test_identifiers_may_contain_dashes() -> None:
    assert kinds_and_texts("a-b - c") == [
        (Kind.IDENT, "a-b"),
        (Kind.MINUS, "-"),
        (Kind.IDENT, "c"),
        (Kind.EOF, ""),
    ]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("1.5", ["1.5"]), ("1e5", ["1e5"]), ("1E-3", ["1E-3"]), ("0.1.2", ["0.1.2"])],
)
def test_numbers(text: str, numbers: list[str]) -> None:
    found = [t for k, t in kinds_and_texts(text) if k is Kind.NUMBER_LIT]
    assert found == numbers


def test_a_number_never_ends_with_a_dot() -> None:
    assert kinds_and_texts("1.")[:2] == [(Kind.NUMBER_LIT, "1"), (Kind.DOT, ".")]


def test_line_comments_swallow_their_line_ending() -> None:
    assert kinds_and_texts("# a\n// b\r\n/* c\n*/\n") == [
        (Kind.COMMENT, "# a\n"),
        (Kind.COMMENT, "// b\r\n"),
        (Kind.COMMENT, "/* c\n*/"),
        (Kind.NEWLINE, "\n"),
        (Kind.EOF, ""),
    ]


def test_multi_character_operators() -> None:
    texts = [t for _, t in kinds_and_texts("a==b!=c>=d<=e&&f||g=>h...i::j")]
    assert texts[1::2][:-1] == ["==", "!=", ">=", "<=", "&&", "||", "=>", "...", "::"]


def test_quoted_template_with_nested_interpolations() -> None:
    assert kinds_and_texts('"a${f("}")}b"') == [
        (Kind.O_QUOTE, '"'),
        (Kind.QUOTED_LIT, "a"),
        (Kind.TEMPLATE_INTERP, "${"),
        (Kind.IDENT, "f"),
        (Kind.O_PAREN, "("),
        (Kind.O_QUOTE, '"'),
        (Kind.QUOTED_LIT, "}"),
        (Kind.C_QUOTE, '"'),
        (Kind.C_PAREN, ")"),
        (Kind.TEMPLATE_SEQ_END, "}"),
        (Kind.QUOTED_LIT, "b"),
        (Kind.C_QUOTE, '"'),
        (Kind.EOF, ""),
    ]


def test_braces_inside_an_interpolation_do_not_end_it() -> None:
    kinds = [k for k, _ in kinds_and_texts('"${ {a = 1}.a }"')]
    assert kinds.count(Kind.O_BRACE) == 1
    assert kinds.count(Kind.C_BRACE) == 1
    assert kinds.count(Kind.TEMPLATE_SEQ_END) == 1


def test_escaped_sequences_are_literal_text() -> None:
    assert kinds_and_texts('"$${a} %%{b} \\" \\\\"') == [
        (Kind.O_QUOTE, '"'),
        (Kind.QUOTED_LIT, '$${a} %%{b} \\" \\\\'),
        (Kind.C_QUOTE, '"'),
        (Kind.EOF, ""),
    ]


def test_strip_markers_belong_to_the_sequence_tokens() -> None:
    texts = [t for _, t in kinds_and_texts('"%{~ if a ~}x%{ endif }"')]
    assert "%{~" in texts
    assert "~}" in texts


def test_heredoc_tokens() -> None:
    assert kinds_and_texts("x = <<-EOT\n  a ${b}\n  EOT\n") == [
        (Kind.IDENT, "x"),
        (Kind.EQUAL, "="),
        (Kind.O_HEREDOC, "<<-EOT\n"),
        (Kind.STRING_LIT, "  a "),
        (Kind.TEMPLATE_INTERP, "${"),
        (Kind.IDENT, "b"),
        (Kind.TEMPLATE_SEQ_END, "}"),
        (Kind.STRING_LIT, "\n"),
        (Kind.C_HEREDOC, "  EOT"),
        (Kind.NEWLINE, "\n"),
        (Kind.EOF, ""),
    ]


def test_heredoc_marker_after_an_interpolation_on_the_same_line_is_text() -> None:
    kinds = [k for k, _ in kinds_and_texts("x = <<EOT\n${a}EOT\nEOT\n")]
    assert kinds.count(Kind.C_HEREDOC) == 1
    assert kinds[-3:] == [Kind.C_HEREDOC, Kind.NEWLINE, Kind.EOF]


def test_heredoc_needs_a_line_ending_right_after_its_marker() -> None:
    kinds = [k for k, _ in kinds_and_texts("x = <<EOT y\n")]
    assert Kind.O_HEREDOC not in kinds
    assert kinds[2:4] == [Kind.LESS_THAN, Kind.LESS_THAN]


def test_spaces_before_are_measured_from_the_previous_token() -> None:
    tokens = scan("a  =\t1 \n").tokens
    assert [t.spaces for t in tokens] == [0, 2, 1, 1, 0]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('x = "abc', "Unterminated template"),
        ("x = <<EOT\nabc\n", "Unterminated heredoc"),
        ("x = 1 ; y", "Invalid character ';'"),
        ('x = "a\nb"', "Unterminated template string"),
        ("x = \udce9", "Invalid character encoding"),
    ],
)
def test_problems_hcl_would_reject(text: str, problem: str) -> None:
    messages = [message for _, message in scan(text).problems]
    assert any(message.startswith(problem) for message in messages)


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("{[{", ["Unclosed '{'", "Unclosed '['", "Unclosed '{'"]),
        ("a = (1]", ["Unexpected ']'", "Unclosed '('"]),
        ("a = [1]\nb {\n}\n", []),
        ('a = "${x}"', []),
    ],
)
def test_brackets_must_pair_up(text: str, problems: list[str]) -> None:
    assert [message for _, message in scan(text).problems] == problems
