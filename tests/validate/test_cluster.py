"""A job's constraints against many nodes: candidates, per-constraint counts, feasibility."""

from __future__ import annotations

from typing import Any

from nomadqemu.constraints.node import Node
from nomadqemu.validate.cluster import ClusterNode, candidates, check_cluster


def _node(name: str, dc: str = "dc1", pool: str = "default", **attrs: str) -> ClusterNode:
    attributes = {"driver.qemu.version": "8.2.0", **attrs}
    node = Node(
        attributes,
        name=name,
        id=f"{name}-id",
        datacenter=dc,
        node_pool=pool,
        drivers={"qemu": (True, True)},
    )
    return ClusterNode(node)


def _job(*constraints: tuple[str, str, str], **fields: Any) -> dict[str, Any]:
    return {
        "ID": "vm",
        "Datacenters": ["dc*"],
        "TaskGroups": [
            {
                "Name": "vm",
                "Constraints": [
                    {"LTarget": left, "Operand": op, "RTarget": right}
                    for left, op, right in constraints
                ],
                "Tasks": [{"Name": "vm", "Driver": "qemu"}],
            }
        ],
        **fields,
    }


def _codes(job: dict[str, Any], nodes: list[ClusterNode], **kw: Any) -> list[tuple[str, str]]:
    return [(d.code, d.summary) for d in check_cluster(job, nodes, lambda p: None, "j.nomad", **kw)]


def test_candidates_follow_pool_and_datacenter_globs() -> None:
    nodes = [_node("a"), _node("b", dc="eu-1"), _node("c", pool="gpu")]
    assert [n.node.name for n in candidates(_job(), nodes)] == ["a"]
    assert [n.node.name for n in candidates(_job(NodePool="all"), nodes)] == ["a", "c"]
    assert [n.node.name for n in candidates(_job(), nodes, datacenters=["eu-*"])] == ["b"]
    assert [n.node.name for n in candidates({"ID": "x"}, nodes, node_pool="gpu")] == ["c"]


def test_each_constraint_passes_somewhere_but_no_node_passes_both() -> None:
    nodes = [_node("a", **{"cpu.arch": "arm64", "driver.qemu.version": "7.0.0"}), _node("b")]
    job = _job(
        ("${attr.driver.qemu.version}", "version", ">= 8.0"),
        ("${attr.cpu.arch}", "=", "arm64"),
    )
    found = _codes(job, nodes)
    assert [c for c, _ in found] == ["NQ408", "NQ408", "NQ407"]
    assert found[0][1].endswith(
        'fails on "a" (attr.driver.qemu.version 7.0.0 fails version ">= 8.0")'
    )
    assert found[1][1].endswith('fails on "b" (attr.cpu.arch is not set)')


def test_many_failing_nodes_are_summarised() -> None:
    nodes = [_node(f"n{i}", **{"driver.qemu.version": "6.0.0"}) for i in range(8)]
    [(code, text)] = _codes(_job(("${attr.driver.qemu.version}", "version", ">= 8.0")), nodes)
    assert code == "NQ401"
    assert "(0 of 8 pass)" in text
    assert text.endswith("and 3 more")


def test_distinct_hosts_and_ordering_reasons() -> None:
    nodes = [_node("a", **{"memory.totalbytes": "900"})]
    job = _job(("", "distinct_hosts", "true"), ("${attr.memory.totalbytes}", ">", "1000"))
    [(code, text)] = _codes(job, nodes)
    assert code == "NQ401"
    assert text.endswith('"a" (attr.memory.totalbytes 900 fails > "1000" (compared as int))')
