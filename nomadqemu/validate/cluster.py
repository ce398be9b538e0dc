"""A job's constraints against every node of a cluster (`validate --nodes-from-cluster`).

For each constraint: how many candidate nodes pass, and which fail and why; then the
nodes without a healthy qemu driver; then whether any node passes everything at once.
Candidates are the nodes the scheduler would consider: the job's node pool (unless
"all") and datacenters (globs with `*`), either of which a flag may replace.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from nomadqemu.constraints.node import Node, resolve_target, target_is_knowable
from nomadqemu.constraints.operators import ORDERING, check_constraint, ordering_kind
from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.validate.jobview import get_list, get_str
from nomadqemu.validate.placement import placements, uses_qemu
from nomadqemu.validate.reporter import Reporter, SpanLookup

# How many failing nodes a finding names before it summarises the rest.
NAMED_NODES = 5


@dataclass(frozen=True, slots=True)
class ClusterNode:
    node: Node
    # The qemu driver's HealthDescription, to say why a node cannot run qemu tasks.
    qemu_health: str = ""

    @property
    def label(self) -> str:
        return f'"{self.node.name or self.node.id[:8]}"'


def _glob(pattern: str, text: str) -> bool:
    """go-glob: `*` matches any run of characters, nothing else is special."""
    return re.fullmatch(".*".join(re.escape(p) for p in pattern.split("*")), text) is not None


def candidates(
    job: dict[str, Any],
    nodes: Sequence[ClusterNode],
    node_pool: str | None = None,
    datacenters: Sequence[str] = (),
) -> list[ClusterNode]:
    pool = node_pool or get_str(job, "NodePool") or "default"
    wanted = list(datacenters) or [str(d) for d in get_list(job, "Datacenters")] or ["*"]
    return [
        n
        for n in nodes
        if (pool in ("all", n.node.node_pool))
        and any(_glob(dc, n.node.datacenter) for dc in wanted)
    ]


def _why(target: str, node: Node, other: str, operand: str) -> str:
    value, found = resolve_target(target, node)
    if not target.startswith("${"):
        return f'"{target}"'
    if not found:
        return f"{target.removeprefix('${').removesuffix('}')} is not set"
    text = f'{target.removeprefix("${").removesuffix("}")} {value} fails {operand} "{other}"'
    if operand in ORDERING:
        other_value, _ = resolve_target(other, node)
        text += f" (compared as {ordering_kind(value, other_value)})"
    return text


def _failure(item: dict[str, Any], node: Node) -> str | None:
    """None when the constraint holds on the node, else why it does not."""
    left, right = get_str(item, "LTarget"), get_str(item, "RTarget")
    operand = get_str(item, "Operand") or "="
    if not (target_is_knowable(left, node) and target_is_knowable(right, node)):
        return None
    lval, lfound = resolve_target(left, node)
    rval, rfound = resolve_target(right, node)
    if check_constraint(operand, lval, rval, lfound, rfound):
        return None
    return _why(left, node, right, operand)


def _named(failures: list[tuple[ClusterNode, str]]) -> str:
    shown = [f"{n.label} ({why})" for n, why in failures[:NAMED_NODES]]
    if len(failures) > NAMED_NODES:
        shown.append(f"and {len(failures) - NAMED_NODES} more")
    return ", ".join(shown)


def _qemu_problem(node: ClusterNode) -> str | None:
    detected, healthy = node.node.drivers.get("qemu", (False, False))
    if not detected:
        return "qemu not detected"
    if not healthy:
        return f"unhealthy: {node.qemu_health}" if node.qemu_health else "unhealthy"
    return None


def check_cluster(
    job: dict[str, Any],
    nodes: Sequence[ClusterNode],
    span_for: SpanLookup,
    filename: str,
    *,
    node_pool: str | None = None,
    datacenters: Sequence[str] = (),
) -> list[Diagnostic]:
    report = Reporter(span_for, filename)
    pool = candidates(job, nodes, node_pool, datacenters)
    if not pool:
        report.add(
            "NQ407",
            f"no node of the cluster's {len(nodes)} is in the job's node pool "
            "and datacenters: nothing can be placed",
            "$.Datacenters",
        )
        return report.diagnostics
    feasible = {id(n) for n in pool}
    for kind, item, path in placements(job):
        if kind != "constraint" or get_str(item, "Operand").startswith("distinct_"):
            continue
        text = " ".join(get_str(item, k) for k in ("LTarget", "Operand", "RTarget")).strip()
        failures = [(n, why) for n in pool if (why := _failure(item, n.node)) is not None]
        for failed, _ in failures:
            feasible.discard(id(failed))
        passing = len(pool) - len(failures)
        if passing == 0:
            report.add(
                "NQ401",
                f'constraint "{text}" filters out every node (0 of {len(pool)} '
                f"pass): {_named(failures)}",
                path,
            )
        elif failures:
            report.add(
                "NQ408",
                f'constraint "{text}": {passing} of {len(pool)} nodes pass; '
                f"fails on {_named(failures)}",
                path,
            )
        else:
            report.add("NQ408", f'constraint "{text}": all {len(pool)} nodes pass', path)
    if uses_qemu(job):
        missing = [(n, why) for n in pool if (why := _qemu_problem(n)) is not None]
        for failed, _ in missing:
            feasible.discard(id(failed))
        if len(missing) == len(pool):
            report.add(
                "NQ405",
                f"no node has a healthy qemu driver (missing drivers): {_named(missing)}",
                "$.TaskGroups",
            )
        elif missing:
            report.add(
                "NQ409",
                f"{len(missing)} of {len(pool)} nodes have no healthy qemu "
                f"driver: {_named(missing)}",
                "$.TaskGroups",
            )
    if not feasible and not any(d.code in ("NQ401", "NQ405") for d in report.diagnostics):
        report.add(
            "NQ407",
            f"each constraint passes on some node, but none of the "
            f"{len(pool)} nodes passes them all",
            "$",
        )
    return report.diagnostics
