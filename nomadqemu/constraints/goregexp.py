"""Go RE2 regular expressions for the `regexp` operator, with Go's error wording."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# RE2 (C++) error code -> Go's `regexp/syntax` error code, so messages match Nomad's
# "Regular expression failed to compile: error parsing regexp: <code>: `<arg>`".
_GO_CODES = {
    "missing )": "missing closing )",
    "missing ]": "missing closing ]",
    "unexpected )": "unexpected )",
    "no argument for repetition operator": "missing argument to repetition operator",
    "bad repetition operator": "invalid nested repetition operator",
    "invalid escape sequence": "invalid escape sequence",
    "invalid character class range": "invalid character class range",
    "invalid character class": "invalid character class",
    "invalid repetition size": "invalid repeat count",
    "invalid named capture group": "invalid named capture",
    "invalid UTF-8": "invalid UTF-8",
    "invalid perl operator": "invalid or unsupported Perl syntax",
    "bad named capture group": "invalid named capture",
    "duplicate capture group name": "duplicate capture group name",
}


class RegexpError(ValueError):
    """`str()` is Go's `regexp.Compile` error text."""


def _go_message(raw: str) -> str:
    if raw.startswith("trailing \\"):
        return "error parsing regexp: trailing backslash at end of expression: ``"
    code, _, arg = raw.partition(": ")
    go_code = _GO_CODES.get(code, code)
    return f"error parsing regexp: {go_code}: `{arg}`"


@lru_cache(maxsize=256)
def compile_go(pattern: str) -> Any:
    """Compile with RE2 (imported lazily: only jobs with `regexp` pay for it)."""
    import re2

    options = re2.Options()
    # RE2 otherwise logs every bad pattern to stderr, which would corrupt our output.
    options.log_errors = False
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        raw = exc.args[0]
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        raise RegexpError(_go_message(text)) from None


def search(pattern: str, text: str) -> bool:
    """Go `regexp.MatchString`: an unanchored search."""
    return compile_go(pattern).search(text) is not None
