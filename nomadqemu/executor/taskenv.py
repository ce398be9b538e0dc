"""The environment a Nomad client gives a task, and `${…}` interpolation of its config.

Follows `client/taskenv`: NOMAD_* variables from the allocation, the `env` block
(itself interpolated, unknown references left as written), and for the task config a
strict interpolation where an unknown variable fails the task.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from nomadqemu.executor.driver_version import DriverGeneration
from nomadqemu.executor.plan import TaskInstance
from nomadqemu.executor.ports import AllocatedPort

# Nomad's default `env.denylist`: agent secrets never reach a task that inherits the host env.
ENV_DENYLIST = frozenset(
    {
        "CONSUL_TOKEN",
        "CONSUL_HTTP_TOKEN",
        "CONSUL_HTTP_TOKEN_FILE",
        "NOMAD_TOKEN",
        "VAULT_TOKEN",
        "VAULT_ADDR",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "GOOGLE_APPLICATION_CREDENTIALS",
    }
)


@dataclass(frozen=True)
class NodeInfo:
    """What interpolation reads from the local fingerprint."""

    attributes: Mapping[str, str] = field(default_factory=dict)  # attr.<name>
    node: Mapping[str, str] = field(default_factory=dict)  # node.<name>: unique.id, datacenter…
    meta: Mapping[str, str] = field(default_factory=dict)  # meta.<name>: the client's meta

    @property
    def datacenter(self) -> str:
        return self.node.get("datacenter", "dc1")


class InterpolationError(ValueError):
    pass


def clean_env_name(name: str) -> str:
    """Nomad's CleanEnvVar: anything but letters, digits and `_` becomes `_`."""
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


@dataclass(frozen=True)
class TaskDirs:
    alloc_dir: str  # <alloc>
    task_dir: str  # <alloc>/<task>

    def for_task(self, generation: DriverGeneration) -> tuple[str, str, str]:
        """NOMAD_ALLOC_DIR, NOMAD_TASK_DIR, NOMAD_SECRETS_DIR for the driver's FS isolation."""
        if generation >= DriverGeneration.V1_11_2:
            # FS isolation "none" (hashicorp/nomad#27246): host paths.
            return (
                f"{self.alloc_dir}/alloc",
                f"{self.task_dir}/local",
                f"{self.task_dir}/secrets",
            )
        # FS isolation "image": the paths a chrooted task would see.
        return "/alloc", "/local", "/secrets"


def _port_vars(ports: Iterable[AllocatedPort], prefix: str = "") -> dict[str, str]:
    env: dict[str, str] = {}
    for port in ports:
        label = clean_env_name(prefix + port.label)
        env[f"NOMAD_PORT_{label}"] = str(port.inner)
        env[f"NOMAD_HOST_PORT_{label}"] = str(port.value)
        env[f"NOMAD_IP_{label}"] = port.ip
        env[f"NOMAD_ADDR_{label}"] = f"{port.ip}:{port.value}"
        env[f"NOMAD_HOST_IP_{label}"] = port.ip
        env[f"NOMAD_HOST_ADDR_{label}"] = f"{port.ip}:{port.value}"
        env[f"NOMAD_ALLOC_PORT_{label}"] = str(port.inner)
    return env


def build_task_env(
    instance: TaskInstance,
    dirs: TaskDirs,
    *,
    generation: DriverGeneration,
    node: NodeInfo,
    group_ports: Iterable[AllocatedPort] = (),
    task_ports: Iterable[AllocatedPort] = (),
) -> dict[str, str]:
    """Every variable the client sets, then the interpolated `env` block, sorted by name."""
    spec = instance.spec
    alloc_dir, task_dir, secrets_dir = dirs.for_task(generation)
    env = {
        "NOMAD_ALLOC_DIR": alloc_dir,
        "NOMAD_TASK_DIR": task_dir,
        "NOMAD_SECRETS_DIR": secrets_dir,
        "NOMAD_MEMORY_LIMIT": str(spec.allocated_memory_mb),
        "NOMAD_CPU_LIMIT": str(spec.cpu_mhz),
        "NOMAD_ALLOC_ID": instance.alloc_id,
        "NOMAD_SHORT_ALLOC_ID": instance.alloc_id[:8],
        "NOMAD_ALLOC_NAME": instance.alloc_name,
        "NOMAD_ALLOC_INDEX": str(instance.alloc_index),
        "NOMAD_GROUP_NAME": spec.group,
        "NOMAD_TASK_NAME": spec.task,
        "NOMAD_JOB_ID": spec.job_id,
        "NOMAD_JOB_NAME": spec.job_name,
        "NOMAD_REGION": spec.region,
        "NOMAD_NAMESPACE": spec.namespace,
        "NOMAD_DC": node.datacenter,
    }
    if spec.cores:
        env["NOMAD_CPU_CORES"] = ",".join(str(c) for c in range(spec.cores))
    for key, value in spec.meta.items():
        env[f"NOMAD_META_{clean_env_name(key)}"] = value
        env[f"NOMAD_META_{clean_env_name(key).upper()}"] = value
    env.update(_port_vars(group_ports))
    env.update(_port_vars(task_ports))
    # The env block is interpolated leniently (taskenv.ReplaceEnv): unknown refs stay.
    lookup = _Lookup(env, node)
    for key, value in spec.env.items():
        env[replace_env(key, lookup)] = replace_env(value, lookup)
    return dict(sorted(env.items()))


