"""A node as the scheduler sees it, and Nomad's `resolveTarget`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nomadqemu.records import field, frozen_record


@frozen_record
class Node:
    """The fields constraints can reach. Attribute and meta values are strings, as in Nomad."""

    attributes: Mapping[str, str]
    meta: Mapping[str, str] = field(default_factory=dict)
    id: str = ""
    name: str = ""
    datacenter: str = ""
    node_class: str = ""
    node_pool: str = ""
    # driver name -> (detected, healthy); the scheduler's DriverChecker reads this.
    drivers: Mapping[str, tuple[bool, bool]] = field(default_factory=dict)
    # False for a flat attribute object: node.* and meta.* targets are then unknown.
    has_identity: bool = True
    # Target prefixes this description cannot answer (e.g. `${attr.driver.qemu` when
    # there was no qemu to fingerprint): constraints on them are reported as unchecked.
    unknowable: tuple[str, ...] = ()


_EXACT = {
    "${node.unique.id}": "id",
    "${node.datacenter}": "datacenter",
    "${node.unique.name}": "name",
    "${node.class}": "node_class",
    "${node.pool}": "node_pool",
}


def resolve_target(target: str, node: Node) -> tuple[str, bool]:
    """Nomad's `resolveTarget`: a literal unless it starts with `${`."""
    if not target.startswith("${"):
        return target, True
    if target in _EXACT:
        return str(getattr(node, _EXACT[target])), True
    if target.startswith("${attr."):
        key = target.removeprefix("${attr.").removesuffix("}")
        value = node.attributes.get(key)
        return (value, True) if value is not None else ("", False)
    if target.startswith("${meta."):
        key = target.removeprefix("${meta.").removesuffix("}")
        value = node.meta.get(key)
        return (value, True) if value is not None else ("", False)
    return "", False


def target_is_knowable(target: str, node: Node) -> bool:
    """Whether the node description can answer for this target at all."""
    if not target.startswith("${"):
        return True
    if node.unknowable and target.startswith(node.unknowable):
        return False
    if target.startswith("${attr."):
        return True
    return node.has_identity


def _strings(raw: Any) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        return {}
    return {str(k): _go_string(v) for k, v in raw.items()}


def _go_string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def node_from_json(data: Any) -> Node:
    """Either the body `/v1/node/:id` returns, or a flat object of attributes.

    Raises ValueError when `data` is neither.
    """
    if not isinstance(data, Mapping):
        raise ValueError("a node description must be a JSON object")
    if "Attributes" in data:
        drivers: dict[str, tuple[bool, bool]] = {}
        raw_drivers = data.get("Drivers")
        if isinstance(raw_drivers, Mapping):
            for name, info in raw_drivers.items():
                if isinstance(info, Mapping):
                    drivers[str(name)] = (bool(info.get("Detected")), bool(info.get("Healthy")))
        return Node(
            attributes=_strings(data.get("Attributes")),
            meta=_strings(data.get("Meta")),
            id=str(data.get("ID") or ""),
            name=str(data.get("Name") or ""),
            datacenter=str(data.get("Datacenter") or ""),
            node_class=str(data.get("NodeClass") or ""),
            node_pool=str(data.get("NodePool") or ""),
            drivers=drivers,
        )
    return Node(attributes=_strings(data), has_identity=False)
