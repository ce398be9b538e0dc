"""Go's `strconv.Quote` (the `%q` verb), which the qemu driver uses in its messages."""

from __future__ import annotations

import unicodedata

_SHORT_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}


def _is_go_printable(char: str) -> bool:
    # Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the
    # ASCII space; every other space or control character is escaped.
    if char == " ":
        return True
    return unicodedata.category(char)[0] in "LMNPS"


def go_quote(text: str) -> str:
    """`"…"` with Go's escapes: short escapes, then `\\xNN`, `\\uNNNN`, `\\UNNNNNNNN`."""
    out = ['"']
    for char in text:
        if char in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[char])
        elif _is_go_printable(char):
            out.append(char)
        elif ord(char) < 0x80:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)
