"""Any input gives a tree or diagnostics: never an exception, never an internal error."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nomadqemu.hcl import parse_expression, parse_file, parse_template

HCL_PIECES = st.sampled_from(
    [
        "a",
        " = ",
        "\n",
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        '"',
        "${",
        "%{",
        "~",
        "}",
        "<<EOT\n",
        "<<-EOT\n",
        "EOT",
        "1",
        "1e3",
        ".5",
        ",",
        ":",
        "?",
        "=>",
        "...",
        "for",
        "in",
        "if",
        "endif",
        "else",
        "endfor",
        "#",
        "//",
        "/*",
        "*/",
        "\\",
        "é",
        "\t",
        "*",
        ".",
        "-",
        "!",
    ]
)


def _assert_no_internal_error(diagnostics: list) -> None:  # type: ignore[type-arg] # any list
    assert all(d.summary != "Internal parser error" for d in diagnostics), diagnostics
    assert all(d.span is not None for d in diagnostics)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200))
def test_parse_file_never_fails_on_bytes(data: bytes) -> None:
    tree, diagnostics = parse_file(data, "fuzz.hcl")
    _assert_no_internal_error(diagnostics)
    assert tree is not None or diagnostics


@settings(max_examples=150, deadline=None)
@given(st.lists(HCL_PIECES, max_size=30).map("".join))
def test_parse_file_never_fails_on_hcl_like_text(text: str) -> None:
    tree, diagnostics = parse_file(text.encode(), "fuzz.hcl")
    _assert_no_internal_error(diagnostics)
    assert tree is not None or diagnostics


@settings(max_examples=100, deadline=None)
@given(st.lists(HCL_PIECES, max_size=20).map("".join))
def test_parse_expression_never_fails(text: str) -> None:
    expr, diagnostics = parse_expression(text.encode(), "arg")
    _assert_no_internal_error(diagnostics)
    assert (expr is None) == any(d.is_error for d in diagnostics)


def test_deep_nesting_parses_and_extreme_nesting_is_a_diagnostic() -> None:
    deep = b"a = " + b"[" * 300 + b"]" * 300 + b"\n"
    tree, diagnostics = parse_file(deep, "deep.hcl")
    assert diagnostics == []
    assert tree is not None
    extreme = b"a = " + b"(" * 5000 + b"1" + b")" * 5000 + b"\n"
    tree, diagnostics = parse_file(extreme, "deep.hcl")
    assert tree is None
    assert [d.summary for d in diagnostics] == ["Nesting too deep"]


@settings(max_examples=100, deadline=None)
@given(st.lists(HCL_PIECES, max_size=20).map("".join))
def test_parse_template_never_fails(text: str) -> None:
    expr, diagnostics = parse_template(text.encode(), "t.json")
    _assert_no_internal_error(diagnostics)
    assert (expr is None) == any(d.is_error for d in diagnostics)
