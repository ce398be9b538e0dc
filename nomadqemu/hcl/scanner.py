"""A port of Go HCL's token scanner (`scan_tokens.rl`), for Go-faithful syntax errors.

The tokens feed `goparse`, which re-checks the syntax exactly as Go's parser does, and
`token_problems`, Go's `checkInvalidTokens`: bitwise operators, backticks, single
quotes, semicolons, newlines inside quoted strings, unused characters and broken UTF-8
are reported before any parse error, as Go does.

A token is `(type, start, end)` with byte offsets; `type` is a Go token name
("Ident", "OQuote", …) or, for operators and punctuation, the symbol itself.
"""

from __future__ import annotations

import re

from nomadqemu.hcl.lexing import char_length
from nomadqemu.records import frozen_record, record

Token = tuple[str, int, int]

# Leading spaces and tabs are skipped by the same match (they make no token).
_MAIN = re.compile(
    rb"[ \t]*(?:(?P<Comment>#[^\n]*\n?|//[^\n]*\n?|/\*.*?\*/)"
    rb"|(?P<OHeredoc><<-?(?P<marker>[A-Za-z_][A-Za-z0-9_\-]*)\r?\n)"
    rb"|(?P<Number>[0-9](?:[0-9.]|[eE][+-]?[0-9])*)"
    rb"|(?P<Ident>[A-Za-z_][A-Za-z0-9_\-]*)"
    rb"|(?P<Newline>\r?\n)"
    rb"|(?P<op>==|!=|>=|<=|&&|\|\||::|\.\.\.|=>)"
    rb"|(?P<close>~?\})"
    rb"|(?P<OBrace>\{)"
    rb"|(?P<OQuote>\")"
    rb"|(?P<self>[\[\]().,*/%+\-=<>!?:&|^~;`'])|(?P<space>\Z))",
    re.DOTALL,
)
_SELF_NAMES = {b"[": "OBrack", b"]": "CBrack", b"(": "OParen", b")": "CParen"}
_STRING = re.compile(
    rb"(?P<seq>[$%]\{~?)"
    rb"|(?P<CQuote>\")"
    rb"|(?P<QuotedLit>(?:\$\$\{|%%\{|[$%](?!\{)|\\[^\r\n]|[^$%\"\\\r\n])+)"
    rb"|(?P<QuotedNewline>[\r\n]+)"
)
_HEREDOC_TEXT = re.compile(rb"(?:\$\$\{|%%\{|[$%](?!\{)|[^$%\r\n])*")
_IDENT_CONTINUE = re.compile(rb"[A-Za-z0-9_\-]")


@record
class _Frame:
    mode: str  # "main", "string", "heredoc"
    brace_level: int = -1  # main: the brace depth whose `}` returns to the template
    marker: bytes = b""
    start_of_line: bool = True


