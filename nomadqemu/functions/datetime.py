"""`formatdate` and `timeadd` (cty stdlib datetime.go).

Timestamps must be strict RFC 3339. When one is not, cty words the problem from the
details of Go's `time.Parse` error (which layout element failed, and the rest of the
input at that point), so that parse is emulated here element by element.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from nomadqemu.functions.civil import MONTHS, Moment, days_in_month
from nomadqemu.functions.common import fn
from nomadqemu.functions.spec import ArgError, Function, FunctionError, Param
from nomadqemu.values.types import STRING
from nomadqemu.values.value import Value


@dataclass
class _ParseError(Exception):
    layout_elem: str
    value_elem: str
    message: str = ""


def _getnum(value: str, fixed: bool) -> tuple[int, str] | None:
    if not value[:1].isdigit() or not value[:1].isascii():
        return None
    if not (len(value) > 1 and value[1].isascii() and value[1].isdigit()):
        if fixed:
            return None
        return int(value[0]), value[1:]
    return int(value[:2]), value[2:]


def _go_parse(s: str) -> Moment:
    """`time.Parse(time.RFC3339, s)`, raising `_ParseError` with Go's details."""
    value = s
    fields: dict[str, int] = {}
    nanos = 0
    offset = 0
    for literal, elem in (
        ("", "2006"),
        ("-", "01"),
        ("-", "02"),
        ("T", "15"),
        (":", "04"),
        (":", "05"),
        ("", "Z07:00"),
    ):
        if literal:
            if not value.startswith(literal):
                raise _ParseError(literal, value)
            value = value[len(literal) :]
        hold = value
        if elem == "2006":
            if len(value) < 4 or not value[:4].isascii() or not value[:4].isdigit():
                raise _ParseError(elem, hold)
            fields[elem], value = int(value[:4]), value[4:]
            continue
        if elem == "Z07:00":
            if value.startswith("Z"):
                value = value[1:]
                continue
            if len(value) < 6 or value[3] != ":" or value[0] not in "+-":
                raise _ParseError(elem, hold)
            hh, mm = _getnum(value[1:3], True), _getnum(value[4:6], True)
            if hh is None or mm is None:
                raise _ParseError(elem, hold)
            if hh[0] > 24:
                raise _ParseError(elem, value[6:], ": time zone offset hour out of range")
            if mm[0] > 60:
                raise _ParseError(elem, value[6:], ": time zone offset minute out of range")
            offset = (hh[0] * 3600 + mm[0] * 60) * (-1 if value[0] == "-" else 1)
            value = value[6:]
            continue
        got = _getnum(value, fixed=elem != "15")
        if got is None:
            raise _ParseError(elem, hold)
        number, value = got
        limits = {"01": (1, 12, "month"), "02": (0, 31, "day"), "15": (0, 23, "hour")}
        limits.update({"04": (0, 59, "minute"), "05": (0, 59, "second")})
        low, high, what = limits[elem]
        if not low <= number <= high:
            raise _ParseError(elem, value, f": {what} out of range")
        fields[elem] = number
        if elem == "05" and len(value) >= 2 and value[0] in ".," and value[1:2].isdigit():
            n = 2
            while n < len(value) and value[n].isascii() and value[n].isdigit():
                n += 1
            digits = value[1:n][:9]
            nanos = int(digits.ljust(9, "0"))
            value = value[n:]
    if value:
        raise _ParseError("", value, f": extra text: {value!r}")
    year, month, day = fields["2006"], fields["01"], fields["02"]
    if day < 1 or day > days_in_month(year, month):
        raise _ParseError("", value, ": day out of range")
    return Moment(year, month, day, fields["15"], fields["04"], fields["05"], offset, nanos)


_STRICT = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def parse_timestamp(s: str) -> Moment:
    """cty's `parseTimestamp`, raising FunctionError with cty's wording."""
    try:
        moment = _go_parse(s)
    except _ParseError as err:
        raise FunctionError(_explain(err)) from None
    if not _STRICT.fullmatch(s):
        # Go accepted something looser than RFC 3339 (e.g. a one-digit hour).
        if len(s) > 12 and s[12] == ":":
            raise FunctionError("not a valid RFC3339 timestamp: hour must have exactly two digits")
        if len(s) > 19 and s[19] == ",":
            raise FunctionError(
                'not a valid RFC3339 timestamp: cannot use "," as timestamp segment'
            )
        raise FunctionError(f'not a valid RFC3339 timestamp: cannot use "{s}" as timestamp segment')
    return moment


