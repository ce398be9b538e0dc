"""cty's number operations (`Value.Add`, `Multiply`, `Modulo`, …) on `Number`.

Each raises `OperationError` with the message cty's stdlib function returns, so the
operator can report "Error during operation: <message>." exactly as HCL does.
"""

from __future__ import annotations

from fractions import Fraction

from nomadqemu.values.number import CTY_PRECISION, NaNError, Number


class OperationError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


# What Go's runtime reports when cty's Modulo dereferences the nil integer that
# big.Float.Int returns for an infinite quotient; the function wrapper turns the
# panic into this error text.
NIL_DEREFERENCE = (
    "panic in function implementation: runtime error: invalid memory address or nil "
    "pointer dereference"
)


def _signbit(value: Number) -> bool:
    """Go's `Signbit`, which also tells -0 from +0."""
    return value.is_negative or (value.is_zero and value.text() == "-0")


def _signed_zero(result: Number, negative: bool) -> Number:
    # big.Float keeps a sign on zero; `Number.from_fraction` always makes +0.
    if result.is_zero and negative != _signbit(result):
        return -result
    return result


def _sum(a: Number, b: Number) -> Number:
    # An exact zero sum is +0, except that -0 + -0 stays -0.
    result = a + b
    return _signed_zero(result, result.is_zero and _signbit(a) and _signbit(b))


def add(a: Number, b: Number) -> Number:
    try:
        return _sum(a, b)
    except NaNError:
        raise OperationError("can't compute sum of opposing infinities") from None


def subtract(a: Number, b: Number) -> Number:
    try:
        return _sum(a, -b)
    except NaNError:
        raise OperationError("can't subtract infinity from itself") from None


def _min_prec(value: Number) -> int:
    """Go's `big.Float.MinPrec`: bits needed for the mantissa without trailing zeros."""
    if value.is_inf or value.is_zero:
        return 0
    fraction = abs(value.as_fraction())
    numerator, denominator = fraction.numerator, fraction.denominator
    # A binary fraction is m / 2**k or m * 2**k; strip the factors of two from m.
    odd = numerator >> ((numerator & -numerator).bit_length() - 1)
    del denominator  # always a power of two for a finite big.Float
    return odd.bit_length()


def multiply(a: Number, b: Number) -> Number:
    """cty multiplies at 512 bits, then keeps whichever is larger: the operands'
    precision or the bits the exact product needs."""
    result_prec = max(a.prec, b.prec)
    try:
        if a.is_inf or b.is_inf:
            product = a * b  # raises for zero × infinity
            return product.with_precision(result_prec)
        product = Number.from_fraction(a.as_fraction() * b.as_fraction(), CTY_PRECISION)
    except NaNError:
        raise OperationError("can't multiply zero by infinity") from None
    product = product.with_precision(max(result_prec, _min_prec(product)))
    return _signed_zero(product, _signbit(a) != _signbit(b))


def divide(a: Number, b: Number) -> Number:
    try:
        return _signed_zero(a / b, _signbit(a) != _signbit(b))
    except NaNError:
        raise OperationError("can't divide zero by zero or infinity by infinity") from None


def modulo(a: Number, b: Number) -> Number:
    """cty's `Value.Modulo`: `a - trunc(a / b) * b`, each step rounded to `a`'s precision.

    `x % 0` is `x`. cty's special case for infinite operands compares against its own
    infinity constants by identity, which computed infinities never are, so they take
    the general path: an infinite quotient crashes (reported as Go's nil dereference),
    and a finite one over an infinite divisor multiplies zero by infinity.
    """
    if b.is_zero and not b.is_inf:
        return a
    try:
        quotient = a / b
    except NaNError:
        raise OperationError("can't use modulo with zero and infinity") from None
    if quotient.is_inf:
        raise OperationError(NIL_DEREFERENCE)
    prec = a.prec
    whole = Number.from_fraction(Fraction(quotient.to_int()), prec)
    if b.is_inf:
        if whole.is_zero:
            raise OperationError("can't use modulo with zero and infinity")
        raise OperationError(NIL_DEREFERENCE)  # pragma: no cover - quotient was infinite
    scaled = Number.from_fraction(b.as_fraction() * whole.as_fraction(), prec)
    return Number.from_fraction(a.as_fraction() - scaled.as_fraction(), prec)


def negate(a: Number) -> Number:
    return -a
