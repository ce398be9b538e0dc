"""cty numbers: Go `math/big.Float` values, emulated exactly.

A finite number is `mant * 2**exp` with `mant` at most `prec` bits, rounded to
nearest-even after every operation, as `big.Float` does with `ToNearestEven`. The
precision travels with the value because Go's does: HCL literals and parsed strings
have 512 bits, `cty.NumberIntVal` 64, `cty.NumberFloatVal` 53, and an operation on two
numbers rounds to the larger of their precisions (a new `big.Float` has precision 0,
which `Add`, `Mul`, … replace by the operands' maximum). Printing (`text`) gives the
shortest decimal that rounds back to the same value at the value's precision, exactly
as `big.Float.Text('f', -1)` does, including its symmetric half-ulp bounds.

NaN does not exist: `big.Float` panics with `ErrNaN`, which cty turns into errors; here
the operations raise `NaNError`.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from functools import total_ordering

CTY_PRECISION = 512
INT64_PRECISION = 64
FLOAT64_PRECISION = 53

_DECIMAL = re.compile(r"([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?")


class NaNError(ArithmeticError):
    """An operation whose result is not a number (∞ - ∞, 0 × ∞, 0 / 0)."""


def _round_half_even(num: int, den: int) -> int:
    """`num / den` (both positive) rounded to the nearest integer, ties to even."""
    q, r = divmod(num, den)
    twice = 2 * r
    if twice > den or (twice == den and q & 1):
        q += 1
    return q


@total_ordering
class Number:
    """An immutable big.Float. Build with `parse`, `from_int`, `from_float`, `from_fraction`."""

    __slots__ = ("_exp", "_inf", "_mant", "_neg", "prec")

    def __init__(self, neg: bool, mant: int, exp: int, prec: int, inf: bool = False) -> None:
        # Callers outside this module use the constructors below, which normalize.
        self._neg = neg
        self._mant = mant
        self._exp = exp
        self._inf = inf
        self.prec = prec

    # --- constructors ------------------------------------------------------------

    @classmethod
    def from_fraction(cls, value: Fraction, prec: int = CTY_PRECISION) -> Number:
        """`value` rounded to `prec` bits, nearest-even."""
        if value == 0:
            return cls(False, 0, 0, prec)
        neg = value < 0
        num, den = abs(value.numerator), value.denominator
        # Choose exp so that 2**(prec-1) <= num / den / 2**exp < 2**prec.
        exp = num.bit_length() - den.bit_length() - prec
        while True:
            if exp >= 0:
                mant = _round_half_even(num, den << exp)
            else:
                mant = _round_half_even(num << -exp, den)
            if mant.bit_length() > prec:  # the estimate was one too low, or rounding carried
                exp += 1
                continue
            if mant.bit_length() < prec and mant << 1 < (1 << prec):
                # Estimate one too high: retry with one more bit, unless rounding made it exact.
                lower = exp - 1
                m2 = (
                    _round_half_even(num, den << lower)
                    if lower >= 0
                    else _round_half_even(num << -lower, den)
                )
                if m2.bit_length() <= prec:
                    mant, exp = m2, lower
                    continue
            break
        # Strip trailing zero bits so equal values have one representation.
        tz = (mant & -mant).bit_length() - 1
        return cls(neg, mant >> tz, exp + tz, prec)

    @classmethod
    def from_int(cls, value: int, prec: int = INT64_PRECISION) -> Number:
        """Like `new(big.Float).SetInt64(v)` (64 bits) unless a precision is given."""
        magnitude = -value if value < 0 else value
        if magnitude.bit_length() <= prec:
            # Exact at this precision: no rounding, so skip the Fraction arithmetic of
            # `from_fraction` and give the same normalized form (trailing zero bits in
            # the exponent, zero as positive).
            if magnitude == 0:
                return cls(False, 0, 0, prec)
            tz = (magnitude & -magnitude).bit_length() - 1
            return cls(value < 0, magnitude >> tz, tz, prec)
        return cls.from_fraction(Fraction(value), prec)

    @classmethod
    def from_float(cls, value: float) -> Number:
        """Like `big.NewFloat(f)`: 53 bits; infinities allowed, NaN refused."""
        if math.isnan(value):
            raise NaNError("NaN")
        if value in (float("inf"), float("-inf")):
            return cls.infinity(value < 0, FLOAT64_PRECISION)
        return cls.from_fraction(Fraction(value), FLOAT64_PRECISION)

    @classmethod
    def infinity(cls, negative: bool = False, prec: int = CTY_PRECISION) -> Number:
        return cls(negative, 0, 0, prec, inf=True)

    @classmethod
    def parse(cls, text: str, prec: int = CTY_PRECISION) -> Number | None:
        """A decimal literal (`12`, `-1.5e3`, `.5`) at `prec` bits, or None if malformed.

        Accepts what cty's `ParseNumberVal` accepts for decimal input; `Inf` spellings
        and hexadecimal are left to callers that need them.
        """
        m = _DECIMAL.fullmatch(text.strip() if text != text.strip() else text)
        if not m or not (m.group(2) or m.group(3)):
            return None
        sign, whole, frac, exp = m.groups()
        digits = int((whole or "") + (frac or "") or "0")
        scale = int(exp or 0) - len(frac or "")
        value = Fraction(digits) * (Fraction(10) ** scale)
        return cls.from_fraction(-value if sign == "-" else value, prec)

    # --- inspection ---------------------------------------------------------------

    @property
    def is_inf(self) -> bool:
        return self._inf

    @property
    def is_negative(self) -> bool:
        """True for values below zero and for -Inf (Go's `Signbit`, minus negative zero)."""
        return self._neg and (self._inf or self._mant != 0)

    @property
    def is_zero(self) -> bool:
        return not self._inf and self._mant == 0

    def is_int(self) -> bool:
        """Go's `IsInt`: finite with no fractional part."""
        return not self._inf and (self._mant == 0 or self._exp >= 0)

    def sign(self) -> int:
        if self.is_zero:
            return 0
        return -1 if self._neg else 1

    def as_fraction(self) -> Fraction:
        """The exact value; raises OverflowError for infinities."""
        if self._inf:
            raise OverflowError("infinite number has no exact fraction")
        value = Fraction(self._mant) * (Fraction(2) ** self._exp)
        return -value if self._neg else value

    def to_int(self) -> int:
        """Truncated toward zero, like `big.Float.Int`."""
        if self._inf:
            raise OverflowError("infinite number has no exact fraction")
        # The mantissa is the magnitude: shifting right drops the fraction bits, which
        # truncates toward zero whatever the sign.
        whole = self._mant << self._exp if self._exp >= 0 else self._mant >> -self._exp
        return -whole if self._neg else whole

    def to_int64(self) -> tuple[int, bool]:
        """Like `big.Float.Int64`: the truncated value clamped to int64, and whether exact."""
        if self._inf:
            return ((-(1 << 63)) if self._neg else (1 << 63) - 1), False
        t = self.to_int()
        clamped = max(-(1 << 63), min((1 << 63) - 1, t))
        return clamped, clamped == t and self.is_int()

    def to_float(self) -> float:
        """Like `big.Float.Float64`: nearest float64, ties to even, ±Inf on overflow."""
        if self._inf:
            return float("-inf") if self._neg else float("inf")
        if self._mant == 0:
            return -0.0 if self._neg else 0.0
        # Fraction -> float rounds correctly (half-even) and overflows to OverflowError.
        try:
            return float(self.as_fraction())
        except OverflowError:
            return float("-inf") if self._neg else float("inf")

    def with_precision(self, prec: int) -> Number:
        """Like `big.Float.SetPrec`: round to `prec` bits."""
        if self._inf:
            return Number(self._neg, 0, 0, prec, inf=True)
        return Number.from_fraction(self.as_fraction(), prec)

    # --- arithmetic: result precision = max of the operands' ------------------------

    def _result_prec(self, other: Number) -> int:
        return max(self.prec, other.prec)

    def __neg__(self) -> Number:
        return Number(not self._neg, self._mant, self._exp, self.prec, self._inf)

    def __abs__(self) -> Number:
        return Number(False, self._mant, self._exp, self.prec, self._inf)

    def __add__(self, other: Number) -> Number:
        prec = self._result_prec(other)
        if self._inf or other._inf:
            if self._inf and other._inf and self._neg != other._neg:
                raise NaNError("addition of infinities with opposite signs")
            return Number.infinity(self._neg if self._inf else other._neg, prec)
        return Number.from_fraction(self.as_fraction() + other.as_fraction(), prec)

    def __sub__(self, other: Number) -> Number:
        return self + (-other)

    def __mul__(self, other: Number) -> Number:
        prec = self._result_prec(other)
        if self._inf or other._inf:
            if self.is_zero or other.is_zero:
                raise NaNError("multiplication of zero with infinity")
            return Number.infinity(self._neg != other._neg, prec)
        return Number.from_fraction(self.as_fraction() * other.as_fraction(), prec)

    def __truediv__(self, other: Number) -> Number:
        prec = self._result_prec(other)
        if self._inf and other._inf:
            raise NaNError("division of infinity by infinity")
        if self.is_zero and other.is_zero:
            raise NaNError("division of zero by zero")
        if self._inf:
            return Number.infinity(self._neg != other._neg, prec)
        if other._inf:
            return Number(self._neg != other._neg, 0, 0, prec)
        if other.is_zero:
            return Number.infinity(self._neg != other._neg, prec)
        return Number.from_fraction(self.as_fraction() / other.as_fraction(), prec)

    # --- comparison (big.Float.Cmp) -------------------------------------------------

    def _key(self) -> tuple[int, Fraction]:
        if self._inf:
            return (-1 if self._neg else 1), Fraction(0)
        return 0, self.as_fraction()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Number):
            return NotImplemented
        return self._key() == other._key()

    def __lt__(self, other: Number) -> bool:
        return self._key() < other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    # --- printing -------------------------------------------------------------------

    def text(self) -> str:
        """`big.Float.Text('f', -1)`: shortest round-tripping decimal at this precision."""
        if self._inf:
            return "-Inf" if self._neg else "+Inf"
        if self._mant == 0:
            return "-0" if self._neg else "0"
        digits, point = _shortest_digits(self._mant, self._exp, self.prec)
        # digits d1 d2 … dn with value 0.d1d2…dn × 10**point
        if point <= 0:
            body = "0." + "0" * (-point) + digits
        elif point >= len(digits):
            body = digits + "0" * (point - len(digits))
        else:
            body = digits[:point] + "." + digits[point:]
        return ("-" if self._neg else "") + body

    def __repr__(self) -> str:
        return f"Number({self.text()}, prec={self.prec})"

    def __str__(self) -> str:
        return self.text()


