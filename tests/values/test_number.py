"""The number model against big.Float facts that Nomad's output shows."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nomadqemu.values.number import NaNError, Number


def n(text: str) -> Number:
    parsed = Number.parse(text)
    assert parsed is not None
    return parsed


def test_one_third_prints_shortest_512_bit_decimal() -> None:
    text = (n("1") / n("3")).text()
    assert text.startswith("0.3333") and text.endswith("335")
    assert len(text) - 2 == 155


def test_decimal_sums_are_exact_enough() -> None:
    assert n("0.1") + n("0.2") == n("0.3")
    assert (n("1") - n("0.9")).to_float() == 0.1


def test_float64_conversion() -> None:
    assert (-(n("1") / n("3"))).to_float() == -0.3333333333333333
    assert n("1e400").to_float() == float("inf")


def test_precision_follows_the_wider_operand() -> None:
    assert (Number.from_int(1) / Number.from_int(3)).prec == 64
    assert (Number.from_int(1) / n("3")).prec == 512


def test_rounding_is_nearest_even_at_the_precision() -> None:
    # 2**53 + 1 is not representable with 53 bits; ties go to the even mantissa.
    x = Number.from_fraction(Fraction(2**53 + 1), 53)
    assert x.as_fraction() == 2**53
    y = Number.from_fraction(Fraction(2**53 + 3), 53)
    assert y.as_fraction() == 2**53 + 4


def test_nan_raises() -> None:
    inf = Number.infinity()
    with pytest.raises(NaNError):
        inf - inf
    with pytest.raises(NaNError):
        n("0") / n("0")


def test_integers_print_without_point() -> None:
    assert n("1e21").text() == "1" + "0" * 21
    assert n("1.0").text() == "1"
    assert n("-0.00001").text() == "-0.00001"


@given(st.integers(min_value=-(2**700), max_value=2**700), st.sampled_from([53, 64, 512]))
def test_integers_round_as_their_exact_fraction_does(value: int, prec: int) -> None:
    # `from_int` skips the Fraction arithmetic when the integer fits the precision.
    fast = Number.from_int(value, prec)
    exact = Number.from_fraction(Fraction(value), prec)
    assert (fast.prec, fast.text(), fast.as_fraction()) == (
        exact.prec,
        exact.text(),
        exact.as_fraction(),
    )
    assert fast == exact


@given(st.fractions(max_denominator=10**6).filter(lambda f: abs(f) < 10**30))
def test_to_int_truncates_toward_zero(value: Fraction) -> None:
    assert Number.from_fraction(value).to_int() == int(value)
