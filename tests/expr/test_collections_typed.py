"""Lists, sets and maps (which literals never produce, but variables and functions do)."""

from __future__ import annotations

from nomadqemu.functions.spec import Function, Param
from nomadqemu.values.convert import make_set
from nomadqemu.values.types import NUMBER, STRING
from nomadqemu.values.value import Value
from tests.expr.support import num, only_error, run, text_of, value_of

SERVER = Value.object_of({"name": Value.string("a"), "port": num("80")})
OTHER = Value.object_of({"name": Value.string("b"), "port": num("81")})
VARS = {
    "servers": Value.list_of(SERVER.type, [SERVER, OTHER]),
    "none": Value.list_of(SERVER.type, []),
    "ports": make_set(NUMBER, [num("3"), num("1"), num("2")]),
    "server_set": make_set(SERVER.type, [SERVER]),
    "labels": Value.map_of(STRING, {"b": Value.string("2"), "a": Value.string("1")}),
    "missing": Value.null(Value.list_of(NUMBER, []).type),
}


def test_splat_over_a_list_gives_a_list() -> None:
    value = value_of("servers[*].port", VARS)
    assert value.type.friendly_name() == "list of number"
    assert text_of(value) == "[80, 81]"


def test_splat_over_an_empty_list_keeps_the_element_type() -> None:
    value = value_of("none[*].name", VARS)
    assert value.type.friendly_name() == "list of string" and text_of(value) == "[]"


def test_splat_over_a_set_and_of_a_null_list() -> None:
    assert text_of(value_of("ports[*]", VARS)) == "[1, 2, 3]"
    diag = only_error("missing[*]", VARS)
    assert diag.message == (
        "Splat of null value; Splat expressions (with the * symbol) cannot be applied to "
        "null sequences."
    )


def test_attribute_of_a_list_or_set_of_objects() -> None:
    assert only_error("servers.port", VARS).detail == (
        'Can\'t access attributes on a list of objects. Did you mean to access attribute "port" '
        "for a specific element of the list, or across all elements of the list?"
    )
    assert only_error("servers.nope", VARS).detail.startswith(
        "Can't access attributes on a list of objects. Did you mean to access an attribute "
    )
    assert only_error("server_set.port", VARS).detail == (
        "Can't access attributes on a set of objects. Did you mean to access an attribute "
        "across all elements of the set?"
    )


def test_sets_have_no_indexes() -> None:
    assert only_error("ports[0]", VARS).detail.startswith(
        "Elements of a set are identified only by their value"
    )


def test_for_over_a_set_binds_the_element_as_key() -> None:
    assert text_of(value_of("[for k, v in ports: k == v]", VARS)) == "[true, true, true]"


def test_for_over_a_map_in_key_order() -> None:
    assert text_of(value_of('[for k, v in labels: "${k}${v}"]', VARS)) == "['a1', 'b2']"
    assert text_of(value_of('{for k, v in labels: v => k if k != "b"}', VARS)) == "{1='a'}"


def test_map_index_converts_the_key() -> None:
    assert text_of(value_of('labels["a"]', VARS)) == "'1'"
    diag = only_error("labels[[]]", VARS)
    assert diag.detail.endswith(": string required, but have tuple.")


def test_object_key_that_cannot_be_a_string() -> None:
    value, diags = run("{for s in servers: s => 1}", VARS)
    assert value.is_unknown
    assert diags[0].message == (
        "Invalid object key; The key expression produced an invalid result: string required, "
        "but have object."
    )


def test_unknown_condition_gives_an_unknown_result_of_the_unified_type() -> None:
    value, diags = run('[][0] ? 1 : "2"')
    assert value.is_unknown and value.type == STRING
    assert [d.summary for d in diags] == ["Invalid index"]


def test_template_for_with_a_null_iteration() -> None:
    value, diags = run('"%{ for s in [null] }${s}%{ endfor }"')
    assert [d.summary for d in diags] == ["Invalid template interpolation value"]
    assert value.is_known


def test_expanding_null() -> None:
    variadic = Function(params=(), impl=lambda args: Value.string(""), var_param=Param("x"))
    diag = only_error("f(missing...)", VARS, {"f": variadic})
    assert diag.detail == "The expanding argument (indicated by ...) must not be null."
