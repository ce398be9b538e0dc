"""Token kinds and the mutable token record the formatter rewrites.

The kinds mirror the token types of HCL's native scanner (`hclsyntax`), because
`nomad fmt`'s rules are written in terms of them. A token keeps its exact source
text; formatting only ever changes `spaces`, the count of ASCII spaces written
before it, which is how HCL's writer represents layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto


class Kind(Enum):
    O_BRACE = auto()
    C_BRACE = auto()
    O_BRACK = auto()
    C_BRACK = auto()
    O_PAREN = auto()
    C_PAREN = auto()
    O_QUOTE = auto()
    C_QUOTE = auto()
    O_HEREDOC = auto()
    C_HEREDOC = auto()

    STAR = auto()
    SLASH = auto()
    PLUS = auto()
    MINUS = auto()
    PERCENT = auto()

    EQUAL = auto()
    EQUAL_OP = auto()
    NOT_EQUAL = auto()
    LESS_THAN = auto()
    LESS_THAN_EQ = auto()
    GREATER_THAN = auto()
    GREATER_THAN_EQ = auto()

    AND = auto()
    OR = auto()
    BANG = auto()

    DOT = auto()
    COMMA = auto()
    DOUBLE_COLON = auto()
    ELLIPSIS = auto()
    FAT_ARROW = auto()
    QUESTION = auto()
    COLON = auto()

    TEMPLATE_INTERP = auto()
    TEMPLATE_CONTROL = auto()
    TEMPLATE_SEQ_END = auto()

    QUOTED_LIT = auto()
    STRING_LIT = auto()
    NUMBER_LIT = auto()
    IDENT = auto()
    COMMENT = auto()
    NEWLINE = auto()
    EOF = auto()

    # Characters HCL's scanner recognises only to report them well (`&`, `;`, …);
    # a file containing them does not parse, so they never reach the formatter's rules.
    STRAY_SYMBOL = auto()
    QUOTED_NEWLINE = auto()
    INVALID = auto()
    BAD_UTF8 = auto()

    # Stands in for "no token" before the first token of a cell.
    NIL = auto()


@dataclass(slots=True)
class Token:
    """One scanned token: its kind, its exact text, the spaces before it, where it starts.

    `start` is the character offset of the token in the scanned text; `spaces`
    starts as the distance from the previous token's end, as HCL's writer computes it.
    """

    kind: Kind
    text: str
    spaces: int
    start: int


# Tokens that open or close a bracketing pair, as HCL's formatter counts them:
# an interpolation `${`/`%{` opens like a brace and its closing `}` closes it.
OPENERS = frozenset(
    {Kind.O_BRACE, Kind.O_BRACK, Kind.O_PAREN, Kind.TEMPLATE_INTERP, Kind.TEMPLATE_CONTROL}
)
CLOSERS = frozenset({Kind.C_BRACE, Kind.C_BRACK, Kind.C_PAREN, Kind.TEMPLATE_SEQ_END})


def bracket_change(token: Token) -> int:
    """+1 for an opening bracket, -1 for a closing one, 0 otherwise."""
    if token.kind in OPENERS:
        return 1
    if token.kind in CLOSERS:
        return -1
    return 0
