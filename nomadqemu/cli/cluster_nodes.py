"""`validate --nodes-from-cluster`: read the nodes once, check every job against them."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.validate.reporter import SpanLookup

NO_FINGERPRINT = "constraints and affinities: no node fingerprint"

JobCheck = Callable[[dict[str, Any], SpanLookup, str], Sequence[Diagnostic]]


def cluster_check(
    flags: dict[str, Any], node_pool: str | None, datacenters: Sequence[str]
) -> JobCheck:
    """Reads the nodes now (raising `NomadError` if the cluster cannot be reached)."""
    from nomadqemu.api.client import NomadClient
    from nomadqemu.api.connection import resolve_connection
    from nomadqemu.api.nodes import cluster_nodes
    from nomadqemu.validate.cluster import check_cluster

    with NomadClient(resolve_connection(flags, os.environ)) as client:
        nodes = cluster_nodes(client)

    def check(job: dict[str, Any], span_for: SpanLookup, path: str) -> Sequence[Diagnostic]:
        return check_cluster(
            job, nodes, span_for, path, node_pool=node_pool, datacenters=datacenters
        )

    return check
