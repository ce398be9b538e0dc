"""Constraints and affinities of a job against one node, as Nomad's scheduler decides."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from nomadqemu.constraints.goversion import VersionError, parse_version
from nomadqemu.constraints.node import Node, resolve_target, target_is_knowable
from nomadqemu.constraints.operators import ORDERING, check_constraint, ordering_kind
from nomadqemu.validate.jobview import get_list, get_str, groups, tasks
from nomadqemu.validate.reporter import Reporter


def placements(job: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], str]]:
    """("constraint"|"affinity", the block, its JSON path) at job, group and task level."""
    for kind, key in (("constraint", "Constraints"), ("affinity", "Affinities")):
        for i, item in enumerate(get_list(job, key)):
            if isinstance(item, dict):
                yield kind, item, f"$.{key}[{i}]"
    for group, gpath in groups(job):
        for kind, key in (("constraint", "Constraints"), ("affinity", "Affinities")):
            for i, item in enumerate(get_list(group, key)):
                if isinstance(item, dict):
                    yield kind, item, f"{gpath}.{key}[{i}]"
        for task, tpath in tasks(group, gpath):
            for kind, key in (("constraint", "Constraints"), ("affinity", "Affinities")):
                for i, item in enumerate(get_list(task, key)):
                    if isinstance(item, dict):
                        yield kind, item, f"{tpath}.{key}[{i}]"


def _looks_like_version(text: str) -> bool:
    try:
        parse_version(text)
    except VersionError:
        return False
    return "." in text


def check_static_traps(job: dict[str, Any], rejects_driver: bool, report: Reporter) -> None:
    """The two traps in Nomad's own qemu docs, whatever the node."""
    for _kind, item, path in placements(job):
        left, right = get_str(item, "LTarget"), get_str(item, "RTarget")
        operand = get_str(item, "Operand")
        for side, target in (("LTarget", left), ("RTarget", right)):
            if target.startswith("${driver.") and not rejects_driver:
                fixed = "${attr." + target[2:]
                report.add(
                    "NQ403",
                    f'"{target}" is not a constraint target: it never matches any node',
                    f"{path}.{side}",
                    hint=f'use "{fixed}" (Nomad 2.0 rejects "{target}")',
                )
        if (
            operand in ORDERING
            and _looks_like_version(right)
            and ordering_kind(right, right) == "lexical"
        ):
            report.add(
                "NQ404",
                f'operator "{operand}" compares "{right}" as text, not as a version '
                '("10.0.0" > "9.2.0" is false)',
                f"{path}.Operand" if "Operand" in item else path,
                hint=f'use operator = "version" with value = "{operand} {right}"',
            )


def _describe(target: str, node: Node) -> str:
    value, found = resolve_target(target, node)
    if not target.startswith("${"):
        return f'"{target}"'
    return f'{target} is "{value}"' if found else f"{target} is not set on the node"


def check_node(job: dict[str, Any], node: Node, node_label: str, report: Reporter) -> None:
    for kind, item, path in placements(job):
        left, right = get_str(item, "LTarget"), get_str(item, "RTarget")
        operand = get_str(item, "Operand")
        unknown = [t for t in (left, right) if not target_is_knowable(t, node)]
        if unknown:
            report.add(
                "NQ406",
                f"{kind} on {unknown[0]} not checked: the node description is a flat "
                "attribute object",
                path,
                hint="pass the body of /v1/node/:id to resolve node.* and meta.* targets",
            )
            continue
        if left.startswith(("${device.", "${driver.")) or right.startswith(
            ("${device.", "${driver.")
        ):
            # Device attributes belong to the device checker; `${driver.…}` never resolves
            # and is reported on its own (NQ403 / NQ108).
            continue  # device attributes belong to the device checker, not node constraints
        lval, lfound = resolve_target(left, node)
        rval, rfound = resolve_target(right, node)
        if check_constraint(operand, lval, rval, lfound, rfound):
            continue
        text = f"{left} {operand} {right}".strip()
        why = _describe(left, node)
        if operand in ORDERING and lfound and rfound:
            why += f" (compared as {ordering_kind(lval, rval)})"
        if kind == "constraint":
            report.add("NQ401", f'constraint "{text}" filters out node {node_label}: {why}', path)
        else:
            report.add("NQ402", f'affinity "{text}" does not match node {node_label}: {why}', path)


def uses_qemu(job: dict[str, Any]) -> bool:
    return any(
        get_str(task, "Driver") == "qemu"
        for group, gpath in groups(job)
        for task, _ in tasks(group, gpath)
    )


def check_qemu_driver(job: dict[str, Any], node: Node, node_label: str, report: Reporter) -> None:
    """The scheduler's DriverChecker: the node's qemu driver must be detected and healthy."""
    detected, healthy = node.drivers.get("qemu", (False, False))
    if not node.drivers:
        detected = healthy = node.attributes.get("driver.qemu") in ("true", "1")
    if detected and healthy:
        return
    for group, gpath in groups(job):
        for task, tpath in tasks(group, gpath):
            if get_str(task, "Driver") == "qemu":
                report.add(
                    "NQ405",
                    f"node {node_label} has no healthy qemu driver (missing drivers)",
                    f"{tpath}.Driver",
                    hint="install qemu-system-* on the client's PATH",
                )
