"""Multi-character operators that Go's scanner reads as separate tokens, closed up.

tree-sitter-hcl 1.2.0 has single tokens for `[*]`, `.*` and a `::`-namespaced function
name, so it rejects `a[ * ].id`, `a. * .b` and `provider :: fn(1)`. Go's scanner makes
`[`, `*`, `]`, `.`, `::` and each name separate tokens and skips the spaces and comments
between them, so all three are valid there. The copy given to tree-sitter has each such
run written without gaps at its first byte and padded with spaces (same length, so
offsets stay valid); `marker_end` and `function_name` read the real extent back from the
original source.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Go's scanner is imported where a run is found: most files have
    # none, and loading it is a noticeable part of a cold start.
    from nomadqemu.hcl.scanner import Token

# Cheap pre-check (most files have none): spaces or block comments inside `[ * ]`,
# between `.` and `*`, or around `::`. Line comments there are left to Go's errors.
# Every alternative starts with a fixed character, so long runs of spaces stay linear.
_GAP = rb"(?:\s|/\*.*?\*/)++"
_MAYBE = re.compile(
    rb"\[" + _GAP + rb"\*|\[\*" + _GAP + rb"\]|\." + _GAP + rb"\*"
    rb"|[A-Za-z0-9_-]" + _GAP + rb"::|::" + _GAP,
    re.DOTALL,
)
_SPACE = 0x20


def _significant(source: bytes) -> list[Token]:
    # Go's parser skips comments between tokens; newlines stay (they end attributes).
    from nomadqemu.hcl.scanner import scan

    return [t for t in scan(source) if t[0] != "Comment"]


def _close(masked: bytearray, run: list[Token]) -> None:
    """Write the tokens of `run` back to back from its first byte, then spaces."""
    start, end = run[0][1], run[-1][2]
    joined = b"".join(bytes(masked[t[1] : t[2]]) for t in run)
    masked[start:end] = joined + bytes([_SPACE]) * (end - start - len(joined))


def _gapped(run: list[Token]) -> bool:
    return any(a[2] != b[1] for a, b in pairwise(run))


def _name_run(tokens: list[Token], i: int) -> list[Token]:
    """`name :: name :: …` starting at `tokens[i]` (just the name when no `::` follows)."""
    run = [tokens[i]]
    j = i + 1
    while j + 1 < len(tokens) and tokens[j][0] == "::" and tokens[j + 1][0] == "Ident":
        run += tokens[j : j + 2]
        j += 2
    return run


def close_gaps(source: bytes) -> bytes:
    """`source` with every spaced `[ * ]`, `. *` and `name :: name` written closed up."""
    # Every run holds a `*` or a `::`; the substring tests are far cheaper than
    # `_MAYBE`, whose name-character alternative tries a match at every name byte.
    if (b"*" not in source and b"::" not in source) or _MAYBE.search(source) is None:
        return source
    tokens = _significant(source)
    masked = bytearray(source)
    i = 0
    while i < len(tokens):
        kind = tokens[i][0]
        run: list[Token] = []
        if kind == "OBrack" and [t[0] for t in tokens[i + 1 : i + 3]] == ["*", "CBrack"]:
            run = tokens[i : i + 3]
        elif kind == "." and i + 1 < len(tokens) and tokens[i + 1][0] == "*":
            run = tokens[i : i + 2]
        elif kind == "Ident":
            run = _name_run(tokens, i)
        if run and _gapped(run):
            _close(masked, run)
        i += max(len(run), 1)
    return bytes(masked)


def marker_end(source: bytes, start: int, last: str) -> int:
    """The end of the splat marker starting at `start`: the first `last` token after it."""
    from nomadqemu.hcl.scanner import scan

    for kind, _, end in scan(source, start):
        if kind == last:
            return end
    return start


def function_name(source: bytes, start: int, end: int) -> tuple[str, int]:
    """The called name in `source[start:end]` (up to its `(`) and where the name ends.

    Go joins the names of `a :: b :: c` with `::`, dropping the spaces and comments.
    """
    from nomadqemu.hcl.scanner import scan

    names = [t for t in scan(source[:end], start) if t[0] == "Ident"]
    if not names:
        return source[start:end].decode("utf-8", "replace"), end
    text = "::".join(source[t[1] : t[2]].decode("utf-8", "replace") for t in names)
    return text, names[-1][2]
