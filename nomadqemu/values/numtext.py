"""Go's `big.Float.Text(fmt, prec)` for a fixed precision, and `big.ParseFloat`.

`Number.text()` covers the shortest form (`prec = -1`); cty also prints numbers with a
fixed number of digits: set hashing uses `String()` (`%.10g`), `format("%.2f")` uses
`Text('f', 2)`. Go converts the exact binary value to decimal, then rounds the decimal
digits half-to-even *on the exact digit string*, which is reproduced here.
"""

from __future__ import annotations

import re
from fractions import Fraction

from nomadqemu.values.number import CTY_PRECISION, Number

# big.Float.Parse with base 10: sign, digits with an optional point, an exponent that
# may be decimal ("e") or binary ("p"), or an infinity. No whitespace, no underscores.
_GO_FLOAT = re.compile(r"([+-]?)(?:(\d+\.?\d*|\.\d+)(?:([eEpP])([+-]?\d+))?|(inf|Inf))")


def parse_go_float(text: str, prec: int = CTY_PRECISION) -> Number | None:
    """`big.ParseFloat(text, 10, prec, ToNearestEven)`, or None when Go reports an error."""
    m = _GO_FLOAT.fullmatch(text)
    if m is None:
        return None
    sign, mantissa, exp_kind, exp_digits, inf = m.groups()
    negative = sign == "-"
    if inf:
        return Number.infinity(negative, prec)
    whole, _, frac = mantissa.partition(".")
    value = Fraction(int(whole + frac or "0"), 10 ** len(frac))
    if exp_kind in ("e", "E"):
        value *= Fraction(10) ** int(exp_digits)
    elif exp_kind in ("p", "P"):
        value *= Fraction(2) ** int(exp_digits)
    return Number.from_fraction(-value if negative else value, prec)


class _Decimal:
    """Go's `math/big.decimal`: value 0.mant × 10**exp, `mant` without outer zeros."""

    def __init__(self, mant: str, exp: int) -> None:
        self.mant = mant
        self.exp = exp

    @classmethod
    def of(cls, value: Fraction) -> _Decimal:
        """The exact decimal expansion of a dyadic rational (always finite)."""
        num, den = abs(value.numerator), value.denominator
        if num == 0:
            return cls("", 0)
        # den is a power of two: multiply by 5**k to make it 10**k.
        k = den.bit_length() - 1
        digits = str(num * 5**k)
        exp = len(digits) - k
        stripped = digits.rstrip("0")
        return cls(stripped, exp)

    def at(self, i: int) -> str:
        return self.mant[i] if 0 <= i < len(self.mant) else "0"

    def round(self, n: int) -> None:
        if n < 0 or n >= len(self.mant):
            return
        if self._should_round_up(n):
            self._round_up(n)
        else:
            self._round_down(n)

    def _should_round_up(self, n: int) -> bool:
        if self.mant[n] == "5" and n + 1 == len(self.mant):
            # exactly halfway: round to even
            return n > 0 and (ord(self.mant[n - 1]) - ord("0")) % 2 == 1
        return self.mant[n] >= "5"

    def _round_up(self, n: int) -> None:
        while n > 0 and self.mant[n - 1] >= "9":
            n -= 1
        if n == 0:
            # all nines: becomes 1 with a larger exponent
            self.mant = "1"
            self.exp += 1
            return
        self.mant = self.mant[: n - 1] + chr(ord(self.mant[n - 1]) + 1)

    def _round_down(self, n: int) -> None:
        self.mant = self.mant[:n].rstrip("0")
        if not self.mant:
            self.exp = 0


def _fmt_e(prec: int, d: _Decimal, letter: str) -> str:
    out = d.mant[0] if d.mant else "0"
    if prec > 0:
        frac = d.mant[1 : prec + 1]
        out += "." + frac + "0" * (prec - len(frac))
    exp = d.exp - 1 if d.mant else 0
    sign = "-" if exp < 0 else "+"
    return f"{out}{letter}{sign}{abs(exp):02d}"


def _fmt_f(prec: int, d: _Decimal) -> str:
    if d.exp > 0:
        whole = d.mant[: d.exp]
        out = whole + "0" * (d.exp - len(whole))
    else:
        out = "0"
    if prec > 0:
        out += "." + "".join(d.at(d.exp + i) for i in range(prec))
    return out


def float_text(n: Number, fmt: str, prec: int) -> str:
    """`big.Float.Text(fmt, prec)` for fmt in e, E, f, g, G and prec >= 0."""
    sign = "-" if n.sign() < 0 or (n.is_zero and str(n).startswith("-")) else ""
    if n.is_inf:
        return "-Inf" if n.is_negative else "+Inf"
    d = _Decimal.of(n.as_fraction())
    if fmt in "eE":
        d.round(1 + prec)
        return sign + _fmt_e(prec, d, fmt)
    if fmt == "f":
        d.round(d.exp + prec)
        return sign + _fmt_f(prec, d)
    if prec == 0:
        prec = 1
    d.round(prec)
    eprec = prec
    if eprec > len(d.mant) and len(d.mant) >= d.exp:
        eprec = len(d.mant)
    exp = d.exp - 1
    if exp < -4 or exp >= eprec:
        prec = min(prec, len(d.mant))
        return sign + _fmt_e(prec - 1, d, "e" if fmt == "g" else "E")
    if prec > d.exp:
        prec = len(d.mant)
    return sign + _fmt_f(max(prec - d.exp, 0), d)


def go_string(n: Number) -> str:
    """`big.Float.String()`, i.e. `Text('g', 10)`: what cty hashes set elements by."""
    return float_text(n, "g", 10)


def shortest_g(n: Number) -> str:
    """`big.Float.Text('g', -1)`: shortest digits; `%e` form below 1e-4 or from 1e6 up."""
    if n.is_inf:
        return "-Inf" if n.is_negative else "+Inf"
    text = n.text()
    sign = "-" if text.startswith("-") else ""
    if n.is_zero:
        return sign + "0"
    whole, _, frac = text.lstrip("-").partition(".")
    if whole != "0":
        point = len(whole)
        digits = (whole + frac).rstrip("0")
    else:
        point = -(len(frac) - len(frac.lstrip("0")))
        digits = frac.lstrip("0")
    d = _Decimal(digits, point)
    exp = d.exp - 1
    if exp < -4 or exp >= 6:  # Go fixes this threshold at 6 in shortest mode
        return sign + _fmt_e(len(d.mant) - 1, d, "e")
    return sign + _fmt_f(max(len(d.mant) - d.exp, 0), d)
