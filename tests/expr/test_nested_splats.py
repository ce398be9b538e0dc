"""Splats whose per-element part is an expression: nested splats, computed indexes."""

from __future__ import annotations

from nomadqemu.functions.spec import Function, Param
from nomadqemu.values.types import NUMBER
from nomadqemu.values.value import Value
from tests.expr.support import columns, num, run, text_of, value_of


def _disk(size: str) -> Value:
    return Value.object_of({"size": num(size)})


VM = Value.object_of({"name": Value.string("a"), "disks": Value.tuple_of([_disk("1"), _disk("2")])})
OTHER = Value.object_of({"name": Value.string("b"), "disks": Value.tuple_of([_disk("3")])})
VARS = {
    "vms": Value.tuple_of([VM, OTHER]),
    "var": Value.object_of({"i": num("0"), "k": Value.string("size")}),
    "sizes": Value.list_of(NUMBER, [num("5"), num("6")]),
}


def test_full_splat_inside_a_full_splat() -> None:
    assert text_of(value_of("vms[*].disks[*].size", VARS)) == "[[1, 2], [3]]"
    assert text_of(value_of("vms[*].disks.*.size", VARS)) == "[[1, 2], [3]]"


def test_computed_index_after_a_splat_is_evaluated_per_element() -> None:
    assert text_of(value_of("vms[*].disks[var.i].size", VARS)) == "[1, 3]"
    assert text_of(value_of("vms[*].disks[var.i][var.k]", VARS)) == "[1, 3]"
    assert text_of(value_of("sizes[*][*]", VARS)) == "[[5], [6]]"


def test_an_error_inside_the_element_expression_repeats_per_element() -> None:
    value, diags = run("vms[*].disks[var.nope]", VARS)
    assert value.is_unknown
    assert [d.detail for d in diags] == ['This object does not have an attribute named "nope".'] * 2
    assert columns(diags[0]) == (17, 22)


def test_an_unknown_list_gives_an_unknown_of_the_result_type() -> None:
    disks = Value.list_of(_disk("1").type, [_disk("1")])
    vm = Value.object_of({"disks": disks})
    unknown = Value.unknown(Value.list_of(vm.type, [vm]).type)
    value, diags = run("xs[*].disks[*].size", {"xs": unknown})
    assert diags == [] and value.is_unknown
    assert value.type.friendly_name() == "list of list of number"
    # An unknown single value might be null, so its splat's type is not known either.
    value, _ = run("xs[*][*]", {"xs": Value.unknown(VARS["sizes"].type)})
    assert value.type.friendly_name() == "list of dynamic"


def test_calls_inside_the_element_expression_still_see_every_function() -> None:
    # Go sets the element on the splat's own context, so suggestions are not lost.
    double = Function(params=(Param("n", NUMBER),), impl=lambda args: args[0])
    assert text_of(value_of("vms[*].disks[dbl(0)]", VARS, {"dbl": double})) == (
        "[{size=1}, {size=3}]"
    )
    _, diags = run("vms[*].disks[dbll(0)]", VARS, {"dbl": double})
    assert diags[0].detail == 'There is no function named "dbll". Did you mean "dbl"?'
