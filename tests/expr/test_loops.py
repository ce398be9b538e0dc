"""For expressions and splats."""

from __future__ import annotations

from tests.expr.support import columns, only_error, run, text_of, value_of


def test_list_comprehension_with_condition() -> None:
    assert text_of(value_of("[for i, x in [5, 6, 7]: i * x if x != 6]")) == "[0, 14]"


def test_object_comprehension_over_an_object() -> None:
    assert (
        text_of(
            value_of(
                "{for k, v in {b = 1, a = 2}: upper_k(k) => v}".replace("upper_k(k)", '"${k}${k}"')
            )
        )
        == "{aa=2, bb=1}"
    )


def test_grouping_collects_duplicates() -> None:
    value = value_of(
        '{for s in ["x", "y", "x"]: s => length_of(s)...}'.replace("length_of(s)", "1")
    )
    assert text_of(value) == "{x=[1, 1], y=[1]}"


def test_duplicate_key_keeps_the_first_value_and_reports() -> None:
    value, diags = run('{for s in ["x", "x"]: s => s}')
    assert value.is_known and text_of(value) == "{x='x'}"
    assert diags[0].summary == "Duplicate object key"
    assert 'produced the key "x"' in diags[0].detail


def test_null_and_bad_conditions() -> None:
    assert only_error("[for x in [1]: x if null]").message == (
        "Condition is null; The value of the 'if' clause must not be null."
    )
    diag = only_error("[for x in [1]: x if 5]")
    assert diag.detail == "The 'if' clause value is invalid: bool required, but have number."


def test_iterating_null_and_strings() -> None:
    assert only_error("[for x in null: x]").summary == "Iteration over null value"
    diag = only_error('[for x in "s": x]')
    assert columns(diag) == (11, 14)


def test_object_key_must_not_be_null() -> None:
    value, diags = run("{for x in [1]: null => x}")
    assert value.is_unknown
    assert diags[0].message == (
        "Invalid object key; Key expression in 'for' expression must not produce a null value."
    )


def test_splat_over_a_list_of_objects() -> None:
    assert text_of(value_of("[{n = 1}, {n = 2}][*].n")) == "[1, 2]"
    assert text_of(value_of("[{n = [7]}].*.n[0]")) == "[7]"


def test_splat_on_a_single_value_and_on_null() -> None:
    assert text_of(value_of("{n = 3}[*].n")) == "[3]"
    assert text_of(value_of("null[*]")) == "[]"


def test_splat_step_error_points_at_the_step() -> None:
    value, diags = run("[{n = 1}, {m = 2}][*].n")
    assert value.is_unknown
    assert diags[0].detail == 'This object does not have an attribute named "n".'
    assert columns(diags[0]) == (22, 24)


def test_an_unknown_string_is_still_not_iterable() -> None:
    # The first string's index fails, leaving an unknown string; HCL checks the type first.
    value, diags = run('[for c in "${[][0]}x": c]')
    assert value.is_unknown
    assert [d.summary for d in diags] == ["Invalid index", "Iteration over non-iterable value"]
