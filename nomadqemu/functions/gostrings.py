"""Go's `strings` and `unicode` behaviour where Python's differs.

Go maps case rune by rune with the *simple* Unicode mappings (`"ß"` stays `"ß"`),
treats a different set of characters as white space, and counts user-perceived
characters (grapheme clusters) with the `textseg` package.
"""

from __future__ import annotations

import unicodedata

# unicode.IsSpace: these plus the Unicode separator categories.
_GO_SPACE = frozenset("\t\n\v\f\r \x85\xa0")


def is_go_space(ch: str) -> bool:
    return ch in _GO_SPACE or unicodedata.category(ch) in ("Zs", "Zl", "Zp")


def go_upper(s: str) -> str:
    return "".join(_simple_upper(ch) for ch in s)


def _simple_upper(ch: str) -> str:
    upper = ch.upper()
    if len(upper) == 1:
        return upper
    # A multi-character full mapping (SpecialCasing); Go uses the simple one, which for
    # the Greek letters with ypogegrammeni is their single-character titlecase form.
    title = ch.title()
    return title if len(title) == 1 else ch


def go_lower(s: str) -> str:
    return "".join("i" if ch == "\u0130" else _simple(ch, ch.lower()) for ch in s)


def go_title_case(ch: str) -> str:
    return _simple(ch, ch.title())


def _simple(ch: str, mapped: str) -> str:
    """Keep a character whose only mapping is a multi-character (full) one."""
    return mapped if len(mapped) == 1 else ch


def go_trim_space(s: str) -> str:
    start, end = 0, len(s)
    while start < end and is_go_space(s[start]):
        start += 1
    while end > start and is_go_space(s[end - 1]):
        end -= 1
    return s[start:end]


def _is_separator(ch: str) -> bool:
    """strings.Title's word boundary test."""
    if ch.isascii():
        return not (ch.isalnum() or ch == "_")
    if unicodedata.category(ch)[0] in "LN":
        return False
    return is_go_space(ch)


def go_title(s: str) -> str:
    out = []
    prev = " "
    for ch in s:
        out.append(go_title_case(ch) if _is_separator(prev) else ch)
        prev = ch
    return "".join(out)


def graphemes(s: str) -> list[str]:
    """Extended grapheme clusters by Unicode 15.0's rules, as go-textseg v15 finds them."""
    if s.isascii():
        # Every ASCII character is a cluster of its own, except CR LF.
        return [s[i : i + 2] if s.startswith("\r\n", i) else s[i] for i in _ascii_starts(s)]
    import regex

    clusters: list[str] = []
    for cluster in regex.findall(r"\X", s):
        clusters.extend(_split_conjuncts(cluster))
    return clusters


def _ascii_starts(s: str) -> list[int]:
    starts: list[int] = []
    i = 0
    while i < len(s):
        starts.append(i)
        i += 2 if s.startswith("\r\n", i) else 1
    return starts


def _split_conjuncts(cluster: str) -> list[str]:
    """Undo Unicode 15.1's rule GB9c, which `regex` applies and go-textseg v15 does not.

    GB9c keeps consonant + virama + consonant together; 15.0 breaks before a letter
    that follows a virama (with only combining marks or a zero-width joiner between).
    """
    parts: list[str] = []
    start = 0
    after_virama = False
    for i, char in enumerate(cluster):
        if unicodedata.combining(char) == 9:  # canonical combining class 9: virama
            after_virama = True
        elif unicodedata.category(char).startswith("L"):
            if after_virama:
                parts.append(cluster[start:i])
                start = i
            after_virama = False
        elif not (unicodedata.category(char) in ("Mn", "Me") or char == "\u200d"):
            after_virama = False
    parts.append(cluster[start:])
    return parts
