"""HCL's native token scanner (hclsyntax's `scan_tokens.rl`), re-implemented for formatting.

`nomad fmt` formats the raw token stream, so the formatter needs exactly the token
boundaries and kinds HCL's scanner produces: quoted templates and heredocs scanned as
literal runs around `${…}`/`%{…}` sequences (which are scanned as ordinary code, to any
depth), comments that swallow their line ending, numbers and identifiers with HCL's
own quirks (`a-b` is one identifier, `1.` is a number and a dot).

The scanner works on text decoded with `surrogateescape`, so a byte that is not UTF-8
stays one character and comes back unchanged when the text is encoded again.
Adjacent literal pieces of a template are merged into one token: HCL may split them
at `$` or `%`, but the formatter never puts space between literal pieces, so the
merge cannot change the output.
"""

from __future__ import annotations

import re
from dataclasses import field

from nomadqemu.fmt.tokens import OPENERS, Kind, Token
from nomadqemu.records import record

_SPACES = re.compile(r"[ \t]+")
# A number may not end in "." (HCL scans `1.` as a number followed by a dot).
_NUMBER = re.compile(r"[0-9](?:[0-9.]|[eE][+-]?[0-9])*")
_IDENT_ASCII = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")

_THREE = {"...": Kind.ELLIPSIS}
_TWO = {
    "==": Kind.EQUAL_OP,
    "!=": Kind.NOT_EQUAL,
    ">=": Kind.GREATER_THAN_EQ,
    "<=": Kind.LESS_THAN_EQ,
    "&&": Kind.AND,
    "||": Kind.OR,
    "::": Kind.DOUBLE_COLON,
    "=>": Kind.FAT_ARROW,
}
_ONE = {
    "[": Kind.O_BRACK,
    "]": Kind.C_BRACK,
    "(": Kind.O_PAREN,
    ")": Kind.C_PAREN,
    ".": Kind.DOT,
    ",": Kind.COMMA,
    "*": Kind.STAR,
    "/": Kind.SLASH,
    "%": Kind.PERCENT,
    "+": Kind.PLUS,
    "-": Kind.MINUS,
    "=": Kind.EQUAL,
    "<": Kind.LESS_THAN,
    ">": Kind.GREATER_THAN,
    "!": Kind.BANG,
    "?": Kind.QUESTION,
    ":": Kind.COLON,
    "&": Kind.STRAY_SYMBOL,
    "|": Kind.STRAY_SYMBOL,
    "~": Kind.STRAY_SYMBOL,
    "^": Kind.STRAY_SYMBOL,
    ";": Kind.STRAY_SYMBOL,
    "`": Kind.STRAY_SYMBOL,
    "'": Kind.STRAY_SYMBOL,
}

# Go's bytes.TrimSpace set (unicode.IsSpace), used to recognise a heredoc's closing marker.
_GO_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _is_bad_byte(ch: str) -> bool:
    """A byte that was not valid UTF-8, as `surrogateescape` decoding represents it."""
    return "\udc80" <= ch <= "\udcff"


def ident_end(text: str, pos: int) -> int:
    """End of the identifier starting at `pos`, or `pos` when none starts there.

    HCL identifiers are `(ID_Start | "_") (ID_Continue | "-")*`; Python's own
    identifier rules (XID_Start, XID_Continue) are the same sets for practical text.
    """
    match = _IDENT_ASCII.match(text, pos)
    if match is not None:
        end = match.end()
    elif pos < len(text) and ord(text[pos]) > 127 and text[pos].isidentifier():
        end = pos + 1
    else:
        return pos
    while end < len(text):
        ch = text[end]
        if ch.isascii():
            if not (ch.isalnum() or ch in "_-"):
                break
        elif not ("a" + ch).isidentifier():
            break
        end += 1
    return end


class _Main:
    """Ordinary code: the file's top level, or the inside of a `${…}`/`%{…}` sequence."""


class _Quoted:
    """The literal parts of a quoted template `"…"`."""


@record
class _Heredoc:
    """The body of a heredoc, scanned line by line until its closing marker."""

    marker: str
    at_line_start: bool = True


_MAIN = _Main()
_QUOTED = _Quoted()
_Mode = _Main | _Quoted | _Heredoc


@record
class Scan:
    """The scanner's result: tokens (ending with EOF) and what HCL's parser would reject."""

    tokens: list[Token]
    problems: list[tuple[int, str]] = field(default_factory=list)