class _Scanner:
    def __init__(self, source: bytes, start: int, template: bool) -> None:
        self.src = source
        self.at = start
        self.stack: list[_Frame] = [_Frame("main")]
        if template:
            # Go's bare template mode: heredoc text without a closing marker.
            self.stack.append(_Frame("heredoc"))
        self.braces = 0
        self.tokens: list[Token] = []

    def run(self) -> list[Token]:
        n = len(self.src)
        while self.at < n:
            frame = self.stack[-1]
            if frame.mode == "main":
                self.main()
            elif frame.mode == "string":
                self.string()
            else:
                self.heredoc(frame)
        self.tokens.append(("EOF", n, n))
        return self.tokens

    def emit(self, kind: str, start: int, end: int) -> None:
        self.tokens.append((kind, start, end))
        self.at = end

    def main(self) -> None:
        """Scan main-mode tokens until the mode changes or the source ends."""
        # One call per run of main-mode tokens, not per token: this is the scanner's
        # hot loop, so state lives in locals and tokens are appended directly.
        src = self.src
        size = len(src)
        stack = self.stack
        frame = stack[-1]
        append = self.tokens.append
        match_main = _MAIN.match
        at = self.at
        while at < size:
            match = match_main(src, at)
            if match is None:
                # Skip the spaces; what follows starts no token.
                while src[at] in b" \t":
                    at += 1
                self.other(at)
                return
            kind = match.lastgroup or ""
            end = match.end()
            if kind == "space":  # trailing spaces at the end of the source
                self.at = end
                return
            at = match.start(kind)
            if kind == "Ident" and end < size and src[end] >= 0x80:
                end = self.ident_tail(end)
            elif kind == "Number":
                while src[end - 1] == 0x2E:  # a number never ends with a dot
                    end -= 1
            elif kind == "OHeredoc":
                stack.append(_Frame("heredoc", marker=match.group("marker")))
            elif kind == "OBrace":
                self.braces += 1
            elif kind == "close":
                returning = len(stack) > 1 and frame.brace_level == self.braces
                if returning:
                    stack.pop()
                # `~}` is always a template sequence end, so the parser can reject it.
                tilde = end - at == 2
                kind = "TemplateSeqEnd" if returning or tilde else "CBrace"
                self.braces -= 1
            elif kind == "OQuote":
                stack.append(_Frame("string"))
            elif kind in ("op", "self"):
                text = match.group(kind)
                kind = _SELF_NAMES.get(text, text.decode())
            append((kind, at, end))
            at = end
            if stack[-1] is not frame:
                break
        self.at = at

    def ident_tail(self, end: int) -> int:
        """Extend an identifier over non-ASCII identifier characters."""
        src = self.src
        while end < len(src):
            if _IDENT_CONTINUE.match(src, end):
                end += 1
                continue
            size = char_length(src, end)
            try:
                char = src[end : end + size].decode()
            except UnicodeDecodeError:
                return end
            if not ("a" + char).isidentifier():
                return end
            end += size
        return end

    def other(self, at: int) -> None:
        """A byte no token starts with: a non-ASCII identifier, or an invalid character."""
        src = self.src
        size = char_length(src, at)
        try:
            char = src[at : at + size].decode()
        except UnicodeDecodeError:
            self.emit("BadUTF8", at, at + 1)
            return
        if self.stack[-1].mode == "main" and char.isidentifier():
            self.emit("Ident", at, self.ident_tail(at + size))
            return
        self.emit("Invalid", at, at + size)

    def string(self) -> None:
        src, at = self.src, self.at
        match = _STRING.match(src, at)
        if match is None:
            # A backslash before a newline, or broken UTF-8.
            self.other(at)
            return
        kind = match.lastgroup or ""
        end = match.end()
        if kind == "seq":
            kind = "TemplateInterp" if src[at] == 0x24 else "TemplateControl"
            self.braces += 1
            self.stack.append(_Frame("main", brace_level=self.braces))
        elif kind == "CQuote":
            self.stack.pop()
        elif kind == "QuotedLit" and not src[at:end].isascii():
            end = self.valid_utf8(at, end)
            if end == at:
                self.emit("BadUTF8", at, at + 1)
                return
        self.emit(kind, at, end)

    def heredoc(self, frame: _Frame) -> None:
        src, at = self.src, self.at
        if frame.start_of_line and frame.marker:
            newline = src.find(b"\n", at)
            if newline >= 0:
                line_end = newline - 1 if src[newline - 1 : newline] == b"\r" else newline
                if src[at:line_end].strip() == frame.marker:
                    self.stack.pop()
                    self.emit("CHeredoc", at, line_end)
                    self.emit("Newline", line_end, newline + 1)
                    return
        if src.startswith((b"${", b"%{"), at):
            kind = "TemplateInterp" if src[at] == 0x24 else "TemplateControl"
            self.braces += 1
            frame.start_of_line = False
            self.stack.append(_Frame("main", brace_level=self.braces))
            self.emit(kind, at, at + (3 if src[at + 2 : at + 3] == b"~" else 2))
            return
        match = _HEREDOC_TEXT.match(src, at)
        stop = match.end() if match else at
        if not src[at:stop].isascii():
            good = self.valid_utf8(at, stop)
            if good < stop:
                if good > at:
                    self.emit("StringLit", at, good)
                frame.start_of_line = False
                self.emit("BadUTF8", good, good + 1)
                return
        if src.startswith(b"\r\n", stop):
            stop += 2
        elif src.startswith((b"\n", b"\r"), stop):
            stop += 1
        frame.start_of_line = src[stop - 1 : stop] in (b"\n", b"\r") and stop > at
        self.emit("StringLit", at, max(stop, at + 1))

    def valid_utf8(self, start: int, end: int) -> int:
        """Where the valid UTF-8 prefix of `[start, end)` ends."""
        try:
            self.src[start:end].decode()
        except UnicodeDecodeError as exc:
            return start + exc.start
        return end


