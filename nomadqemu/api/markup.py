"""Colour marks in rendered text, turned into ANSI codes on a terminal or dropped.

The `nomad` CLI writes `[green]…[reset]` and lets colorstring replace any such tag,
even inside job values. Here a mark is a NUL-delimited name, which no quoted value can
contain (Go's `%q` escapes NUL), so values print exactly.
"""

from __future__ import annotations

import re

_ANSI = {
    "reset": "\x1b[0m",
    "bold": "\x1b[1m",
    "red": "\x1b[31m",
    "green": "\x1b[32m",
    "yellow": "\x1b[33m",
    "blue": "\x1b[34m",
    "cyan": "\x1b[36m",
    "light_yellow": "\x1b[93m",
}
_MARK = re.compile("\x00([a-z_]+)\x00")


def mark(name: str) -> str:
    assert name in _ANSI, name
    return f"\x00{name}\x00"


def paint(text: str, color: bool) -> str:
    """ANSI colours when `color`, plain text otherwise."""
    if color:
        # colorstring appends a reset so that a colour never leaks past the text.
        painted = _MARK.sub(lambda m: _ANSI[m.group(1)], text)
        return painted + _ANSI["reset"] if painted != text else painted
    return _MARK.sub("", text)
