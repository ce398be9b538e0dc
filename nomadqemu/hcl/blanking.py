"""Literal template text blanked out of the copy tree-sitter parses, for speed.

tree-sitter-hcl's external scanner returns every character of a quoted string or a
heredoc as a token of its own, at about 0.4 µs each: the text of a job's strings and
templates costs more than the rest of the file. The scanner skips blanks in one go,
and nothing reads the literal nodes it makes (`templates` cuts literal text from the
original source, between the interpolations and directives). So the copy given to
tree-sitter has the plain text of strings and heredocs replaced by spaces, byte for
byte: offsets stay valid and the quotes, `${…}` and markers stay where they were.

Only what a small lexer here can follow exactly is blanked: strings whose
interpolations are simple (no quotes, braces, comments or directives inside), and
heredocs with such interpolations and a plain closing line. At the first thing it
cannot follow it stops, leaving the rest of the file as it is. Backslash escapes are
kept, so tree-sitter still rejects the bad ones. The parser re-parses the unblanked
copy whenever the blanked one has an error, so error recovery never differs.
"""

from __future__ import annotations

import re

from nomadqemu.hcl.lexing import IDENTIFIER

# A simple interpolation: a `${…}` with no quotes, braces, comments or directives inside.
_INTERPOLATION = rb"\$\{[^\"{}\n\r%#/]*\}"
# One step of the lexer: a run of code (skipped by the regex engine in one go), then
# the token after it: a plain string (the common case, blanked whole), a string with
# simple interpolations or escapes, a comment, a heredoc opener, a lone `/` or `<`, or
# last `"` or `<<` that none of those could read, where the lexer cannot follow what
# comes next, and stops. (A `search` for the tokens alone is five times slower: the
# engine tries every alternative at every byte of code.)
_STEP = re.compile(
    rb'[^"#/<]*+(?:'
    rb'(?P<plain>"[^"\\\n\r$%]*")'
    rb'|(?P<string>"(?:[^"\\\n\r$%]|\\[^\n\r]|\$(?!\{)|%(?!\{)|' + _INTERPOLATION + rb')*")'
    rb"|#[^\n]*|//[^\n]*|/\*.*?\*/"
    rb"|<<-?(?P<marker>" + IDENTIFIER + rb")\n"
    rb"|/|<(?!<)"
    rb'|(?P<stop>"|<<))',
    re.DOTALL,
)
# Plain text inside a string (group `text`), stepping over interpolations and `$`/`%`
# whole, and over escapes: tree-sitter checks the hex digits of `\u` and `\U` itself.
_STRING_TEXT = re.compile(
    _INTERPOLATION + rb'|[$%]|\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|(?P<text>[^"\\\n\r$%]+)'
)
# Plain text on a heredoc line (a backslash is text there).
_HEREDOC_TEXT = re.compile(_INTERPOLATION + rb"|[$%]|(?P<text>[^\n\r$%]+)")
# What a heredoc line may hold besides text: a simple interpolation, or a `$`/`%` not
# opening a sequence. `%{`, and `${` with anything harder inside, stop the blanking.
_HEREDOC_LINE = re.compile(rb"(?:[^\n\r$%]|\$(?!\{)|%(?!\{)|" + _INTERPOLATION + rb")*")


def blank_literal_text(source: bytes) -> bytes:
    """`source` with the plain text of strings and heredocs turned into spaces."""
    if b'"' not in source and b"<<" not in source:
        return source
    out = bytearray(source)
    step = _STEP.match
    at, size = 0, len(source)
    while at < size:
        match = step(source, at)
        if match is None:
            break  # code up to the end of the file
        kind = match.lastgroup
        at = match.end()
        if kind == "plain":
            start, end = match.start("plain") + 1, at - 1
            out[start:end] = b" " * (end - start)
        elif kind == "string":
            _blank(out, _STRING_TEXT, source, match.start("string") + 1, at - 1)
        elif kind == "marker":
            # The lexer resumes after the heredoc: nothing inside it is read as code.
            at = _heredoc(out, source, at, match.group("marker"))
            if at < 0:
                break
        elif kind == "stop":
            break
    return bytes(out)


def _blank(out: bytearray, text: re.Pattern[bytes], source: bytes, start: int, end: int) -> None:
    for run in text.finditer(source, start, end):
        if run.lastgroup == "text":
            out[run.start() : run.end()] = b" " * (run.end() - run.start())


def _heredoc(out: bytearray, source: bytes, at: int, marker: bytes) -> int:
    """Blank the heredoc whose first line starts at `at`; returns the offset after its
    closing marker, or -1 where the lexer cannot follow it (nothing blanked then)."""
    lines: list[tuple[int, int]] = []
    while True:
        newline = source.find(b"\n", at)
        if newline < 0:
            return -1  # unterminated: leave it to tree-sitter and Go
        line = source[at:newline]
        stripped = line.lstrip(b" \t")
        if stripped.startswith(marker):
            if stripped != marker:
                return -1  # `EOFX`, `EOF ` and the like: readers may disagree
            for start, end in lines:
                _blank(out, _HEREDOC_TEXT, source, start, end)
            return newline
        if _HEREDOC_LINE.fullmatch(line) is None:
            return -1
        lines.append((at, newline))
        at = newline + 1
