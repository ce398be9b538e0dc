"""What the double's cluster looks like and what happens after a job is registered.

Each scenario reads as a conversation: the nodes it has, then a story of steps, each
`after` seconds from the registration, in which the cluster answers the client.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NodeSpec:
    name: str
    qemu_version: str | None = "8.2.2"  # None: no qemu driver detected
    healthy: bool = True
    datacenter: str = "dc1"
    node_pool: str = "default"
    attributes: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """`after` seconds past registration, `subject` ("evaluation", "allocations",
    "deployment", "gc") moves `to` a status."""

    after: float
    subject: str
    to: str = ""
    healthy: int = 0


@dataclass(frozen=True)
class Fault:
    """The next `times` requests matching method and path prefix get this answer."""

    method: str
    path_prefix: str
    status: int = 500
    text: str = "rpc error: No cluster leader"
    times: int = 1
    delay: float = 0.0  # seconds to stall before answering (slow servers)


@dataclass(frozen=True)
class Token:
    secret: str
    # namespace -> capabilities; "*" grants everything everywhere (a management token).
    capabilities: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    name: str
    nodes: tuple[NodeSpec, ...] = (NodeSpec("node-a"), NodeSpec("node-b"))
    story: tuple[Step, ...] = ()
    region: str = "global"
    federated: tuple[str, ...] = ()  # further regions this server forwards to
    sends_index: bool = True  # False: a proxy strips X-Nomad-Index
    namespaces: tuple[str, ...] = ("default",)
    tokens: tuple[Token, ...] = ()  # empty: ACLs disabled
    faults: tuple[Fault, ...] = ()
    # The body /v1/jobs/parse answers with (the server's own parse), when set.
    server_parse: dict[str, Any] | None = None


MANAGEMENT = Token("b5f8d3c2-mgmt-secret", {"*": ("*",)})
READ_ONLY = Token("0d1c2b3a-read-secret", {"default": ("read-job",)})

HEALTHY_DEPLOYMENT = Scenario(
    "the evaluation completes, allocations start, the deployment turns healthy",
    story=(
        Step(0.05, "evaluation", "complete"),
        Step(0.15, "allocations", "running"),
        Step(0.25, "deployment", "running", healthy=1),
        Step(0.35, "deployment", "successful", healthy=2),
    ),
)

UNHEALTHY_DEPLOYMENT = Scenario(
    "allocations fail and the deployment is marked failed",
    story=(
        Step(0.05, "evaluation", "complete"),
        Step(0.15, "allocations", "failed"),
        Step(0.25, "deployment", "failed"),
    ),
)

NO_QEMU_ANYWHERE = Scenario(
    "no node can run the job: the evaluation completes with failed placements",
    nodes=(NodeSpec("old-qemu", qemu_version="7.2.0"), NodeSpec("no-qemu", qemu_version=None)),
    story=(Step(0.05, "evaluation", "complete"),),
)

COLLECTED_EVALUATION = Scenario(
    "the evaluation is garbage-collected before the client reads it",
    story=(
        Step(0.0, "gc"),
        Step(0.05, "evaluation", "complete"),
        Step(0.1, "allocations", "running"),
        Step(0.2, "deployment", "successful", healthy=2),
    ),
)

FOLLOW_UP_EVALUATION = Scenario(
    "the first evaluation completes with a NextEval that does the placing",
    story=(
        Step(0.05, "evaluation", "complete-with-next"),
        Step(0.1, "evaluation", "complete"),
        Step(0.15, "allocations", "running"),
        Step(0.2, "deployment", "successful", healthy=2),
    ),
)

FLAKY_LEADER = Scenario(
    "the deployment read fails once with no leader, then the watch carries on",
    story=HEALTHY_DEPLOYMENT.story,
    faults=(Fault("GET", "/v1/deployment/", 500, "rpc error: No cluster leader", times=1),),
)

LEADER_LOST = Scenario(
    "every deployment read fails: the watch gives up with Nomad's error",
    story=HEALTHY_DEPLOYMENT.story,
    faults=(Fault("GET", "/v1/deployment/", 500, "rpc error: No cluster leader", times=99),),
)

SECURED = Scenario(
    "ACLs on, two namespaces", namespaces=("default", "dev"), tokens=(MANAGEMENT, READ_ONLY)
)
