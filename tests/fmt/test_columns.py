"""Widths for alignment: grapheme clusters as go-textseg v15 (Unicode 15.0) counts them."""

from __future__ import annotations

import pytest

from nomadqemu.fmt.columns import grapheme_count


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("abc", 3),
        ("a\r\nb", 3),  # CR LF is one cluster
        ("é", 1),
        ("e\u0301", 1),  # a combining accent joins its letter
        ("👍🏽", 1),  # emoji and its skin tone
        ("👨\u200d👩\u200d👧", 1),  # joined emoji family
        ("🇩🇪🇫🇷", 2),  # flags pair up
        ("각", 1),
        ("\u1100\u1161", 1),  # Hangul jamo join
        ("क्षि", 2),  # Unicode 15.1 joins this conjunct; 15.0, like HCL, does not
        ("नमस्ते", 4),
    ],
)
def test_grapheme_count(text: str, width: int) -> None:
    assert grapheme_count(text) == width