class _Scanner:
    def __init__(self, text: str, base: int) -> None:
        self.text = text
        self.tokens: list[Token] = []
        self.problems: list[tuple[int, str]] = []
        # HCL measures the space before the first token from the start of the file,
        # so a byte-order mark counts as space there (`base` is minus its length).
        self.prev_end = base
        self.modes: list[_Mode] = [_MAIN]
        self.braces = 0
        self.return_braces: list[int] = []

    def emit(self, kind: Kind, start: int, end: int) -> int:
        self.tokens.append(Token(kind, self.text[start:end], start - self.prev_end, start))
        self.prev_end = end
        return end

    def run(self) -> Scan:
        end = len(self.text)
        pos = 0
        while pos < end:
            mode = self.modes[-1]
            if mode is _MAIN:
                pos = self.main(pos)
            elif isinstance(mode, _Heredoc):
                pos = self.heredoc(pos, mode)
            else:
                pos = self.quoted(pos)
        if len(self.modes) > 1:
            what = "heredoc" if isinstance(self.modes[-1], _Heredoc) else "template"
            self.problems.append((end, f"Unterminated {what} at end of file"))
        self.emit(Kind.EOF, end, end)
        return Scan(self.tokens, self.problems or bracket_problems(self.tokens))

    def invalid(self, pos: int) -> int:
        ch = self.text[pos]
        if _is_bad_byte(ch):
            self.problems.append((pos, "Invalid character encoding"))
            return self.emit(Kind.BAD_UTF8, pos, pos + 1)
        self.problems.append((pos, f"Invalid character {ch!r}"))
        return self.emit(Kind.INVALID, pos, pos + 1)

    def open_sequence(self, kind: Kind, pos: int) -> int:
        """`${` or `%{` (with an optional `~`): scan ordinary code until the matching `}`."""
        end = pos + 3 if self.text.startswith("~", pos + 2) else pos + 2
        self.braces += 1
        self.return_braces.append(self.braces)
        self.modes.append(_MAIN)
        return self.emit(kind, pos, end)

    def close_brace(self, pos: int, end: int, strip_marker: bool) -> int:
        if self.return_braces and self.return_braces[-1] == self.braces:
            self.return_braces.pop()
            self.modes.pop()
            self.braces -= 1
            return self.emit(Kind.TEMPLATE_SEQ_END, pos, end)
        self.braces -= 1
        # HCL scans a stray `~}` as a sequence end too, so the parser can complain about it.
        return self.emit(Kind.TEMPLATE_SEQ_END if strip_marker else Kind.C_BRACE, pos, end)

    def main(self, pos: int) -> int:
        text = self.text
        ch = text[pos]
        if ch in " \t":
            match = _SPACES.match(text, pos)
            assert match is not None
            return match.end()
        if ch == "\n":
            return self.emit(Kind.NEWLINE, pos, pos + 1)
        if "0" <= ch <= "9":
            match = _NUMBER.match(text, pos)
            assert match is not None
            return self.emit(Kind.NUMBER_LIT, pos, pos + len(match.group().rstrip(".")))
        end = ident_end(text, pos)
        if end > pos:
            return self.emit(Kind.IDENT, pos, end)
        if ch == "#" or text.startswith("//", pos):
            newline = text.find("\n", pos)
            return self.emit(Kind.COMMENT, pos, len(text) if newline < 0 else newline + 1)
        if text.startswith("/*", pos):
            close = text.find("*/", pos + 2)
            if close >= 0:
                return self.emit(Kind.COMMENT, pos, close + 2)
            # Unterminated: HCL falls back to the longest complete token, a slash.
            return self.emit(Kind.SLASH, pos, pos + 1)
        if ch == "\r" and text.startswith("\n", pos + 1):
            return self.emit(Kind.NEWLINE, pos, pos + 2)
        if ch == "{":
            self.braces += 1
            return self.emit(Kind.O_BRACE, pos, pos + 1)
        if ch == "}":
            return self.close_brace(pos, pos + 1, strip_marker=False)
        if text.startswith("~}", pos):
            return self.close_brace(pos, pos + 2, strip_marker=True)
        if ch == '"':
            self.modes.append(_QUOTED)
            return self.emit(Kind.O_QUOTE, pos, pos + 1)
        if text.startswith("<<", pos):
            end = self.heredoc_opener(pos)
            if end > pos:
                return end
        kind = _THREE.get(text[pos : pos + 3]) or _TWO.get(text[pos : pos + 2])
        if kind is not None:
            return self.emit(kind, pos, pos + (3 if kind is Kind.ELLIPSIS else 2))
        kind = _ONE.get(ch)
        if kind is not None:
            if kind is Kind.STRAY_SYMBOL:
                self.problems.append((pos, f"Invalid character {ch!r}"))
            return self.emit(kind, pos, pos + 1)
        return self.invalid(pos)

    def heredoc_opener(self, pos: int) -> int:
        """`<<MARKER` or `<<-MARKER` directly followed by a line ending; else `pos`."""
        text = self.text
        name_start = pos + 3 if text.startswith("-", pos + 2) else pos + 2
        name_end = ident_end(text, name_start)
        if name_end == name_start:
            return pos
        if text.startswith("\n", name_end):
            end = name_end + 1
        elif text.startswith("\r\n", name_end):
            end = name_end + 2
        else:
            return pos
        self.modes.append(_Heredoc(text[name_start:name_end]))
        return self.emit(Kind.O_HEREDOC, pos, end)

    def quoted(self, pos: int) -> int:
        text = self.text
        if text.startswith("${", pos):
            return self.open_sequence(Kind.TEMPLATE_INTERP, pos)
        if text.startswith("%{", pos):
            return self.open_sequence(Kind.TEMPLATE_CONTROL, pos)
        ch = text[pos]
        if ch == '"':
            self.modes.pop()
            return self.emit(Kind.C_QUOTE, pos, pos + 1)
        if ch in "\r\n":
            end = pos
            while end < len(text) and text[end] in "\r\n":
                end += 1
            self.problems.append((pos, "Unterminated template string"))
            return self.emit(Kind.QUOTED_NEWLINE, pos, end)
        end = self.literal_run(pos, quoted=True)
        if end == pos:
            return self.invalid(pos)
        return self.emit(Kind.QUOTED_LIT, pos, end)

    def literal_run(self, pos: int, *, quoted: bool) -> int:
        """End of the template literal text starting at `pos`.

        Stops before a line ending, a `${`/`%{` sequence, a byte that is not UTF-8
        and, in a quoted template, before the closing quote or a backslash that
        escapes nothing. `$${` and `%%{` are literal text.
        """
        text, size = self.text, len(self.text)
        end = pos
        while end < size:
            ch = text[end]
            if ch in "\r\n" or _is_bad_byte(ch):
                break
            if ch in "$%":
                if text.startswith("{", end + 1):
                    break
                if text.startswith(ch + "{", end + 1):
                    end += 4 if text.startswith("~", end + 3) else 3
                    continue
                if end + 1 >= size:
                    break
                end += 1
                continue
            if quoted:
                if ch == '"':
                    break
                if ch == "\\":
                    if end + 1 >= size or text[end + 1] in "\r\n":
                        break
                    end += 2
                    continue
            end += 1
        return end

    def heredoc(self, pos: int, doc: _Heredoc) -> int:
        text = self.text
        if text.startswith("${", pos):
            doc.at_line_start = False
            return self.open_sequence(Kind.TEMPLATE_INTERP, pos)
        if text.startswith("%{", pos):
            doc.at_line_start = False
            return self.open_sequence(Kind.TEMPLATE_CONTROL, pos)
        end = self.literal_run(pos, quoted=False)
        if text.startswith("\n", end):
            line_end, newline = end + 1, end
        elif text.startswith("\r\n", end):
            line_end, newline = end + 2, end
        elif end > pos:
            doc.at_line_start = False
            return self.emit(Kind.STRING_LIT, pos, end)
        else:
            return self.invalid(pos)
        if doc.at_line_start and text[pos:newline].strip(_GO_SPACE) == doc.marker:
            # The closing marker keeps its own indentation; the line ending is a
            # separate token so that it ends the attribute like any other newline.
            self.modes.pop()
            self.emit(Kind.C_HEREDOC, pos, newline)
            return self.emit(Kind.NEWLINE, newline, line_end)
        doc.at_line_start = True
        return self.emit(Kind.STRING_LIT, pos, line_end)


