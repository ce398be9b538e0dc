"""Tuples, objects and conditionals."""

from __future__ import annotations

import pytest

from tests.expr.support import columns, only_error, run, text_of, value_of


def test_object_keys() -> None:
    assert text_of(value_of('{a = 1, "b c" = 2, (1 + 1) = 3, true = 4}')) == (
        "{2=3, a=1, b c=2, true=4}"
    )


def test_later_duplicate_keys_win() -> None:
    assert text_of(value_of("{a = 1, a = 2}")) == "{a=2}"


def test_null_key_is_reported_at_the_value() -> None:
    value, diags = run("{(null) = 12}")
    assert value.is_unknown
    assert diags[0].message == "Null value as key; Can't use a null value as a key."
    assert columns(diags[0]) == (11, 13)


def test_dotted_bare_key_is_ambiguous() -> None:
    assert only_error("{a.b = 1}").summary == "Ambiguous attribute key"


def test_conditional_unifies_results() -> None:
    value = value_of('false ? 1 : "2"')
    assert value.type.friendly_name() == "string"
    assert text_of(value_of("true ? 1 : null")) == "1"
    assert text_of(value_of("true ? [1] : []")) == "[1]"


def test_conditional_reports_only_the_chosen_branch() -> None:
    assert text_of(value_of("false ? [][0] : 2")) == "2"


def test_inconsistent_conditional_types() -> None:
    diag = only_error("true ? {a = 1} : {a = [1]}")
    assert diag.detail == (
        "The true and false result expressions must have consistent types. Type mismatch "
        "for object attribute \"a\": The 'true' value is number, but the 'false' value is "
        "tuple."
    )
    assert columns(diag) == (8, 27)


def test_condition_errors() -> None:
    assert only_error("null ? 1 : 2").summary == "Null condition"
    diag = only_error("2 ? 1 : 2")
    assert (
        diag.message == "Incorrect condition type; The condition expression must be of type bool."
    )
    assert text_of(value_of('"false" ? 1 : 2')) == "2"


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        (
            'true ? ["x"] : [[]]',
            "Type mismatch for tuple element 0: The 'true' value is string, "
            "but the 'false' value is tuple",
        ),
        (
            "false ? [1, 2, 3] : [true]",
            "The 'true' tuple has length 3, but the 'false' tuple has length 1",
        ),
        (
            "true ? {p = 1} : {q = true, p = 1}",
            "The 'false' value includes object attribute "
            "\"q\", which is absent in the 'true' value",
        ),
    ],
)
def test_mismatch_descriptions(source: str, reason: str) -> None:
    diag = only_error(source)
    assert diag.detail == (
        f"The true and false result expressions must have consistent types. {reason}."
    )
