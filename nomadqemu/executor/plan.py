"""From an API job to the task instances a client would run: pure, defaults applied.

Reads the sparse API job (Go field names); every default the executor depends on is
applied here as `api.Job.Canonicalize` would (see docs/run.md), so a job works whether
or not it went through `canonicalize` first.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SECOND_NS = 1_000_000_000
DEFAULT_KILL_TIMEOUT_NS = 5 * SECOND_NS
BATCH_TYPES = ("batch", "sysbatch")


@dataclass(frozen=True)
class PortSpec:
    label: str
    static: int  # 0 for a dynamic port
    to: int


@dataclass(frozen=True)
class NetworkSpec:
    mode: str
    ports: tuple[PortSpec, ...]
    dns_servers: tuple[str, ...] = ()
    dns_searches: tuple[str, ...] = ()


@dataclass(frozen=True)
class RestartPolicy:
    attempts: int
    interval_ns: int
    delay_ns: int
    mode: str  # "fail" or "delay"


@dataclass(frozen=True)
class ArtifactSpec:
    source: str
    destination: str  # relative to the task dir
    mode: str  # any, file, dir
    options: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    insecure: bool = False


@dataclass(frozen=True)
class TaskSpec:
    job_id: str
    job_name: str
    job_type: str
    region: str
    namespace: str
    datacenters: tuple[str, ...]
    group: str
    count: int
    task: str
    driver: str
    config: Mapping[str, Any]
    env: Mapping[str, str]
    meta: Mapping[str, str]  # job, group and task meta merged, task winning
    cpu_mhz: int
    cores: int
    memory_mb: int
    secrets_mb: int
    kill_timeout_ns: int
    kill_signal: str
    restart: RestartPolicy
    artifacts: tuple[ArtifactSpec, ...]
    task_network: NetworkSpec | None  # deprecated task-level network: what the driver forwards
    group_network: NetworkSpec | None
    user: str = ""

    @property
    def allocated_memory_mb(self) -> int:
        # The scheduler allocates memory plus secrets (scheduler/feasible/rank.go).
        return self.memory_mb + self.secrets_mb


@dataclass(frozen=True)
class TaskInstance:
    spec: TaskSpec
    alloc_index: int
    alloc_id: str

    @property
    def alloc_name(self) -> str:
        return f"{self.spec.job_id}.{self.spec.group}[{self.alloc_index}]"


def _restart_default(job_type: str) -> RestartPolicy:
    if job_type in ("service", "system"):
        return RestartPolicy(2, 30 * 60 * SECOND_NS, 15 * SECOND_NS, "fail")
    return RestartPolicy(3, 24 * 3600 * SECOND_NS, 15 * SECOND_NS, "fail")


def _merge_restart(base: RestartPolicy, override: Mapping[str, Any] | None) -> RestartPolicy:
    if not override:
        return base
    return RestartPolicy(
        attempts=_int(override.get("Attempts"), base.attempts),
        interval_ns=_int(override.get("Interval"), base.interval_ns),
        delay_ns=_int(override.get("Delay"), base.delay_ns),
        mode=override.get("Mode") or base.mode,
    )


def _int(value: Any, default: int) -> int:
    return default if value is None else int(value)


def _network(raw: Mapping[str, Any] | None) -> NetworkSpec | None:
    if raw is None:
        return None
    ports = [
        PortSpec(str(p.get("Label", "")), int(p.get("Value") or 0), int(p.get("To") or 0))
        for key in ("ReservedPorts", "DynamicPorts")
        for p in raw.get(key) or ()
    ]
    dns = raw.get("DNS") or {}
    return NetworkSpec(
        mode=raw.get("Mode") or "host",
        ports=tuple(ports),
        dns_servers=tuple(dns.get("Servers") or ()),
        dns_searches=tuple(dns.get("Searches") or ()),
    )


def _artifact(raw: Mapping[str, Any]) -> ArtifactSpec:
    source = raw.get("GetterSource") or ""
    mode = raw.get("GetterMode") or "any"
    destination = raw.get("RelativeDest")
    if not destination:
        # api.TaskArtifact.Canonicalize: "local/", or local/<basename> in file mode.
        destination = "local/"
        if mode == "file":
            base = source.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
            destination = f"local/{base}"
    return ArtifactSpec(
        source=source,
        destination=destination,
        mode=mode,
        options=dict(raw.get("GetterOptions") or {}),
        headers=dict(raw.get("GetterHeaders") or {}),
        insecure=bool(raw.get("GetterInsecure")),
    )


def _strings(mapping: Mapping[str, Any] | None) -> dict[str, str]:
    return {str(k): str(v) for k, v in (mapping or {}).items()}


def task_specs(job: Mapping[str, Any]) -> list[TaskSpec]:
    """Every task of every group, in job order."""
    job_id = job.get("ID") or job.get("Name") or ""
    job_type = job.get("Type") or "service"
    specs: list[TaskSpec] = []
    for group in job.get("TaskGroups") or ():
        scaling = group.get("Scaling") or {}
        count = group.get("Count")
        if count is None:
            count = scaling.get("Min") if scaling.get("Min") is not None else 1
        group_restart = _merge_restart(_restart_default(job_type), group.get("RestartPolicy"))
        group_networks = group.get("Networks") or ()
        group_meta = {**_strings(job.get("Meta")), **_strings(group.get("Meta"))}
        for task in group.get("Tasks") or ():
            resources = task.get("Resources") or {}
            cores = _int(resources.get("Cores"), 0)
            task_networks = resources.get("Networks") or ()
            specs.append(
                TaskSpec(
                    job_id=job_id,
                    job_name=job.get("Name") or job_id,
                    job_type=job_type,
                    region=job.get("Region") or "global",
                    namespace=job.get("Namespace") or "default",
                    datacenters=tuple(job.get("Datacenters") or ("*",)),
                    group=group.get("Name") or "",
                    count=int(count),
                    task=task.get("Name") or "",
                    driver=task.get("Driver") or "",
                    config=dict(task.get("Config") or {}),
                    env=_strings(task.get("Env")),
                    meta={**group_meta, **_strings(task.get("Meta"))},
                    cpu_mhz=_int(resources.get("CPU"), 0 if cores else 100),
                    cores=cores,
                    memory_mb=_int(resources.get("MemoryMB"), 300),
                    secrets_mb=_int(resources.get("SecretsMB"), 0),
                    kill_timeout_ns=_int(task.get("KillTimeout"), DEFAULT_KILL_TIMEOUT_NS),
                    kill_signal=task.get("KillSignal") or "",
                    restart=_merge_restart(group_restart, task.get("RestartPolicy")),
                    artifacts=tuple(_artifact(a) for a in task.get("Artifacts") or ()),
                    task_network=_network(task_networks[0]) if task_networks else None,
                    group_network=_network(group_networks[0]) if group_networks else None,
                    user=task.get("User") or "",
                )
            )
    return specs


def instances(specs: Sequence[TaskSpec], new_id: Any = uuid.uuid4) -> list[TaskInstance]:
    """`count` instances per group; the tasks of one group instance share an alloc id."""
    result: list[TaskInstance] = []
    alloc_ids: dict[tuple[str, int], str] = {}
    for spec in specs:
        for index in range(spec.count):
            key = (spec.group, index)
            if key not in alloc_ids:
                alloc_ids[key] = str(new_id())
            result.append(TaskInstance(spec, index, alloc_ids[key]))
    return result
