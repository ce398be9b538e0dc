"""Files with spaced splat markers and namespaced calls, which Go parses, format."""

from __future__ import annotations

import pytest

from nomadqemu.fmt import format_source


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # hclwrite: no space after an opening or before a closing bracket, none around dots.
        ("x = a[ * ].id\n", "x = a[*].id\n"),
        ("x = a[ * ] [ 0 ]\n", "x = a[*][0]\n"),
        ("x = a. * .b\n", "x = a.*.b\n"),
        # hclwrite: no space around `::` between names, none before a call's `(`.
        ("x = provider :: fn ( 1 )\n", "x = provider::fn(1)\n"),
        ("x = xs[*].ys[*].z\n", "x = xs[*].ys[*].z\n"),
    ],
)
def test_formats_like_hclwrite(source: str, expected: str) -> None:
    formatted, diagnostics = format_source(source.encode(), "t.hcl")
    assert diagnostics == []
    assert formatted == expected.encode()
