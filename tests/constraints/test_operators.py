"""Nomad's `checkConstraint`, operator by operator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nomadqemu.constraints.goregexp import RegexpError, compile_go
from nomadqemu.constraints.node import Node, node_from_json, resolve_target
from nomadqemu.constraints.operators import check_constraint, go_parse_float, ordering_kind

VECTORS = json.loads((Path(__file__).parent / "vectors.json").read_text())


@pytest.mark.parametrize("vector", VECTORS["operators"], ids=lambda v: f"{v[1]} {v[0]} {v[2]}")
def test_operator(vector: list[object]) -> None:
    operand, left, right, left_found, right_found, expected = vector
    assert isinstance(operand, str) and isinstance(left, str) and isinstance(right, str)
    assert isinstance(left_found, bool) and isinstance(right_found, bool)
    assert check_constraint(operand, left, right, left_found, right_found) is expected


def test_ordering_kinds_follow_go_parsing() -> None:
    assert ordering_kind("10", "9") == "int"
    assert ordering_kind("1.5", "2") == "float"
    assert ordering_kind("9.2.0", "10.0.0") == "lexical"
    assert ordering_kind(" 1", "2") == "lexical"  # Go's ParseInt/ParseFloat reject spaces
    assert go_parse_float("1e400") is None  # out of range is an error in Go
    assert go_parse_float("Inf") == float("inf")


def test_regexp_errors_use_go_wording() -> None:
    with pytest.raises(RegexpError) as info:
        compile_go("(a")
    assert str(info.value) == "error parsing regexp: missing closing ): `(a`"
    with pytest.raises(RegexpError, match="invalid nested repetition operator: `\\*\\*`"):
        compile_go("a**")


def test_resolve_targets_from_node_body() -> None:
    node = node_from_json(
        {
            "ID": "id1",
            "Name": "n1",
            "Datacenter": "dc9",
            "NodeClass": "c",
            "NodePool": "p",
            "Attributes": {"kernel.name": "linux", "driver.qemu": True},
            "Meta": {"rack": "r1"},
        }
    )
    assert resolve_target("${node.unique.id}", node) == ("id1", True)
    assert resolve_target("${node.unique.name}", node) == ("n1", True)
    assert resolve_target("${node.datacenter}", node) == ("dc9", True)
    assert resolve_target("${node.class}", node) == ("c", True)
    assert resolve_target("${node.pool}", node) == ("p", True)
    assert resolve_target("${attr.driver.qemu}", node) == ("true", True)
    assert resolve_target("${meta.rack}", node) == ("r1", True)
    assert resolve_target("${meta.row}", node) == ("", False)
    assert resolve_target("${driver.qemu.version}", node) == ("", False)
    assert resolve_target("literal", node) == ("literal", True)


def test_flat_attributes_are_attributes_only() -> None:
    node = node_from_json({"kernel.name": "linux"})
    assert isinstance(node, Node)
    assert resolve_target("${attr.kernel.name}", node) == ("linux", True)
    assert not node.has_identity
