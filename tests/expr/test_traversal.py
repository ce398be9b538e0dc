"""References, attribute access and indexing, with HCL's messages and positions."""

from __future__ import annotations

import pytest

from nomadqemu.expr import EvalContext, evaluate
from nomadqemu.values.value import Value
from tests.expr.support import UPPER, columns, num, only_error, parse, run, text_of, value_of

VARS = {
    "local": Value.object_of(
        {
            "port": num("8080"),
            "names": Value.tuple_of([Value.string("a"), Value.string("b")]),
            "env": Value.map_of(Value.string("").type, {"HOME": Value.string("/root")}),
        }
    )
}


def test_attribute_and_index_steps() -> None:
    assert text_of(value_of("local.port", VARS)) == "8080"
    assert text_of(value_of("local.names[1]", VARS)) == "'b'"
    assert text_of(value_of('local.names["0"]', VARS)) == "'a'"
    assert text_of(value_of("local.env.HOME", VARS)) == "'/root'"
    assert text_of(value_of('local["port"]', VARS)) == "8080"


def test_missing_attribute_points_at_the_step() -> None:
    diag = only_error("local.nope", VARS)
    assert diag.message == (
        'Unsupported attribute; This object does not have an attribute named "nope".'
    )
    assert columns(diag) == (6, 11)


def test_missing_map_element() -> None:
    diag = only_error("local.env.PATH", VARS)
    assert diag.message == (
        'Missing map element; This map does not have an element with the key "PATH".'
    )


@pytest.mark.parametrize(
    ("source", "detail"),
    [
        (
            "[1, 2][2]",
            ": the given index is greater than or equal to the length of the collection.",
        ),
        ("[1, 2][3]", "."),
        ("[][0]", ": the collection has no elements."),
        ("[1, 2][-1]", ": a negative number is not a valid index for a sequence."),
        (
            "[1, 2][0.5]",
            ": indexing a sequence requires a whole number, but the given index "
            "has a fractional part.",
        ),
        ('[1, 2]["x"]', ": a number is required."),
    ],
)
def test_sequence_index_misses(source: str, detail: str) -> None:
    diag = only_error(source)
    assert diag.message == (
        "Invalid index; The given key does not identify an element in this collection "
        f"value{detail}"
    )
    assert columns(diag) == (source.rindex("[") + 1, len(source) + 1)


def test_dynamic_index_reports_the_bracketed_key() -> None:
    diag = only_error("[1][1 + 1]")
    assert columns(diag) == (4, 11)


def test_indexing_a_number_and_null() -> None:
    assert only_error("5[0]").detail == "This value does not have any indices."
    assert only_error("null[0]").summary == "Attempt to index null value"
    assert only_error("[1][null]").detail == "Can't use a null value as an indexing key."


def test_object_by_number_suggests_names() -> None:
    assert only_error("{a = 1}[0]").detail.endswith(
        "An object only supports looking up attributes by name, not by numeric index."
    )


def test_attribute_of_a_primitive() -> None:
    assert (
        only_error('"s".x').detail == "Can't access attributes on a primitive-typed value (string)."
    )


def test_unknown_variable_suggests_a_close_name() -> None:
    diag = only_error("locals.port", VARS)
    assert (
        diag.message
        == 'Unknown variable; There is no variable named "locals". Did you mean "local"?'
    )
    assert columns(diag) == (1, 7)


def test_without_a_scope_variables_are_not_allowed() -> None:
    _, diags = evaluate(parse("x"), EvalContext.unscoped())
    assert [d.message for d in diags] == ["Variables not allowed; Variables may not be used here."]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("attr.kernel.name", "${attr.kernel.name}"),
        ('"${node.class}"', "${node.class}"),
        ('"${  meta.rack  }"', "${  meta.rack  }"),
        ('"x-${NOMAD_ALLOC_ID}-y"', "x-${NOMAD_ALLOC_ID}-y"),
        ('"${env["HOME"]}"', '${env["HOME"]}'),
        ('upper("${attr.os}")', "${ATTR.OS}"),
    ],
)
def test_runtime_references_keep_their_source_text(source: str, expected: str) -> None:
    assert value_of(source, VARS, {"upper": UPPER}, runtime_refs=True).payload == expected


def test_defined_roots_are_still_checked_with_runtime_references() -> None:
    diag = only_error("local.missing", VARS, runtime_refs=True)
    assert diag.summary == "Unsupported attribute"


def test_runtime_reference_is_a_string_for_further_steps() -> None:
    _, diags = run("attr.x + 1", runtime_refs=True)
    assert diags[0].detail == "Unsuitable value for left operand: a number is required."
