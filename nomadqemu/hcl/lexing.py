"""Just enough of Go's HCL scanner to place diagnostics on the token Go would blame."""

from __future__ import annotations

import re

# Pattern texts the parser's shortcuts share (`layout`, `expressions`, `parser`,
# `plainlines`, `blanking`): Go's identifier in ASCII (other names take the general paths), a dotted
# reference, and a number literal as Go's scanner and `big.ParseFloat` both take it.
IDENTIFIER = rb"[A-Za-z_][A-Za-z0-9_-]*"
DOTTED_NAME = IDENTIFIER + rb"(?:\." + IDENTIFIER + rb")*"
NUMBER_LITERAL = rb"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
# A heredoc's opening `<<MARKER` (or `<<-MARKER`) and the line break that ends it.
HEREDOC_OPENER = re.compile(rb"<<-?" + IDENTIFIER + rb"\r?\n")
# A character of quoted text that is its own value: printable ASCII or a tab, but not
# `"`, `$`, `%` (which may start a template sequence) or `\` (an escape).
PLAIN_TEXT_CHAR = rb"[\x20\x21\x23\x26-\x5b\x5d-\x7e\t]"
# A run of quoted text that is its own value: plain characters, and `$` or `%` where
# no sequence starts (`${`, `$${`, `%{`, `%%{` are Go's sequences and escapes).
# (Runs of a character class: an alternation per character matches several times
# slower.)
_TEXT_CHARS = PLAIN_TEXT_CHAR + b"*"
TEMPLATE_TEXT = _TEXT_CHARS + rb"(?:(?:\$(?![{$])|%(?![{%]))" + _TEXT_CHARS + rb")*"
# A carriage return Go's scanner does not take as part of a line break.
LONE_CARRIAGE_RETURN = re.compile(rb"\r(?!\n)")


class LazyPattern:
    """A pattern compiled on its first use: compiling costs start-up time, and a job
    file may never need it."""

    __slots__ = ("compiled", "text")

    def __init__(self, text: bytes) -> None:
        self.text = text
        self.compiled: re.Pattern[bytes] | None = None

    def _pattern(self) -> re.Pattern[bytes]:
        if self.compiled is None:
            self.compiled = re.compile(self.text)
        return self.compiled

    def match(self, source: bytes, start: int) -> re.Match[bytes] | None:
        return self._pattern().match(source, start)

    def fullmatch(self, source: bytes, start: int, end: int) -> re.Match[bytes] | None:
        return self._pattern().fullmatch(source, start, end)


# Go's identifier (any non-ASCII byte counts as a letter) and number tokens, needed
# only to place diagnostics.
_IDENT = LazyPattern(rb"(?:[A-Za-z_]|[\x80-\xff]+)(?:[A-Za-z0-9_\-]|[\x80-\xff]+)*")
_NUMBER = LazyPattern(rb"[0-9](?:[0-9.]|[eE][+-]?[0-9])*")
_MULTI = (b"...", b"==", b"!=", b">=", b"<=", b"&&", b"||", b"::", b"=>", b"${", b"%{", b"~}")


def next_token(source: bytes, at: int) -> int:
    """The end of the Go token that starts at `at`."""
    n = len(source)
    if at >= n:
        return at
    for pattern in (_IDENT, _NUMBER, HEREDOC_OPENER):
        match = pattern.match(source, at)
        if match:
            end = match.end()
            if pattern is _NUMBER:
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
