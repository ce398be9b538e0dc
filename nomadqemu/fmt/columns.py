"""Display width as HCL's formatter measures it: grapheme clusters, not bytes.

Alignment of `=` and of trailing comments counts "columns" as extended grapheme
clusters (HCL uses go-textseg), so `"é" = 1` is as wide as `"e" = 1`. ASCII text is
counted directly; anything else goes through the `regex` module's `\\X`, imported only
when a file actually has non-ASCII text before a column that is aligned.
"""

from __future__ import annotations

from collections.abc import Iterable

from nomadqemu.fmt.tokens import Token


def grapheme_count(text: str) -> int:
    if text.isascii():
        # CR LF is one cluster; every other ASCII character is one.
        return len(text) - text.count("\r\n")
    import regex

    return len(regex.findall(r"\X", text))


def columns(tokens: Iterable[Token]) -> int:
    """Width of a run of tokens: each space is one column, then the token's clusters."""
    return sum(token.spaces + grapheme_count(token.text) for token in tokens)
