"""Templates: interpolation as strings, directives, and the value of a lone interpolation."""

from __future__ import annotations

from tests.expr.support import columns, only_error, run, text_of, value_of


def test_parts_are_converted_to_strings() -> None:
    assert text_of(value_of('"n=${1 + 1.5} b=${!true} s=${"x"}"')) == "'n=2.5 b=false s=x'"


def test_numbers_print_with_all_512_bits() -> None:
    text = value_of('"${2 / 3}!"').payload
    assert text.startswith("0.6666") and text.endswith("67!")
    assert len(text) > 150  # far beyond float64's 17 significant digits


def test_a_lone_interpolation_is_the_value_itself() -> None:
    value = value_of('"${[1, 2]}"')
    assert value.type.friendly_name() == "tuple"
    assert text_of(value) == "[1, 2]"


def test_null_part_is_an_error_but_the_string_stays_known() -> None:
    value, diags = run('"a${null}b"')
    assert [d.message for d in diags] == [
        "Invalid template interpolation value; The expression result is null. Cannot "
        "include a null value in a string template."
    ]
    assert columns(diags[0]) == (5, 9)
    assert value.is_known


def test_collection_part_cannot_be_included() -> None:
    diag = only_error('"x${[1]}"')
    assert diag.detail == (
        "Cannot include the given value in a string template: string required, but have tuple."
    )


def test_unknown_part_makes_the_string_unknown() -> None:
    value, diags = run('"a${[][0]}"')
    assert value.is_unknown and len(diags) == 1


def test_if_directive() -> None:
    assert text_of(value_of('"%{ if 1 < 2 }yes%{ else }no%{ endif }"')) == "'yes'"
    assert text_of(value_of('"[%{ if false }x%{ endif }]"')) == "'[]'"


def test_if_directive_with_a_non_bool_condition() -> None:
    value, diags = run('"%{ if "maybe" }x%{ endif }"')
    assert [d.summary for d in diags] == ["Incorrect condition type"]
    assert value.is_unknown


def test_for_directive_joins_the_iterations() -> None:
    source = '"%{ for k, v in {b = 2, a = 1} }${k}:${v};%{ endfor }"'
    assert text_of(value_of(source)) == "'a:1;b:2;'"


def test_for_directive_over_a_string_fails() -> None:
    diag = only_error('"%{ for c in "abc" }${c}%{ endfor }"')
    assert diag.message == (
        "Iteration over non-iterable value; A value of type string cannot be used as the "
        "collection in a 'for' expression."
    )


def test_heredoc_is_a_template() -> None:
    assert text_of(value_of("<<EOT\nx=${3 * 3}\nEOT\n")) == "'x=9\\n'"
