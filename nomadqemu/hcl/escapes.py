"""Literal text of template strings: escape sequences, as Go's `ParseStringLiteralToken`.

Quoted strings know `\\n \\r \\t \\" \\\\ \\uNNNN \\UNNNNNNNN`; both quoted strings and
heredocs turn `$${` into `${` and `%%{` into `%{`. Anything else is kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# One escape-like sequence; the `\\u`/`\\U` forms take as many hex digits as exist,
# up to the required count, exactly as Go's scanner does before checking the length.
_QUOTED = re.compile(r"\\u[0-9A-Fa-f]{0,4}|\\U[0-9A-Fa-f]{0,8}|\\.?|\$\$\{|%%\{", re.DOTALL)
_UNQUOTED = re.compile(r"\$\$\{|%%\{")
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}

# Reports a problem at character offsets [start, end) of the text being unescaped.
ErrorSink = Callable[[str, int, int], None]


def _decode_escape(seq: str, at: int, report: ErrorSink) -> str:
    """The text one backslash sequence stands for (reporting it when invalid)."""
    if len(seq) < 2:
        report("Backslash must be followed by an escape sequence selector character.", at, at + 1)
        return seq
    selector = seq[1]
    if selector in _SIMPLE:
        return _SIMPLE[selector]
    if selector in "uU":
        want = 6 if selector == "u" else 10
        if len(seq) != want:
            digits = "four" if selector == "u" else "eight"
            report(
                f"The \\{selector} escape sequence must be followed by {digits} "
                "hexadecimal digits.",
                at,
                at + len(seq),
            )
            return seq
        code = int(seq[2:], 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            report(f"Cannot encode character U+{code:04x} in UTF-8.", at, at + len(seq))
            return seq
        return chr(code)
    report(
        f"The symbol {_go_quote(selector)} is not a valid escape sequence selector.",
        at,
        at + len(seq),
    )
    return selector


def _go_quote(text: str) -> str:
    """Go's `%q` for a short printable string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unescape_quoted(text: str, report: ErrorSink) -> str:
    """The value of the literal text of a quoted string."""
    if "\\" not in text and "$${" not in text and "%%{" not in text:
        return text
    out: list[str] = []
    last = 0
    for match in _QUOTED.finditer(text):
        out.append(text[last : match.start()])
        seq = match.group()
        if seq[0] == "\\":
            out.append(_decode_escape(seq, match.start(), report))
        else:
            out.append(seq[1:])
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def unescape_heredoc(text: str) -> str:
    """The value of the literal text of a heredoc: only the template escapes apply."""
    if "$${" not in text and "%%{" not in text:
        return text
    return _UNQUOTED.sub(lambda m: m.group()[1:], text)
