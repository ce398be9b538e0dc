"""Operators: cty arithmetic on big.Float numbers, conversions of operands, error wording."""

from __future__ import annotations

import pytest

from nomadqemu.values.value import Value
from tests.expr.support import columns, only_error, run, text_of, value_of


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("0.1 + 0.2 == 0.3", "true"),
        ("7 - 10", "-3"),
        ("6 * 7", "42"),
        ("1 / 4", "0.25"),
        ("-7 % 3", "-1"),
        ("7.5 % 2", "1.5"),
        ("9 % 0", "9"),
        ("0 % 0", "0"),
        ('"6" * "7"', "42"),
        ("2 + 3 * 4 > 13", "true"),
        ("3 >= 3", "true"),
        ("3 <= 2", "false"),
        ("!false && true", "true"),
        ("false || true", "true"),
        ('"true" && true', "true"),
        ("1 == 1.0", "true"),
        ('1 == "1"', "false"),
        ("null == null", "true"),
        ("[1, 2] != [1, 2]", "false"),
        ("-(3)", "-3"),
        ("1/0 > 1e400", "true"),
    ],
)
def test_operations(source: str, expected: str) -> None:
    assert text_of(value_of(source)) == expected


def test_division_keeps_512_bits() -> None:
    third = value_of("1 / 3").payload
    assert third.prec == 512
    assert len(third.text()) == 157  # "0." and 155 digits


def test_bool_operand_is_reported_at_the_operand() -> None:
    diag = only_error("  true + 1")
    assert diag.message == (
        "Invalid operand; Unsuitable value for left operand: number required, but have bool."
    )
    assert columns(diag) == (3, 7)


def test_unconvertible_string_operand() -> None:
    diag = only_error('1 - "one"')
    assert diag.message == (
        "Invalid operand; Unsuitable value for right operand: a number is required."
    )


def test_failed_operation_result_is_unknown_of_the_operation_type() -> None:
    value, diags = run("{} * 2")
    assert value.is_unknown and value.type.friendly_name() == "number"
    assert len(diags) == 1


def test_both_bad_operands_give_two_diagnostics() -> None:
    _, diags = run("[1] > [2]")
    assert [d.detail for d in diags] == [
        "Unsuitable value for left operand: number required, but have tuple.",
        "Unsuitable value for right operand: number required, but have tuple.",
    ]


@pytest.mark.parametrize("source", ["null - 1", "2 > null", "!null", "true || null"])
def test_null_operands_fail_the_operation(source: str) -> None:
    diag = only_error(source)
    assert diag.message == "Operation failed; Error during operation: argument must not be null."
    assert diag.span is not None and diag.span.start.column == 1


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("1/0 - 1/0", "can't subtract infinity from itself"),
        ("(-1/0) + 1/0", "can't compute sum of opposing infinities"),
        ("(1/0) * 0", "can't multiply zero by infinity"),
        ("0 / 0", "can't divide zero by zero or infinity by infinity"),
        ("(1/0) / (1/0)", "can't divide zero by zero or infinity by infinity"),
        ("3 % (1/0)", "can't use modulo with zero and infinity"),
        ("(1/0) % (1/0)", "can't use modulo with zero and infinity"),
    ],
)
def test_not_a_number_results(source: str, message: str) -> None:
    diag = only_error(source)
    assert diag.message == f"Operation failed; Error during operation: {message}."


def test_modulo_of_an_infinity_reports_gos_nil_dereference() -> None:
    diag = only_error("(1/0) % 3")
    assert "nil pointer dereference" in diag.detail


def test_infinity_modulo_zero_is_the_infinity() -> None:
    assert text_of(value_of("(1/0) % 0")) == "+Inf"


def test_unary_minus_on_a_string_that_is_not_a_number() -> None:
    diag = only_error('-"x"')
    assert (
        diag.message == "Invalid operand; Unsuitable value for unary operand: a number is required."
    )
    assert columns(diag) == (2, 5)


def test_not_on_a_number() -> None:
    diag = only_error("!0")
    assert diag.detail == "Unsuitable value for unary operand: bool required, but have number."


def test_operands_are_both_evaluated_even_when_the_left_decides() -> None:
    # HCL 2.20 (Nomad's fork) has no short-circuit: the right side's error is reported.
    _, diags = run("true || [][0]")
    assert [d.summary for d in diags] == ["Invalid index"]


def test_products_of_64_bit_numbers_keep_every_bit() -> None:
    # cty multiplies at 512 bits and keeps the precision the exact product needs, while
    # a sum rounds to the operands' 64 bits.
    big = Value.integer(2**62 + 1)
    product = value_of("a * a", {"a": big}).payload
    assert product.as_fraction() == (2**62 + 1) ** 2
    total = value_of("a + 1.5", {"a": Value.integer(3)}).payload
    assert total.prec == 512
    operands = {"a": Value.integer(2**63 - 1), "b": Value.integer(2**70)}
    rounded_sum = value_of("a + b", operands).payload
    assert rounded_sum.prec == 64 and rounded_sum.as_fraction() == 2**70 + 2**63


def test_modulo_keeps_the_dividends_precision() -> None:
    result = value_of("a % 7", {"a": Value.integer(100)}).payload
    assert result.prec == 64 and result.as_fraction() == 2


def test_zero_keeps_its_sign_like_big_float() -> None:
    assert value_of('"${0 * -1} ${0 / -5}"').payload == "-0 -0"
    assert value_of('"${-0 + -0} ${-0 + 0} ${3 - 3}"').payload == "-0 0 0"