_PAIRS = {
    Kind.C_BRACE: (Kind.O_BRACE,),
    Kind.C_BRACK: (Kind.O_BRACK,),
    Kind.C_PAREN: (Kind.O_PAREN,),
    Kind.TEMPLATE_SEQ_END: (Kind.TEMPLATE_INTERP, Kind.TEMPLATE_CONTROL),
}


def bracket_problems(tokens: list[Token]) -> list[tuple[int, str]]:
    """Brackets that do not pair up: HCL's parser rejects such a file.

    A backstop for the parse check, so that the layout never runs on a file whose
    bracket structure it would have to guess.
    """
    problems: list[tuple[int, str]] = []
    stack: list[Token] = []
    for token in tokens:
        if token.kind in OPENERS:
            stack.append(token)
        elif token.kind in _PAIRS:
            if stack and stack[-1].kind in _PAIRS[token.kind]:
                stack.pop()
            else:
                problems.append((token.start, f"Unexpected {token.text!r}"))
    problems.extend((token.start, f"Unclosed {token.text!r}") for token in stack)
    return problems


def scan(text: str) -> Scan:
    """Scan a whole configuration file (already decoded) into HCL's token stream."""
    if text.startswith("\ufeff"):
        return _Scanner(text[1:], base=-3).run()
    return _Scanner(text, base=0).run()
