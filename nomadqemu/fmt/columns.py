"""Display width as HCL's formatter measures it: grapheme clusters, not bytes.

Alignment of `=` and of trailing comments counts "columns" as extended grapheme
clusters (HCL uses go-textseg), so `"é" = 1` is as wide as `"e" = 1`. ASCII text is
counted directly; anything else goes through the `regex` module's `\\X`, imported only
when a file actually has non-ASCII text before a column that is aligned.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from nomadqemu.fmt.tokens import Token


def grapheme_count(text: str) -> int:
    if text.isascii():
        # CR LF is one cluster; every other ASCII character is one.
        return len(text) - text.count("\r\n")
    import regex

    return sum(_unicode_15_0_clusters(cluster) for cluster in regex.findall(r"\X", text))


def _unicode_15_0_clusters(cluster: str) -> int:
    """How many clusters Unicode 15.0's rules (go-textseg v15, HCL's) make of one newer cluster.

    Unicode 15.1 joined Indic conjuncts (rule GB9c: consonant, virama, consonant form
    one cluster); 15.0 breaks before the second consonant. A letter that follows a
    virama, with only combining marks or a zero-width joiner between, joins only by
    that rule, so each such letter starts a cluster of its own here.
    """
    count = 1
    after_virama = False
    for char in cluster:
        if unicodedata.combining(char) == 9:  # canonical combining class 9: virama
            after_virama = True
        elif unicodedata.category(char).startswith("L"):
            count += after_virama
            after_virama = False
        elif not (unicodedata.category(char) in ("Mn", "Me") or char == "\u200d"):
            after_virama = False
    return count


def columns(tokens: Iterable[Token]) -> int:
    """Width of a run of tokens: each space is one column, then the token's clusters."""
    return sum(token.spaces + grapheme_count(token.text) for token in tokens)