def _explain(err: _ParseError) -> str:
    head = "not a valid RFC3339 timestamp"
    if not err.layout_elem and not err.value_elem and err.message:
        return head + err.message
    names = {"2006": "year", "01": "month", "02": "day of month", "15": "hour"}
    names.update({"04": "minute", "05": "second", "Z07:00": "UTC offset"})
    if err.layout_elem == "T":
        return head + ": missing required time introducer 'T'"
    if err.layout_elem in (":", "-"):
        if not err.value_elem:
            return f'{head}: end of string where "{err.layout_elem}" is expected'
        return f'{head}: found "{err.value_elem}" where "{err.layout_elem}" is expected'
    what = names.get(err.layout_elem, "timestamp segment")
    if not err.value_elem:
        return f"{head}: end of string before {what}"
    if what == "hour" and ":" in err.value_elem:
        return f"{head}: hour must be between 0 and 23 inclusive"
    if what == "hour" and len(err.value_elem) != 2:
        return f"{head}: hour must have exactly two digits"
    if what == "minute" and len(err.value_elem) != 2:
        return f"{head}: minute must have exactly two digits"
    return f'{head}: cannot use "{err.value_elem}" as {what}'


def _zone(offset: int, colon: bool, z_for_utc: bool) -> str:
    if z_for_utc and offset == 0:
        return "Z"
    sign = "-" if offset < 0 else "+"
    hh, mm = divmod(abs(offset) // 60, 60)
    return f"{sign}{hh:02d}:{mm:02d}" if colon else f"{sign}{hh:02d}{mm:02d}"


def rfc3339(moment: Moment) -> str:
    m = moment
    clock = f"{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}"
    return f"{m.year_text()}-{clock}{_zone(m.offset, True, True)}"


def _tokens(fmt_text: str) -> list[str]:
    """cty's `splitDateFormat`: quoted literals, runs of one letter, other text."""
    out: list[str] = []
    i = 0
    n = len(fmt_text)
    while i < n:
        ch = fmt_text[i]
        if ch == "'":
            if fmt_text[i + 1 : i + 2] == "'":
                out.append("''")
                i += 2
                continue
            j = i + 1
            while j < n:
                if fmt_text[j] == "'":
                    if fmt_text[j + 1 : j + 2] == "'":
                        j += 2
                        continue
                    break
                j += 1
            out.append(fmt_text[i : j + 1])
            i = j + 1
        elif ch.isascii() and ch.isalpha():
            j = i
            while j < n and fmt_text[j] == ch:
                j += 1
            out.append(fmt_text[i:j])
            i = j
        else:
            j = i + 1
            while (
                j < n
                and fmt_text[j] != "'"
                and not (fmt_text[j].isascii() and fmt_text[j].isalpha())
            ):
                j += 1
            out.append(fmt_text[i:j])
            i = j
    return out


_VERB_RULES = {
    "Y": 'year must either be "YY" or "YYYY"',
    "M": 'month must be "M", "MM", "MMM", or "MMMM"',
    "D": 'day of month must either be "D" or "DD"',
    "E": 'day of week must either be "EEE" or "EEEE"',
    "h": '24-hour must either be "h" or "hh"',
    "H": '12-hour must either be "H" or "HH"',
    "m": 'minute must either be "m" or "mm"',
    "s": 'second must either be "s" or "ss"',
    "Z": "timezone must be Z, ZZZZ, or ZZZZZ",
}


def _num(value: int, width: int) -> str | None:
    return {1: str(value), 2: f"{value:02d}"}.get(width)


def _verb(tok: str, t: Moment) -> str | None:
    kind, width = tok[0], len(tok)
    if kind == "Y":
        two = abs(t.year) % 100 * (-1 if t.year < 0 else 1)  # Go's % truncates
        return {2: f"{two:02d}", 4: f"{t.year:04d}"}.get(width)
    if kind == "M":
        name = MONTHS[t.month - 1]
        return {3: name[:3], 4: name}.get(width) or _num(t.month, width)
    if kind == "D":
        return _num(t.day, width)
    if kind == "E":
        name = t.weekday
        return {3: name[:3], 4: name}.get(width)
    if kind == "h":
        return _num(t.hour, width)
    if kind == "H":
        return _num(t.hour % 12 or 12, width)
    if kind == "m":
        return _num(t.minute, width)
    if kind == "s":
        return _num(t.second, width)
    if kind == "Z":
        plain = _zone(t.offset, False, False)
        return {
            1: _zone(t.offset, True, True),
            3: "UTC" if plain == "+0000" else plain,
            4: plain,
            5: _zone(t.offset, True, False),
        }.get(width)
    raise KeyError(kind)


def _formatdate(args: Sequence[Value]) -> Value:
    fmt_text: str = args[0].payload
    try:
        moment = parse_timestamp(args[1].payload)
    except FunctionError as err:
        raise ArgError(1, err.message) from None
    out: list[str] = []
    for tok in _tokens(fmt_text):
        if tok[0] == "'":
            if tok[-1] != "'" or len(tok) == 1:
                raise ArgError(0, "unterminated literal '")
            out.append("'" if len(tok) == 2 else tok[1:-1].replace("''", "'"))
        elif tok[0].isascii() and tok[0].isalpha():
            if tok[0] in "Aa":
                if len(tok) != 2:
                    raise ArgError(
                        0, f'invalid date format verb "{tok}": must be "{tok[0]}{tok[0]}"'
                    )
                pm = moment.hour >= 12
                word = "PM" if pm else "AM"
                out.append(word if tok[0] == "A" else word.lower())
                continue
            try:
                text = _verb(tok, moment)
            except KeyError:
                raise ArgError(0, f'invalid date format verb "{tok}"') from None
            if text is None:
                raise ArgError(0, f'invalid date format verb "{tok}": {_VERB_RULES[tok[0]]}')
            out.append(text)
        else:
            out.append(tok)
    return Value.string("".join(out))


_UNITS = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,
    "μs": 1_000,
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
}


