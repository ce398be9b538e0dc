"""Reads the cluster's nodes as the scheduler sees them: `/v1/nodes`, then each node."""

from __future__ import annotations

from collections.abc import Mapping

from nomadqemu.api import endpoints
from nomadqemu.api.client import NomadClient
from nomadqemu.constraints.node import node_from_json
from nomadqemu.validate.cluster import ClusterNode


def cluster_nodes(client: NomadClient) -> list[ClusterNode]:
    """Every ready node with its full attributes (the list endpoint omits them)."""
    stubs = endpoints.nodes(client).data
    found: list[ClusterNode] = []
    for stub in stubs if isinstance(stubs, list) else []:
        if not isinstance(stub, Mapping) or stub.get("Status", "ready") != "ready":
            continue
        full = endpoints.node(client, str(stub.get("ID") or "")).data
        if not isinstance(full, Mapping):
            continue
        drivers = full.get("Drivers")
        qemu = drivers.get("qemu") if isinstance(drivers, Mapping) else None
        health = str(qemu.get("HealthDescription") or "") if isinstance(qemu, Mapping) else ""
        found.append(ClusterNode(node_from_json(full), health))
    return found
