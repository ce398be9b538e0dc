"""HCL's canonical layout (hclwrite's `format`), applied to a token stream in place.

Only the `spaces` before tokens change. The stream is cut into lines at newline
tokens (a `#`/`//` comment ends its line, since it swallows the line ending; a
heredoc's body lives inside its opening line). Each line has up to three cells:
`lead`, then `assign` from an `=` whose right-hand side closes every bracket it
opens, then a trailing single-line `comment`. Then, in three passes:

1. indentation: two spaces per open bracket level, counting only net openers per line;
2. spacing between the tokens of a cell, by the rules of `space_after`;
3. alignment: `=` signs of consecutive assignment lines line up one column after the
   widest lead, and trailing comments of consecutive lines line up likewise.
"""

from __future__ import annotations

from dataclasses import dataclass

from nomadqemu.fmt.columns import columns
from nomadqemu.fmt.tokens import Kind, Token, bracket_change

_NIL = Token(Kind.NIL, "", 0, -1)

# After these, a minus sign is a negation, which keeps its operand close (`a = -1`).
_MINUS_IS_NEGATION_AFTER = frozenset(
    {
        Kind.NIL,
        Kind.O_PAREN,
        Kind.O_BRACE,
        Kind.O_BRACK,
        Kind.EQUAL,
        Kind.COLON,
        Kind.COMMA,
        Kind.QUESTION,
        Kind.PLUS,
        Kind.STAR,
        Kind.SLASH,
        Kind.PERCENT,
        Kind.MINUS,
        Kind.EQUAL_OP,
        Kind.NOT_EQUAL,
        Kind.GREATER_THAN,
        Kind.GREATER_THAN_EQ,
        Kind.LESS_THAN,
        Kind.LESS_THAN_EQ,
        Kind.AND,
        Kind.OR,
        Kind.BANG,
    }
)

# Template text is written exactly as it is: nothing is inserted next to it.
_TEMPLATE_TEXT_OPENERS = frozenset({Kind.QUOTED_LIT, Kind.STRING_LIT, Kind.O_QUOTE, Kind.O_HEREDOC})
_TEMPLATE_TEXT_CLOSERS = frozenset({Kind.QUOTED_LIT, Kind.STRING_LIT, Kind.C_QUOTE, Kind.C_HEREDOC})


@dataclass(slots=True)
class _Line:
    lead: list[Token]
    assign: list[Token] | None = None
    comment: list[Token] | None = None


def _ends_line(token: Token) -> bool:
    if token.kind is Kind.NEWLINE:
        return True
    return token.kind is Kind.COMMENT and token.text.endswith("\n")


def _split_lines(tokens: list[Token]) -> list[_Line]:
    lines: list[_Line] = []
    start = 0
    for index, token in enumerate(tokens):
        if token.kind is Kind.EOF:
            lines.append(_Line(tokens[start:index]))
            start = len(tokens)
            break
        if _ends_line(token):
            lines.append(_Line(tokens[start : index + 1]))
            start = index + 1
    if start < len(tokens):
        lines.append(_Line(tokens[start:]))

    for line in lines:
        lead = line.lead
        if len(lead) > 1 and lead[-1].kind is Kind.COMMENT:
            line.comment = lead[-1:]
            lead = line.lead = lead[:-1]
        for index in range(1, len(lead)):
            if lead[index].kind is Kind.EQUAL:
                # Only a right-hand side that closes what it opens is an aligned
                # assignment; `x = {` starts a multi-line expression instead.
                if sum(bracket_change(token) for token in lead[index:]) == 0:
                    line.assign = lead[index:]
                    line.lead = lead[:index]
                break
    return lines


def _indent(lines: list[_Line]) -> None:
    # Each entry is the number of openers a line added; a later line that closes
    # brackets pops whole entries, so lopsided lines cannot drift the indent.
    levels: list[int] = []
    for line in lines:
        if not line.lead:
            continue
        first = line.lead[0]
        if first.kind is Kind.NEWLINE:
            first.spaces = 0
            continue
        net = 0
        for token in line.lead:
            net += bracket_change(token)
            # Interpolations in a heredoc body do not shape the indentation.
            if token.kind is Kind.O_HEREDOC:
                break
        for token in line.assign or ():
            net += bracket_change(token)
        if net > 0:
            first.spaces = 2 * len(levels)
            levels.append(net)
            continue
        closed = -net
        while closed > 0 and levels:
            if closed >= levels[-1]:
                closed -= levels.pop()
            else:
                levels[-1] -= closed
                closed = 0
        first.spaces = 2 * len(levels)