def _leading_fraction(text: str) -> tuple[int, float, str]:
    """Go's `leadingFraction`: digits kept while they fit, and their power of ten."""
    value, scale, overflow = 0, 1.0, False
    i = 0
    while i < len(text) and "0" <= text[i] <= "9":
        if not overflow:
            grown = value * 10 + int(text[i])
            if value > ((1 << 63) - 1) // 10 or grown > 1 << 63:
                overflow = True
            else:
                value, scale = grown, scale * 10
        i += 1
    return value, scale, text[i:]


def parse_duration(text: str) -> int:
    """Go's `time.ParseDuration`, in nanoseconds; raises FunctionError with Go's text."""
    from nomadqemu.goquote import go_quote

    invalid = FunctionError(f"time: invalid duration {go_quote(text)}")
    rest = text
    neg = False
    if rest[:1] in ("+", "-"):
        neg = rest[0] == "-"
        rest = rest[1:]
    if rest == "0":
        return 0
    if not rest:
        raise invalid
    total = 0
    while rest:
        digits = re.match(r"[0-9]*", rest)
        assert digits is not None
        whole_text, rest = digits.group(0), rest[digits.end() :]
        if whole_text and int(whole_text) > 1 << 63:
            raise invalid
        value = int(whole_text or "0")
        fraction, scale, had_fraction = 0, 1.0, False
        if rest.startswith("."):
            before = len(rest) - 1
            fraction, scale, rest = _leading_fraction(rest[1:])
            had_fraction = len(rest) != before
        if not whole_text and not had_fraction:
            raise invalid
        unit_match = re.match(r"[^0-9.]*", rest)
        assert unit_match is not None
        unit, rest = unit_match.group(0), rest[unit_match.end() :]
        if not unit:
            raise FunctionError(f"time: missing unit in duration {go_quote(text)}")
        if unit not in _UNITS:
            raise FunctionError(f"time: unknown unit {go_quote(unit)} in duration {go_quote(text)}")
        scale_ns = _UNITS[unit]
        if value > (1 << 63) // scale_ns:
            raise invalid
        value *= scale_ns
        if fraction > 0:
            # Go scales the fraction through float64, then truncates.
            value += int(float(fraction) * (float(scale_ns) / scale))
            if value > 1 << 63:
                raise invalid
        total += value
        if total > 1 << 63:
            raise invalid
    if not neg and total > (1 << 63) - 1:
        raise invalid
    return -total if neg else total


def _timeadd(args: Sequence[Value]) -> Value:
    moment = parse_timestamp(args[0].payload)
    nanos = parse_duration(args[1].payload)
    return Value.string(rfc3339(moment.add_nanos(nanos)))


def functions() -> dict[str, Function]:
    return {
        "formatdate": fn(
            [Param("format", STRING), Param("time", STRING)], _formatdate, returns=STRING
        ),
        "timeadd": fn(
            [Param("timestamp", STRING), Param("duration", STRING)], _timeadd, returns=STRING
        ),
    }
