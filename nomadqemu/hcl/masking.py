"""Template escapes hidden from tree-sitter, so it splits templates where Go does.

Go's scanner reads `$${` and `%%{` left to right as escapes: in `"$$${x}"` the first `$`
is text and `$${` an escape, so the whole string is the literal `$${x}`. tree-sitter-hcl
sees `$$` then the interpolation `${x}`. Where Go's tokens say a literal holds such an
escape, the copy given to tree-sitter reads `$$_` instead (same length, so offsets stay
valid); the template's text is always cut from the original source.
"""

from __future__ import annotations

import re

_ESCAPE = re.compile(rb"\$\$\{|%%\{")
_LITERALS = ("QuotedLit", "StringLit")


def mask_template_escapes(source: bytes) -> bytes:
    """`source` with the `{` of every template escape replaced by `_`."""
    if _ESCAPE.search(source) is None:
        return source
    # Imported here: most files hold no escape, and a cold start need not load Go's scanner.
    from nomadqemu.hcl.scanner import scan

    masked = bytearray(source)
    for kind, start, end in scan(source):
        if kind in _LITERALS:
            for match in _ESCAPE.finditer(source, start, end):
                masked[match.end() - 1] = 0x5F  # "_"
    return bytes(masked)
