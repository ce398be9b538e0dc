"""One fixture per formatting rule: `fixtures/fmt/RULE.in` formats to `RULE.out`."""

from __future__ import annotations

import pytest

from nomadqemu.fmt import format_source
from tests.fmt.helpers import FIXTURES, rule_names


@pytest.mark.parametrize("rule", rule_names())
def test_rule_fixture_formats_to_its_expected_output(rule: str) -> None:
    source = (FIXTURES / f"{rule}.in").read_bytes()
    expected = (FIXTURES / f"{rule}.out").read_bytes()
    formatted, diagnostics = format_source(source, f"{rule}.in")
    assert diagnostics == []
    assert formatted == expected


@pytest.mark.parametrize("rule", rule_names())
def test_expected_output_is_already_formatted(rule: str) -> None:
    expected = (FIXTURES / f"{rule}.out").read_bytes()
    assert format_source(expected, f"{rule}.out") == (expected, [])


def test_every_rule_fixture_changes_something() -> None:
    # A fixture whose input is already canonical would not exercise its rule.
    for rule in rule_names():
        assert (FIXTURES / f"{rule}.in").read_bytes() != (FIXTURES / f"{rule}.out").read_bytes()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a=1\n", "a = 1\n"),
        ("", ""),
        ("\n\n", "\n\n"),
        ("x = a - b\n", "x = a - b\n"),  # subtraction keeps its spaces
        ("x = a-b\n", "x = a-b\n"),  # `a-b` is one identifier in HCL
        ("x = [ - 1 ]\n", "x = [-1]\n"),  # negation after an opener
        ("x = y ? - 1 : 2\n", "x = y ? -1 : 2\n"),
        ("b {\n}\n", "b {\n}\n"),
        ("b {}\n", "b {}\n"),
        ("b { a = 1 }\n", "b { a = 1 }\n"),
        ('x = foo("a")[0]\n', 'x = foo("a")[0]\n'),
        ("x = 1.5\n", "x = 1.5\n"),
        ("x = {\n}\n", "x = {\n}\n"),
        ('b "l" "m" {\n}\n', 'b "l" "m" {\n}\n'),
        ("  \n", "\n"),
        # Deliberately unlike `nomad fmt`, which drops a bool or null index of a
        # variable (`x[true]` becomes `x[]`, a bug of hclwrite's parser): keep it.
        ("a = x[ true ]\n", "a = x[true]\n"),
        # Spaces right before the end of the file belong to no line: HCL keeps them.
        ("a = 1   ", "a = 1   "),
        ("a = 1\n   ", "a = 1\n   "),
    ],
)
def test_small_inputs(source: str, expected: str) -> None:
    formatted, diagnostics = format_source(source.encode(), "t.hcl")
    assert diagnostics == []
    assert formatted == expected.encode()


def test_byte_order_mark_is_dropped() -> None:
    formatted, _ = format_source("\ufeffa=1\n".encode(), "t.hcl")
    assert formatted == b"a = 1\n"


def test_bytes_that_are_not_utf8_in_a_comment_survive() -> None:
    source = b"# caf\xe9\na=1\n"
    assert format_source(source, "t.hcl") == (b"# caf\xe9\na = 1\n", [])
