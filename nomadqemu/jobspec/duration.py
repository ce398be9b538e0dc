"""Go's `time.ParseDuration`, with its exact error messages.

Nomad's jobspec accepts a duration as a Go duration string ("1m30s") or a number of
nanoseconds; a bad string is reported with Go's own error text, which users search for.
"""

from __future__ import annotations

from functools import lru_cache

_UNITS: dict[str, int] = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,  # U+00B5 micro sign
    "μs": 1_000,  # U+03BC Greek mu
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60 * 1_000_000_000,
    "h": 3600 * 1_000_000_000,
}
_LIMIT = 1 << 63
_HEX = "0123456789abcdef"


class DurationError(ValueError):
    """A string Go's `time.ParseDuration` rejects; `str()` is Go's message."""


def go_quote(text: str) -> str:
    """`time.quote`: quotes and backslashes escaped, non-ASCII and control bytes as `\\xNN`."""
    out = ['"']
    for ch in text:
        if ord(ch) >= 0x80 or ch < " ":
            out.extend(f"\\x{_HEX[b >> 4]}{_HEX[b & 0xF]}" for b in ch.encode("utf-8", "replace"))
        else:
            if ch in '"\\':
                out.append("\\")
            out.append(ch)
    out.append('"')
    return "".join(out)


@lru_cache(maxsize=512)
def parse_duration(text: str) -> int:
    """Nanoseconds for a Go duration string; raises `DurationError` with Go's message.

    Cached: job files repeat a few durations ("30s", "5m"), and the result depends on
    the text alone (failures are not cached and raise afresh).
    """
    invalid = DurationError("time: invalid duration " + go_quote(text))
    s = text
    neg = False
    if s and s[0] in "+-":
        neg = s[0] == "-"
        s = s[1:]
    if s == "0":
        return 0
    if not s:
        raise invalid
    total = 0
    while s:
        if not (s[0] == "." or (s[0].isascii() and s[0].isdigit())):
            raise invalid
        whole, s, ok = _leading_int(s)
        if not ok:
            raise invalid
        pre = whole is not None
        value = whole or 0
        frac, scale, post = 0, 1.0, False
        if s and s[0] == ".":
            frac, scale, consumed, s = _leading_fraction(s[1:])
            post = consumed
        if not pre and not post:
            raise invalid
        i = 0
        while i < len(s) and not (s[i] == "." or (s[i].isascii() and s[i].isdigit())):
            i += 1
        if i == 0:
            raise DurationError("time: missing unit in duration " + go_quote(text))
        unit_name, s = s[:i], s[i:]
        unit = _UNITS.get(unit_name)
        if unit is None:
            raise DurationError(
                f"time: unknown unit {go_quote(unit_name)} in duration {go_quote(text)}"
            )
        if value > _LIMIT // unit:
            raise invalid
        value *= unit
        if frac > 0:
            # Go computes the fractional part in float64, truncating toward zero.
            value += int(float(frac) * (float(unit) / scale))
            if value > _LIMIT:
                raise invalid
        total += value
        if total > _LIMIT:
            raise invalid
    if neg:
        return -total
    if total > _LIMIT - 1:
        raise invalid
    return total


def _leading_int(s: str) -> tuple[int | None, str, bool]:
    """Digits at the start of `s`: (value or None when there were none, rest, no overflow)."""
    i = 0
    x = 0
    while i < len(s) and s[i].isascii() and s[i].isdigit():
        if x > _LIMIT // 10:
            return None, s, False
        x = x * 10 + int(s[i])
        if x > _LIMIT:
            return None, s, False
        i += 1
    return (x if i else None), s[i:], True


def _leading_fraction(s: str) -> tuple[int, float, bool, str]:
    """Digits after a point: value, scale (10**digits kept), whether any, rest."""
    i = 0
    x = 0
    scale = 1.0
    overflow = False
    while i < len(s) and s[i].isascii() and s[i].isdigit():
        if not overflow:
            if x > (_LIMIT - 1) // 10:
                overflow = True
            else:
                y = x * 10 + int(s[i])
                if y > _LIMIT:
                    overflow = True
                else:
                    x = y
                    scale *= 10
        i += 1
    return x, scale, i > 0, s[i:]