def _decimal_digits(mant: int, exp: int) -> tuple[str, int]:
    """Exact decimal digits of `mant * 2**exp` as (digits, point): value = 0.digits × 10**point.

    Trailing zeros are trimmed, as Go's `decimal.init` does.
    """
    if exp >= 0:
        n = mant << exp
        s = str(n)
        point = len(s)
    else:
        # mant / 2**-exp == mant * 5**-exp / 10**-exp
        n = mant * 5 ** (-exp)
        s = str(n)
        point = len(s) + exp
    stripped = s.rstrip("0")
    return stripped or "0", point


def _shortest_digits(mant: int, exp: int, prec: int) -> tuple[str, int]:
    """Go's `roundShortest`: fewest digits that still round back to this value."""
    exact, point = _decimal_digits(mant, exp)
    # Normalize so that the lowest bit of `m` is half an ulp at `prec` bits.
    m, e = mant, exp
    shift = m.bit_length() - (prec + 1)
    if shift < 0:
        m <<= -shift
    else:
        m >>= shift
    e += shift
    lower, _ = _decimal_digits(m - 1, e)
    upper, _ = _decimal_digits(m + 1, e)
    # The bounds are possible outputs only when the mantissa is even (bit 1 here,
    # since `m` was shifted by one), so that nearest-even rounding would come back.
    inclusive = (m & 2) == 0
    # Go compares the digit strings position by position without aligning their
    # exponents; that is reproduced as is, since it decides how many digits print.
    for i, ch in enumerate(exact):
        lo = lower[i] if i < len(lower) else "0"
        up = upper[i] if i < len(upper) else "0"
        okdown = lo != ch or (inclusive and i + 1 == len(lower))
        okup = ch != up and (inclusive or ord(ch) + 1 < ord(up) or i + 1 < len(upper))
        if okdown and okup:
            return _round_digits(exact, point, i + 1)
        if okdown:
            return _trim(exact[: i + 1], point)
        if okup:
            return _round_up(exact, point, i + 1)
    return exact, point


def _trim(digits: str, point: int) -> tuple[str, int]:
    stripped = digits.rstrip("0")
    return (stripped, point) if stripped else ("0", 0)


def _round_up(digits: str, point: int, n: int) -> tuple[str, int]:
    head = digits[:n]
    value = int(head) + 1
    s = str(value)
    if len(s) > len(head):  # carried into a new leading digit
        return _trim(s, point + 1)
    return _trim(s.rjust(len(head), "0"), point)


def _round_digits(digits: str, point: int, n: int) -> tuple[str, int]:
    """Go's `decimal.round`: half-even on the decimal digit after position n."""
    if n >= len(digits):
        return digits, point
    nxt = digits[n]
    if nxt == "5" and n + 1 == len(digits):
        up = n > 0 and (ord(digits[n - 1]) - ord("0")) & 1 == 1
    else:
        up = nxt >= "5"
    return _round_up(digits, point, n) if up else _trim(digits[:n], point)