def space_after(subject: Token, before: Token, after: Token) -> bool:
    """Whether `after` gets one space (else none), given the token `subject` before it."""
    s, a = subject.kind, after.kind
    if a is Kind.NEWLINE or a is Kind.NIL:
        return False
    if s is Kind.IDENT and a is Kind.O_PAREN:
        return False
    if (s is Kind.IDENT and a is Kind.DOUBLE_COLON) or (s is Kind.DOUBLE_COLON and a is Kind.IDENT):
        return False
    if s is Kind.DOT or a is Kind.DOT:
        return False
    if a is Kind.COMMA or a is Kind.ELLIPSIS:
        return False
    if s is Kind.COMMA:
        return True
    if s in _TEMPLATE_TEXT_OPENERS or a in _TEMPLATE_TEXT_CLOSERS:
        return False
    if s is Kind.IDENT and subject.text == "in" and before.kind is Kind.IDENT:
        # `for x in [foo]`: `in` is a keyword here, not something being indexed.
        return True
    if a is Kind.O_BRACK and (
        s is Kind.IDENT or s is Kind.NUMBER_LIT or bracket_change(subject) < 0
    ):
        return False
    if s is Kind.BANG:
        return False
    if s is Kind.MINUS:
        return before.kind not in _MINUS_IS_NEGATION_AFTER
    if s is Kind.O_BRACE or a is Kind.C_BRACE:
        # Braces are padded (`{ a = 1 }`), except an empty pair: `{}`.
        return not (s is Kind.O_BRACE and a is Kind.C_BRACE)
    if (s is Kind.TEMPLATE_INTERP or s is Kind.TEMPLATE_CONTROL) and a is Kind.O_BRACE:
        return True
    if s is Kind.C_BRACE and a is Kind.TEMPLATE_SEQ_END:
        return True
    if s is Kind.TEMPLATE_SEQ_END and (a is Kind.TEMPLATE_INTERP or a is Kind.TEMPLATE_CONTROL):
        return False
    if bracket_change(subject) > 0:
        return False
    return bracket_change(after) >= 0


def _space_cell(cell: list[Token]) -> None:
    for index in range(len(cell) - 1):
        before = cell[index - 1] if index > 0 else _NIL
        cell[index + 1].spaces = 1 if space_after(cell[index], before, cell[index + 1]) else 0


def _space(lines: list[_Line]) -> None:
    for line in lines:
        _space_cell(line.lead)
        if line.assign:
            # The `=` is always separated from what it assigns to.
            line.assign[0].spaces = 1
            _space_cell(line.assign)


def _align(lines: list[_Line]) -> None:
    def assign_width(line: _Line) -> int:
        return columns(line.lead)

    def comment_width(line: _Line) -> int:
        return columns(line.lead) + columns(line.assign or ())

    # `=` first: moving it moves the comments after it.
    chain: list[_Line] = []
    for line in [*lines, None]:
        if line is not None and line.assign is not None:
            chain.append(line)
            continue
        if chain:
            widest = max(assign_width(member) for member in chain)
            for member in chain:
                assert member.assign is not None
                member.assign[0].spaces = widest - assign_width(member) + 1
            chain = []

    for line in [*lines, None]:
        if line is not None and line.comment is not None:
            chain.append(line)
            continue
        if chain:
            widest = max(comment_width(member) for member in chain)
            for member in chain:
                assert member.comment is not None
                member.comment[0].spaces = widest - comment_width(member) + 1
            chain = []


def lay_out(tokens: list[Token]) -> None:
    """Rewrite the spaces before every token to HCL's canonical layout."""
    lines = _split_lines(tokens)
    _indent(lines)
    _space(lines)
    _align(lines)


def render(tokens: list[Token]) -> str:
    return "".join(" " * token.spaces + token.text for token in tokens)