def process_env(
    task_env: Mapping[str, str],
    host_env: Mapping[str, str],
    port_map: Mapping[str, int],
    generation: DriverGeneration,
) -> dict[str, str]:
    """The qemu process's environment: StartTask sets NOMAD_PORT_<label> to the guest port."""
    env: dict[str, str] = {}
    if generation >= DriverGeneration.V1_11_2:
        env.update({k: v for k, v in host_env.items() if k not in ENV_DENYLIST})
    env.update(task_env)
    for label, guest_port in port_map.items():
        env[f"NOMAD_PORT_{clean_env_name(label)}"] = str(guest_port)
    return dict(sorted(env.items()))


# `${ name }`, `${ a.b.c }`, `${ env["X"] }`, `${ attr["a.b"] }`: what task configs use.
_REFERENCE = re.compile(
    r"""\s*(?P<root>[A-Za-z_][A-Za-z0-9_-]*)"""
    r"""(?P<rest>(?:\.[A-Za-z0-9_-]+|\[\s*"[^"]*"\s*\])*)\s*"""
)
_STEP = re.compile(r"""\.([A-Za-z0-9_-]+)|\[\s*"([^"]*)"\s*\]""")


class _Lookup:
    def __init__(self, env: Mapping[str, str], node: NodeInfo) -> None:
        self.env = env
        self.node = node

    def resolve(self, expression: str) -> str:
        """The value of one reference; raises InterpolationError with HCL's wording."""
        match = _REFERENCE.fullmatch(expression)
        if match is None:
            raise InterpolationError(
                f"Unsupported expression: only references (NOMAD_*, env[...], attr.*, "
                f"node.*, meta.*) can be interpolated here, not ${{{expression}}}"
            )
        root = match.group("root")
        steps = [a or b for a, b in _STEP.findall(match.group("rest"))]
        scopes: dict[str, Mapping[str, str]] = {
            "env": self.env,
            "attr": self.node.attributes,
            "node": self.node.node,
            "meta": self.node.meta,
        }
        if root in scopes:
            key = ".".join(steps)
            if key not in scopes[root]:
                name = key or root
                raise InterpolationError(
                    f'Unsupported attribute: This object does not have an attribute named "{name}".'
                )
            return scopes[root][key]
        if steps or root not in self.env:
            raise InterpolationError(f'Unknown variable: There is no variable named "{root}".')
        return self.env[root]


_TEMPLATE = re.compile(r"(\$\$\{|%%\{|\$\{([^}]*)\})")


def replace_env(text: str, lookup: _Lookup) -> str:
    """Lenient: a reference that does not resolve is kept as written."""

    def substitute(match: re.Match[str]) -> str:
        if match.group(2) is None:
            return match.group(1)
        try:
            return lookup.resolve(match.group(2))
        except InterpolationError:
            return match.group(0)

    return _TEMPLATE.sub(substitute, text)


def replace_env_text(text: str, env: Mapping[str, str], node: NodeInfo) -> str:
    """taskenv.ReplaceEnv: what the client applies to artifact fields."""
    return replace_env(text, _Lookup(env, node))


def _interpolate_string(text: str, lookup: _Lookup) -> str:
    def substitute(match: re.Match[str]) -> str:
        if match.group(2) is None:
            return match.group(1)[1:]  # `$${` and `%%{` escape a literal `${` / `%{`
        return lookup.resolve(match.group(2))

    return _TEMPLATE.sub(substitute, text)


def interpolate_config(config: Any, env: Mapping[str, str], node: NodeInfo) -> Any:
    """Strict interpolation of every string in the config (keys included), as the task
    runner does before the driver sees it; raises InterpolationError."""
    lookup = _Lookup(env, node)

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return _interpolate_string(value, lookup)
        if isinstance(value, list):
            return [walk(item) for item in value]
        if isinstance(value, dict):
            return {walk(k): walk(v) for k, v in value.items()}
        return value

    return walk(config)
