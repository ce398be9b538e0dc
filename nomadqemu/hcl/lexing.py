"""Just enough of Go's HCL scanner to place diagnostics on the token Go would blame."""

from __future__ import annotations

import re
from functools import cache

# Pattern texts the parser's shortcuts share (`layout`, `expressions`, `parser`,
# `blanking`): Go's identifier in ASCII (other names take the general paths), a dotted
# reference, and a number literal as Go's scanner and `big.ParseFloat` both take it.
IDENTIFIER = rb"[A-Za-z_][A-Za-z0-9_-]*"
DOTTED_NAME = IDENTIFIER + rb"(?:\." + IDENTIFIER + rb")*"
NUMBER_LITERAL = rb"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
# A heredoc's opening `<<MARKER` (or `<<-MARKER`) and the line break that ends it.
HEREDOC_OPENER = re.compile(rb"<<-?" + IDENTIFIER + rb"\r?\n")


@cache
def _token_patterns() -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """Go's identifier (any non-ASCII byte counts as a letter) and number tokens;
    compiled when a diagnostic first needs them, not at every start-up."""
    return (
        re.compile(rb"(?:[A-Za-z_]|[\x80-\xff]+)(?:[A-Za-z0-9_\-]|[\x80-\xff]+)*"),
        re.compile(rb"[0-9](?:[0-9.]|[eE][+-]?[0-9])*"),
    )


_MULTI = (b"...", b"==", b"!=", b">=", b"<=", b"&&", b"||", b"::", b"=>", b"${", b"%{", b"~}")


def next_token(source: bytes, at: int) -> int:
    """The end of the Go token that starts at `at`."""
    n = len(source)
    if at >= n:
        return at
    ident, number = _token_patterns()
    for pattern in (ident, number, HEREDOC_OPENER):
        match = pattern.match(source, at)
        if match:
            end = match.end()
            if pattern is number:
                while end > at + 1 and source[end - 1] == 0x2E:
                    end -= 1
            elif pattern is HEREDOC_OPENER:
                end -= 2 if source[end - 2 : end] == b"\r\n" else 1
            return end
    for op in _MULTI:
        if source.startswith(op, at):
            return at + len(op)
    if source.startswith(b"\r\n", at):
        return at + 2
    return at + char_length(source, at)


def char_length(source: bytes, at: int) -> int:
    """The byte length of the UTF-8 character at `at` (1 for a stray byte)."""
    lead = source[at]
    if lead < 0x80:
        return 1
    size = 2 if lead >= 0xC0 else 1
    size = 3 if lead >= 0xE0 else size
    size = 4 if lead >= 0xF0 else size
    return max(1, min(size, len(source) - at))