def scan(source: bytes, start: int = 0, template: bool = False) -> list[Token]:
    """Go's tokens for `source` from byte `start`, ending with an "EOF" token.

    `template` scans the text as a bare template (Go's `scanTemplate` mode).
    """
    return _Scanner(source, start, template).run()


@frozen_record
class TokenProblem:
    summary: str
    detail: str
    start: int
    end: int


_BITWISE = {
    "&": ' Did you mean boolean AND ("&&")?',
    "|": ' Did you mean boolean OR ("||")?',
    "~": ' Did you mean boolean NOT ("!")?',
    "^": "",
}
_INVALID = "Invalid character"
_MESSAGES = {
    "`": 'The "`" character is not valid. To create a multi-line string, use the "heredoc" '
    'syntax, like "<<EOT".',
    "'": 'Single quotes are not valid. Use double quotes (") to enclose strings.',
    ";": 'The ";" character is not valid. Use newlines to separate arguments and blocks, and '
    "commas to separate items in collection values.",
    "QuotedNewline": "Quoted strings may not be split over multiple lines. To produce a "
    "multi-line string, either use the \\n escape to represent a newline character or use the "
    '"heredoc" multi-line template syntax.',
    "BadUTF8": "All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected "
    "in your editor.",
    "curly": '"Curly quotes" are not valid here. These can sometimes be inadvertently '
    "introduced when sharing code via documents or discussion forums. It might help to "
    'replace the character with a "straight quote".',
    "Invalid": "This character is not used within the language.",
}


def token_problems(source: bytes, tokens: list[Token]) -> list[TokenProblem]:
    """Go's `checkInvalidTokens`, with its limits on repeated reports."""
    out: list[TokenProblem] = []
    bitwise = semicolons = bad_utf8 = backticks = apostrophes = 0
    for kind, start, end in tokens:
        if kind in _BITWISE:
            if bitwise < 4:
                detail = "Bitwise operators are not supported." + _BITWISE[kind]
                out.append(TokenProblem("Unsupported operator", detail, start, end))
            bitwise += 1
        elif kind == "`":
            # Only every other one: the opening quote of a quoted pair.
            if backticks % 2 == 0:
                out.append(TokenProblem(_INVALID, _MESSAGES[kind], start, end))
            backticks = min(backticks + 1, 3)
        elif kind == "'":
            if apostrophes % 2 == 0:
                out.append(TokenProblem(_INVALID, _MESSAGES[kind], start, end))
            apostrophes = min(apostrophes + 1, 3)
        elif kind == ";":
            if semicolons < 1:
                out.append(TokenProblem(_INVALID, _MESSAGES[kind], start, end))
            semicolons += 1
        elif kind == "BadUTF8":
            if bad_utf8 < 1:
                out.append(TokenProblem("Invalid character encoding", _MESSAGES[kind], start, end))
            bad_utf8 += 1
        elif kind == "QuotedNewline":
            out.append(TokenProblem("Invalid multi-line string", _MESSAGES[kind], start, end))
        elif kind == "Invalid":
            curly = source[start:end] in ("“".encode(), "”".encode())
            message = _MESSAGES["curly" if curly else "Invalid"]
            out.append(TokenProblem(_INVALID, message, start, end))
    return out
